import { describe, expect, it } from 'vitest';
import { loginPath, safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps same-site relative paths with their query and hash', () => {
    expect(safeNextPath('/queues?node=mta1#top')).toBe('/queues?node=mta1#top');
    expect(safeNextPath('/')).toBe('/');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    'queues',
    '',
    null,
    undefined,
    '/login?next=/x',
    `/${'a'.repeat(3000)}`,
  ])('falls back to / for %j', (raw) => {
    expect(safeNextPath(raw)).toBe('/');
  });

  // Every one of these normalises (or decodes once more) into a scheme-relative or absolute URL.
  it.each([
    '/.//evil.com',
    '/./\\evil.com',
    '/..//evil.com',
    '/a/..//evil.com',
    '/%2F/evil.com',
    '/%2f%2fevil.com',
    '/%5C/evil.com',
    '/%5c%5cevil.com',
    '/%2F%5Cevil.com',
    '/%09/evil.com',
    '/%0A/evil.com',
    '/%20/evil.com',
    '//evil.com',
    '///evil.com',
    '/\\evil.com',
    '/\t/evil.com',
    '/\n/evil.com',
    '/\r/evil.com',
    '\t//evil.com',
    ' //evil.com',
    '/%E0%A4%A/evil.com',
    '/.%2F/evil.com',
  ])('never leaves the site for %j', (raw) => {
    const out = safeNextPath(raw);
    expect(out).toBe('/');
    // Whatever a browser makes of it, it stays on our origin.
    expect(new URL(out, 'https://console.example').origin).toBe('https://console.example');
  });

  it('keeps ordinary encoded paths', () => {
    expect(safeNextPath('/queues?domain=a%2Fb')).toBe('/queues?domain=a%2Fb');
    expect(safeNextPath('/domains/gmail.com')).toBe('/domains/gmail.com');
  });

  it('builds the login URL for a page', () => {
    expect(loginPath('/queues?x=1')).toBe('/login?next=%2Fqueues%3Fx%3D1');
    expect(loginPath('/')).toBe('/login');
    expect(loginPath('//evil')).toBe('/login');
  });
});
