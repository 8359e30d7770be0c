import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleStore } from '@/lib/store/store';
import { openTestStore, STORE_BACKENDS } from '@/lib/store/__fixtures__/backends';
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

const stores: ConsoleStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

describe.each(STORE_BACKENDS)('audit log on %s', (kind) => {
  const open = async () => {
    const s = await openTestStore(kind);
    stores.push(s);
    return s;
  };

  it('filters by time, user and domain (a domain includes wildcard-domain actions)', async () => {
    const store = await open();
    const log = new AuditLog(store);
    const a = await log.start(entry({ at: 1_000 }));
    const b = await log.start(entry({ at: 2_000, user: 'admin', pattern: '*/vmta-1', command: 'pause queue */vmta-1' }));
    await log.start(entry({ at: 3_000, pattern: 'Yahoo.com/vmta-2', command: 'pause queue Yahoo.com/vmta-2' }));
    expect((await log.list()).map((e) => e.at)).toEqual([3_000, 2_000, 1_000]);
    expect((await log.list({ domain: 'GMAIL.com' })).map((e) => e.id)).toEqual([b, a]);
    expect((await log.list({ domain: 'yahoo.com' })).map((e) => e.pattern)).toEqual(['Yahoo.com/vmta-2', '*/vmta-1']);
    expect((await log.list({ user: 'admin' })).map((e) => e.id)).toEqual([b]);
    expect((await log.list({ from: 1_500, to: 2_500 })).map((e) => e.id)).toEqual([b]);
    expect((await log.list({ limit: 1, beforeId: b })).map((e) => e.id)).toEqual([a]);
    const annotations = [
      { at: 1_000, user: 'operator', action: 'pause', pattern: 'gmail.com/*', nodes: ['a'] },
      { at: 2_000, user: 'admin', action: 'pause', pattern: '*/vmta-1', nodes: ['a'] },
    ];
    expect(await log.annotations({ domain: 'gmail.com', from: 0, to: 10_000 })).toEqual(annotations);
    expect(await log.users()).toEqual(['admin', 'operator']);
  });

  it('records results, the final state, and marks only `started` rows of an earlier process incomplete, whatever their age', async () => {
    const store = await open();
    const before = new AuditLog(store); // the console that died
    const old = await before.start(entry({ at: 1_000 }));
    const justNow = await before.start(entry({ at: 119_999 }));
    const log = new AuditLog(store); // the console that starts next
    const recent = await log.start(entry({ at: 100_000 }));
    const done = await log.start(entry({ at: 1_000 }));
    const results = [{ node: 'a', status: 'ok' as const, text: 'Queue(s) paused.', verification: null }];
    await log.recordResults(done, results);
    expect(await log.get(done)).toMatchObject({ state: 'started', results });
    await log.finish(done, 'completed', results, 2_000);
    expect(await log.markAbandoned(120_000)).toBe(2);
    expect(await log.get(old)).toMatchObject({ state: 'incomplete', finishedAt: 120_000 });
    expect(await log.get(justNow)).toMatchObject({ state: 'incomplete', finishedAt: 120_000 });
    expect((await log.get(recent))!.state).toBe('started');
    expect(await log.get(done)).toMatchObject({ state: 'completed', finishedAt: 2_000 });
    expect(auditCsvRow((await log.get(done))!)).toContain('a: ok – Queue(s) paused.');
  });

  it('a transaction that fails leaves neither its outcome nor its new entry', async () => {
    const store = await open();
    const log = new AuditLog(store);
    const kept = await log.start(entry({ at: 1_000 }));
    await expect(
      store.transaction(async () => {
        await log.finish(kept, 'completed', [], 2_000);
        await log.start(entry({ at: 3_000 }));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await log.list()).map((e) => [e.id, e.state])).toEqual([[kept, 'started']]);
  });
});
