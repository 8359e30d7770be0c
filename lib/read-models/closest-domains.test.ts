import { describe, expect, it } from 'vitest';
import { closestDomains, editDistance } from './closest-domains';

const DOMAINS = ['gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'outlook.com', 'hotmail.com', 'mail.ru', 'aol.com'];

describe('closest domains', () => {
  it('measures edit distance, stopping early past the limit', () => {
    expect(editDistance('gmial.com', 'gmail.com', 3)).toBe(2);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
  });

  it('offers typo corrections, substring matches first, and nothing unrelated', () => {
    expect(closestDomains('gmial.com', DOMAINS)).toEqual(['gmail.com']);
    expect(closestDomains('yahoo', DOMAINS)).toEqual(['yahoo.com', 'yahoo.co.uk']);
    expect(closestDomains('yaho', DOMAINS)[0]).toBe('yahoo.com');
    expect(closestDomains('hotmial.com', DOMAINS)).toEqual(['hotmail.com']);
    expect(closestDomains('zzzzzz.example', DOMAINS)).toEqual([]);
    expect(closestDomains('', DOMAINS)).toEqual([]);
  });

  it('is case-insensitive, skips the query itself and duplicates, and honours the limit', () => {
    expect(closestDomains('GMAIL', ['Gmail.com', 'gmail.com', 'gmail'])).toEqual(['gmail.com']);
    expect(closestDomains('mail', DOMAINS, 2)).toHaveLength(2);
  });
});
