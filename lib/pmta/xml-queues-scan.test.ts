// Differential test of the /queues XML fast path: wherever the scanner answers, its answer
// must be exactly what fast-xml-parser (+ validator + envelope unwrap) gives; wherever it is
// unsure it must answer null. Inputs: simulator replies (normal, backoff episodes, 4.5 mode),
// hand-written edge cases, and seeded random mutations of a small reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { req } from '@/sim/__fixtures__/http-client';
import { parseBody } from './parse-body';
import { parseXmlEnvelope } from './xml';
import { scanQueuesXml } from './xml-queues-scan';
import { mulberry32 } from '@/sim/core/prng';

/** The reference result, or the error it throws. */
function reference(text: string): { ok: true; data: unknown } | { ok: false } {
  try {
    return { ok: true, data: parseXmlEnvelope(text) };
  } catch {
    return { ok: false };
  }
}

function expectAgrees(text: string): ReturnType<typeof scanQueuesXml> {
  const fast = scanQueuesXml(text);
  if (fast !== null) {
    const ref = reference(text);
    expect(ref.ok, `scanner accepted what fast-xml-parser rejects: ${JSON.stringify(text)}`).toBe(true);
    if (ref.ok) expect(fast).toStrictEqual(ref.data);
  }
  return fast;
}

const Q = (inner: string) =>
  `<rsp><data><title>Top 10 queues</title>${inner}<totalRcp>5</totalRcp><totalQueuesWithRcp>1</totalQueuesWithRcp></data><succ/></rsp>`;
const QUEUE =
  '<queue><name>gmail.com/vmta-1</name><rcp>5</rcp><kb>1.5</kb><conn>0</conn><paused>no</paused><mode>normal</mode><retryTime>2026-11-26 10:27:33</retryTime></queue>';

describe('scanQueuesXml on simulator replies', () => {
  let n50: SimNodeHandle;
  let n45: SimNodeHandle;
  beforeAll(async () => {
    n50 = await startSimNode({ id: 's50', tickMs: 0, seed: 11, queues: 3000 });
    n45 = await startSimNode({ id: 's45', version: '4.5', tickMs: 0, seed: 5, queues: 500 });
    n50.advance(120);
    n45.advance(120);
  });
  afterAll(async () => {
    await Promise.all([n50?.stop(), n45?.stop()]);
  });

  const get = async (n: SimNodeHandle, key = true) =>
    (await req(`${n.url}/queues?format=xml&maxitems=10000000&sort=rcpt`, { headers: key ? { 'X-API-Key': n.apiKey } : {} })).body;

  it('reads a normal reply exactly as fast-xml-parser does', async () => {
    const text = await get(n50);
    const fast = expectAgrees(text);
    expect(fast).not.toBeNull();
    expect((fast!.queue as unknown[]).length).toBe(3000);
  });

  it('reads replies with backoff episodes (events with provider texts) exactly', async () => {
    for (const provider of ['gmail', 'yahoo', 'outlook', 'timeout', 'dns'] as const)
      n50.startBackoff(
        provider === 'gmail' ? 'gmail.com/*' : `*${provider === 'outlook' ? 'outlook' : provider === 'yahoo' ? 'yahoo' : 'tail-00'}*`,
        provider,
        900,
      );
    n50.advance(400); // retries during the episode add events
    const text = await get(n50);
    expect(text).toContain('<event>');
    const fast = expectAgrees(text);
    expect(fast).not.toBeNull();
  });

  it('reads a 4.5 node reply exactly', async () => {
    n45.startBackoff('gmail.com/*', 'gmail', 600);
    n45.advance(30);
    const fast = expectAgrees(await get(n45, false));
    expect(fast).not.toBeNull();
  });
});

