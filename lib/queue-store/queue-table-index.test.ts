// QueueTable's indexes (domain totals from the worker, rows by domain) against the plain
// linear computations they replaced, on a simulator reply with mixed-case duplicate domains.
import { describe, expect, it } from 'vitest';
import { columnsFromQueueData } from './queue-columns-from-data';
import { domainTotalsColumns } from './queue-columns';
import { numericOrder, QueueTable } from './queue-table';

const collator = new Intl.Collator('en', { numeric: true });

function data() {
  const queue = [];
  const domains = ['gmail.com', 'Gmail.com', 'yahoo.com', 'a.example', 'b.example', 'xn--bcher-kva.example', 'c10.example', 'c9.example'];
  for (let i = 0; i < 400; i++) {
    const d = domains[(i * 7) % domains.length]!;
    queue.push({
      name: `${d}/vmta-${i % 3}`,
      rcp: String((i * 13) % 5),
      kb: '1.5',
      conn: '1',
      paused: i % 5 ? 'no' : 'yes',
      mode: i % 7 ? 'normal' : 'backoff',
      event: i % 11 ? [] : [{ type: 'error', text: 'x' }],
    });
  }
  return columnsFromQueueData({ queue });
}

describe('QueueTable indexes', () => {
  it('domain totals (precomputed or not) equal the linear computation', () => {
    const cols = data();
    const ref = new QueueTable(cols);
    const expected = ref.domains.map((domain) => ({ domain, queues: 0, rcp: 0, kb: 0, conn: 0, backoff: 0, paused: 0, withErrors: 0 }));
    for (let i = 0; i < cols.count; i++) {
      const t = expected[cols.domainOf[i]!]!;
      t.queues++;
      t.rcp += cols.rcp[i]! || 0;
      t.kb += cols.kb[i]! || 0;
      t.conn += cols.conn[i]! || 0;
      if (ref.isBackoff(i)) t.backoff++;
      if (ref.isPaused(i)) t.paused++;
      if (ref.hasErrors(i)) t.withErrors++;
    }
    expected.sort((a, b) => b.rcp - a.rcp || collator.compare(a.domain, b.domain));
    expect(ref.domainTotals()).toStrictEqual(expected);
    expect(new QueueTable({ ...cols, domainTotals: domainTotalsColumns(cols) }).domainTotals()).toStrictEqual(expected);
  });

  it('rowsOfDomain equals a linear search (first case-insensitive match, table order)', () => {
    const t = new QueueTable(data());
    for (const d of ['gmail.com', 'GMAIL.COM', 'yahoo.com', 'c9.example', 'none.example', '']) {
      const id = t.domains.findIndex((x) => x.toLowerCase() === d.toLowerCase());
      const rows: number[] = [];
      if (id >= 0) for (let i = 0; i < t.count; i++) if (t.columns.domainOf[i] === id) rows.push(i);
      expect(t.rowsOfDomain(d)).toEqual(rows);
    }
  });
});

describe('numericOrder', () => {
  const bySort = (col: Float64Array) =>
    Array.from({ length: col.length }, (_, i) => i).sort((a, b) => {
      const x = col[a]!;
      const y = col[b]!;
      if (Number.isNaN(x)) return Number.isNaN(y) ? a - b : 1;
      if (Number.isNaN(y)) return -1;
      return x - y || a - b;
    });

  it('equals the comparator sort on whole numbers with ties and unknowns', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const col = Float64Array.from({ length: 5000 }, () => (rnd() < 0.1 ? NaN : Math.floor(rnd() * (rnd() < 0.5 ? 10 : 4e9))));
    col[3] = -0;
    expect(Array.from(numericOrder(col)!)).toEqual(bySort(col));
  });

  it('declines finer fractions, negatives and huge values (the comparator sort handles them)', () => {
    expect(numericOrder(Float64Array.of(1.55, 2))).toBeNull();
    expect(Array.from(numericOrder(Float64Array.of(1.5, 0.5, NaN, 1.5))!)).toEqual([1, 0, 3, 2]);
    expect(numericOrder(Float64Array.of(-1, 2))).toBeNull();
    expect(numericOrder(Float64Array.of(2 ** 40))).toBeNull();
  });
});

