// Verifying an action on a node another replica polls: only a queue list from a poll that
// started after the command counts (one that was already running may show the queues as
// they were before it).
import { describe, expect, it } from 'vitest';
import type { PollRecord } from '@/lib/fleet/health';
import { listStartedAfter } from './verify';

const SENT = 1_000_000;

function record(r: Partial<PollRecord>): PollRecord {
  return { lastAttemptAt: null, lastSuccessAt: null, lastError: null, failureStreakStart: null, consecutiveFailures: 0, lastPollMs: null, ...r };
}

describe('listStartedAfter', () => {
  it('counts a list whose poll started after the command', () => {
    expect(listStartedAfter({ queuesAt: SENT + 900 }, record({ lastSuccessAt: SENT + 900, lastPollMs: 800 }), SENT)).toBe(true);
    expect(listStartedAfter({ queuesAt: SENT + 800 }, record({ lastSuccessAt: SENT + 800, lastPollMs: 800 }), SENT)).toBe(true);
  });

  it('refuses a list that arrived after the command from a poll already under way when it was sent', () => {
    expect(listStartedAfter({ queuesAt: SENT + 300 }, record({ lastSuccessAt: SENT + 300, lastPollMs: 800 }), SENT)).toBe(false);
  });

  it('refuses a list from before the command, and one with no list at all', () => {
    expect(listStartedAfter({ queuesAt: SENT - 1 }, record({ lastSuccessAt: SENT - 1, lastPollMs: 10 }), SENT)).toBe(false);
    expect(listStartedAfter({ queuesAt: null }, record({ lastSuccessAt: SENT + 900, lastPollMs: 10 }), SENT)).toBe(false);
  });

  it("uses a partly failed poll's duration when that poll brought the list (its /status failed)", () => {
    const partly = record({ lastSuccessAt: SENT - 5_000, lastError: { kind: 'timeout', message: '/status: timeout', at: SENT + 900 }, lastPollMs: 500 });
    expect(listStartedAfter({ queuesAt: SENT + 900 }, partly, SENT)).toBe(true);
  });

  it('refuses a list whose poll the record no longer describes (a later poll failed as a whole, or no duration)', () => {
    const later = record({ lastSuccessAt: SENT + 900, lastError: { kind: 'refused', message: 'refused', at: SENT + 10_900 }, lastPollMs: 3 });
    expect(listStartedAfter({ queuesAt: SENT + 900 }, later, SENT)).toBe(false);
    expect(listStartedAfter({ queuesAt: SENT + 900 }, record({ lastSuccessAt: SENT + 900 }), SENT)).toBe(false);
  });
});
