// The action ledger against the simulator: a pause made from the console, then a simulated
// PowerMTA restart — the next poll shows the drift, naming the restart, and restoring it from
// its restore body pauses the queue again.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { executeAction } from '@/lib/actions/execute';
import { executeTool } from '@/lib/toolbox/execute';
import { startTestFleet, type TestFleet, type TestNode } from '@/lib/actions/__fixtures__/test-fleet';
import type { ExecutedAction } from '@/lib/actions/types';
import { STORE_BACKENDS, testStoreConfig } from '@/lib/store/__fixtures__/backends';

let t: TestFleet | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const who = { user: 'alice', clientAddress: '127.0.0.1' };

describe.each(STORE_BACKENDS)('action ledger on %s', (kind) => {
  const start = async (nodes: TestNode[], opts: { now?: () => number } = {}) => startTestFleet(nodes, { ...opts, store: await testStoreConfig(kind) });
  /** A poll of every node, and the ledger's comparisons of it (and the node questions they ask). */
  const pollAndCompare = async () => {
    await t!.fleet.pollAll();
    await t!.runtime.ledger.settled();
  };

  it('a console pause lost in a PowerMTA restart is drift naming the restart; restore pauses again', async () => {
    t = await start([{ id: 'a' }, { id: 'b' }]);
    const off = t.runtime.ledger.attach();
    await executeAction(t.deps, { action: 'pause', pattern: 'gmail.com/vmta-1', nodes: ['a'], reason: 'Gmail block', ...who });
    let [intent] = (await t.runtime.ledger.list()).intents;
    expect(intent).toMatchObject({ node: 'a', kind: 'queue-paused', target: 'gmail.com/vmta-1', setBy: 'alice', reason: 'Gmail block', drift: null });
    expect(intent!.startupTime).not.toBeNull();

    await pollAndCompare();
    expect((await t.runtime.ledger.list()).drifting).toBe(0);

    const sim = t.sims.get('a')!;
    sim.advance(30);
    sim.restart();
    await pollAndCompare(); // one poll interval later
    [intent] = (await t.runtime.ledger.list()).intents;
    expect(intent!.drift).toMatchObject({ restartSuspected: true, detail: expect.stringMatching(/^1 of 1 queue\(s\) running again: gmail\.com\/vmta-1/) });
    expect(intent!.drift!.cause).toMatch(/restarted \(startupTime .* → .*\)/);
    const since = intent!.drift!.since;
    expect(intent!.restore).toEqual({ action: 'pause', pattern: 'gmail.com/vmta-1', nodes: ['a'] });

    await pollAndCompare();
    expect((await t.runtime.ledger.list()).intents[0]!.drift!.since).toBe(since); // drift began once

    const restore = intent!.restore;
    if (restore.action !== 'pause') throw new Error('expected a pause to restore');
    const restored = await executeAction(t.deps, { ...restore, reason: 'restore after restart', ...who });
    expect(restored.results[0]!.verification?.status).toBe('verified');
    expect(sim.model.queue('gmail.com/vmta-1')!.paused).toBe(true);
    await pollAndCompare();
    [intent] = (await t.runtime.ledger.list()).intents;
    expect(intent).toMatchObject({ drift: null, auditId: restored.auditId });

    await executeAction(t.deps, { action: 'resume', pattern: 'gmail.com/*', nodes: ['a'], confirm: 'gmail.com/*', ...who });
    expect((await t.runtime.ledger.list()).intents).toEqual([]);
    off();
  });

  it('a time-boxed pause still paused after its end is drift, restored by a resume', async () => {
    let clock = Date.now();
    t = await start([{ id: 'a' }], { now: () => clock });
    t.runtime.ledger.attach();
    await executeAction(t.deps, { action: 'pause', pattern: 'gmail.com/vmta-3', nodes: ['a'], resumeAt: clock + 60_000, ...who });
    expect((await t.runtime.ledger.list()).intents[0]!.restore.action).toBe('pause');
    clock += 4 * 60_000; // the automatic resume never ran (no scheduler in this test)
    await pollAndCompare();
    const [intent] = (await t.runtime.ledger.list()).intents;
    expect(intent!.drift?.detail).toMatch(/still paused after the time-boxed pause ended/);
    expect(intent!.restore).toEqual({ action: 'resume', pattern: 'gmail.com/vmta-3', nodes: ['a'] });
  });

  it('a resume from the command line is drift outside the console; a disabled source enabled elsewhere too', async () => {
    t = await start([{ id: 'a' }]);
    t.runtime.ledger.attach();
    const sim = t.sims.get('a')!;
    await executeAction(t.deps, { action: 'pause', pattern: 'yahoo.com', nodes: ['a'], confirm: 'yahoo.com/*', ...who });
    await executeTool(t.deps, { action: 'disable-source', ip: '203.0.113.12', pattern: 'gmail.com/vmta-2', nodes: ['a'], role: 'operator', ...who });
    await executeTool(t.deps, { action: 'pause-job', job: 'winback-q4', nodes: ['a'], role: 'operator', ...who });
    expect((await t.runtime.ledger.list()).intents.map((i) => i.kind).sort()).toEqual(['job-paused', 'queue-paused', 'source-disabled']);

    sim.command('resume queue yahoo.com/vmta-2');
    sim.command('enable source 203.0.113.12 gmail.com/vmta-2');
    sim.command('resume job winback-q4');
    await pollAndCompare(); // jobs and sources are asked for after the poll
    const byKind = new Map((await t.runtime.ledger.list()).intents.map((i) => [i.kind, i]));
    expect(byKind.get('queue-paused')!.drift).toMatchObject({ restartSuspected: false, cause: expect.stringMatching(/outside the console/) });
    expect(byKind.get('source-disabled')!.drift?.detail).toBe('203.0.113.12 is not disabled on gmail.com/vmta-2');
    expect(byKind.get('job-paused')!.drift?.detail).toBe('job winback-q4 is not paused');
  });

  const paused = (auditId: number): ExecutedAction => ({
    auditId,
    at: Date.now(),
    user: 'alice',
    reason: null,
    action: 'pause',
    pattern: 'gmail.com/vmta-1',
    job: null,
    ip: null,
    untilMs: null,
    resumeAt: null,
    okNodes: ['a'],
  });

  it('ledger rows commit with the action they belong to: rolled back with its transaction', async () => {
    t = await start([{ id: 'a' }]);
    await expect(
      t.runtime.store.transaction(async () => {
        await t!.runtime.ledger.record(paused(1));
        expect((await t!.runtime.ledger.list()).intents).toHaveLength(1); // seen inside the transaction
        throw new Error('the outcome could not be written');
      }),
    ).rejects.toThrow(/outcome/);
    expect((await t.runtime.ledger.list()).intents).toEqual([]);
    await t.runtime.store.transaction(() => t!.runtime.ledger.record(paused(2)));
    expect((await t.runtime.ledger.list()).intents.map((i) => i.auditId)).toEqual([2]);
  });

  it('a ledger write that fails does not take the action’s audit outcome down with it', async () => {
    t = await start([{ id: 'a' }]);
    await t.runtime.store.ready();
    // On PostgreSQL a failed statement aborts its transaction: the ledger's savepoint keeps the
    // audit outcome written after it in the same transaction.
    await sql`DROP TABLE ledger_intents`.execute(t.runtime.store.sql);
    const done = await executeAction(t.deps, { action: 'pause', pattern: 'gmail.com/vmta-1', nodes: ['a'], reason: 'Gmail block', ...who });
    expect(done.state).toBe('completed');
    expect((await t.runtime.audit.get(done.auditId))?.state).toBe('completed');
  });
});
