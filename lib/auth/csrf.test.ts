import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { checkCsrfToken, checkSameOrigin, csrfTokenFor, expectedOrigin, isStateChanging } from './csrf';

const client = { protocol: 'http:' as const, host: '127.0.0.1:3000' };

function code(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(403);
    return (e as ApiError).code;
  }
}

describe('same-origin check', () => {
  it('accepts an Origin equal to the request origin', () => {
    expect(code(() => checkSameOrigin(new Headers({ origin: 'http://127.0.0.1:3000' }), client))).toBeNull();
  });

  it('normalises default ports', () => {
    const c = { protocol: 'https:' as const, host: 'console.example.net:443' };
    expect(expectedOrigin(c)).toBe('https://console.example.net');
    expect(code(() => checkSameOrigin(new Headers({ origin: 'https://console.example.net' }), c))).toBeNull();
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['another port', 'http://127.0.0.1:4000'],
    ['another scheme', 'https://127.0.0.1:3000'],
    ['an opaque origin', 'null'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_n, origin) => {
    expect(code(() => checkSameOrigin(new Headers({ origin }), client))).toBe('csrf');
  });

  it('without Origin, requires Sec-Fetch-Site: same-origin', () => {
    expect(code(() => checkSameOrigin(new Headers({ 'sec-fetch-site': 'same-origin' }), client))).toBeNull();
    expect(code(() => checkSameOrigin(new Headers({ 'sec-fetch-site': 'cross-site' }), client))).toBe('csrf');
    expect(code(() => checkSameOrigin(new Headers({ 'sec-fetch-site': 'same-site' }), client))).toBe('csrf');
    expect(code(() => checkSameOrigin(new Headers(), client))).toBe('csrf');
  });

  it('refuses when the request has no Host to compare with', () => {
    expect(code(() => checkSameOrigin(new Headers({ origin: 'http://127.0.0.1:3000' }), { protocol: 'http:', host: null }))).toBe('csrf');
  });
});

describe('CSRF token', () => {
  const key = Buffer.alloc(32, 7);
  const token = csrfTokenFor('sid:abc', key);

  it('is bound to the subject and the key', () => {
    expect(csrfTokenFor('sid:abc', key)).toBe(token);
    expect(csrfTokenFor('sid:abd', key)).not.toBe(token);
    expect(csrfTokenFor('sid:abc', Buffer.alloc(32, 8))).not.toBe(token);
  });

  it('accepts the right token and refuses a missing or wrong one', () => {
    expect(code(() => checkCsrfToken(new Headers({ 'x-csrf-token': token }), token))).toBeNull();
    expect(code(() => checkCsrfToken(new Headers(), token))).toBe('csrf');
    expect(code(() => checkCsrfToken(new Headers({ 'x-csrf-token': `${token}x` }), token))).toBe('csrf');
    expect(code(() => checkCsrfToken(new Headers({ 'x-csrf-token': csrfTokenFor('sid:other', key) }), token))).toBe('csrf');
  });

  it('applies to every method except GET/HEAD/OPTIONS', () => {
    expect(['POST', 'PUT', 'PATCH', 'DELETE', 'post'].every(isStateChanging)).toBe(true);
    expect(['GET', 'HEAD', 'OPTIONS'].some(isStateChanging)).toBe(false);
  });
});
