// Property test of the resumable JSON column reader (JsonColumnsReader through
// QueueColumnsStream): generated `/queues` replies — leaves of every JSON kind, escapes,
// non-ASCII, events, keys in any order, white space anywhere, sometimes a broken byte — fed in
// pieces cut at generated positions must give exactly the reference path's columns (JSON.parse
// + columnsFromQueueData) or its very error, and a valid reply must be read while it arrives,
// not at the end. queue-columns-from-reply.test.ts covers simulator replies, hand-written
// cases, every-byte cuts and seeded mutants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseData } from '@/lib/pmta/parse-body';
import { columnsFromQueueData } from './queue-columns-from-data';
import { QueueColumnsStream } from './queue-columns-stream';

function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e) };
  }
}

const ws = fc.constantFrom('', '', '', ' ', '\n', '\t ', '\r\n');
const text = fc.oneof(
  fc.constantFrom('gmail.com', 'bücher.de', '日本.jp', '😀', 'a"b', 'x\\y', 'tab\there', ''),
  fc.string({ maxLength: 12, unit: 'grapheme' }),
);
const leaf = fc.oneof(
  text.map((s) => JSON.stringify(s)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.integer({ min: -5, max: 100_000 }).map(String),
  fc.constantFrom('true', 'false', 'null', '"yes"', '"no"', '"backoff"', '"normal"', '"5"', '"1.5"', '1e3'),
);
const name = fc.tuple(text, fc.constantFrom('', '/', '/vmta-1', '/v/w')).map(([d, v]) => JSON.stringify(`${d || 'a.com'}${v}`));
const event = fc
  .subarray(['type', 'time', 'text'])
  .chain((keys) => fc.tuple(...keys.map(() => leaf)).map((vals) => `{${keys.map((k, i) => `"${k}":${vals[i]}`).join(',')}}`));
// Mostly the kind of leaf each key has in PowerMTA's replies, sometimes any leaf.
const numeric = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }).map(String),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((n) => JSON.stringify(n)),
);
const typed: Record<string, fc.Arbitrary<string>> = {
  rcp: numeric,
  kb: numeric,
  conn: numeric,
  paused: fc.constantFrom('true', 'false'),
  mode: fc.constantFrom('"normal"', '"backoff"'),
  retryTime: text.map((s) => JSON.stringify(s)),
};
const queue = fc
  .tuple(
    name,
    fc.subarray(['rcp', 'kb', 'conn', 'paused', 'mode', 'retryTime', 'event']),
    fc.tuple(...Object.values(typed)),
    fc.array(leaf, { minLength: 7, maxLength: 7 }),
    fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    fc.array(event, { maxLength: 3 }),
    ws,
  )
  .map(([n, keys, kinds, anys, useAny, events, w]) => {
    const names = Object.keys(typed);
    const value = (k: string, i: number) => (k === 'event' ? `[${events.join(',')}]` : useAny[i] && i % 3 === 0 ? anys[i] : kinds[names.indexOf(k)]);
    const members = [`"name":${n}`, ...keys.map((k, i) => `"${k}"${w}:${w}${value(k, i)}`)];
    return `{${w}${members.join(`${w},`)}${w}}`;
  });
const reply = fc
  .tuple(fc.array(queue, { maxLength: 25 }), ws, fc.boolean(), fc.option(fc.integer({ min: 0, max: 40 })))
  .map(([queues, w, statusFirst, total]) => {
    const data = `"data":${w}{"title":"Top queues","queue":${w}[${w}${queues.join(`,${w}`)}${w}]${total === null ? '' : `,"totalQueuesWithRcp":${total}`}}`;
    const status = `"status":"success",${w}"message":""`;
    return `${w}{${statusFirst ? `${status},${data}` : `${data},${status}`}}${w}`;
  });

function streamed(bytes: Uint8Array, cuts: number[]): { result: unknown; whole: boolean } {
  const st = new QueueColumnsStream('json', null);
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    st.push(bytes.subarray(from, c));
    from = c;
  }
  return { result: outcome(() => st.finish()), whole: st.readWhole };
}

describe('JSON column reader, streamed', () => {
  it('generated replies cut anywhere: the reference columns, read while they arrive', () => {
    fc.assert(
      fc.property(reply, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }), (json, fractions) => {
        const bytes = new TextEncoder().encode(json);
        const cuts = fractions.map((f) => Math.floor(f * bytes.length)).sort((a, b) => a - b);
        const ref = outcome(() => columnsFromQueueData(parseData('queues', 'json', new TextDecoder().decode(bytes))));
        const st = streamed(bytes, cuts);
        expect(st.result).toStrictEqual(ref);
        // Every generated reply is valid JSON: the reader takes it unless a leaf is one the
        // reference rejects (then the whole-reply path reports that error).
        if ('ok' in (ref as object)) expect(st.whole).toBe(false);
      }),
      { numRuns: 400, seed: 16 },
    );
  });

  it('mutated replies (a byte changed, dropped or doubled) cut anywhere: the reference result or error', () => {
    fc.assert(
      fc.property(reply, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'drop', 'dup'), fc.nat(), (json, at, byte, how, cut) => {
        const orig = new TextEncoder().encode(json);
        const i = at % orig.length;
        const parts = [
          orig.subarray(0, i),
          how === 'set' ? Uint8Array.of(byte) : how === 'dup' ? orig.subarray(i, i + 2) : new Uint8Array(0),
          orig.subarray(i + 1),
        ];
        const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let o = 0;
        for (const p of parts) {
          bytes.set(p, o);
          o += p.length;
        }
        const ref = outcome(() => columnsFromQueueData(parseData('queues', 'json', new TextDecoder().decode(bytes))));
        expect(streamed(bytes, [cut % (bytes.length + 1)]).result).toStrictEqual(ref);
      }),
      { numRuns: 600, seed: 61 },
    );
  });
});
