// The snapshot body against real tables (the simulator polled by a real Fleet, in full and
// adaptively, so seenAt and the worker's derived indexes are there; `{default}` queues and
// IDN names come with the simulator's catalogue), and against hostile bodies: truncated at
// every kind of offset, lengths that lie, and random mutations. A bad body must end in a
// SnapshotWireError, or decode into a table every query can walk — never a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { configSchema } from '@/lib/config/schema';
import { Fleet } from '@/lib/fleet/fleet';
import { ParsePool } from '@/lib/fleet/parse-pool';
import type { NodeSnapshot } from '@/lib/fleet/node-poller';
import { QueueTable, type QueueSortKey } from '@/lib/queue-store/queue-table';
import { queryQueues, type QueueQuery } from '@/lib/queue-store/queue-query';
import { toColumns } from '@/lib/queue-store/queue-columns';
import type { NodeStatus } from '@/lib/pmta/types';
import { decodeSnapshot, encodeSnapshot, SnapshotWireError } from './snapshot-wire';
import type { SnapshotHeader } from './snapshot-schema';

const pool = new ParsePool();
let sim: SimNodeHandle;
let full: Fleet;
let adaptive: Fleet;

beforeAll(async () => {
  sim = await startSimNode({ tickMs: 0, seed: 21, startTime: '2026-11-26T10:00:00Z', defaultVmtaQueues: true });
  sim.advance(300);
  sim.startBackoff('yahoo.com/*', 'yahoo', 3600);
  const cfg = (on: boolean) =>
    configSchema.parse({
      pollIntervalSeconds: 10,
      nodes: [{ id: 'a', url: sim.url, format: 'json' }],
      poll: { adaptive: { enabled: on, topN: 10, fullEvery: 4 } },
    });
  full = new Fleet(cfg(false), pool);
  adaptive = new Fleet(cfg(true), pool);
  await full.pollAll();
  await adaptive.pollAll();
  sim.advance(30);
  await adaptive.pollAll(); // a partial poll merged into the base: seenAt per row
}, 60_000);

afterAll(async () => {
  full.stop();
  adaptive.stop();
  await sim.stop();
  await pool.close();
});

const SORTS: QueueSortKey[] = ['name', 'domain', 'vmta', 'rcp', 'kb', 'conn', 'mode', 'paused', 'retryTime'];

/** Everything a read model asks a table, as plain values. */
function answers(t: QueueTable) {
  const q = (over: Partial<QueueQuery>) => queryQueues([{ node: 'a', table: t }], { filter: {}, sort: 'rcp', dir: 'desc', offset: 0, limit: 50, ...over });
  return {
    rows: Array.from({ length: t.count }, (_, i) => t.row(i)),
    orders: SORTS.map((k) => Array.from(t.order(k))),
    domainTotals: t.domainTotals(),
    modeCounts: t.modeCounts(),
    lower: t.lowerDomainNames,
    yahoo: t.rowsOfDomain('YAHOO.com'),
    bucher: t.rowsOfDomain('bücher.de'),
    containing: Array.from(t.domainIdsContaining('mail')),
    vmtaContaining: Array.from(t.vmtaIdsContaining('default')),
    pages: [
      q({}),
      q({ sort: 'name', dir: 'asc', offset: 7 }),
      q({ filter: { text: 'yahoo' } }),
      q({ filter: { mode: 'backoff' } }),
      q({ filter: { hasErrors: true }, sort: 'domain' }),
      q({ filter: { vmta: '{default}' } }),
    ],
  };
}

function roundTrip(s: NodeSnapshot): NodeSnapshot {
  const body = encodeSnapshot(s);
  // As it arrives from fetch: its own ArrayBuffer, and once at an odd offset inside a larger one.
  const shifted = new Uint8Array(body.length + 3);
  shifted.set(body, 3);
  expect(decodeSnapshot(shifted.subarray(3)).snapshot.version).toBe(s.version);
  // And as a Buffer (what the mirror reads it into): the columns still plain typed arrays.
  expect(decodeSnapshot(body).snapshot.queues?.columns.flags.constructor ?? Uint8Array).toBe(Uint8Array);
  return decodeSnapshot(new Uint8Array(body)).snapshot;
}

