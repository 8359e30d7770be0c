import { describe, expect, it } from 'vitest';
import { decodePathSegment, parseTime, timeParam } from './params';
import { apiErrorFrom } from './errors';
import { DomainError } from '@/lib/domain-error';
import { MissingDomainError } from '@/lib/history/sqlite-query';

describe('time parameters (history, bounces, audit)', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('reads epoch ms, ISO text and times relative to now', () => {
    expect(parseTime('1764590400000', now)).toBe(1764590400000);
    expect(parseTime('2026-12-01T10:00:00Z', now)).toBe(now - 2 * 3_600_000);
    expect(parseTime('now', now)).toBe(now);
    expect(parseTime('now-6h', now)).toBe(now - 6 * 3_600_000);
    expect(parseTime('-30m', now)).toBe(now - 30 * 60_000);
    expect(parseTime('yesterday', now)).toBeNull();
    expect(parseTime('2026-13-45', now)).toBeNull();
  });
  it('turns the query string into ms or names what is wrong', () => {
    expect(timeParam.parse('1000')).toBe(1000);
    const r = timeParam.safeParse('soon');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/epoch milliseconds/);
  });
});

describe('path segments', () => {
  it('decode once, and a malformed escape is null instead of a URIError', () => {
    expect(decodePathSegment('gmail.com')).toBe('gmail.com');
    expect(decodePathSegment('a%2Eb')).toBe('a.b');
    expect(decodePathSegment('%E0%A4%A')).toBeNull();
  });
});

describe('domain errors', () => {
  it('map to the API error of their code, recognised by the code and not the class', () => {
    expect(apiErrorFrom(new MissingDomainError())?.status).toBe(400);
    expect(apiErrorFrom(new DomainError('not_found', 'no such node'))?.toBody()).toEqual({
      error: { code: 'not_found', message: 'no such node', status: 404 },
    });
    // The same error from another copy of the module (another chunk): a plain Error with a code.
    const foreign = Object.assign(new Error('domain: required for this metric'), { code: 'bad_request' });
    expect(apiErrorFrom(foreign)?.status).toBe(400);
    expect(apiErrorFrom(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBeNull();
    expect(apiErrorFrom(new Error('bug'))).toBeNull();
  });
});
