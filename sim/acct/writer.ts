// Rotating accounting files `acct-YYYY-MM-DD-HHMM.csv`. Records are buffered as whole lines
// and appended once per simulation tick, so a follower tailing the file never sees half a
// line at a flush boundary. Files rotate on simulated time (every N minutes, aligned to the
// clock, like PowerMTA's move-interval) or on `rotate acct`.

import { appendFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fmtFileStamp } from '../core/time';
import type { AcctRecord, RecordType } from './columns';
import { HEADER_LINE, recordLine } from './csv';

export interface AcctFileInfo {
  name: string;
  size: number;
  time: number;
}

export const ACCT_FILE_RE = /^acct-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/;

/** One `<acct-file>`: a name prefix and the record types it takes (guide §3.3.11.11 `records`). */
export interface AcctFileSet {
  /** `acct-bd` → `acct-bd-2026-11-26-1000.csv`. */
  prefix: string;
  /** Default: every type. */
  records?: readonly RecordType[];
}

const PREFIX = /^[a-z][a-z0-9_-]{0,40}$/;

export class AcctWriter {
  private current: { name: string; openedAt: number } | null = null;
  private pending: string[] = [];
  private nextRotateAt = 0;
  /** Simulated time of the last write per file (the /logs `time`). */
  private readonly lastWrite = new Map<string, number>();
  /** Records written per type, counted when buffered (flush happens before any read). */
  readonly written: Record<string, number> = {};
  readonly prefix: string;
  private readonly takes: ReadonlySet<string> | null;
  private readonly nameRe: RegExp;

  constructor(
    readonly dir: string,
    private readonly rotateMinutes: number,
    now: number,
    set: AcctFileSet = { prefix: 'acct' },
  ) {
    if (!PREFIX.test(set.prefix)) throw new Error(`invalid accounting file prefix "${set.prefix}"`);
    this.prefix = set.prefix;
    this.takes = set.records ? new Set(set.records) : null;
    this.nameRe = new RegExp(`^${set.prefix}-\\d{4}-\\d{2}-\\d{2}-\\d{4}\\.csv$`);
    mkdirSync(dir, { recursive: true });
    this.open(now);
  }

  /** Whether this file set takes records of this type. */
  takesType(type: string): boolean {
    return this.takes === null || this.takes.has(type);
  }

  write(record: AcctRecord, now: number): void {
    if (!this.takesType(record.type)) return;
    if (now >= this.nextRotateAt) this.rotate(now);
    this.pending.push(recordLine(record));
    this.written[record.type] = (this.written[record.type] ?? 0) + 1;
    if (this.current) this.lastWrite.set(this.current.name, now);
  }

  /** Rotates when a move-interval boundary has passed even if nothing was written. */
  tick(now: number): void {
    if (now >= this.nextRotateAt) this.rotate(now);
  }

  /**
   * Starts a new file. A file opened in the same simulated minute would get the same name,
   * so that case keeps the current file (PowerMTA names files by minute too).
   */
  rotate(now: number): boolean {
    const name = `${this.prefix}-${fmtFileStamp(now)}.csv`;
    if (this.current?.name === name) {
      this.scheduleNext(now);
      return false;
    }
    this.flush();
    this.open(now);
    return true;
  }

  flush(): void {
    if (!this.current || this.pending.length === 0) return;
    appendFileSync(path.join(this.dir, this.current.name), this.pending.join(''));
    this.pending = [];
  }

  files(): AcctFileInfo[] {
    this.flush();
    return readdirSync(this.dir)
      .filter((n) => this.nameRe.test(n))
      .sort()
      .map((name) => {
        const st = statSync(path.join(this.dir, name));
        return { name, size: st.size, time: this.lastWrite.get(name) ?? st.mtimeMs };
      });
  }

  get currentName(): string | null {
    return this.current?.name ?? null;
  }

  private open(now: number): void {
    const name = `${this.prefix}-${fmtFileStamp(now)}.csv`;
    this.current = { name, openedAt: now };
    this.lastWrite.set(name, now);
    // Re-opening an existing name (restart in the same minute) appends without a second header.
    let exists = false;
    try {
      exists = statSync(path.join(this.dir, name)).size > 0;
    } catch {
      exists = false;
    }
    if (!exists) appendFileSync(path.join(this.dir, name), HEADER_LINE);
    this.scheduleNext(now);
  }

  private scheduleNext(now: number): void {
    const step = this.rotateMinutes * 60_000;
    this.nextRotateAt = Math.floor(now / step) * step + step;
  }
}
