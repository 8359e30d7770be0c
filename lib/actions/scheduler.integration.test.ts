// Time-boxed pauses end on time across a console restart (clock injected), and a console that
// dies mid-action leaves an `incomplete` audit record, never nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { POST as act } from '@/app/api/actions/route';
import { GET as scheduled } from '@/app/api/actions/scheduled/route';
import { authedRequest, TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';
import { AuditLog } from '@/lib/audit/audit-log';
import { openStore } from '@/lib/store/store';
import type { ActionResponse, ScheduledResumesResponse } from './types';
import { ResumeScheduler } from './scheduler';
import { ScheduledResumes } from './scheduled-resumes';
import { simQueues, startTestFleet, type TestFleet } from './__fixtures__/test-fleet';

let t: TestFleet | undefined;
let dir: string | undefined;
const extra: { stop(): Promise<void> | void }[] = [];
afterEach(async () => {
  await t?.stop();
  t = undefined;
  for (const e of extra.splice(0)) await e.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const tmpDb = () => path.join((dir = mkdtempSync(path.join(tmpdir(), 'actions-'))), 'console.sqlite');

describe('time-boxed pause', () => {
  it('resumes at the chosen time, from the persisted schedule, after a restart', async () => {
    const file = tmpDb();
    t = await startTestFleet([{ id: 'a' }, { id: 'b' }], { dbFile: file });
    const resumeAt = Date.now() + 3_600_000;
    const res = await act(
      await authedRequest(`${TEST_ORIGIN}/api/actions`, {
        as: 'operator',
        method: 'POST',
        body: { action: 'pause', pattern: 'gmail.com/*', nodes: 'all', confirm: 'gmail.com/*', resumeAt: new Date(resumeAt).toISOString() },
      }),
    );
    const paused = (await res.json()) as ActionResponse;
    expect(paused.scheduledResume).toMatchObject({ at: resumeAt });
    const listed = (await (await scheduled(await authedRequest(`${TEST_ORIGIN}/api/actions/scheduled`))).json()) as ScheduledResumesResponse;
    expect(listed.resumes).toEqual([expect.objectContaining({ pattern: 'gmail.com/*', nodes: ['a', 'b'], resumeAt, scheduledBy: 'operator' })]);

    // "Restart": a new store on the same file, a new scheduler; its clock says it is not due yet.
    await t.deps.audit.store.close();
    const store = openStore({ kind: 'sqlite', path: file });
    const audit = new AuditLog(store);
    let clock = resumeAt - 60_000;
    const deps = { ...t.deps, audit, resumes: new ScheduledResumes(store), now: () => clock };
    t.deps.audit = audit; // closed by stop()
    const scheduler = new ResumeScheduler(deps, { intervalMs: 3_600_000 });
    extra.push(scheduler);
    scheduler.start();
    await scheduler.tick();
    for (const s of t.sims.values()) expect(simQueues(s, 'gmail.com/*').every((q) => q.paused)).toBe(true);

    clock = resumeAt + 1_000;
    await scheduler.tick();
    for (const s of t.sims.values()) expect(simQueues(s, 'gmail.com/*').some((q) => q.paused)).toBe(false);
    expect(await deps.resumes.pending()).toEqual([]);
    expect((await audit.list({ limit: 1 }))[0]).toMatchObject({
      user: 'system (scheduled by operator)',
      clientAddress: 'scheduler',
      action: 'resume',
      pattern: 'gmail.com/*',
      nodes: ['a', 'b'],
      state: 'completed',
      at: resumeAt + 1_000,
    });
  });

  it('a later manual pause of the same target cancels the automatic resume', async () => {
    t = await startTestFleet([{ id: 'a' }]);
    const body = { action: 'pause', pattern: 'gmail.com/vmta-1', nodes: ['a'] };
    await act(
      await authedRequest(`${TEST_ORIGIN}/api/actions`, {
        as: 'operator',
        method: 'POST',
        body: { ...body, resumeAt: new Date(Date.now() + 60_000).toISOString() },
      }),
    );
    expect(await t.deps.resumes.pending()).toHaveLength(1);
    await act(await authedRequest(`${TEST_ORIGIN}/api/actions`, { as: 'operator', method: 'POST', body: { ...body, reason: 'keep it paused' } }));
    expect(await t.deps.resumes.pending()).toEqual([]);
  });
});

describe('crash mid-action', () => {
  // The next console starts at once (a supervisor restarting it): the row is seconds old.
  it('leaves the audit record, marked incomplete at the next start-up however soon', async () => {
    const file = tmpDb();
    const sim: SimNodeHandle = await startSimNode({ id: 'a', tickMs: 0 });
    extra.push(sim);
    sim.setStall(60_000); // the command hangs: the console dies while it is in flight
    const child = spawn(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', path.join(import.meta.dirname, '__fixtures__/crash-mid-action.ts'), file, sim.url, sim.apiKey],
      {
        cwd: path.resolve(import.meta.dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const readerStore = openStore({ kind: 'sqlite', path: file });
    const reader = new AuditLog(readerStore);
    await expect.poll(async () => (await reader.list()).length, { timeout: 20_000 }).toBe(1);
    expect((await reader.list())[0]).toMatchObject({
      state: 'started',
      user: 'operator',
      clientAddress: '192.0.2.7',
      command: 'pause queue gmail.com/vmta-1',
      nodes: ['a'],
      reason: 'crash test',
    });
    expect(output).toBe(''); // still in flight, not finished or crashed on its own
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await readerStore.close();

    const store = openStore({ kind: 'sqlite', path: file });
    const audit = new AuditLog(store);
    const scheduler = new ResumeScheduler(
      { fleet: { node: () => undefined } as never, audit, resumes: new ScheduledResumes(store), now: () => Date.now() },
      { intervalMs: 3_600_000 },
    );
    extra.push(scheduler, { stop: () => void store.close() });
    scheduler.start();
    // start() marks them (the store's write is asynchronous).
    await expect.poll(async () => (await audit.list())[0]?.state).toBe('incomplete');
    expect((await audit.list())[0]).toMatchObject({ state: 'incomplete', command: 'pause queue gmail.com/vmta-1' });
    expect((await audit.list())[0]!.finishedAt).not.toBeNull();
  });
});
