import { describe, expect, it } from 'vitest';
import { STORE_BACKENDS, type StoreBackend } from '@/lib/store/__fixtures__/backends';
import { openAcctTestStore } from './__fixtures__/acct-test-store';
import { get } from './acct-db';
import { bouncesCsv } from './export';
import { bounceFilterParams } from './params';
import { pruneMinuteRows, queryFblOverTime, queryTotals, whereFor } from './query';
import { bouncesReport, chooseBucketMs } from './report';

const H = 'type,timeLogged,rcpt,dsnDiag,dsnStatus,bounceCat,vmta,queue,dlvSourceIp,feedbackType,reportedDomain\n';
const row = (type: string, min: number, dom: string, vmta: string, cat = '', diag = '', ft = '', rep = '') =>
  `${type},2026-11-26 10:${String(min).padStart(2, '0')}:00+0000,u@${dom},${diag},,${cat},${type === 'f' ? '' : vmta},${type === 'f' ? '' : `${dom}/${vmta}`},10.0.0.${vmta.slice(-1)},${ft},${rep}\n`;
const TH = { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 10 };
const T0 = Date.parse('2026-11-26T10:00:00Z');

async function store(kind: StoreBackend) {
  let text = H;
  for (let i = 0; i < 100; i++) text += row('d', i % 30, i < 50 ? 'gmail.com' : 'yahoo.com', i % 2 ? 'vmta-1' : 'vmta-2');
  text += row('b', 1, 'gmail.com', 'vmta-1', 'bad-mailbox', '"smtp;550 5.1.1 The email account that you tried to reach does not exist. gsmtp"');
  text += row('b', 2, 'gmail.com', 'vmta-1', 'bad-mailbox', 'smtp;550 5.1.1 user unknown gsmtp');
  text += row('b', 3, 'yahoo.com', 'vmta-2', 'spam-related', 'smtp;554 5.7.9 Message not accepted for policy reasons');
  text += row('b', 3, 'yahoo.com', 'vmta-2', 'list-hygiene', 'smtp;550 custom');
  text += row('rb', 40, 'corp.example', 'vmta-1', 'bad-mailbox', 'smtp;550 5.1.1 no such user');
  text += row('f', 5, 'yahoo.com', 'vmta-2', '', '', 'abuse', 'news.example');
  text += row('f', 45, 'yahoo.com', 'vmta-2', '', '', 'abuse', 'news.example');
  text += row('f', 46, 'gmail.com', 'vmta-1', '', '', 'fraud', 'tx.example');
  const t = await openAcctTestStore(kind);
  await t.commit(text);
  return t.store;
}

