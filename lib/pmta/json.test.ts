import { describe, expect, it } from 'vitest';
import { PmtaParseError, PmtaUpstreamError } from './errors';
import { isJsonEnvelope, parseJsonEnvelope, unwrapJsonEnvelope } from './json';

describe('parseJsonEnvelope', () => {
  it('returns data and ignores a CSRFToken', () => {
    expect(parseJsonEnvelope('{"data":{"x":1},"status":"success","message":"","CSRFToken":"t"}')).toEqual({ x: 1 });
  });

  it('maps null data to an empty object', () => {
    expect(parseJsonEnvelope('{"data":null,"status":"success","message":""}')).toEqual({});
  });

  it('turns status error into PmtaUpstreamError with the message', () => {
    const text = '{"data":null,"status":"error","message":"error: unknown command \\"frobnicate\\""}';
    expect(() => parseJsonEnvelope(text)).toThrow(PmtaUpstreamError);
    try {
      parseJsonEnvelope(text);
    } catch (e) {
      expect((e as PmtaUpstreamError).upstreamText).toBe('error: unknown command "frobnicate"');
    }
  });

  it('rejects malformed JSON and non-envelopes as malformed', () => {
    expect(() => parseJsonEnvelope('{"data":')).toThrow(PmtaParseError);
    expect(() => parseJsonEnvelope('[1,2]')).toThrow(/not a PowerMTA JSON envelope/);
    expect(() => parseJsonEnvelope('{"queue":[]}')).toThrow(/not a PowerMTA JSON envelope/);
    expect(() => parseJsonEnvelope('{"data":"text","status":"success","message":""}')).toThrow(/data: expected an object/);
  });

  it('unwrapJsonEnvelope keeps string data (json-text) and the message', () => {
    expect(unwrapJsonEnvelope({ data: 'Queue(s) paused.', status: 'success', message: '' })).toEqual({
      data: 'Queue(s) paused.',
      status: 'success',
      message: '',
    });
    expect(isJsonEnvelope({ status: 'success' })).toBe(false);
  });
});
