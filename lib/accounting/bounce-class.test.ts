import { describe, expect, it } from 'vitest';
import { BOUNCE_CATEGORIES, classifyBounceCategory, HARD_BOUNCE_CATEGORIES } from './bounce-class';

describe('bounce categories', () => {
  it('lists the 17 built-in categories', () => {
    expect(BOUNCE_CATEGORIES).toHaveLength(17);
    expect(new Set(BOUNCE_CATEGORIES).size).toBe(17);
  });

  it('classifies address problems as hard, everything else built in as soft', () => {
    expect([...HARD_BOUNCE_CATEGORIES].sort()).toEqual(['bad-domain', 'bad-mailbox', 'inactive-mailbox', 'routing-errors']);
    for (const c of BOUNCE_CATEGORIES) {
      expect(classifyBounceCategory(c), c).toBe(HARD_BOUNCE_CATEGORIES.has(c) ? 'hard' : 'soft');
    }
    expect(classifyBounceCategory('policy-related')).toBe('soft');
    expect(classifyBounceCategory('spam-related')).toBe('soft');
    expect(classifyBounceCategory('Bad-Mailbox ')).toBe('hard');
  });

  it('passes custom categories through as custom, empty as unknown', () => {
    expect(classifyBounceCategory('gmail-blocked')).toBe('custom');
    expect(classifyBounceCategory('')).toBe('unknown');
    expect(classifyBounceCategory(null)).toBe('unknown');
  });
});
