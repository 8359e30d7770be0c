import { describe, expect, it } from 'vitest';
import { parseDisabledSources } from './parse-disabled-sources';

describe('parseDisabledSources', () => {
  it('reads queue, IP and re-enable time from each line, in either order, and skips the rest', () => {
    const text = [
      '3 disabled source(s)',
      'yahoo.com/vmta-1 203.0.113.11 2026-11-26 11:00:00',
      'gmail.com/vmta-2 2001:DB8::7 never',
      '198.51.100.9 hotmail.com/vmta-1',
      'not a source line 300.1.1.1 x/y',
    ].join('\n');
    expect(parseDisabledSources(text)).toEqual([
      { queue: 'yahoo.com/vmta-1', ip: '203.0.113.11', until: '2026-11-26 11:00:00' },
      { queue: 'gmail.com/vmta-2', ip: '2001:db8::7', until: null },
      { queue: 'hotmail.com/vmta-1', ip: '198.51.100.9', until: null },
    ]);
    expect(parseDisabledSources('')).toEqual([]);
  });
});