describe('QueueTable.order (native-sorted ranks and keys)', () => {
  // The comparator sorts these fast paths replaced, as reference.
  function reference(t: QueueTable, key: 'name' | 'domain' | 'vmta' | 'retryTime' | 'kb'): number[] {
    const idx = Array.from({ length: t.count }, (_, i) => i);
    if (key === 'kb') {
      const col = t.columns.kb;
      return idx.sort((a, b) => {
        const x = col[a]!;
        const y = col[b]!;
        if (Number.isNaN(x)) return Number.isNaN(y) ? a - b : 1;
        if (Number.isNaN(y)) return -1;
        return x - y || a - b;
      });
    }
    const get = (i: number) => (key === 'name' ? t.names[i]! : key === 'domain' ? t.domainOf(i) : key === 'vmta' ? t.vmtaOf(i) : t.retryTimes[i] || '\uffff');
    const keys = idx.map(get);
    const ranks = new Map([...new Set(keys)].sort(collator.compare).map((s, r) => [s, r]));
    return idx.sort((a, b) => ranks.get(keys[a]!)! - ranks.get(keys[b]!)! || a - b);
  }

  function randomTable(seed: number, size: number): QueueTable {
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const queue = Array.from({ length: size }, (_, i) => ({
      name: `${pick(['gmail.com', 'Gmail.com', 'b.example', 'a10.example', 'a9.example', `tail-${Math.floor(rnd() * 300)}.example`, 'xn--bcher-kva.example'])}/${pick(['vmta-1', 'vmta-10', 'vmta-2', '203.0.113.25'])}-${i % 7}`,
      kb: pick(['1.5', '0.1', '769.4', '12', '', '0.3', '1e3']),
      retryTime: pick(['2026-11-26 10:00:00', '2026-11-26 09:59:59', '', '2026-11-26 10:00:01']),
    }));
    return new QueueTable(columnsFromQueueData({ queue }));
  }

  it('equals the comparator sorts for text columns and kB, across successive snapshots', () => {
    for (const seed of [1, 2, 3]) {
      const t = randomTable(seed, 3000 + seed * 500);
      for (const key of ['name', 'domain', 'vmta', 'retryTime', 'kb'] as const)
        expect(Array.from(t.order(key)), `${key} seed ${seed}`).toEqual(reference(t, key));
    }
  });

  it('declines kB values that are not whole tenths', () => {
    expect(numericOrder(Float64Array.of(0.25, 1))).toBeNull();
  });
});

describe('QueueTable name search', () => {
  it('domainIdsContaining and vmtaIdsContaining equal lower-casing every name', () => {
    const t = new QueueTable(data());
    const needles = ['', 'gmail', 'GMAIL'.toLowerCase(), '.example', 'bücher', 'xn--bcher', 'c1', 'e', 'zzz', 'vmta-2', 'a-1', 'm.c', '\n'];
    for (const n of needles) {
      const naive = t.domains.map((d) => {
        const lower = d.toLowerCase();
        return lower.includes(n) ? 1 : 0;
      });
      // A newline is the column separator: it never matches.
      expect(Array.from(t.domainIdsContaining(n)), n).toEqual(n === '\n' ? naive.map(() => 0) : naive);
      expect(Array.from(t.vmtaIdsContaining(n)), n).toEqual(t.vmtas.map((v) => (n !== '\n' && v.toLowerCase().includes(n) ? 1 : 0)));
    }
  });

  it('handles a table without queues', () => {
    const t = new QueueTable(columnsFromQueueData({ queue: [] }));
    expect(Array.from(t.domainIdsContaining('x'))).toEqual([]);
    expect(Array.from(t.vmtaIdsContaining(''))).toEqual([]);
  });
});

describe('QueueTable names without splitting', () => {
  it('domainName / vmtaName equal the split columns, before and after they are split', () => {
    const cols = data();
    const lazy = new QueueTable(cols);
    const split = new QueueTable(cols);
    expect(lazy.domainCount).toBe(split.domains.length);
    // With the worker's per-domain totals, whose length gives the count.
    const counted = new QueueTable({ ...cols, domainTotals: domainTotalsColumns(cols) });
    expect(counted.domainCount).toBe(split.domains.length);
    for (let id = 0; id < split.domains.length; id++) {
      expect(lazy.domainName(id)).toBe(split.domains[id]);
      expect(counted.domainName(id)).toBe(split.domains[id]);
    }
    for (let id = 0; id < split.vmtas.length; id++) expect(lazy.vmtaName(id)).toBe(split.vmtas[id]);
    for (let i = 0; i < cols.count; i++) {
      expect(lazy.domainOf(i)).toBe(split.domainOf(i));
      expect(lazy.vmtaOf(i)).toBe(`vmta-${i % 3}`);
    }
    expect(new QueueTable(columnsFromQueueData({ queue: [] })).domainCount).toBe(0);
  });

  it("a node's next table takes over equal name columns (one string, the split names), not different ones", () => {
    const prev = new QueueTable(data());
    const prevDomains = prev.domains;
    // A fresh copy of the same names, as each poll brings from the worker.
    const again = data();
    again.domains = again.domains.split('').join('');
    const next = new QueueTable(again, prev);
    expect(next.domains).toBe(prevDomains);
    expect(next.columns.domains).toBe(prev.columns.domains);
    expect(next.rowsOfDomain('yahoo.com')).toStrictEqual(prev.rowsOfDomain('yahoo.com'));
    const changed = columnsFromQueueData({ queue: [{ name: 'other.example/v' }] });
    const other = new QueueTable(changed, prev);
    expect(other.domains).toStrictEqual(['other.example']);
    expect(other.domainName(0)).toBe('other.example');
    expect(other.vmtas).toStrictEqual(['v']);
  });
});
