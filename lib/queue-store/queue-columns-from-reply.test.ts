// Differential test of the column-writing fast paths (queue-columns-from-xml.ts,
// queue-columns-from-json.ts): wherever one answers, its columns must be exactly those of the
// reference path — parseData (fast-xml-parser / the XML object scanner; JSON.parse) then
// columnsFromQueueData — and queueColumnsFromReply must give the reference's result or its
// very error in every case. Each fast path runs both on the decoded text and on the latin1
// reading of the bytes (utf8-leaves.ts), and streamed (queue-columns-stream.ts) in pieces cut
// anywhere: at every position of the short replies, at random ones of the long. Inputs: simulator replies (5.0 with backoff
// episodes and paused queues, 4.5), hand-written edge cases, seeded random mutations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { req } from '@/sim/__fixtures__/http-client';
import { parseData } from '@/lib/pmta/parse-body';
import type { PmtaFormat } from '@/lib/pmta/types';
import type { QueueColumns } from './queue-columns';
import { columnsFromQueueData } from './queue-columns-from-data';
import { columnsFromQueuesJson } from './queue-columns-from-json';
import { queueColumnsFromReply } from './queue-columns-from-reply';
import { columnsFromQueuesXml } from './queue-columns-from-xml';
import { QueueColumnsStream } from './queue-columns-stream';
import { latin1Text } from './utf8-leaves';
import { mulberry32 } from '@/sim/core/prng';

function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e) };
  }
}

const reference = (format: PmtaFormat, text: string) => outcome(() => columnsFromQueueData(parseData('queues', format, text)));
const fast = (format: PmtaFormat, text: string, bytes: Uint8Array | null): QueueColumns | null =>
  format === 'xml' ? columnsFromQueuesXml(text, bytes) : columnsFromQueuesJson(text, bytes);

// mulberry32 (sim/core/prng.ts): deterministic, so a failure is reproducible from its seed and index.
const prng = mulberry32;

/** The reply fed to a QueueColumnsStream in pieces cut at `cuts` (ascending byte offsets). */
function streamed(format: PmtaFormat, bytes: Uint8Array, cuts: number[], declared: number | null): { result: unknown; whole: boolean } {
  const st = new QueueColumnsStream(format, declared);
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    st.push(bytes.subarray(from, c));
    from = c;
  }
  const result = outcome(() => st.finish());
  return { result, whole: st.readWhole };
}

const cutRnd = prng(7);

/**
 * Cut sets for streaming `bytes`: every single cut and one byte at a time for a short reply;
 * for a long one, `random` sets of 1–12 random cuts and 64 KiB pieces.
 */
function cutSets(n: number, random: number): number[][] {
  const sets: number[][] = [];
  if (n <= 700 && random >= 0) {
    for (let c = 0; c <= n; c++) sets.push([c]);
    sets.push(Array.from({ length: n }, (_, i) => i));
  }
  for (let k = 0; k < Math.abs(random); k++) {
    const cuts = Array.from({ length: 1 + Math.floor(cutRnd() * 12) }, () => Math.floor(cutRnd() * (n + 1)));
    sets.push(cuts.sort((a, b) => a - b));
  }
  if (n > 700) sets.push(Array.from({ length: Math.floor(n / 65536) }, (_, i) => (i + 1) * 65536));
  return sets;
}

/**
 * Checks both readings, and the streamed reading cut as `cutSets(…, random)` says (a negative
 * `random`: only that many random cut sets); returns whether the fast path took the text.
 */
