import { describe, expect, it } from 'vitest';
import type { Queue } from '@/lib/pmta/types';
import { derivedIndexes, toColumns, type QueueColumns } from './queue-columns';
import { mergePartials, partialProblem, type MergeBase, type PartialKind } from './queue-merge';
import { QueueTable } from './queue-table';

function q(name: string, extra: Partial<Queue> = {}): Queue {
  const [domain, vmta] = name.split('/') as [string, string];
  return { name, domain, vmta, rcp: 10, kb: 1.5, conn: 1, paused: false, mode: 'normal', retryTime: null, events: [], ...extra };
}

const list = (queues: Queue[], totalQueuesWithRcp: number | null = queues.length): QueueColumns =>
  toColumns({ queues, totalRcp: queues.reduce((s, x) => s + (x.rcp ?? 0), 0), totalQueuesWithRcp, truncated: false });

const part = (kind: PartialKind, queues: Queue[]) => ({ kind, columns: list(queues, null) });

const FULL_AT = 1_000;
const AT = 2_000;

function base(): MergeBase {
  return {
    fullAt: FULL_AT,
    columns: list([
      q('gmail.com/v1', {
        rcp: 500,
        mode: 'backoff',
        retryTime: '2026-11-26 10:05:00',
        events: [{ type: 'error', time: '2026-11-26 10:00:00', text: '421 rate' }],
      }),
      q('gmail.com/v2', { rcp: 40 }),
      q('yahoo.com/v1', { rcp: 300, paused: true }),
      q('corp.example/v1', { rcp: 5 }),
    ]),
  };
}

const rows = (c: QueueColumns) => {
  const t = new QueueTable(c);
  return Object.fromEntries(Array.from({ length: t.count }, (_, i) => [t.row(i).name, { ...t.row(i), seenAt: c.seenAt?.[i] }]));
};

describe('mergePartials', () => {
  it('replaces the rows a partial list brought, keeps the others with their older time', () => {
    const m = mergePartials(
      base(),
      [
        part('backoff', [
          q('gmail.com/v1', {
            rcp: 650,
            mode: 'backoff',
            retryTime: '2026-11-26 10:10:00',
            events: [{ type: 'error', time: '2026-11-26 10:09:00', text: '421 again' }],
          }),
        ]),
        part('paused', [q('yahoo.com/v1', { rcp: 320, paused: true })]),
        part('top', [
          q('gmail.com/v1', {
            rcp: 650,
            mode: 'backoff',
            retryTime: '2026-11-26 10:10:00',
            events: [{ type: 'error', time: '2026-11-26 10:09:00', text: '421 again' }],
          }),
          q('yahoo.com/v1', { rcp: 320, paused: true }),
        ]),
      ],
      AT,
    );
    const r = rows(m.columns);
    expect(m.columns.count).toBe(4);
    expect(r['gmail.com/v1']).toMatchObject({ rcp: 650, mode: 'backoff', retryTime: '2026-11-26 10:10:00', seenAt: AT });
    expect(r['gmail.com/v1']!.events).toEqual([{ type: 'error', time: '2026-11-26 10:09:00', text: '421 again' }]);
    expect(r['yahoo.com/v1']).toMatchObject({ rcp: 320, paused: true, seenAt: AT });
    expect(r['gmail.com/v2']).toMatchObject({ rcp: 40, seenAt: FULL_AT });
    expect(r['corp.example/v1']).toMatchObject({ rcp: 5, seenAt: FULL_AT });
    // The list totals stay the full list's.
    expect(m.columns.totalRcp).toBe(845);
    expect(m.columns.totalQueuesWithRcp).toBe(4);
  });

  it('clears backoff and paused for rows the complete backoff and paused lists no longer name', () => {
    const m = mergePartials(base(), [part('backoff', []), part('paused', []), part('top', [q('gmail.com/v1', { rcp: 450 })])], AT);
    const r = rows(m.columns);
    // In the top list: its fresh values (normal mode now).
    expect(r['gmail.com/v1']).toMatchObject({ rcp: 450, mode: 'normal', seenAt: AT });
    // Not in any list: old values, but neither paused nor in backoff any more.
    expect(r['yahoo.com/v1']).toMatchObject({ rcp: 300, paused: false, mode: 'normal', seenAt: FULL_AT });
    expect(new QueueTable(m.columns).modeCounts()).toEqual({ backoff: 0, paused: 0 });
    // Without a backoff list, a backoff flag is not the poll's to clear.
    const kept = mergePartials(base(), [part('top', [])], AT);
    expect(new QueueTable(kept.columns).modeCounts()).toEqual({ backoff: 1, paused: 1 });
  });

  it('appends queues new to the table, with new domains and vMTAs; removes nothing', () => {
    const m = mergePartials(
      base(),
      [
        part('backoff', [q('gmail.com/v1', { rcp: 500, mode: 'backoff' }), q('new.example/v9', { rcp: 70, mode: 'backoff' })]),
        part('paused', []),
        part('top', []),
      ],
      AT,
    );
    const t = new QueueTable(m.columns);
    expect(t.count).toBe(5);
    expect(t.row(4)).toMatchObject({ name: 'new.example/v9', domain: 'new.example', vmta: 'v9', rcp: 70, mode: 'backoff' });
    expect(m.columns.seenAt?.[4]).toBe(AT);
    expect(t.domains).toEqual(['gmail.com', 'yahoo.com', 'corp.example', 'new.example']);
    expect(t.vmtas).toEqual(['v1', 'v2', 'v9']);
    expect(t.rowsOfDomain('new.example')).toEqual([4]);
    // A second merge carries the lookups on and keeps the appended row.
    const again = mergePartials(m, [part('backoff', [q('new.example/v9', { rcp: 90, mode: 'backoff' })])], AT + 10);
    expect(again.columns.count).toBe(5);
    expect(rows(again.columns)['new.example/v9']).toMatchObject({ rcp: 90, seenAt: AT + 10 });
    expect(rows(again.columns)['corp.example/v1']).toMatchObject({ seenAt: FULL_AT });
  });

  it('gives per-domain totals and indexes consistent with the merged rows', () => {
    const m = mergePartials(
      base(),
      [
        part('backoff', [q('gmail.com/v1', { rcp: 900, mode: 'backoff' })]),
        part('paused', []),
        part('top', [q('gmail.com/v1', { rcp: 900, mode: 'backoff' }), q('x.example/v1', { rcp: 800 })]),
      ],
      AT,
    );
    const { domainTotals } = derivedIndexes(m.columns);
    const t = new QueueTable({ ...m.columns, domainTotals });
    const byDomain = Object.fromEntries(t.domainTotals().map((d) => [d.domain, d]));
    expect(byDomain['gmail.com']).toMatchObject({ queues: 2, rcp: 940, backoff: 1, paused: 0 });
    expect(byDomain['yahoo.com']).toMatchObject({ queues: 1, rcp: 300, paused: 0 });
    expect(byDomain['x.example']).toMatchObject({ queues: 1, rcp: 800 });
    expect(t.domainTotals()[0]!.domain).toBe('gmail.com');
    // The same totals as a table built from the merged rows as one full list.
    const asFull = new QueueTable(list(Array.from({ length: t.count }, (_, i) => t.row(i))));
    expect(t.domainTotals()).toEqual(asFull.domainTotals());
  });
});

