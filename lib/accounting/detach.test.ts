import { describe, expect, it } from 'vitest';
import { detached, detachedOrNull } from './detach';

describe('detached', () => {
  it('gives back an equal string, whatever its characters', () => {
    const text = `d,x,${'weekly-digest-481'},"quoted ""x""",é→𝄞,\ud800 lone,${'q'.repeat(5000)}\n`;
    for (let from = 0; from < text.length; from += 7)
      for (const len of [0, 1, 12, 13, 40, 6000]) {
        const s = text.slice(from, from + len);
        expect(detached(s)).toBe(s);
      }
    expect(detached('__proto__')).toBe('__proto__');
    expect(detachedOrNull(null)).toBeNull();
    expect(detachedOrNull('gmail-smtp-in.l.google.com')).toBe('gmail-smtp-in.l.google.com');
  });
});