describe.each(STORE_BACKENDS)('bounces report on %s', (kind) => {
  it('sums, rates, flags, categories (17 + custom), FBL and diagnostics by signature', async () => {
    const r = await bouncesReport(await store(kind), {}, TH, []);
    expect(r.totals).toMatchObject({ delivered: 100, bounces: 4, hard: 2, soft: 1, custom: 1, remoteBounces: 1, fbl: 3 });
    expect(r.totals.complaintRate).toBeCloseTo(0.03);
    expect(r.totals.complaintWarn).toBe(true);
    expect(r.byCategory).toHaveLength(18);
    expect(r.byCategory.find((c) => c.category === 'list-hygiene')).toMatchObject({ class: 'custom', bounces: 1 });
    expect(r.byCategory.find((c) => c.category === 'bad-mailbox')).toMatchObject({ class: 'hard', bounces: 2, remoteBounces: 1 });
    expect(r.topDomains[0]).toMatchObject({ key: 'yahoo.com', bounces: 2, fbl: 2, delivered: 50 });
    // FBL rows carry no vMTA; they are attributed through their sending IP.
    expect(r.vmtas.find((v) => v.key === 'vmta-2')).toMatchObject({ fbl: 2 });
    expect(r.fbl.byReportedDomain[0]).toEqual({ reportedDomain: 'news.example', total: 2, byType: { abuse: 2 } });
    expect(r.fbl.byFeedbackType).toEqual({ abuse: 2, fraud: 1 });
    expect(r.fbl.overTime.reduce((s, p) => s + p.total, 0)).toBe(3);
    const gmail = r.diagnostics.find((d) => d.signature === 'user-unknown' && d.provider === 'gmail');
    expect(gmail).toMatchObject({ count: 2, domains: ['gmail.com'], categories: ['bad-mailbox'] });
  });

  it('filters by time, domain and vMTA', async () => {
    const db = await store(kind);
    expect((await bouncesReport(db, { from: T0 + 30 * 60_000 }, TH, [])).totals).toMatchObject({ delivered: 0, remoteBounces: 1, fbl: 2 });
    expect((await bouncesReport(db, { domain: 'gmail.com' }, TH, [])).totals).toMatchObject({ delivered: 50, bounces: 2, fbl: 1 });
    expect((await bouncesReport(db, { vmta: 'vmta-2', to: T0 + 10 * 60_000 }, TH, [])).totals).toMatchObject({ bounces: 2, fbl: 1 });
  });

  it('filters by job in every table, diagnostics included', async () => {
    const text =
      'type,timeLogged,rcpt,dsnDiag,bounceCat,vmta,jobId\n' +
      'd,2026-11-26 10:00:00+0000,a@gmail.com,,,v1,job-a\n' +
      'b,2026-11-26 10:00:00+0000,b@gmail.com,smtp;550 5.1.1 user unknown gsmtp,bad-mailbox,v1,job-a\n' +
      'b,2026-11-26 10:00:00+0000,c@gmail.com,smtp;550 5.1.1 user unknown gsmtp,bad-mailbox,v1,job-b\n';
    const t = await openAcctTestStore(kind);
    await t.commit(text);
    const db = t.store;
    const r = await bouncesReport(db, { job: 'job-a' }, TH, []);
    expect(r.totals).toMatchObject({ delivered: 1, bounces: 1 });
    expect(r.diagnostics.map((d) => d.count)).toEqual([1]);
    expect((await bouncesReport(db, { job: 'none' }, TH, [])).diagnostics).toEqual([]);
  });

  it('exports CSV grouped by domain, category and hour', async () => {
    const db = await store(kind);
    const byDomain = (await bouncesCsv(db, {}, 'domain', TH)).split('\r\n');
    expect(byDomain[0]).toBe('domain,delivered,bounces,hardBounces,softBounces,remoteBounces,complaints,bounceRate,complaintRate,bounceWarn,complaintWarn');
    expect(byDomain[1]).toBe('yahoo.com,50,2,0,1,0,2,0.038462,0.04,false,true');
    expect(await bouncesCsv(db, {}, 'category', TH)).toContain('list-hygiene,custom,1,0');
    expect((await bouncesCsv(db, {}, 'hour', TH)).split('\r\n')[1]).toBe('2026-11-26T10:00:00.000Z,100,2,1,1,0,0,1,3');
  });

  it('validates parameters and picks chart buckets', () => {
    expect(bounceFilterParams.parse({ from: '2026-11-26T10:00:00Z', domain: 'Gmail.COM' })).toEqual({ from: T0, domain: 'gmail.com' });
    expect(bounceFilterParams.safeParse({ from: '2', to: '1' }).success).toBe(false);
    expect(bounceFilterParams.safeParse({ from: 'yesterday' }).success).toBe(false);
    expect(chooseBucketMs(0, 60 * 60_000)).toBe(60_000);
    expect(chooseBucketMs(0, 24 * 3_600_000)).toBe(15 * 60_000);
  });

  it('reads whole hours from the rollup and edges from minutes, exactly', async () => {
    let text = 'type,timeLogged,rcpt,bounceCat,vmta,queue\n';
    for (let m = 0; m < 200; m += 7) {
      const t = new Date(T0 + m * 60_000)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, '+0000');
      text += `d,${t},a@x.com,,v1,x.com/v1\nb,${t},a@y.com,bad-mailbox,v2,y.com/v2\n`;
    }
    const t = await openAcctTestStore(kind, { recentDiagnostics: 10, malformedSamples: 5 });
    await t.commit(text, 'n');
    const db = t.store;
    const direct = async (f: { from?: number; to?: number; domain?: string }) => {
      const w = whereFor(f);
      return (await get<{ d: number; h: number }>(db, `SELECT coalesce(sum(delivered),0) AS d, coalesce(sum(hard),0) AS h FROM acct_agg ${w.sql}`, w.args))!;
    };
    for (const [a, b] of [
      [undefined, undefined],
      [0, 60],
      [13, 137],
      [60, 120],
      [59, 181],
      [125, undefined],
      [undefined, 61],
    ] as const) {
      const f = { from: a === undefined ? undefined : T0 + a * 60_000, to: b === undefined ? undefined : T0 + b * 60_000 };
      const want = await direct(f);
      expect(await queryTotals(db, f, TH), JSON.stringify([a, b])).toMatchObject({ delivered: want.d, hard: want.h });
    }
    // Retention: minute rows before 11:30 go; totals stay (hourly rollups), and an edge that
    // fell into the pruned span widens to its whole hour.
    const all = (await queryTotals(db, {}, TH)).delivered;
    const from1030 = (await queryTotals(db, { from: T0 + 30 * 60_000 }, TH)).delivered;
    expect(await pruneMinuteRows(db, T0 + 90 * 60_000)).toBeGreaterThan(0);
    expect((await get<{ m: number }>(db, 'SELECT min(bucket) AS m FROM acct_agg'))?.m).toBeGreaterThanOrEqual(T0 + 90 * 60_000);
    expect((await queryTotals(db, {}, TH)).delivered).toBe(all);
    expect((await queryTotals(db, { from: T0 + 30 * 60_000 }, TH)).delivered).toBe(all);
    expect(from1030).toBeLessThan(all);
    expect((await queryTotals(db, { from: T0 + 150 * 60_000 }, TH)).delivered).toBe((await direct({ from: T0 + 150 * 60_000 })).d);
    await pruneMinuteRows(db, T0 + 90 * 60_000, T0 + 60 * 60_000);
    expect((await queryTotals(db, { to: T0 + 60 * 60_000 }, TH)).delivered).toBe(0);
  });

  it('buckets complaints over time by the asked bucket size, not per minute', async () => {
    const hourly = await queryFblOverTime(await store(kind), {}, 3_600_000);
    expect(hourly).toEqual([{ t: T0, total: 3, byType: { abuse: 2, fraud: 1 } }]);
    const tenMin = await queryFblOverTime(await store(kind), {}, 600_000);
    expect(tenMin.map((p) => [p.t - T0, p.total])).toEqual([
      [0, 1],
      [40 * 60_000, 2],
    ]);
  });
});
