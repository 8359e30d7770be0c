import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryTotals } from '@/lib/accounting/store/query';
import { openAcctWriter } from '@/lib/accounting/store/open-writer';
import { openTestStore, STORE_BACKENDS } from '@/lib/store/__fixtures__/backends';
import type { ConsoleStore } from '@/lib/store/store';
import { parseBatch, WebhookReceiver } from './webhook';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { callWebhook } from './__fixtures__/webhook-route';

const SECRET = 'whsec_0123456789abcdef';
const T = '2026-11-26 10:00:05+0000';
const CSV = `type,timeLogged,rcpt,dsnDiag,bounceCat,vmta,queue,dlvSourceIp\nd,${T},a@gmail.com,smtp;250 ok,,vmta-1,gmail.com/vmta-1,10.0.0.1\nb,${T},x@yahoo.com,smtp;550 no,bad-mailbox,vmta-2,yahoo.com/vmta-2,10.0.0.2\n`;
const TH = { complaintRatePct: 0.1, bounceRatePct: 5, minDelivered: 1 };

describe.each(STORE_BACKENDS)('on %s', (kind) => {
  let dir: string;
  let db: ConsoleStore;
  let receiver: WebhookReceiver;
  let rt: Runtime | undefined;

  // The routes' guard reads the auth settings of the installed runtime (not its accounting).
  beforeAll(() => {
    rt = installTestRuntime();
  });
  afterAll(() => removeTestRuntime(rt));

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'acct-hook-'));
    db = await openTestStore(kind);
    const writer = openAcctWriter(db, { recentDiagnostics: 10, malformedSamples: 10 });
    receiver = new WebhookReceiver('mta1', { id: 'push', kind: 'webhook', secret: SECRET, maxBodyBytes: 64 * 1024 }, writer);
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function post(slug: string[], body: BodyInit, headers: Record<string, string> = {}, lookup = (n: string) => (n === 'mta1' ? receiver : undefined)) {
    return callWebhook(new Request('http://console/api/accounting/webhook', { method: 'POST', body, headers }), slug, lookup);
  }
  const totals = () => queryTotals(db, {}, TH);

  describe('accounting webhook endpoint', () => {
    it('takes the secret from the path, a Bearer or bare Authorization header, or X-Webhook-Secret', async () => {
      expect((await post(['mta1', SECRET], CSV)).status).toBe(200);
      const other = CSV.replace('a@gmail.com', 'b@gmail.com');
      expect((await post(['mta1'], other, { authorization: `Bearer ${SECRET}` })).status).toBe(200);
      expect((await post(['mta1'], other.replace('b@', 'c@'), { authorization: SECRET })).status).toBe(200);
      expect((await post(['mta1'], other.replace('b@', 'd@'), { 'x-webhook-secret': SECRET })).status).toBe(200);
      expect(await totals()).toMatchObject({ delivered: 4, bounces: 4 });
    });

    it('refuses a wrong or missing secret, an unknown node and an unavailable console, in the one error shape', async () => {
      const wrong = await post(['mta1', `${SECRET}x`], CSV);
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ error: { code: 'unauthorized', message: 'bad or missing webhook secret', status: 401 } });
      expect((await post(['mta1'], CSV)).status).toBe(401);
      expect((await post(['mta9', SECRET], CSV)).status).toBe(404);
      expect((await post(['mta1', '%E0%A4%A'], CSV)).status).toBe(400); // not valid percent-encoding: no 5xx
      // No Origin, no session, no CSRF token: a machine's request, let through to the secret check.
      expect((await post(['mta1'], CSV, { authorization: `Bearer ${SECRET}`, origin: 'https://elsewhere.example' })).status).toBe(200);
      const down = await post(['mta1', SECRET], CSV, {}, () => {
        throw new Error('starting');
      });
      expect(down.status).toBe(503);
      expect((await totals()).delivered).toBe(1);
      expect(receiver.status().rejected).toBe(2);
    });

    it('counts a re-posted batch once (by content, or by an Idempotency-Key)', async () => {
      const first = await post(['mta1', SECRET], CSV);
      expect(await first.json()).toEqual({ ok: true, node: 'mta1', records: 2, malformed: 0, duplicate: false });
      const again = await post(['mta1', SECRET], CSV);
      expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
      await post(['mta1', SECRET], CSV.replace('a@', 'z@'), { 'idempotency-key': 'batch-7' });
      expect(await (await post(['mta1', SECRET], CSV.replace('a@', 'y@'), { 'idempotency-key': 'batch-7' })).json()).toMatchObject({ duplicate: true });
      expect(await totals()).toMatchObject({ delivered: 2, bounces: 2 });
      expect(receiver.status()).toMatchObject({ batches: 2, duplicates: 2, records: 4 });
    });

    it('bounds the body before and after gzip', async () => {
      const big = 'x'.repeat(70 * 1024);
      expect((await post(['mta1', SECRET], big)).status).toBe(413);
      const bomb = gzipSync(Buffer.alloc(10 << 20, 0x61));
      expect(bomb.length).toBeLessThan(64 * 1024);
      expect((await post(['mta1', SECRET], bomb, { 'content-encoding': 'gzip' })).status).toBe(413);
      expect((await post(['mta1', SECRET], Buffer.from([0x1f, 0x8b, 1, 2, 3]))).status).toBe(400);
      expect((await post(['mta1', SECRET], gzipSync(CSV), { 'content-encoding': 'gzip' })).status).toBe(200);
      expect((await totals()).delivered).toBe(1);
    });
  });

  describe('webhook batch formats', () => {
    const types = (b: ReturnType<typeof parseBatch>) => b.records.map((r) => `${r.type}:${r.rcpt}:${r.dlvSourceIp ?? ''}`);
    it('reads CSV with a header, and header-less CSV in the default column order', () => {
      expect(types(parseBatch(Buffer.from(CSV)))).toEqual(['d:a@gmail.com:10.0.0.1', 'b:x@yahoo.com:10.0.0.2']);
      const headerless = `b,${T},${T},me@x.com,x@yahoo.com,,failed,5.1.1,smtp;550,mx,bad-mailbox,smtp,,,203.0.113.9,,,,vmta-2,,,yahoo.com/vmta-2,\n`;
      expect(types(parseBatch(Buffer.from(headerless)))).toEqual(['b:x@yahoo.com:203.0.113.9']);
    });

    it('reads a JSON array, an object with records, and one JSON object per line; keys never reach a prototype', () => {
      const rec = { type: 'd', timeLogged: '1764151205', RCPT: 'a@gmail.com', dlvSourceIp: '10.0.0.1' };
      // A literal "__proto__" key (JSON.parse makes it an own property) must stay a plain field.
      const hostile = JSON.stringify(rec).replace('{', '{"__proto__":"polluted","constructor":{"x":1},');
      const json = `[${hostile},${JSON.stringify({ type: 'zz', timeLogged: '1764151205' })},"junk"]`;
      const a = parseBatch(Buffer.from(json));
      expect(types(a)).toEqual(['d:a@gmail.com:10.0.0.1']);
      expect(a.malformed).toBe(2);
      expect(types(parseBatch(Buffer.from(JSON.stringify({ records: [rec] }))))).toEqual(['d:a@gmail.com:10.0.0.1']);
      const nd = `${JSON.stringify(rec)}\n${JSON.stringify({ ...rec, RCPT: 'b@gmail.com' })}\n`;
      expect(types(parseBatch(Buffer.from(nd)))).toEqual(['d:a@gmail.com:10.0.0.1', 'd:b@gmail.com:10.0.0.1']);
      expect(a.records[0]?.fields.__proto__).toBe('polluted');
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    });
  });
});