function expectAgrees(format: PmtaFormat, text: string, random = 4): boolean {
  const bytes = new TextEncoder().encode(text);
  // The reference decodes the bytes as the worker does (a lone surrogate became U+FFFD).
  const decoded = new TextDecoder().decode(bytes);
  const ref = reference(format, decoded);
  const onText = fast(format, decoded, null);
  const onBytes = fast(format, latin1Text(bytes), bytes);
  for (const f of [onText, onBytes]) {
    if (f === null) continue;
    expect(ref, `fast path accepted what the reference rejects: ${JSON.stringify(text).slice(0, 300)}`).toHaveProperty('ok');
    expect({ ok: f }).toStrictEqual(ref);
  }
  // (Decoding drops a leading byte-order mark that the bytes' reading still has: it refuses.)
  if (!text.startsWith('\ufeff')) expect(onBytes === null, `text and bytes readings disagree on ${JSON.stringify(text).slice(0, 300)}`).toBe(onText === null);
  expect(outcome(() => queueColumnsFromReply(format, bytes))).toStrictEqual(ref);
  for (const cuts of cutSets(bytes.length, random)) {
    // (Mutants, with a negative `random`: only the declared length, to keep the test quick.)
    for (const declared of random < 0 ? [bytes.length] : [bytes.length, null]) {
      const st = streamed(format, bytes, cuts, declared);
      expect(st.result, `streamed, cut at ${cuts.join(',')}: ${JSON.stringify(text).slice(0, 200)}`).toStrictEqual(ref);
      // The stream reads the reply while it arrives whenever the one-pass scanner takes it
      // (JSON: the same reader, so exactly then).
      if (format === 'xml' && onBytes !== null) expect(st.whole, `streamed XML fell back, cut at ${cuts.join(',')}`).toBe(false);
      if (format === 'json')
        expect(st.whole, `streamed JSON ${st.whole ? 'fell back' : 'took what the one-pass reader refuses'}, cut at ${cuts.join(',')}`).toBe(onBytes === null);
    }
  }
  return onBytes !== null;
}

