import { appendFileSync, copyFileSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, get, type AcctDb } from '@/lib/accounting/store/acct-db';
import type { AcctWriter } from '@/lib/accounting/store/acct-writer';
import { openAcctWriter } from '@/lib/accounting/store/open-writer';
import { queryCategories, queryTotals } from '@/lib/accounting/store/query';
import { storedNodeStatus } from '@/lib/accounting/store/status';
import { openTestStore, STORE_BACKENDS } from '@/lib/store/__fixtures__/backends';
import type { ConsoleStore } from '@/lib/store/store';
import { createDirSource } from './dir-source';
import { AcctFollower, type FollowerOptions } from './follower';

const HEADER = 'type,timeLogged,rcpt,dsnDiag,bounceCat,vmta,queue,dlvSourceIp,feedbackType,reportedDomain\n';
const T = '2026-11-26 10:00:05+0000';
const d = (n = 1) => `d,${T},a@gmail.com,smtp;250 ok,,vmta-1,gmail.com/vmta-1,10.0.0.1,,\n`.repeat(n);
const b = (cat = 'bad-mailbox') => `b,${T},x@yahoo.com,"smtp;550 5.1.1 user unknown, ""x""",${cat},vmta-2,yahoo.com/vmta-2,10.0.0.2,,\n`;
const f = () => `f,${T},u@aol.com,,,,,10.0.0.1,abuse,news.example\n`;
const TH = { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 1 };