describe('partialProblem', () => {
  it('accepts what was asked for', () => {
    expect(partialProblem('backoff', list([q('a.com/v', { mode: 'backoff' })]), 10)).toBeNull();
    expect(partialProblem('paused', list([q('a.com/v', { paused: true })]), 10)).toBeNull();
    expect(partialProblem('top', list([q('a.com/v', { rcp: 9 }), q('b.com/v', { rcp: 9 }), q('c.com/v', { rcp: 1 })], 50), 3)).toBeNull();
    expect(partialProblem('top', list([q('a.com/v', { rcp: 9 })], 1), 3)).toBeNull(); // the whole node
  });

  it('names a filter the node ignored', () => {
    expect(partialProblem('backoff', list([q('a.com/v', { mode: 'backoff' }), q('b.com/v')]), 10)).toMatch(
      /mode=backoff list includes b\.com\/v.*filter ignored/,
    );
    expect(partialProblem('backoff', list([q('a.com/v', { mode: null })]), 10)).toMatch(/filter ignored/);
    expect(partialProblem('paused', list([q('a.com/v')]), 10)).toMatch(/paused=yes list includes a\.com\/v/);
    expect(partialProblem('top', list([q('a.com/v'), q('b.com/v'), q('c.com/v')]), 2)).toMatch(/3 queues \(maxitems ignored\)/);
    expect(partialProblem('top', list([q('a.com/v', { rcp: 1 }), q('b.com/v', { rcp: 5 })]), 2)).toMatch(/not sorted by recipients at b\.com\/v/);
    expect(partialProblem('top', list([q('a.com/v', { rcp: 9 })], 40), 10)).toMatch(/1 of 40 queues/);
    // Whether a filtered reply's totals count its matches or the node is unknown: not a sign.
    expect(partialProblem('backoff', list([q('a.com/v', { mode: 'backoff' })], 12), 10)).toBeNull();
  });
});