describe('column fast paths on simulator replies', () => {
  let n50: SimNodeHandle;
  let n45: SimNodeHandle;
  beforeAll(async () => {
    n50 = await startSimNode({ id: 'r50', tickMs: 0, seed: 12, queues: 3000 });
    n45 = await startSimNode({ id: 'r45', version: '4.5', tickMs: 0, seed: 6, queues: 500 });
    n50.advance(120);
    for (const [pattern, provider] of [
      ['gmail.com/*', 'gmail'],
      ['*yahoo*', 'yahoo'],
      ['*outlook*', 'outlook'],
      ['*tail-00*', 'timeout'],
    ] as const)
      n50.startBackoff(pattern, provider, 900);
    n50.advance(400);
    n50.command('pause queue aol.com/*');
    n45.advance(120);
    n45.startBackoff('gmail.com/*', 'gmail', 600);
    n45.advance(30);
  });
  afterAll(async () => {
    await Promise.all([n50?.stop(), n45?.stop()]);
  });

  const get = async (n: SimNodeHandle, format: PmtaFormat, key = true) =>
    (await req(`${n.url}/queues?format=${format}&maxitems=10000000&sort=rcpt`, { headers: key ? { 'X-API-Key': n.apiKey } : {} })).body;

  it.each(['xml', 'json'] as const)('a 5.0 reply with episodes and paused queues (%s): taken, same columns', async (format) => {
    const text = await get(n50, format);
    expect(text).toMatch(format === 'xml' ? /<event>/ : /"event":\[\{/);
    expect(expectAgrees(format, text, 8)).toBe(true);
  });

  it('a 4.5 reply (XML): taken, same columns', async () => {
    expect(expectAgrees('xml', await get(n45, 'xml', false))).toBe(true);
  });
});

const XQ = (inner: string, totals = '<totalRcp>5</totalRcp><totalQueuesWithRcp>3</totalQueuesWithRcp>') =>
  `<rsp><data><title>Top queues</title>${inner}${totals}</data><succ/></rsp>`;
const XQUEUE =
  '<queue><name>gmail.com/vmta-1</name><rcp>5</rcp><kb>1.5</kb><conn>0</conn><paused>no</paused><mode>normal</mode><retryTime>2026-11-26 10:27:33</retryTime></queue>';
const xleaf = (tag: string, v: string) => XQ(`<queue><name>a.com/v</name><${tag}>${v}</${tag}></queue>`);

describe('XML column path on hand-written replies', () => {
  it.each([
    ['one queue', XQ(XQUEUE)],
    ['no queues', XQ('')],
    ['no totals', XQ(XQUEUE, '')],
    ['more queues than the totals say (truncated)', XQ(XQUEUE, '<totalQueuesWithRcp>9</totalQueuesWithRcp>')],
    ['leaves in another order', XQ('<queue><retryTime>t</retryTime><mode>backoff</mode><rcp>1</rcp><name>a.com/v</name></queue>')],
    ['escaped name and events', XQ('<queue><name>a&amp;b.com/v&#x41;</name><event><type>error</type><text>&lt;x&gt; &quot;q&quot;</text></event></queue>')],
    [
      'non-ASCII names, raw and as references',
      XQ('<queue><name>bücher.de/vmta-1</name></queue><queue><name>&#x1F600;.com/v</name></queue><queue><name>日本.jp/ü</name></queue>'),
    ],
    ['a lone surrogate reference', XQ('<queue><name>a&#xD800;.com/v</name></queue>')],
    ['non-ASCII at the edge of a text', XQ('<queue><name>ü.com/v</name><retryTime>é</retryTime></queue>')],
    [
      'names without a slash, with a trailing slash, a leading slash',
      XQ('<queue><name>a.com</name></queue><queue><name>b.com/</name></queue><queue><name>/v</name></queue>'),
    ],
    ['the same domain on several vMTAs', XQ(XQUEUE + XQUEUE.replace('vmta-1', 'vmta-2') + XQUEUE.replace('gmail', 'GMAIL'))],
    ['empty and self-closing leaves', XQ('<queue><name>a.com/v</name><rcp/><kb></kb><retryTime/><paused/><mode></mode></queue>')],
    [
      'events of every kind',
      XQ(
        '<queue><name>a/b</name><event><type>error</type><text>x</text></event><event><text>no type</text></event><event><type>info</type><time>t</time></event></queue>',
      ),
    ],
    ['events only in some queues', XQ(`${XQUEUE}<queue><name>b.com/v</name><event><text>x</text></event></queue>${XQUEUE}`)],
    [
      'paused and mode in other spellings',
      XQ('<queue><name>a/b</name><paused>YES</paused><mode>BackOff</mode></queue><queue><name>c/d</name><paused>1</paused><mode>weird</mode></queue>'),
    ],
    ['a trailing newline', `${XQ(XQUEUE)}\n`],
    [
      'numbers in every form',
      XQ(
        ['5', '5.', '.5', '0012', '1e3', '+5', '-5', '123456789012345', '1234567890123456', '0.1', '99.999999999999999', '&#49;2']
          .map((v) => `<queue><name>a/b</name><rcp>${v}</rcp><kb>${v}</kb></queue>`)
          .join(''),
      ),
    ],
    ['an empty title', '<rsp><data><title/><queue><name>a</name></queue></data><succ/></rsp>'],
  ])('%s: same columns as the reference', (_what, text) => {
    expect(expectAgrees('xml', text)).toBe(true);
  });

  it.each([
    ['a bad number', xleaf('rcp', '12x')],
    ['a lone dot', xleaf('kb', '.')],
    ['a bad boolean', xleaf('paused', 'maybe')],
    ['a number with white space', xleaf('conn', ' 5')],
    ['a missing name', XQ('<queue><rcp>1</rcp></queue>')],
    ['an empty name', XQ('<queue><name></name></queue>')],
    ['a bad total', XQ(XQUEUE, '<totalRcp>many</totalRcp>')],
    ['an attribute', XQ('<queue id="1"><name>a.com/v</name></queue>')],
    ['white space between tags', XQ(`${XQUEUE} ${XQUEUE}`)],
    ['a CR in a text', XQ('<queue><name>a\r\nb</name></queue>')],
    ['a bare ampersand', XQ('<queue><name>a&b</name></queue>')],
    ['a repeated leaf', XQ('<queue><name>a</name><name>b</name></queue>')],
    ['a repeated total', XQ(XQUEUE, '<totalRcp>1</totalRcp><totalRcp>1</totalRcp>')],
    ['an unknown element', XQ('<queue><name>a</name><domain>a</domain></queue>')],
    ['an empty queue', XQ('<queue></queue>')],
    ['a self-closing queue', XQ('<queue/>')],
    ['an empty event', XQ('<queue><name>a</name><event></event></queue>')],
    ['a comment', XQ(`<!-- x -->${XQUEUE}`)],
    ['a byte-order mark', `\ufeff${XQ(XQUEUE)}`],
    ['an error envelope', '<rsp><err>no</err></rsp>'],
    ['an empty <data>', '<rsp><data></data><succ/></rsp>'],
    ['a second </data>', XQ(`${XQUEUE}</data>`)],
    ['a truncated reply', XQ(XQUEUE).slice(0, 150)],
    ['text after the end', `${XQ(XQUEUE)}x`],
    ['a /status reply', '<rsp><data><mta><version>5.0</version></mta><status/></data><succ/></rsp>'],
  ])('%s: falls back; the reference result or error', (_what, text) => {
    expect(expectAgrees('xml', text)).toBe(false);
  });
});

const JQ = (queues: string, rest = ',"totalRcp":5,"totalQueuesWithRcp":3') =>
  `{"data":{"title":"Top queues","queue":[${queues}]${rest}},"status":"success","message":""}`;
const JQUEUE = '{"name":"gmail.com/vmta-1","rcp":5,"kb":1.5,"conn":0,"paused":false,"mode":"normal","retryTime":"2026-11-26 10:27:33"}';
const jleaf = (key: string, v: string) => JQ(`{"name":"a.com/v","${key}":${v}}`);

describe('JSON column path on hand-written replies', () => {
  it.each([
    ['one queue', JQ(JQUEUE)],
    ['no queues', JQ('')],
    ['no totals', JQ(JQUEUE, '')],
    ['truncated', JQ(JQUEUE, ',"totalQueuesWithRcp":9')],
    [
      'keys in another order',
      `{"message":"","status":"success","data":{"totalRcp":1,"queue":[{"retryTime":"t","mode":"backoff","rcp":1,"name":"a.com/v"}],"title":"x"}}`,
    ],
    [
      'white space everywhere',
      ` {\n "data" : {\t"queue" : [ { "name" : "a/b" , "rcp" : 1 , "event" : [ { "text" : "x" } ] } , {"name":"c/d"} ] } ,\r\n"status":"success" , "message" : "" } \n`,
    ],
    ['escaped strings', JQ('{"name":"a\\"b.com/v\\u00fc","event":[{"text":"\\n\\t\\\\ \\/ \\ud83d\\ude00"}]}')],
    ['non-ASCII names', JQ('{"name":"bücher.de/vmta-1"},{"name":"😀.com/v"},{"name":"日本.jp/ü","retryTime":"é"}')],
    ['an escaped lone surrogate', JQ('{"name":"a\\ud800.com/v"}')],
    ['names without a slash, with a trailing slash', JQ('{"name":"a.com"},{"name":"b.com/"},{"name":"/v"}')],
    [
      'numbers in every JSON form',
      JQ(
        ['0', '-0', '5', '1.5', '-5', '1e3', '1E-2', '2.5e+3', '123456789012345', '1234567890123456789', '0.1', '99.999999999999999']
          .map((v) => `{"name":"a/b","rcp":${v},"kb":${v}}`)
          .join(','),
      ),
    ],
    [
      'numbers and booleans as strings',
      JQ('{"name":"a/b","rcp":"5","kb":" 1.5 ","conn":"","paused":"yes","mode":"BACKOFF"},{"name":"c/d","paused":1},{"name":"e/f","paused":"0"}'),
    ],
    ['null leaves', JQ('{"name":"a/b","rcp":null,"kb":null,"conn":null,"paused":null,"mode":null,"retryTime":null,"event":null}')],
    ['names and times as numbers or booleans', JQ('{"name":12,"retryTime":true},{"name":"x/y","retryTime":1.5}')],
    [
      'events as one object, empty, of every kind',
      JQ(
        '{"name":"a/b","event":{"type":"error","text":"x"}},{"name":"c/d","event":[]},{"name":"e/f","event":[{"type":null,"time":"t"},{"type":"info","text":3}]}',
      ),
    ],
    ['a title named "name"', `{"data":{"title":"name","queue":[${JQUEUE}]},"status":"success","message":""}`],
    ['the status before the data', `{"status":"success","message":"","data":{"queue":[${JQUEUE},${JQUEUE}]}}`],
    [
      'queues with many events',
      JQ(Array.from({ length: 3 }, (_, i) => `{"name":"q${i}/v","event":[${Array(40).fill('{"type":"error","text":"x y z"}').join(',')}]}`).join(',')),
    ],
  ])('%s: same columns as the reference', (_what, text) => {
    expect(expectAgrees('json', text)).toBe(true);
  });

  it.each([
    ['a bad number string', jleaf('rcp', '"12x"')],
    ['a number too large', jleaf('rcp', '1e400')],
    ['a boolean number', jleaf('kb', 'true')],
    ['a bad boolean', jleaf('paused', '"maybe"')],
    ['a leading zero', jleaf('rcp', '01')],
    ['a lone minus', jleaf('rcp', '-')],
    ['an object leaf', jleaf('rcp', '{"v":1}')],
    ['an array leaf', jleaf('name', '["a"]')],
    ['a missing name', JQ('{"rcp":1}')],
    ['an empty name', JQ('{"name":""}')],
    ['a null name', JQ('{"name":null}')],
    ['an unknown key', jleaf('domain', '"a"')],
    ['a repeated key', JQ('{"name":"a","name":"b"}')],
    ['a trailing comma', JQ(`${JQUEUE},`)],
    ['a control character in a string', JQ('{"name":"a\tb"}')],
    ['a bad escape', JQ('{"name":"a\\xb"}')],
    ['an error status', '{"data":null,"status":"error","message":"no"}'],
    ['no message', '{"data":{"queue":[]},"status":"success"}'],
    ['a CSRF token', `{"data":{"queue":[${JQUEUE}]},"status":"success","message":"","CSRFToken":"x"}`],
    ['null data', '{"data":null,"status":"success","message":""}'],
    ['queue as one object', '{"data":{"queue":' + JQUEUE + '},"status":"success","message":""}'],
    ['a queue that is text', JQ('"x"')],
    ['an event that is text', jleaf('event', '["x"]')],
    ['a byte-order mark', `\ufeff${JQ(JQUEUE)}`],
    ['text after the document', `${JQ(JQUEUE)}x`],
    ['a truncated reply', JQ(JQUEUE).slice(0, 90)],
    ['a /status reply', '{"data":{"mta":{"version":"5.0"},"status":{}},"status":"success","message":""}'],
  ])('%s: falls back; the reference result or error', (_what, text) => {
    expect(expectAgrees('json', text)).toBe(false);
  });
});

describe('column fast paths on random mutations', () => {
  const common = [
    '<',
    '>',
    '/',
    '&',
    ';',
    '#',
    'x',
    '4',
    '.',
    '-',
    'e',
    ' ',
    '\r',
    '\n',
    '\t',
    'a',
    '"',
    '\\',
    ':',
    ',',
    '{',
    '}',
    '[',
    ']',
    'ü',
    '😀',
    '\u00a0',
    '\ufeff',
  ];
  const inputs = {
    xml: {
      base: XQ(
        `${XQUEUE}<queue><name>y.com/v</name><event><type>error</type><text>a&amp;b &#65; c</text></event><rcp>2</rcp></queue><queue><name>bü.de/v</name><paused>yes</paused></queue>`,
      ),
      pieces: [
        ...common,
        '<queue>',
        '</queue>',
        '<name>',
        '</name>',
        '<event>',
        '</event>',
        '<rcp>',
        '</rcp>',
        '&amp;',
        '&#65;',
        '<rcp/>',
        'no',
        'yes',
        'backoff',
      ],
    },
    json: {
      base: JQ(`${JQUEUE},{"name":"y.com/v","event":[{"type":"error","text":"a\\"b c"}],"rcp":2},{"name":"bü.de/v","paused":true,"kb":"1.5"}`),
      pieces: [...common, '{"name":"a/b"}', '"rcp":', '"name":', '"event":[', 'null', 'true', 'false', '0', '1e5', '"5"', '\\u00fc', '\\"'],
    },
  };

  it.each(['xml', 'json'] as const)(
    'never disagree with the reference (%s, 3000 mutants)',
    (format) => {
      const { base, pieces } = inputs[format];
      const rnd = prng(format === 'xml' ? 21 : 22);
      let taken = 0;
      for (let n = 0; n < 3000; n++) {
        let s = base;
        const edits = 1 + Math.floor(rnd() * 3);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(rnd() * (s.length + 1));
          const kind = rnd();
          const piece = pieces[Math.floor(rnd() * pieces.length)]!;
          if (kind < 0.4) s = s.slice(0, at) + piece + s.slice(at);
          else if (kind < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 6));
          else s = s.slice(0, at) + piece + s.slice(at + piece.length);
        }
        if (expectAgrees(format, s, -1)) taken++;
      }
      // The fast path must still take a fair share of the mutants (not trivially refuse all).
      expect(taken).toBeGreaterThan(100);
    },
    120_000,
  );
});