describe.each(STORE_BACKENDS)('on %s', (kind) => {
  let dir: string;
  let db: ConsoleStore;
  let writer: AcctWriter;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'acct-follow-'));
    db = await openTestStore(kind);
    writer = openAcctWriter(db, { recentDiagnostics: 100, malformedSamples: 10 });
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string) => path.join(dir, name);
  function follower(opts: FollowerOptions = {}, pattern = 'acct-*.csv') {
    return new AcctFollower('n1', createDirSource(dir, pattern), writer, () => writer.loadProgress('n1'), { settleMs: 0, ...opts });
  }
  const totals = () => queryTotals(db, {}, TH);

  describe('AcctFollower (directory source)', () => {
    it('follows a growing file and new files across rotation, each record once', async () => {
      writeFileSync(file('acct-2026-11-26-1000.csv'), HEADER + d(3));
      const fw = follower();
      await fw.poll();
      expect((await totals()).delivered).toBe(3);
      appendFileSync(file('acct-2026-11-26-1000.csv'), d(2) + b());
      writeFileSync(file('acct-2026-11-26-1010.csv'), HEADER + d(1) + f());
      writeFileSync(file('other.log'), 'not accounting\n');
      await fw.poll();
      await fw.poll(); // nothing new: nothing counted twice
      expect(await totals()).toMatchObject({ delivered: 6, bounces: 1, hard: 1, fbl: 1 });
      expect(fw.status()).toMatchObject({ files: 2, currentFile: 'acct-2026-11-26-1010.csv', lagBytes: 0 });
      // The FBL row has no vMTA: it is attributed through the delivery IP (10.0.0.1 → vmta-1).
      const v = await get<{ n: number }>(db, "SELECT sum(fbl) AS n FROM acct_agg WHERE vmta = 'vmta-1'");
      expect(v?.n).toBe(1);
    });

    it('holds a partial last line until it is complete', async () => {
      const line = d(1);
      writeFileSync(file('acct-a.csv'), HEADER + d(1) + line.slice(0, 20));
      const fw = follower();
      await fw.poll();
      expect((await totals()).delivered).toBe(1);
      expect((await writer.loadProgress('n1')).get('acct-a.csv')?.offset).toBe(Buffer.byteLength(HEADER + d(1)));
      appendFileSync(file('acct-a.csv'), line.slice(20));
      await fw.poll();
      expect((await totals()).delivered).toBe(2);
    });

    it('finishes an unterminated last line only in an older, settled file', async () => {
      writeFileSync(file('acct-a.csv'), HEADER + d(1) + d(1).trimEnd());
      const fw = follower({ settleMs: 60_000 });
      await fw.poll();
      expect((await totals()).delivered).toBe(1); // newest file: held
      writeFileSync(file('acct-b.csv'), HEADER);
      await fw.poll();
      expect((await totals()).delivered).toBe(1); // older now, but not settled yet
      const settled = follower({ settleMs: 0 });
      await settled.poll();
      expect((await totals()).delivered).toBe(2);
    });

    it('re-reads a truncated or replaced file from the start', async () => {
      writeFileSync(file('acct-a.csv'), HEADER + d(5));
      const fw = follower();
      await fw.poll();
      truncateSync(file('acct-a.csv'), 0);
      writeFileSync(file('acct-a.csv'), HEADER + d(1));
      await fw.poll();
      expect((await totals()).delivered).toBe(6);
      expect(fw.status().resets).toMatchObject([{ file: 'acct-a.csv', reason: 'truncated' }]);
      // Same name, larger, different content: the first bytes tell.
      writeFileSync(file('acct-a.csv'), HEADER.replace('rcpt', 'RCPT') + d(4));
      await fw.poll();
      expect((await totals()).delivered).toBe(10);
      expect(fw.status().resets.at(-1)).toMatchObject({ reason: 'replaced' });
    });

    it('follows rotation by rename (acct.csv → dated name, new acct.csv) and copies without recounting', async () => {
      writeFileSync(file('acct.csv'), HEADER + d(3));
      const fw = follower({}, 'acct*.csv');
      await fw.poll();
      appendFileSync(file('acct.csv'), d(2)); // written just before the rotation, not read yet
      renameSync(file('acct.csv'), file('acct-2026-11-26-1000.csv'));
      writeFileSync(file('acct.csv'), HEADER + d(1));
      await fw.poll();
      expect((await totals()).delivered).toBe(6);
      copyFileSync(file('acct-2026-11-26-1000.csv'), file('acct-copy.csv'));
      await fw.poll();
      await follower({}, 'acct*.csv').poll(); // and after a restart
      expect((await totals()).delivered).toBe(6);
    });

    it('ignores files deleted after completion and keeps their counts', async () => {
      writeFileSync(file('acct-a.csv'), HEADER + d(2));
      writeFileSync(file('acct-b.csv'), HEADER + d(1));
      const fw = follower();
      await fw.poll();
      unlinkSync(file('acct-a.csv'));
      await fw.poll();
      expect((await totals()).delivered).toBe(3);
      expect(fw.status().files).toBe(1);
    });

    it('counts and samples malformed lines without stopping', async () => {
      writeFileSync(file('acct-a.csv'), HEADER + d(1) + 'zz,what\n' + 'd,not-a-time,a@b.c\n' + d(1) + b('my-custom'));
      const fw = follower();
      await fw.poll();
      expect(await totals()).toMatchObject({ delivered: 2, custom: 1 });
      const st = await storedNodeStatus(db, 'n1');
      expect(st.malformed).toBe(2);
      expect(st.samples.map((s) => s.reason).sort()).toEqual(['bad-time', 'unknown-type']);
      expect((await queryCategories(db, {})).find((c) => c.category === 'my-custom')).toMatchObject({ class: 'custom', bounces: 1 });
    });

    it('resumes from the persisted offset and header in a new process, without double counting', async () => {
      writeFileSync(file('acct-a.csv'), HEADER + d(3));
      await follower().poll();
      appendFileSync(file('acct-a.csv'), d(2));
      await follower().poll(); // fresh follower, progress from the store
      expect((await totals()).delivered).toBe(5);
    });

    it('never double counts when two ingesters share a store (the second one yields)', async () => {
      writeFileSync(file('acct-a.csv'), HEADER + d(3));
      const a = follower();
      const b2 = follower();
      await a.poll();
      appendFileSync(file('acct-a.csv'), d(2));
      await b2.poll(); // stale in-memory offset: conflict, reloads, counts only the new rows next time
      await b2.poll();
      await a.poll();
      expect((await totals()).delivered).toBe(5);
    });

    it('is exact whatever the slice boundaries (quoted commas, quotes, long rows)', async () => {
      const long = `b,${T},x@y.com,"smtp;550 ${'z'.repeat(500)}",bad-domain,vmta-3,y.com/vmta-3,,,\n`;
      const text = HEADER + d(2) + b() + long + b('quota-issues') + f() + d(1);
      writeFileSync(file('acct-a.csv'), text);
      await follower({ commitBytes: 7, readBytes: 64 }).poll();
      expect(await totals()).toMatchObject({ delivered: 3, bounces: 3, hard: 2, soft: 1, fbl: 1 });
      expect((await writer.loadProgress('n1')).get('acct-a.csv')?.offset).toBe(Buffer.byteLength(text));
    });

    it('startAt end: skips what the files hold at the first start (a half-written row completes and counts), once', async () => {
      writeFileSync(file('acct-a.csv'), HEADER + d(4));
      const line = d(1);
      writeFileSync(file('acct-b.csv'), HEADER + d(3) + line.slice(0, 15));
      await follower({ startAt: 'end' }).poll();
      expect((await totals()).delivered).toBe(0);
      expect((await writer.loadProgress('n1')).get('acct-b.csv')?.offset).toBe(Buffer.byteLength(HEADER + d(3)));
      appendFileSync(file('acct-b.csv'), line.slice(15) + d(1));
      writeFileSync(file('acct-c.csv'), HEADER + d(2)); // a file that appears later is read whole
      await follower({ startAt: 'end' }).poll(); // a restart does not skip again
      expect((await totals()).delivered).toBe(4);
    });

    it('stops a poll at its byte budget and reports that it is behind', async () => {
      writeFileSync(file('acct-a.csv'), HEADER + d(400));
      const fw = follower({ readBytes: 4096, maxBytesPerPoll: 8192 });
      await fw.poll();
      const first = (await totals()).delivered;
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(400);
      expect(fw.status()).toMatchObject({ behind: true, seen: [{ name: 'acct-a.csv' }] });
      for (let i = 0; i < 50 && fw.status().behind; i++) await fw.poll();
      expect((await totals()).delivered).toBe(400);
      expect(fw.status()).toMatchObject({ behind: false, lagBytes: 0 });
    });

    it('skips a row that never ends (no newline, unclosed quote) with bounded reads, then carries on exactly', async () => {
      const name = 'acct-a.csv';
      writeFileSync(file(name), HEADER + d(1) + `b,${T},x@y.com,"never closed ` + 'q'.repeat(3 << 20));
      const src = createDirSource(dir, 'acct-*.csv');
      const reads: number[] = [];
      const counted: typeof src = { ...src, read: async (n, from, max, sig) => (reads.push(max), src.read(n, from, max, sig)) };
      const fw = new AcctFollower('n1', counted, writer, () => writer.loadProgress('n1'), { settleMs: 0, readBytes: 256 << 10 });
      for (let i = 0; i < 3; i++) {
        await fw.poll();
        appendFileSync(file(name), 'w'.repeat(1 << 20)); // the file keeps growing, still no newline
      }
      expect(Math.max(...reads)).toBe(256 << 10); // never a doubled read buffer
      expect((await totals()).delivered).toBe(1);
      appendFileSync(file(name), '\n' + d(2));
      await fw.poll();
      await fw.poll();
      expect((await totals()).delivered).toBe(3);
      const st = await storedNodeStatus(db, 'n1');
      expect(st.malformed).toBe(1);
      expect(st.samples[0]).toMatchObject({ reason: 'row-too-long', line: 3 });
      expect(st.samples[0]!.text?.length).toBeLessThan(400);
      const size = Buffer.byteLength(HEADER + d(1)) + (3 << 20) + 3 * (1 << 20) + `b,${T},x@y.com,"never closed `.length + 1 + Buffer.byteLength(d(2));
      expect((await writer.loadProgress('n1')).get(name)?.offset).toBe(size);
    });

    it('reads a row longer than the per-poll budget through (row cap included) instead of starting it again forever', async () => {
      const name = 'acct-a.csv';
      const long = `b,${T},x@y.com,${'q'.repeat(3 << 20)}\n`; // past the 1 MiB row cap
      writeFileSync(file(name), HEADER + d(1) + long + d(2));
      const fw = follower({ readBytes: 16 << 10, maxBytesPerPoll: 64 << 10 });
      await fw.poll();
      expect((await totals()).delivered).toBe(1);
      expect(fw.status().behind).toBe(true);
      await fw.poll(); // the whole long row and the next complete rows, in one poll
      expect((await totals()).delivered).toBe(3);
      expect(await storedNodeStatus(db, 'n1')).toMatchObject({ malformed: 1, samples: [{ reason: 'row-too-long', line: 3 }] });
      expect((await writer.loadProgress('n1')).get(name)?.offset).toBe(Buffer.byteLength(HEADER + d(1) + long + d(2)));
      expect(fw.status()).toMatchObject({ behind: false, lagBytes: 0 });
    });
  });

  describe('AcctFollower: one transaction over several parsed pieces', () => {
    // A slice larger than a parse piece (256 KiB) is counted piece by piece and written once:
    // the store must end up exactly as with one transaction per small slice.
    const dump = async (x: AcctDb) => ({
      agg: await all(x, 'SELECT * FROM acct_agg ORDER BY bucket, vmta, domain, job'),
      aggH: await all(x, 'SELECT * FROM acct_agg_h ORDER BY bucket, vmta, domain, job'),
      cat: await all(x, 'SELECT * FROM acct_cat ORDER BY bucket, vmta, domain, job, kind, category'),
      fbl: await all(x, 'SELECT * FROM acct_fbl ORDER BY bucket, vmta, domain, job'),
      srcIp: await all(x, 'SELECT * FROM acct_src_ip_h ORDER BY bucket, ip, vmta, domain'),
      diag: await all(x, 'SELECT at, type, domain, vmta, category, signature, status, diag FROM acct_diag ORDER BY id'),
      node: await all(x, 'SELECT node, records, malformed, last_record_at FROM acct_node'),
      offset: await all(x, 'SELECT file, "offset", line FROM acct_progress'),
    });

    it('stores the same counts, diagnostics and resume point as small transactions', async () => {
      const body = Array.from({ length: 4000 }, (_, i) => (i % 7 === 0 ? b(i % 2 ? 'bad-mailbox' : 'spam-related') : i % 11 === 0 ? f() : d())).join('');
      writeFileSync(file('acct-2026-11-26-1000.csv'), HEADER + body + HEADER + body + 'junk-row\n' + body.slice(0, 50));
      await follower({ readBytes: 8 << 20 }).poll();
      const small = await openTestStore(kind);
      try {
        const w = openAcctWriter(small, { recentDiagnostics: 100, malformedSamples: 10 });
        await new AcctFollower('n1', createDirSource(dir, 'acct-*.csv'), w, () => w.loadProgress('n1'), {
          settleMs: 0,
          commitBytes: 4096,
          readBytes: 64 << 10,
        }).poll();
        expect(await dump(db)).toEqual(await dump(small));
      } finally {
        await small.close();
      }
      expect((await totals()).delivered).toBeGreaterThan(6000);
      expect((await storedNodeStatus(db, 'n1')).malformed).toBe(1);
    });
  });
});
