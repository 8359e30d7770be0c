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

  it('builds the login URL for a page', () => {
    expect(loginPath('/queues?x=1')).toBe('/login?next=%2Fqueues%3Fx%3D1');
    expect(loginPath('/')).toBe('/login');
    expect(loginPath('//evil')).toBe('/login');
  });
});
