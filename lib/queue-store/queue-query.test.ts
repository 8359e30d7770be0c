import { describe, expect, it } from 'vitest';
import type { Queue } from '@/lib/pmta/types';
import { toColumns } from './queue-columns';
import { QueueTable } from './queue-table';
import { allQueues, queryQueues, type QueueQuery } from './queue-query';

function q(name: string, rcp: number | null, extra: Partial<Queue> = {}): Queue {
  const [domain, vmta] = name.split('/') as [string, string];
  return { name, domain, vmta, rcp, kb: rcp === null ? null : rcp * 2, conn: 1, paused: false, mode: 'normal', retryTime: null, events: [], ...extra };
}

function table(queues: Queue[]): QueueTable {
  return new QueueTable(toColumns({ queues, totalRcp: null, totalQueuesWithRcp: null, truncated: false }));
}

const a = table([
  q('gmail.com/vmta-1', 500, { mode: 'backoff', events: [{ type: 'error', time: '2026-11-26 10:00:00', text: '421 4.7.28 rate limited' }] }),
  q('yahoo.com/vmta-1', 20),
  q('aol.com/vmta-2', null),
  q('gmail.com/vmta-2', 70, { paused: true }),
]);
const b = table([q('gmail.com/vmta-1', 300), q('outlook.com/vmta-9', 900), q('example.org/vmta-1', 5)]);
const sources = [
  { node: 'mta2', table: b },
  { node: 'mta1', table: a },
];

function run(partial: Partial<QueueQuery>) {
  return queryQueues(sources, { filter: {}, sort: 'rcp', dir: 'desc', offset: 0, limit: 100, ...partial });
}
const names = (r: ReturnType<typeof run>) => r.rows.map((x) => `${x.node}:${x.name}`);

describe('queryQueues', () => {
  it('merges nodes in sort order, unknown values last in both directions', () => {
    expect(names(run({}))).toEqual([
      'mta2:outlook.com/vmta-9',
      'mta1:gmail.com/vmta-1',
      'mta2:gmail.com/vmta-1',
      'mta1:gmail.com/vmta-2',
      'mta1:yahoo.com/vmta-1',
      'mta2:example.org/vmta-1',
      'mta1:aol.com/vmta-2',
    ]);
    const asc = names(run({ dir: 'asc' }));
    expect(asc[0]).toBe('mta2:example.org/vmta-1');
    expect(asc.at(-1)).toBe('mta1:aol.com/vmta-2');
  });

  it('pages without losing or repeating rows, and totals cover every match', () => {
    const all = names(run({}));
    const pages = [0, 3, 6].flatMap((offset) => names(run({ offset, limit: 3 })));
    expect(pages).toEqual(all);
    const r = run({ limit: 2 });
    expect(r.total).toBe(7);
    expect(r.totals.rcp).toBe(500 + 20 + 70 + 300 + 900 + 5);
    expect(r.totals.backoff).toBe(1);
    expect(r.totals.paused).toBe(1);
  });

  it('filters by text on domain, vMTA, domain/vMTA and node', () => {
    expect(names(run({ filter: { text: 'GMAIL' } }))).toEqual(['mta1:gmail.com/vmta-1', 'mta2:gmail.com/vmta-1', 'mta1:gmail.com/vmta-2']);
    expect(names(run({ filter: { text: 'gmail.com/vmta-2' } }))).toEqual(['mta1:gmail.com/vmta-2']);
    expect(names(run({ filter: { text: 'vmta-9' } }))).toEqual(['mta2:outlook.com/vmta-9']);
    expect(run({ filter: { text: 'mta2' } }).total).toBe(3);
  });

  it('filters by node, mode, paused and errors', () => {
    expect(run({ filter: { node: 'mta2' } }).total).toBe(3);
    expect(names(run({ filter: { mode: 'backoff' } }))).toEqual(['mta1:gmail.com/vmta-1']);
    expect(names(run({ filter: { paused: true } }))).toEqual(['mta1:gmail.com/vmta-2']);
    expect(names(run({ filter: { hasErrors: true } }))).toEqual(['mta1:gmail.com/vmta-1']);
    expect(run({ filter: { mode: 'normal', paused: false } }).total).toBe(5);
  });

  it('filters by one exact vMTA (not a substring), combined with the text', () => {
    expect(names(run({ filter: { vmta: 'VMTA-2' } }))).toEqual(['mta1:gmail.com/vmta-2', 'mta1:aol.com/vmta-2']);
    expect(run({ filter: { vmta: 'vmta' } }).total).toBe(0);
    expect(names(run({ filter: { vmta: 'vmta-1', text: 'gmail' } }))).toEqual(['mta1:gmail.com/vmta-1', 'mta2:gmail.com/vmta-1']);
  });

  it('sorts by name and by node', () => {
    expect(names(run({ sort: 'name', dir: 'asc' })).slice(0, 3)).toEqual(['mta1:aol.com/vmta-2', 'mta2:example.org/vmta-1', 'mta1:gmail.com/vmta-1']);
    expect(names(run({ sort: 'node', dir: 'asc' }))[0]).toBe('mta1:gmail.com/vmta-1');
    expect(names(run({ sort: 'node', dir: 'desc' }))[0]).toBe('mta2:outlook.com/vmta-9');
  });

  it('materialises rows faithfully, including null and events', () => {
    const row = run({ filter: { text: 'aol' } }).rows[0]!;
    expect(row).toMatchObject({ node: 'mta1', domain: 'aol.com', vmta: 'vmta-2', rcp: null, kb: null, paused: false, mode: 'normal', retryTime: null });
    const g = run({ filter: { mode: 'backoff' } }).rows[0]!;
    expect(g.events).toEqual([{ type: 'error', time: '2026-11-26 10:00:00', text: '421 4.7.28 rate limited' }]);
  });

  it('aggregates per domain', () => {
    expect(a.domainTotals()[0]).toMatchObject({ domain: 'gmail.com', queues: 2, rcp: 570, backoff: 1, paused: 1, withErrors: 1 });
  });
});

describe('allQueues', () => {
  it('yields every matching row in the same order as the paged query (CSV export = the view)', () => {
    for (const sort of ['rcp', 'node', 'name', 'retryTime'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const filter = { text: 'gmail' };
        const paged = queryQueues(sources, { filter, sort, dir, offset: 0, limit: 100 }).rows;
        expect([...allQueues(sources, { filter, sort, dir })]).toEqual(paged);
      }
    }
    expect([...allQueues(sources, { filter: { mode: 'backoff' }, sort: 'rcp', dir: 'desc' })].map((r) => r.name)).toEqual(['gmail.com/vmta-1']);
  });
});
