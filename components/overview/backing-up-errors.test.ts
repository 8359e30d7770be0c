import { describe, expect, it } from 'vitest';
import type { BackingUpVerdict } from '@/lib/api/responses';
import { groupVerdictErrors, reasonsWithoutErrorText, verdictErrorSignature } from './backing-up-errors';

const verdict = (node: string, domain: string, text: string | null): BackingUpVerdict => ({
  node,
  domain,
  backingUp: true,
  rcp: 500,
  severity: 500,
  growth: 100,
  reasons: ['backlog grew 400 → 500 rcpt over 3 polls', ...(text ? [`last error 2 min ago: ${text}`] : [])],
  signals: {
    noConnections: true,
    backoffQueues: 1,
    pausedQueues: 0,
    backoffSince: null,
    nextRetryAt: null,
    lastError: text ? { at: 1, text } : null,
    recentError: true,
  },
});

const G1 = '421-4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. gsmtp';
const G2 = '421-4.7.28 [192.0.2.9] Our system has detected an unusual rate of unsolicited mail originating from your IP address. gsmtp';

describe('backing-up errors by signature', () => {
  it('collapses the same Gmail throttle from several nodes into one signature with a count, texts kept', () => {
    const groups = groupVerdictErrors([
      verdict('pmta1', 'gmail.com', G1),
      verdict('pmta2', 'gmail.com', G2),
      verdict('pmta3', 'gmail.com', G1),
      verdict('pmta1', 'x.test', null),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ signature: verdictErrorSignature(verdict('a', 'gmail.com', G1))!.signature, count: 3 });
    expect(groups[0]!.signature).toMatch(/4\.7\.28/);
    expect(groups[0]!.texts).toEqual([
      { text: G1, count: 2 },
      { text: G2, count: 1 },
    ]);
  });

  it('takes the raw text out of the reasons and keeps when it happened', () => {
    const r = reasonsWithoutErrorText(verdict('pmta1', 'gmail.com', G1));
    expect(r.reasons).toEqual(['backlog grew 400 → 500 rcpt over 3 polls']);
    expect(r.errorReason).toBe('last error 2 min ago');
    expect(reasonsWithoutErrorText(verdict('pmta1', 'gmail.com', null))).toEqual({ reasons: ['backlog grew 400 → 500 rcpt over 3 polls'], errorReason: null });
  });
});