describe('snapshot body round trip', () => {
  it('a full list: equal columns, equal answers to every query', () => {
    const s = full.nodes[0]!.poller.snapshot;
    const t = s.queues!;
    expect(t.count).toBeGreaterThan(50);
    expect(t.names.some((n) => n.endsWith('/{default}'))).toBe(true);
    expect(t.domains).toContain('bücher.de');
    expect(t.columns.domainTotals && t.columns.lowerDomainRcp && t.columns.rcpOrder).toBeTruthy();
    const back = roundTrip(s);
    expect(back.queues!.columns).toEqual(t.columns);
    expect({ ...back, queues: null }).toEqual({ ...s, queues: null, fullQueuesAt: s.fullQueuesAt ?? null });
    expect(answers(back.queues!)).toEqual(answers(t));
    // Derived indexes travel: the mirror does not recompute them on its main thread.
    expect(back.queues!.columns.domainTotals).toEqual(t.columns.domainTotals);
  });

  it('an adaptive table with seenAt per row', () => {
    const s = adaptive.nodes[0]!.poller.snapshot;
    expect(s.queues!.columns.seenAt).toBeInstanceOf(Float64Array);
    expect(s.fullQueuesAt).not.toBe(s.queuesAt);
    const back = roundTrip(s);
    expect(back.queues!.columns.seenAt).toEqual(s.queues!.columns.seenAt);
    expect(back.fullQueuesAt).toBe(s.fullQueuesAt);
    expect(answers(back.queues!)).toEqual(answers(s.queues!));
  });

  it('no queue list, an empty one, and names beyond latin1 (lone surrogates included)', () => {
    const s = full.nodes[0]!.poller.snapshot;
    const none: NodeSnapshot = { ...s, queues: null, queuesAt: null };
    expect(roundTrip(none)).toEqual({ ...none, fullQueuesAt: none.fullQueuesAt ?? null });
    const empty = new QueueTable(toColumns({ queues: [], totalRcp: 0, totalQueuesWithRcp: 0, truncated: false }));
    expect(roundTrip({ ...s, queues: empty }).queues!.columns).toEqual(empty.columns);
    const odd = ['пример.рф', 'x\ud800y.com', '例え.jp', ''];
    const table = new QueueTable(
      toColumns({
        queues: odd.map((d, i) => ({
          name: `${d}/v${i}`,
          domain: d,
          vmta: i === 3 ? '{default}' : `v${i}`,
          rcp: i === 2 ? null : i * 3,
          kb: 1.5,
          conn: null,
          paused: i === 1,
          mode: i === 0 ? 'backoff' : null,
          retryTime: i === 0 ? '00:05:00' : null,
          events: i === 1 ? [{ type: 'error', time: '2026-11-26 10:00:00', text: '421 try later' }] : [],
        })),
        totalRcp: null,
        totalQueuesWithRcp: 3,
        truncated: true,
      }),
    );
    const back = roundTrip({ ...s, queues: table }).queues!;
    expect(back.columns).toEqual(table.columns);
    expect(back.domains[1]).toBe('x\ud800y.com');
    expect(answers(back)).toEqual(answers(table));
  });
});

