/** Bounded list, newest first (the order every PowerMTA event list is shown in). */
export class Ring<T> {
  private items: T[] = [];
  constructor(readonly capacity: number) {}

  push(item: T): void {
    this.items.unshift(item);
    if (this.items.length > this.capacity) this.items.pop();
  }

  newestFirst(limit = this.capacity): readonly T[] {
    return limit >= this.items.length ? this.items : this.items.slice(0, limit);
  }

  get first(): T | undefined {
    return this.items[0];
  }

  get size(): number {
    return this.items.length;
  }
}
