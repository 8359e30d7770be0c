// The change feed's frames as a tab reads them: what the server sends parses, anything else
// (wrong types, oversized, not JSON, arrays) is null — the tab never trusts a frame blindly.
import { describe, expect, it } from 'vitest';
import { MAX_PUSH_URL_CHARS, MAX_PUSHED_URLS, parseChangeEvent, parseDataEvent, parsePushingEvent } from './kinds';
import { dataFrame, failedFrame, patchFrame } from './view-pusher';

const dataLine = (frame: Uint8Array) => new TextDecoder().decode(frame).split('\n')[1]!.slice('data: '.length);

describe('change feed frames', () => {
  it('reads what the pusher writes, the body spliced in as it was rendered', () => {
    const body = new TextEncoder().encode(JSON.stringify({ nodes: [{ id: 'a\nb', n: 1 }] }));
    const frame = dataFrame('/api/nodes?x="1"', 42, 3, body);
    expect(new TextDecoder().decode(frame)).toMatch(/^event: data\ndata: [^\n]+\n\n$/);
    expect(parseDataEvent(dataLine(frame))).toEqual({ url: '/api/nodes?x="1"', at: 42, failed: false, seq: 3, body: { nodes: [{ id: 'a\nb', n: 1 }] } });
    expect(parseDataEvent(dataLine(failedFrame('/api/nodes', 7)))).toEqual({ url: '/api/nodes', at: 7, failed: true });
    const patch = patchFrame('/api/nodes', 43, 5, 3, new TextEncoder().encode('{"o":{"n":{"v":2}}}'));
    expect(parseDataEvent(dataLine(patch))).toEqual({ url: '/api/nodes', at: 43, failed: false, seq: 5, base: 3, patch: { o: { n: { v: 2 } } } });
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      'nope',
      '[]',
      'null',
      '{"url":1,"at":1,"body":{}}',
      '{"url":"/a","body":{}}',
      '{"url":"/a","at":1}',
      '{"url":"/a","at":1,"body":{}}', // no seq
      '{"url":"/a","at":1,"seq":"1","body":{}}',
      '{"url":"/a","at":1,"seq":2,"patch":{}}', // no base
      '{"url":"/a","at":1,"seq":2,"base":1.5,"patch":{}}',
      `{"url":"${'x'.repeat(MAX_PUSH_URL_CHARS + 1)}","at":1,"body":1}`,
    ])
      expect(parseDataEvent(bad), bad.slice(0, 40)).toBeNull();
    expect(parsePushingEvent('{"urls":["/api/nodes"]}')).toEqual(['/api/nodes']);
    for (const bad of ['{"urls":"/api/nodes"}', '{"urls":[1]}', '{}', JSON.stringify({ urls: Array(MAX_PUSHED_URLS + 1).fill('/a') })])
      expect(parsePushingEvent(bad)).toBeNull();
    expect(parseChangeEvent('{"kind":"fleet","version":"v"}')).toEqual({ kind: 'fleet', version: 'v' });
    expect(parseChangeEvent('{"kind":"__proto__","version":"v"}')).toBeNull();
  });
});