describe('hostile snapshot bodies', () => {
  /** Decodes, and walks the table as the read models would: only a SnapshotWireError may escape decoding. */
  function decodeOrRefuse(body: Uint8Array): 'refused' | 'decoded' {
    let t: QueueTable | null;
    try {
      t = decodeSnapshot(body).snapshot.queues;
    } catch (e) {
      if (!(e instanceof SnapshotWireError)) throw e;
      expect(e.code).toBe('bad_snapshot');
      return 'refused';
    }
    if (t) answers(t);
    return 'decoded';
  }

  const body = () => encodeSnapshot(adaptive.nodes[0]!.poller.snapshot);

  it('refuses every truncation (header, each section, the padding)', () => {
    const b = body();
    const cuts = new Set([0, 1, 7, 8, 11, 12, 13, 100, b.length - 1, b.length - 2, b.length - 8]);
    for (let k = 0; k < 200; k++) cuts.add(Math.floor((k / 200) * b.length));
    for (const cut of cuts) expect(decodeOrRefuse(b.subarray(0, cut)), `cut at ${cut}`).toBe('refused');
    expect(decodeOrRefuse(Buffer.concat([b, Buffer.alloc(8)]))).toBe('refused');
  });

  /** The body with its header edited (lengths and counts that lie). */
  function withHeader(edit: (h: SnapshotHeader) => void): Uint8Array {
    const b = body();
    const len = b.readUInt32LE(8);
    const h = JSON.parse(b.toString('utf8', 12, 12 + len)) as SnapshotHeader;
    edit(h);
    const json = Buffer.from(JSON.stringify(h));
    const start = 12 + len + ((8 - ((12 + len) % 8)) % 8);
    const pre = Buffer.concat([b.subarray(0, 8), Buffer.alloc(4), json]);
    pre.writeUInt32LE(json.length, 8);
    return Buffer.concat([pre, Buffer.alloc((8 - (pre.length % 8)) % 8), b.subarray(start)]);
  }

  it('refuses headers whose counts, lengths or ids do not fit the sections', () => {
    expect(decodeOrRefuse(withHeader(() => {}))).toBe('decoded');
    // Values of the wrong type go in untyped, as a hostile peer would send them.
    const put = (o: object, k: string, v: unknown) => void Reflect.set(o, k, v);
    const edits: ((h: SnapshotHeader) => void)[] = [
      (h) => (h.queues!.count += 1),
      (h) => (h.queues!.count -= 1),
      (h) => (h.queues!.count = -1),
      (h) => (h.queues!.count = 1e12),
      (h) => (h.queues!.domainCount -= 1),
      (h) => (h.queues!.domainCount += 1),
      (h) => (h.queues!.vmtaCount -= 1),
      (h) => (h.queues!.text.names.bytes += 1),
      (h) => (h.queues!.text.names.bytes -= 8),
      (h) => (h.queues!.text.domains.encoding = 'utf16le'),
      (h) => (h.queues!.seenAt = false),
      (h) => (h.queues!.rcpOrder = false),
      (h) => (h.queues!.lowerDomainRcp = null),
      (h) => (h.queues!.events = [{ row: 1e6, events: [{ type: null, time: null, text: 'x' }] }]),
      (h) => (h.queues!.events = [...h.queues!.events, ...h.queues!.events]),
      (h) => put(h.queues!, 'extra', 1),
      (h) => put(h, 'format', 2),
      (h) => put(h, 'status', { hostName: 'x' }),
      (h) => put(h.status!, 'queue', { smtp: 'no' }),
      (h) => (h.queues = null),
      (h) => (h.nodeId = ''),
    ];
    edits.forEach((edit, i) => expect(decodeOrRefuse(withHeader(edit)), `edit ${i}: ${edit.toString()}`).toBe('refused'));
  });

  it('a delivery method named __proto__ stays a plain key', () => {
    const b = withHeader((h) => (h.status!.queue = JSON.parse('{"__proto__": {"rcp": 1, "dom": 2, "kb": 3}}') as NodeStatus['queue']));
    const q = decodeSnapshot(b).snapshot.status!.queue;
    expect(Object.getPrototypeOf(q)).toBeNull();
    expect(Object.hasOwn(q, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).rcp).toBeUndefined();
  });

  it('refuses ids out of range in the columns', () => {
    const s = full.nodes[0]!.poller.snapshot;
    const c = s.queues!.columns;
    const bad = (patch: Partial<typeof c>) => decodeOrRefuse(encodeSnapshot({ ...s, queues: new QueueTable({ ...c, ...patch }) }));
    const at = (a: Uint32Array, i: number, v: number) => {
      const b = a.slice();
      b[i] = v;
      return b;
    };
    expect(bad({ domainOf: at(c.domainOf, 3, c.domains.split('\n').length) })).toBe('refused');
    expect(bad({ vmtaOf: at(c.vmtaOf, 0, 0xffffffff) })).toBe('refused');
    expect(bad({ rcpOrder: at(c.rcpOrder!, 0, c.rcpOrder![1]!) })).toBe('refused');
    expect(bad({ domainTotals: { ...c.domainTotals!, order: at(c.domainTotals!.order, 0, 1e6) } })).toBe('refused');
    expect(bad({ flags: Uint8Array.from(c.flags, (f, i) => (i === 5 ? 0x80 : f)) })).toBe('refused');
  });

  it('random mutations are refused or decode into a table every query can walk', () => {
    const b = body();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(b.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (flips) => {
        const m = Uint8Array.from(b);
        for (const [i, v] of flips) m[i] = v;
        decodeOrRefuse(m);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (junk) => {
        expect(decodeOrRefuse(Buffer.concat([b.subarray(0, 12), junk]))).toBe('refused');
      }),
      { numRuns: 200 },
    );
  });
});
