import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleStore } from '@/lib/store/store';
import { openTestStore, STORE_BACKENDS } from '@/lib/store/__fixtures__/backends';
import { AuditLog } from '@/lib/audit/audit-log';
import { ScheduledResumes } from './scheduled-resumes';

const stores: ConsoleStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

describe.each(STORE_BACKENDS)('scheduled resumes on %s', (kind) => {
  async function setup() {
    const store = await openTestStore(kind);
    stores.push(store);
    const audit = new AuditLog(store);
    const auditId = await audit.start({
      at: 1_000,
      user: 'operator',
      clientAddress: '192.0.2.1',
      action: 'pause',
      pattern: 'gmail.com/*',
      command: 'pause queue gmail.com/*',
      nodes: ['a', 'b'],
      reason: null,
      resumeAt: 60_000,
    });
    return { store, audit, auditId, resumes: new ScheduledResumes(store) };
  }

  it('lists pending resumes soonest first and those due; a row settles once', async () => {
    const { resumes, auditId } = await setup();
    const later = await resumes.add({ auditId, pattern: 'gmail.com/*', nodes: ['a', 'b'], resumeAt: 90_000, scheduledBy: 'operator', now: 1_000 });
    const sooner = await resumes.add({ auditId, pattern: 'yahoo.com/*', nodes: ['a'], resumeAt: 60_000, scheduledBy: 'admin', now: 1_000 });
    expect((await resumes.pending()).map((r) => r.id)).toEqual([sooner, later]);
    expect(await resumes.due(70_000)).toEqual([{ id: sooner, auditId, pattern: 'yahoo.com/*', nodes: ['a'], resumeAt: 60_000, scheduledBy: 'admin' }]);
    expect(await resumes.settle(sooner, 'done', 70_000, auditId)).toBe(true);
    expect(await resumes.settle(sooner, 'cancelled', 71_000)).toBe(false);
    expect((await resumes.pending()).map((r) => r.id)).toEqual([later]);
    expect(await resumes.get(sooner)).toMatchObject({ id: sooner, pattern: 'yahoo.com/*' });
    expect(await resumes.get(9_999)).toBeNull();
  });

  it('a manual pause or resume supersedes the automatic resume on those nodes only', async () => {
    const { resumes, auditId } = await setup();
    const id = await resumes.add({ auditId, pattern: 'gmail.com/*', nodes: ['a', 'b'], resumeAt: 90_000, scheduledBy: 'operator', now: 1_000 });
    await resumes.supersede('gmail.com/*', ['a'], 2_000, auditId);
    expect((await resumes.get(id))!.nodes).toEqual(['b']);
    await resumes.supersede('yahoo.com/*', ['b'], 2_000, auditId); // another pattern: untouched
    expect((await resumes.get(id))!.nodes).toEqual(['b']);
    await resumes.supersede('gmail.com/*', ['b'], 3_000, auditId);
    expect(await resumes.pending()).toEqual([]);
  });
});
