// The worker replies with the columns first and sends the derived indexes (domain totals,
// per-domain sums, the default order) right after;
// once attached they must equal what the main thread would compute, and a failed parse must
// not leave anyone waiting for them.
import { describe, expect, it } from 'vitest';
import { ParsePool } from './parse-pool';
import { domainTotalsColumns, lowerDomainRcp } from '@/lib/queue-store/queue-columns';
import { QueueTable } from '@/lib/queue-store/queue-table';

const pool = new ParsePool(); // one parse worker for this file's fleets

const body = (data: unknown) => Buffer.from(JSON.stringify({ data, status: 'success', message: '' }));

describe('ParsePool.queues extras', () => {
  it('attaches the worker-made domain indexes, equal to computing them here', async () => {
    const queue = Array.from({ length: 500 }, (_, i) => ({
      name: `${['gmail.com', 'Yahoo.com', 'yahoo.com', `d${i % 40}.example`][i % 4]}/v${i % 3}`,
      rcp: i % 9,
      kb: 1.5,
      conn: 1,
      mode: i % 5 ? 'normal' : 'backoff',
    }));
    const r = await pool.queues('json', body({ queue }));
    await r.extras;
    const { domainTotals, lowerDomainRcp: lower, rcpOrder, ...cols } = r.value;
    expect(domainTotals).toStrictEqual(domainTotalsColumns(cols));
    expect(lower).toStrictEqual(lowerDomainRcp(cols));
    // The default sort, computed by the worker, is the order the table would compute itself.
    expect(rcpOrder).toBeInstanceOf(Uint32Array);
    expect(new QueueTable(r.value).order('rcp')).toBe(rcpOrder);
    expect(rcpOrder).toStrictEqual(new QueueTable(cols).order('rcp'));
  });

  it('a malformed reply rejects and settles its extras', async () => {
    const p = pool.queues('json', body({ queue: [{ name: 'a/b', rcp: 'lots' }] }));
    await expect(p).rejects.toThrow(/rcp/);
  });
});
