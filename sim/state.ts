// The simulator's own view of a node, for tests to compare the console against
// (GET /_sim/state and SimNodeHandle.state()).

import { RECORD_TYPES, type RecordType } from './acct/columns';
import { fmtMonitor } from './core/time';
import type { PmtaVersion } from './http/status-view';
import type { SimCounts } from './model/counts';
import type { SimModel } from './model/model';

export interface SimState {
  id: string;
  version: PmtaVersion;
  /** The node's local wall clock, as monitor replies print it (UTC + tzOffsetMinutes). */
  now: string;
  /** Epoch ms (real UTC instant). */
  nowMs: number;
  startedAt: string;
  tzOffsetMinutes: number;
  /** The last commands the node ran (POST /command and handle.command), oldest first. */
  commands: string[];
  counts: SimCounts;
  /** Accounting rows written, by record type (equals the counts by construction). */
  records: Record<RecordType, number>;
  queues: { total: number; withRcp: number; totalRcp: number; paused: number; backoff: number; connected: number };
  acct: { dir: string; current: string | null; files: string[] };
  stallMs: number;
}

export function snapshot(id: string, version: PmtaVersion, m: SimModel, stallMs: number): SimState {
  const files = m.acct.files().map((f) => f.name);
  const q = { total: m.queues.length, withRcp: 0, totalRcp: 0, paused: 0, backoff: 0, connected: 0 };
  for (const x of m.queues) {
    if (x.rcp > 0) q.withRcp++;
    q.totalRcp += x.rcp;
    if (x.paused) q.paused++;
    if (x.mode === 'backoff') q.backoff++;
    if (x.conn > 0) q.connected++;
  }
  const records = Object.fromEntries(RECORD_TYPES.map((t) => [t, m.acct.written[t] ?? 0])) as Record<RecordType, number>;
  return {
    id,
    version,
    now: fmtMonitor(m.local(m.now)),
    nowMs: m.now,
    startedAt: fmtMonitor(m.local(m.startedAt)),
    tzOffsetMinutes: m.tzOffsetMs / 60_000,
    commands: [...m.commandLog],
    counts: structuredClone(m.counts),
    records,
    queues: q,
    acct: { dir: m.acct.dir, current: m.acct.currentName, files },
    stallMs,
  };
}
