// A version number a service bumps whenever what it answers changes (an alert fired, an audit
// row written), with listeners: the change feed's source for data that has no revision of its
// own (lib/events/sources.ts).
export class ChangeCounter {
  private n = 0;
  private readonly listeners = new Set<(version: number) => void>();

  bump(): void {
    this.n++;
    for (const l of this.listeners) l(this.n);
  }

  get version(): number {
    return this.n;
  }

  onChange(listener: (version: number) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}
