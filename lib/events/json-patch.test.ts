// Patches of pushed answers: applying the diff of two values gives the second (random values
// and their random edits, a sorted queue window's moves), unchanged parts stay the old
// objects, the patch of a moved row is a reference, and a patch that does not fit its base —
// or is hostile — throws PatchMismatch without touching any prototype.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/sim/core/prng';
import { applyJsonPatch, diffJson, PatchMismatch } from './json-patch';

function randomValue(r: () => number, depth = 0): unknown {
  const k = r();
  if (depth > 3 || k < 0.3) return [null, true, false, Math.floor(r() * 100), 'a', 'b', ''][Math.floor(r() * 7)];
  if (k < 0.6) return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
  if (k < 0.8) return Array.from({ length: Math.floor(r() * 5) }, (_, i) => ({ name: `r${Math.floor(r() * 6)}`, n: i, v: randomValue(r, depth + 1) }));
  return Object.fromEntries(
    Array.from({ length: Math.floor(r() * 5) }, () => [['a', 'b', 'c', '__proto__', 'constructor'][Math.floor(r() * 5)]!, randomValue(r, depth + 1)]),
  );
}

function edit(v: unknown, r: () => number): unknown {
  if (r() < 0.2) return randomValue(r);
  if (Array.isArray(v)) {
    const out = v.map((x) => (r() < 0.3 ? edit(x, r) : x));
    if (r() < 0.3) out.reverse();
    if (r() < 0.3) out.splice(Math.floor(r() * out.length), 1);
    if (r() < 0.3) out.push(randomValue(r));
    return out;
  }
  if (typeof v === 'object' && v !== null) {
    const out = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
    for (const k of Object.keys(out)) if (r() < 0.3) out[k] = edit(out[k], r);
    if (r() < 0.2) out.z = randomValue(r);
    const keys = Object.keys(out);
    if (keys.length && r() < 0.2) delete out[keys[0]!];
    return out;
  }
  return v;
}

describe('diffJson / applyJsonPatch', () => {
  it('applying the diff of two random values gives the second (2,000 pairs, through JSON as on the wire)', () => {
    const r = mulberry32(16); // deterministic: a failure reproduces from its pair number
    for (let n = 0; n < 2000; n++) {
      // Through JSON.parse, as both ends see them (a `__proto__` key is then an own key).
      const from = JSON.parse(JSON.stringify(randomValue(r))) as unknown;
      const to = JSON.parse(JSON.stringify(edit(from, r))) as unknown;
      const patch = JSON.parse(JSON.stringify(diffJson(from, to))) as unknown;
      expect(applyJsonPatch(from, patch), `pair ${n}`).toEqual(to);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a sorted queue window: a moved row is a reference, a changed count a few bytes, the rest the old objects', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({
      node: 'pmta1',
      name: `d${i}.example/v1`,
      domain: `d${i}.example`,
      vmta: 'v1',
      rcp: 1000 - i,
      events: [],
    }));
    const before = { generatedAt: 1, rows };
    const moved = rows.map((x) => ({ ...x }));
    moved[10]!.rcp = 5000; // now first
    const after = { generatedAt: 2, rows: [moved[10]!, ...moved.filter((_, i) => i !== 10)] };
    const patch = diffJson(before, after);
    const text = JSON.stringify(patch);
    expect(text.length).toBeLessThan(120);
    expect(patch).toEqual({ o: { generatedAt: { v: 2 }, rows: { a: [[10, { o: { rcp: { v: 5000 } } }], { r: [0, 10] }, { r: [11, 389] }] } } });
    const applied = applyJsonPatch(before, JSON.parse(text)) as typeof after;
    expect(applied).toEqual(after);
    expect(applied.rows[1]).toBe(rows[0]); // structural sharing: React sees the same row
    expect(diffJson(after, JSON.parse(JSON.stringify(after)))).toEqual({});
  });

  it("a chart's points that slid by two buckets: a run of the old ones, the changed last one and two new", () => {
    const points = (from: number) => Array.from({ length: 360 }, (_, i) => [(from + i) * 10_000, (from + i) % 7] as [number, number | null]);
    const before = { series: [{ key: 'rate', label: 'out', points: points(0) }] };
    const next = points(2);
    next[357] = [next[357]![0], 99]; // the bucket that was open is now complete
    const after = { series: [{ key: 'rate', label: 'out', points: next }] };
    const patch = diffJson(before, after);
    expect(patch).toEqual({
      o: { series: { a: [[0, { o: { points: { a: [{ r: [2, 357] }, [359, { a: [0, { v: 99 }] }], { v: next[358] }, { v: next[359] }] } } }]] } },
    });
    expect(applyJsonPatch(before, JSON.parse(JSON.stringify(patch)))).toEqual(after);
  });

  it('rows without one identity each are matched by position', () => {
    const from = [{ name: 'a', n: 1 }, { name: 'a', n: 2 }, 3];
    const to = [{ name: 'a', n: 1 }, { name: 'a', n: 5 }, 3, 4];
    expect(diffJson(from, to)).toEqual({ a: [0, [1, { o: { n: { v: 5 } } }], 2, { v: 4 }] });
    expect(applyJsonPatch(from, diffJson(from, to))).toEqual(to);
  });

  it('throws PatchMismatch for a patch that does not fit its base, and for hostile ones', () => {
    const base = { rows: [{ name: 'a' }], n: 1 };
    const bad: unknown[] = [
      null,
      [],
      'x',
      { q: 1 },
      { v: 1, o: {} },
      { a: [0] }, // an array patch on an object
      { o: { rows: { a: [5] } } }, // index out of range
      { o: { rows: { a: [-1] } } },
      { o: { rows: { a: [0.5] } } },
      { o: { rows: { a: [{ r: [0, 2] }] } } }, // run past the end
      { o: { rows: { a: [{ r: [0, 0] }] } } },
      { o: { rows: { a: [[0, { q: 1 }]] } } },
      { o: { missing: { o: {} } } }, // only {"v"} adds a key
      { o: { n: 1 } },
      { o: {}, x: [1] },
      { o: { n: { o: {} } } }, // an object patch on a number
    ];
    for (const p of bad) expect(() => applyJsonPatch(base, p), JSON.stringify(p)).toThrow(PatchMismatch);
    let deep: unknown = {};
    for (let i = 0; i < 200; i++) deep = { o: { k: deep } };
    expect(() => applyJsonPatch({}, deep)).toThrow(PatchMismatch);
  });

  it('a `__proto__` key is only ever a key', () => {
    const from = JSON.parse('{"a":1}') as unknown;
    const patch = JSON.parse('{"o":{"__proto__":{"v":{"polluted":true}}}}') as unknown;
    const out = applyJsonPatch(from, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(out).toEqual(JSON.parse('{"a":1,"__proto__":{"polluted":true}}'));
  });
});
