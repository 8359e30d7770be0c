import { describe, expect, it } from 'vitest';
import { csvLine, parseCsv } from '../acct/csv';
import { escapeXml, jsonEnvelope, Kb, xmlEnvelope } from '../http/tree';
import { mulberry32, weightedPicker } from './prng';
import { TrafficCounters } from './rolling';

describe('TrafficCounters', () => {
  it('keeps real rolling windows over simulated seconds', () => {
    const t = new TrafficCounters();
    const at = (s: number) => s * 1000;
    t.add(at(0), 'outRcp', 5);
    t.add(at(30), 'outRcp', 7);
    t.settle(at(30));
    expect(t.snapshot().lastMin.outRcp).toBe(12);
    t.settle(at(60));
    expect(t.snapshot().lastMin.outRcp).toBe(7); // second 0 left the window
    t.settle(at(95));
    expect(t.snapshot().lastMin.outRcp).toBe(0);
    expect(t.snapshot().lastHr.outRcp).toBe(12);
    expect(t.snapshot().topPerMin.outRcp).toBe(12);
    t.settle(at(3700));
    expect(t.snapshot().lastHr.outRcp).toBe(0);
    expect(t.snapshot().total.outRcp).toBe(12);
    t.add(at(100_000), 'inKb', 1.25);
    t.settle(at(100_000));
    expect(t.snapshot().lastMin.inKb).toBe(1.3);
    t.reset();
    expect(t.snapshot().total.outRcp).toBe(0);
    expect(t.snapshot().topPerHr.outRcp).toBe(0);
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180 and reads back what it wrote', () => {
    const fields = ['b', 'smtp;550 5.7.1 "spam", see https://x/?a=1&b=2', 'plain', '', 'two\nlines'];
    const line = csvLine(fields);
    expect(line).toBe('b,"smtp;550 5.7.1 ""spam"", see https://x/?a=1&b=2",plain,,"two\nlines"\n');
    expect(parseCsv(line + line)).toEqual([fields, fields]);
    expect(parseCsv('a,b,\r\nc,,d')).toEqual([
      ['a', 'b', ''],
      ['c', '', 'd'],
    ]);
    expect(() => parseCsv('"open')).toThrow();
  });
});

describe('XML/JSON rendering', () => {
  it('escapes the five XML specials and renders one line', () => {
    expect(escapeXml(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
    const x = xmlEnvelope({
      queue: [
        { name: 'x&y', paused: true, kb: new Kb(2), event: [] },
        { name: 'z', paused: false },
      ],
      empty: '',
    });
    expect(x).toBe(
      '<rsp><data><queue><name>x&amp;y</name><paused>yes</paused><kb>2.0</kb></queue><queue><name>z</name><paused>no</paused></queue><empty/></data><succ/></rsp>',
    );
    expect(JSON.parse(jsonEnvelope({ kb: new Kb(2.345), paused: true }))).toEqual({ data: { kb: 2.3, paused: true }, status: 'success', message: '' });
    // XML and JSON round kB identically, including x.x5 values toFixed would round down.
    for (const v of [12.95, 1.05, 0.25, 769.45, 3.3499999]) expect(Number(new Kb(v).toString())).toBe(new Kb(v).toJSON());
  });
});

describe('PRNG', () => {
  it('is deterministic and picks by weight', () => {
    const a = mulberry32(9);
    const b = mulberry32(9);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    const pickW = weightedPicker(['rare', 'common'], (x) => (x === 'rare' ? 1 : 99));
    const rng = mulberry32(1);
    let common = 0;
    for (let i = 0; i < 1000; i++) if (pickW(rng) === 'common') common++;
    expect(common).toBeGreaterThan(950);
  });
});
