// Values from an accounting file become object keys all along the way (aggregation, store,
// report): names such as `__proto__`, `constructor` and `toString` must be counted like any
// other name and never reach Object.prototype.
import { afterEach, describe, expect, it } from 'vitest';
import { aggregateRecords, parseAcctText } from '@/lib/accounting';
import { STORE_BACKENDS } from '@/lib/store/__fixtures__/backends';
import { openAcctTestStore } from './__fixtures__/acct-test-store';
import { bouncesReport } from './report';

const HOSTILE = ['__proto__', 'constructor', 'toString'] as const;
const H = 'type,timeLogged,rcpt,vmta,jobId,queue,bounceCat,feedbackType,reportedDomain\n';
const TH = { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 10 };

function file(): string {
  let text = H;
  for (const k of HOSTILE) {
    // Each hostile name as vMTA, job, domain (through the queue), bounce category and FBL fields.
    text += `d,2026-11-26 10:00:00+0000,u@x.example,${k},${k},${k}/${k},,,\n`;
    text += `d,2026-11-26 10:00:01+0000,u@x.example,${k},${k},${k}/${k},,,\n`;
    text += `b,2026-11-26 10:00:02+0000,u@x.example,${k},${k},${k}/${k},${k},,\n`;
    text += `f,2026-11-26 10:00:03+0000,u@x.example,,,,,${k},${k}\n`;
    text += `f,2026-11-26 10:00:04+0000,u@x.example,,,,,${k},${k}\n`;
    text += `f,2026-11-26 10:00:05+0000,u@x.example,,,,,abuse,${k}\n`;
  }
  return text;
}

function prototypeUntouched(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).filter((n) => !BASELINE.has(n))).toEqual([]);
  for (const k of HOSTILE) expect(typeof Object.getOwnPropertyDescriptor(Object.prototype, k)?.value === 'number').toBe(false);
}
const BASELINE = new Set(Object.getOwnPropertyNames(Object.prototype));
const savedToString = Object.prototype.toString;
afterEach(() => {
  expect(Object.prototype.toString).toBe(savedToString);
});

describe('hostile names from an accounting file', () => {
  it('are plain keys in the aggregation', () => {
    const { records, stats } = parseAcctText(file());
    expect(stats.malformed).toBe(0);
    const rows = aggregateRecords(records, { bucketMs: 60_000, node: 'n1' });
    prototypeUntouched();
    for (const k of HOSTILE) {
      const sent = rows.find((r) => r.vmta === k && r.jobId === k && r.domain === k.toLowerCase());
      expect(sent).toMatchObject({ delivered: 2, bounces: { hard: 0, soft: 0, custom: 1, unknown: 0 } });
      // Categories, feedback types and domains are lower-cased by the parser.
      const lk = k.toLowerCase();
      expect(Object.hasOwn(sent?.bouncesByCat ?? {}, lk)).toBe(true);
      expect(sent?.bouncesByCat[lk]).toBe(1);
    }
    const fblRow = rows.find((r) => r.fbl > 0);
    for (const k of HOSTILE.map((h) => h.toLowerCase())) {
      expect(Object.hasOwn(fblRow?.fblBy ?? {}, k)).toBe(true);
      expect(fblRow?.fblBy[k]?.[k]).toBe(2);
      expect(fblRow?.fblBy[k]?.abuse).toBe(1);
    }
  });

  it.each(STORE_BACKENDS)('are counted in the store and the report (%s)', async (kind) => {
    const t = await openAcctTestStore(kind);
    await t.commit(parseAcctText(file()).records);
    const db = t.store;
    const r = await bouncesReport(db, {}, TH, []);
    prototypeUntouched();
    expect(r.totals).toMatchObject({ delivered: 6, bounces: 3, custom: 3, fbl: 9 });
    for (const k of HOSTILE) {
      const lk = k.toLowerCase();
      expect(r.byCategory.find((c) => c.category === lk)).toMatchObject({ class: 'custom', bounces: 1 });
      expect(r.vmtas.find((v) => v.key === k)).toMatchObject({ delivered: 2, bounces: 1 });
      const dom = r.fbl.byReportedDomain.find((d) => d.reportedDomain === lk);
      expect(dom?.total).toBe(3);
      expect(Object.hasOwn(dom?.byType ?? {}, lk)).toBe(true);
      expect(dom?.byType[lk]).toBe(2);
      expect(Object.hasOwn(r.fbl.byFeedbackType, lk)).toBe(true);
      expect(r.fbl.byFeedbackType[lk]).toBe(2);
      expect((await bouncesReport(db, { job: k }, TH, [])).totals).toMatchObject({ delivered: 2, bounces: 1 });
      expect((await bouncesReport(db, { vmta: k }, TH, [])).totals).toMatchObject({ delivered: 2, bounces: 1 });
    }
    expect(r.fbl.byFeedbackType.abuse).toBe(3);
    // The response survives JSON with the hostile keys as data.
    const back = JSON.parse(JSON.stringify(r.fbl.byFeedbackType)) as Record<string, number>;
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
  });
});