describe('scanQueuesXml on hand-written replies', () => {
  it.each([
    ['one queue', Q(QUEUE)],
    ['no queues', Q('')],
    [
      'escaped texts',
      Q(
        '<queue><name>a.com/v</name><event><type>error</type><time>t</time><text>5.7.1 &lt;x@a.com&gt; &quot;no&quot; &apos;s&apos; a&amp;b &amp;#65; &#65;&#x42; &#x1F600; &#0; &#xD800; &unknown;</text></event></queue>',
      ),
    ],
    ['empty leaves', Q('<queue><name>a.com/v</name><rcp/><kb></kb><retryTime/></queue>')],
    ['several events', Q('<queue><name>a.com/v</name><event><type>error</type><text>1</text></event><rcp>1</rcp><event><text>2</text></event></queue>')],
    ['events only in some queues', Q(QUEUE + '<queue><name>b.com/v</name><event><text>x</text></event></queue>' + QUEUE)],
    ['texts with > and ]]> and control characters', Q('<queue><name>a.com/v</name><event><text>a > b ]]> \u0001 \t c\nd</text></event></queue>')],
    ['a trailing newline', `${Q(QUEUE)}\n`],
    ['a character reference for a space at the edge (decoded after trimming)', Q('<queue><name>&#32;a.com/v&#x20;</name></queue>')],
    ['an empty title', '<rsp><data><title/><queue><name>a</name></queue></data><succ/></rsp>'],
  ])('%s: same as fast-xml-parser', (_what, text) => {
    expect(expectAgrees(text)).not.toBeNull();
  });

  it.each([
    ['an attribute', Q('<queue id="1"><name>a.com/v</name></queue>')],
    ['white space between tags', Q(`${QUEUE} ${QUEUE}`)],
    ['white space at the edge of a text', Q('<queue><name> a.com/v</name></queue>')],
    ['a non-breaking space at the edge of a text', Q('<queue><name>a.com/v\u00a0</name></queue>')],
    ['a CR in a text', Q('<queue><name>a\r\nb</name></queue>')],
    ['a bare ampersand', Q('<queue><name>a&b</name></queue>')],
    ['an unterminated reference', Q('<queue><name>&#65</name></queue>')],
    ['a repeated leaf', Q('<queue><name>a</name><name>b</name></queue>')],
    ['an unknown element', Q('<queue><name>a</name><domain>a</domain></queue>')],
    ['an empty queue', Q('<queue></queue>')],
    ['a self-closing queue', Q('<queue/>')],
    ['a self-closing event', Q('<queue><name>a</name><event/></queue>')],
    ['a comment', Q(`<!-- x -->${QUEUE}`)],
    ['CDATA', Q('<queue><name><![CDATA[a]]></name></queue>')],
    ['an XML declaration', `<?xml version="1.0"?>${Q(QUEUE)}`],
    ['an error envelope', '<rsp><err>no</err></rsp>'],
    ['no <succ/>', `<rsp><data>${QUEUE}</data></rsp>`],
    ['an empty <data/>', '<rsp><data/><succ/></rsp>'],
    ['a truncated reply', Q(QUEUE).slice(0, 150)],
    ['text after the end', `${Q(QUEUE)}x`],
    ['a mismatched end tag', Q('<queue><name>a</nam></queue>')],
    ['text between elements', Q(`x${QUEUE}`)],
  ])('%s: falls back (null); parseBody then fails exactly where fast-xml-parser does', (_what, text) => {
    expect(scanQueuesXml(text)).toBeNull();
    if (!reference(text).ok) expect(() => parseBody('queues', 'xml', text)).toThrow();
  });
});

describe('scanQueuesXml on random mutations', () => {
  // mulberry32 (sim/core/prng.ts): deterministic, so a failure is reproducible from its seed and index.
  const prng = mulberry32;
  const base = Q(`${QUEUE}<queue><name>y.com/v</name><event><type>error</type><text>a&amp;b &#65; c</text></event><rcp>2</rcp></queue>`);
  const pieces = [
    '<',
    '>',
    '/',
    '&',
    ';',
    '#',
    'x',
    '4',
    ' ',
    '\r',
    '\n',
    'a',
    '"',
    '=',
    '<queue>',
    '</queue>',
    '<name>',
    '</name>',
    '<event>',
    '</event>',
    '&amp;',
    '&#65;',
    '<rcp/>',
    '\u00a0',
  ];

  it('never disagrees with fast-xml-parser (4000 mutants)', () => {
    const rnd = prng(8);
    let accepted = 0;
    for (let n = 0; n < 4000; n++) {
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
      if (expectAgrees(s) !== null) accepted++;
    }
    // The fast path must still take a fair share of the mutants (not trivially refuse all).
    expect(accepted).toBeGreaterThan(200);
  });
});
