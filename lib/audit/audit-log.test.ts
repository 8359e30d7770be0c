import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/store/db';
import { AuditLog, type AuditStart } from './audit-log';
import { auditCsvRow } from './csv';

const entry = (over: Partial<AuditStart>): AuditStart => ({
  at: 1_000,
  user: 'operator',
  clientAddress: '192.0.2.1',
  action: 'pause',
  pattern: 'gmail.com/*',
  command: 'pause queue gmail.com/*',
  nodes: ['a'],
  reason: null,
  resumeAt: null,
  ...over,
});

describe('audit log', () => {
  it('filters by time, user and domain (a domain includes wildcard-domain actions)', () => {
    const log = new AuditLog(openDatabase(':memory:'));
    const a = log.start(entry({ at: 1_000 }));
    const b = log.start(entry({ at: 2_000, user: 'admin', pattern: '*/vmta-1', command: 'pause queue */vmta-1' }));
    log.start(entry({ at: 3_000, pattern: 'Yahoo.com/vmta-2', command: 'pause queue Yahoo.com/vmta-2' }));
    expect(log.list().map((e) => e.at)).toEqual([3_000, 2_000, 1_000]);
    expect(log.list({ domain: 'GMAIL.com' }).map((e) => e.id)).toEqual([b, a]);
    expect(log.list({ domain: 'yahoo.com' }).map((e) => e.pattern)).toEqual(['Yahoo.com/vmta-2', '*/vmta-1']);
    expect(log.list({ user: 'admin' }).map((e) => e.id)).toEqual([b]);
    expect(log.list({ from: 1_500, to: 2_500 }).map((e) => e.id)).toEqual([b]);
    expect(log.list({ limit: 1, beforeId: b }).map((e) => e.id)).toEqual([a]);
    expect(log.annotations({ domain: 'gmail.com', from: 0, to: 10_000 })).toEqual([
      { at: 1_000, user: 'operator', action: 'pause', pattern: 'gmail.com/*', nodes: ['a'] },
      { at: 2_000, user: 'admin', action: 'pause', pattern: '*/vmta-1', nodes: ['a'] },
    ]);
    expect(log.users()).toEqual(['admin', 'operator']);
  });

  it('records results, the final state, and marks only `started` rows of an earlier process incomplete, whatever their age', () => {
    const db = openDatabase(':memory:');
    const before = new AuditLog(db); // the console that died
    const old = before.start(entry({ at: 1_000 }));
    const justNow = before.start(entry({ at: 119_999 }));
    const log = new AuditLog(db); // the console that starts next
    const recent = log.start(entry({ at: 100_000 }));
    const done = log.start(entry({ at: 1_000 }));
    const results = [{ node: 'a', status: 'ok' as const, text: 'Queue(s) paused.', verification: null }];
    log.recordResults(done, results);
    expect(log.get(done)).toMatchObject({ state: 'started', results });
    log.finish(done, 'completed', results, 2_000);
    expect(log.markAbandoned(120_000)).toBe(2);
    expect(log.get(old)).toMatchObject({ state: 'incomplete', finishedAt: 120_000 });
    expect(log.get(justNow)).toMatchObject({ state: 'incomplete', finishedAt: 120_000 });
    expect(log.get(recent)!.state).toBe('started');
    expect(log.get(done)).toMatchObject({ state: 'completed', finishedAt: 2_000 });
    expect(auditCsvRow(log.get(done)!)).toContain('a: ok – Queue(s) paused.');
  });
});
