// BacklogHistory keeps each poll as the worker's per-lower-cased-domain sums; its trend must
// equal summing each poll's domain totals by lower-cased name.
import { describe, expect, it } from 'vitest';
import { BacklogHistory } from './backlog-history';
import { columnsFromQueueData } from '@/lib/queue-store/queue-columns-from-data';
import { domainTotalsColumns, lowerDomainRcp } from '@/lib/queue-store/queue-columns';
import { QueueTable } from '@/lib/queue-store/queue-table';

function table(queues: Record<string, number>, fromWorker: boolean): QueueTable {
  const c = columnsFromQueueData({ queue: Object.entries(queues).map(([name, rcp]) => ({ name, rcp: String(rcp) })) });
  if (fromWorker) {
    c.domainTotals = domainTotalsColumns(c);
    c.lowerDomainRcp = lowerDomainRcp(c, c.domainTotals);
  }
  return new QueueTable(c);
}

describe('BacklogHistory', () => {
  it('trends equal per-poll sums by lower-cased domain, whether names change or not', () => {
    const polls: Record<string, number>[] = [
      { 'Gmail.com/v1': 5, 'gmail.com/v2': 7, 'x.com/v1': 1 },
      { 'Gmail.com/v1': 6, 'gmail.com/v2': 1, 'x.com/v1': 0 },
      { 'gmail.com/v1': 4, 'z.com/v1': 2 },
      {},
      { 'x.com/v1': 8, 'X.COM/v2': 2 },
    ];
    for (const fromWorker of [true, false]) {
      const h = new BacklogHistory(3);
      polls.forEach((p, i) => h.record('a', i, table(p, fromWorker)));
      const kept = polls.slice(-3);
      for (const d of ['gmail.com', 'GMAIL.com', 'x.com', 'z.com', 'none']) {
        const expected = kept.map((p, i) => ({
          at: i + 2,
          rcp: Object.entries(p).reduce((s, [name, rcp]) => s + (name.split('/')[0]!.toLowerCase() === d.toLowerCase() ? rcp : 0), 0),
        }));
        expect(h.domainTrend('a', d)).toEqual(expected);
      }
    }
  });
});
