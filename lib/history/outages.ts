// Node outages on history charts, derived from what the store already holds: every successful
// poll of a node writes one `hist_poll` row (raw, then rolled up per minute and hour), and a
// failed poll writes nothing. So a run of buckets without a poll, longer than the gap threshold
// that breaks chart lines, is a period in which the console had no successful poll of that node:
// the node was down, unreachable or hung (stale) — or the console itself was not running. The
// same periods end a backoff band: a band must not claim backoff over a stretch with no data.
// Pure module.
import type { BackoffPeriod, NodeOutage } from './api-types';

export interface OutageInput {
  /** Bucket starts with at least one successful poll, per node (any order). */
  polledBuckets: Map<string, number[]>;
  step: number;
  /** A silence up to this long is a late poll, not an outage (as fillBuckets bridges it). */
  gapMs: number;
  /** The range asked for, and now: a silence running until now is an outage still going on. */
  to: number;
  now: number;
}

/** Periods without a successful poll, per node, oldest first; `to: null` = still going on. */
export function pollOutages(i: OutageInput): NodeOutage[] {
  const out: NodeOutage[] = [];
  const gap = Math.max(i.gapMs, i.step);
  const end = Math.min(i.to, i.now);
  for (const [node, list] of i.polledBuckets) {
    const buckets = [...list].sort((a, b) => a - b);
    for (let k = 1; k < buckets.length; k++) {
      const lastData = buckets[k - 1]! + i.step;
      if (buckets[k]! - lastData >= gap) out.push({ node, from: lastData, to: buckets[k]! });
    }
    const last = buckets.at(-1);
    if (last !== undefined && end - (last + i.step) >= gap) out.push({ node, from: last + i.step, to: null });
  }
  return out.sort((a, b) => a.from - b.from || a.node.localeCompare(b.node));
}

/** Backoff periods with every outage of their node cut out: a band ends where the data does. */
export function splitAtOutages(periods: BackoffPeriod[], outages: NodeOutage[], now: number): BackoffPeriod[] {
  const out: BackoffPeriod[] = [];
  for (const p of periods) {
    let pieces: BackoffPeriod[] = [p];
    for (const o of outages) {
      if (o.node !== p.node) continue;
      const oTo = o.to ?? Infinity;
      const next: BackoffPeriod[] = [];
      for (const x of pieces) {
        const xTo = x.to ?? now;
        if (o.from >= xTo || oTo <= x.from) {
          next.push(x);
          continue;
        }
        if (o.from > x.from) next.push({ ...x, to: o.from });
        // After the outage the queue is still in backoff (no event said otherwise): a new band.
        if (oTo < xTo) next.push({ ...x, from: oTo });
      }
      pieces = next;
    }
    out.push(...pieces);
  }
  return out.sort((a, b) => a.from - b.from);
}
