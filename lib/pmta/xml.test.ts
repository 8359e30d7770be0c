import { describe, expect, it } from 'vitest';
import { PmtaParseError, PmtaUpstreamError } from './errors';
import { decodeXmlText, parseXmlEnvelope } from './xml';

describe('parseXmlEnvelope', () => {
  it('returns a single <queue> as an array', () => {
    const data = parseXmlEnvelope('<rsp><data><queue><name>a.com/v</name><event><text>x</text></event></queue></data><succ/></rsp>');
    expect(Array.isArray(data.queue)).toBe(true);
    expect(data.queue).toEqual([{ name: 'a.com/v', event: [{ text: 'x' }] }]);
  });

  it('keeps leaves as strings (no number guessing) and trims them', () => {
    const data = parseXmlEnvelope('<rsp><data><rcp> 007 </rcp><kb>0x1F</kb></data><succ/></rsp>');
    expect(data).toEqual({ rcp: '007', kb: '0x1F' });
  });

  it('does not force /status per-method <queue> into an array', () => {
    const data = parseXmlEnvelope('<rsp><data><status><queue><smtp><rcp>1</rcp></smtp></queue></status></data><succ/></rsp>');
    expect(data).toEqual({ status: { queue: { smtp: { rcp: '1' } } } });
  });

  it('decodes the five XML entities exactly, once', () => {
    const data = parseXmlEnvelope('<rsp><data><t>a&amp;b &lt;c&gt; &quot;q&quot; &apos;s&apos; &amp;lt; &amp;amp;</t></data><succ/></rsp>');
    expect(data.t).toBe(`a&b <c> "q" 's' &lt; &amp;`);
  });

  it('decodes numeric character references, but not ones that were escaped', () => {
    const data = parseXmlEnvelope('<rsp><data><t>&#65;&#x42;&#x43; &#169; &#x1F600; &amp;#65;</t></data><succ/></rsp>');
    expect(data.t).toBe('ABC © 😀 &#65;');
  });

  it('leaves unknown and DOCTYPE-declared entities literal (no expansion)', () => {
    const data = parseXmlEnvelope('<!DOCTYPE rsp [<!ENTITY boom "xxxxxxxx">]><rsp><data><t>&boom; &nbsp; &#0;</t></data><succ/></rsp>');
    expect(data.t).toBe('&boom; &nbsp; &#0;');
  });

  it('rejects malformed XML with line and column', () => {
    expect(() => parseXmlEnvelope('<rsp><data><a></b></data></rsp>')).toThrow(PmtaParseError);
    expect(() => parseXmlEnvelope('<rsp><data><a></b></data></rsp>')).toThrow(/malformed XML at line 1, column \d+/);
    expect(() => parseXmlEnvelope('<rsp><data><queue><name>x</name>')).toThrow(/malformed XML/);
    expect(() => parseXmlEnvelope('')).toThrow(PmtaParseError);
  });

  it('rejects a document that is not a PowerMTA reply', () => {
    expect(() => parseXmlEnvelope('<html><body>hi</body></html>')).toThrow(/no <rsp> root/);
  });

  it('turns <rsp><err> into PmtaUpstreamError with the upstream text', () => {
    let caught: unknown;
    try {
      parseXmlEnvelope('<rsp><err>unknown queue &quot;x/y&quot;</err></rsp>');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PmtaUpstreamError);
    expect((caught as PmtaUpstreamError).kind).toBe('upstream');
    expect((caught as PmtaUpstreamError).upstreamText).toBe('unknown queue "x/y"');
  });

  it('treats neither <data> nor <succ> as an upstream error, <succ/> alone as empty data', () => {
    expect(() => parseXmlEnvelope('<rsp></rsp>')).toThrow(PmtaUpstreamError);
    expect(parseXmlEnvelope('<rsp><succ/></rsp>')).toEqual({});
    expect(parseXmlEnvelope('<rsp><data/><succ/></rsp>')).toEqual({});
    // A <succ> notice (S3 listQueue) is not an error.
    expect(parseXmlEnvelope('<rsp><data><x>1</x></data><succ>1 queue busy while listing</succ></rsp>')).toEqual({ x: '1' });
  });
});

describe('hostile element names', () => {
  it('a `__proto__` element is malformed XML, and nothing is polluted', () => {
    expect(() => parseXmlEnvelope('<rsp><data><__proto__><polluted>1</polluted></__proto__></data><succ/></rsp>')).toThrow(PmtaParseError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('so is a `constructor` element (fast-xml-parser refuses both names)', () => {
    expect(() => parseXmlEnvelope('<rsp><data><constructor>x</constructor></data><succ/></rsp>')).toThrow(/malformed XML/);
  });
});

describe('decodeXmlText', () => {
  it('is the identity without "&"', () => {
    expect(decodeXmlText('plain text')).toBe('plain text');
  });
  it('keeps entity names that are Object members literal', () => {
    expect(decodeXmlText('a &constructor; b &toString; &__proto__; &amp;')).toBe('a &constructor; b &toString; &__proto__; &');
  });
  it('keeps references to non-XML code points literal', () => {
    expect(decodeXmlText('&#xD800;&#1114112;&#x110000;')).toBe('&#xD800;&#1114112;&#x110000;');
  });
});
