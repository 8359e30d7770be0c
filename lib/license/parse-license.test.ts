import { describe, expect, it } from 'vitest';
import { parseLicense } from './parse-license';
import { isLocalThrottle, parseSettings } from '@/lib/queue-settings/parse-settings';

const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('show license', () => {
  it('finds the expiry and warns from 30 days before', () => {
    expect(parseLicense('License: x\nExpires: 2027-06-01', NOW)).toEqual({ expires: '2027-06-01', daysLeft: 182, warning: false });
    expect(parseLicense('expiration date 2026-12-20', NOW)).toMatchObject({ daysLeft: 19, warning: true });
    expect(parseLicense('Expires: 2026-11-01', NOW)).toMatchObject({ warning: true });
    expect(parseLicense('no date here', NOW)).toEqual({ expires: null, daysLeft: null, warning: false });
  });
});

describe('show settings', () => {
  it('parses both sections into rows', () => {
    const p = parseSettings('Virtual MTA Settings\n  max-smtp-out 20\nQueue Settings\n  max-msg-rate 600/h\n  bounce-after 4d12h\n???');
    expect(p.rows).toEqual([
      { section: 'Virtual MTA Settings', name: 'max-smtp-out', value: '20' },
      { section: 'Queue Settings', name: 'max-msg-rate', value: '600/h' },
      { section: 'Queue Settings', name: 'bounce-after', value: '4d12h' },
    ]);
    expect(p.notes).toEqual(['???']);
    expect(isLocalThrottle("421 message rate limit reached (based on queue's max-msg-rate setting)")).toBe(true);
    expect(isLocalThrottle('421 4.7.28 Gmail rate limited')).toBe(false);
  });
});
