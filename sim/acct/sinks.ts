// Where a simulated node's accounting records go: one or more `<acct-file>`s, each with its own
// record set (guide §11.3.1: acct-bd for b,d and acct-t for t,tq), and optionally a webhook.
// Each record goes to every sink that takes its type (PowerMTA writes a record to each
// acct-file whose `records` list has it); a type no sink takes is not written at all.

import type { AcctRecord } from './columns';
import { AcctWriter, type AcctFileInfo, type AcctFileSet } from './writer';
import { WebhookPusher, type WebhookOptions } from './webhook';

export class AcctSinks {
  readonly writers: AcctWriter[];
  readonly webhook: WebhookPusher | null;
  /** Records written per type over every sink (a record in two sinks counts twice). */
  readonly written: Record<string, number> = {};

  constructor(
    readonly dir: string,
    rotateMinutes: number,
    now: number,
    sets: readonly AcctFileSet[] = [{ prefix: 'acct' }],
    webhook?: WebhookOptions,
  ) {
    if (sets.length === 0 && !webhook) throw new Error('at least one accounting file or a webhook');
    this.writers = sets.map((s) => new AcctWriter(dir, rotateMinutes, now, s));
    this.webhook = webhook ? new WebhookPusher(webhook) : null;
  }

  write(record: AcctRecord, now: number): void {
    for (const w of this.writers) {
      if (!w.takesType(record.type)) continue;
      w.write(record, now);
      this.written[record.type] = (this.written[record.type] ?? 0) + 1;
    }
    if (this.webhook?.takesType(record.type)) {
      this.webhook.write(record);
      this.written[record.type] = (this.written[record.type] ?? 0) + 1;
    }
  }

  tick(now: number): void {
    for (const w of this.writers) w.tick(now);
  }

  /** `rotate acct`: every file set starts a new file. */
  rotate(now: number): boolean {
    let any = false;
    for (const w of this.writers) any = w.rotate(now) || any;
    return any;
  }

  flush(): void {
    for (const w of this.writers) w.flush();
    this.webhook?.flush();
  }

  files(): AcctFileInfo[] {
    return this.writers.flatMap((w) => w.files()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Current file of the first file set (the one a single-file node has). */
  get currentName(): string | null {
    return this.writers[0]?.currentName ?? null;
  }
}
