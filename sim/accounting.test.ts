import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCT_COLUMNS, ACCT_TYPE_COLUMNS, BOUNCE_CATEGORIES, parseCsv, startSimNode, type SimNodeHandle } from './index';
import { csvLine } from './acct/csv';
import { getXml, req, START } from '@/sim/__fixtures__/http-client';

let node: SimNodeHandle;
let base: string;

beforeAll(async () => {
  node = await startSimNode({ tickMs: 0, seed: 5, startTime: START, acctRotateMinutes: 15, injectRate: 10 });
  base = node.url;
  node.startBackoff('gmail.com/vmta-2', 'gmail', 300);
  node.advance(40 * 60);
});
afterAll(() => node.stop());

let cached: Record<string, string>[] | null = null;
async function allRows(): Promise<Record<string, string>[]> {
  if (cached) return cached;
  const files = (await getXml(`${base}/logs?format=xml`)).data.file as { name: string }[];
  const rows: Record<string, string>[] = [];
  for (const f of files) {
    const r = await req(`${base}/getFile?file=${f.name}`);
    expect(r.status).toBe(200);
    expect(r.body.endsWith('\n')).toBe(true);
    const [header, ...data] = parseCsv(r.body);
    expect(header).toEqual([...ACCT_COLUMNS]);
    for (const d of data) {
      expect(d).toHaveLength(ACCT_COLUMNS.length);
      rows.push(Object.fromEntries(ACCT_COLUMNS.map((c, i) => [c, d[i] ?? ''])));
    }
  }
  cached = rows;
  return rows;
}

describe('accounting files', () => {
  it('rotate on simulated time with aligned names', async () => {
    const names = (await getXml(`${base}/logs?format=xml`)).data.file.map((f: { name: string }) => f.name);
    expect(names).toEqual(['acct-2026-11-26-1000.csv', 'acct-2026-11-26-1015.csv', 'acct-2026-11-26-1030.csv']);
  });

  it('hold exactly the records the simulator counted', async () => {
    const rows = await allRows();
    const st = node.state();
    const count = (t: string) => rows.filter((r) => r.type === t).length;
    expect(count('d')).toBe(st.counts.delivered);
    expect(count('b')).toBe(st.counts.bounced.total);
    expect(count('t')).toBe(st.counts.transient);
    expect(count('tq')).toBe(st.counts.tq);
    expect(count('f')).toBe(st.counts.fbl.total);
    expect(count('rb')).toBe(st.counts.rb.total);
    expect(st.records).toEqual({
      d: st.counts.delivered,
      b: st.counts.bounced.total,
      t: st.counts.transient,
      tq: st.counts.tq,
      f: st.counts.fbl.total,
      rb: st.counts.rb.total,
    });
    for (const t of ['d', 'b', 't', 'tq', 'f', 'rb']) expect(count(t), t).toBeGreaterThan(0);

    const byCat: Record<string, number> = {};
    for (const r of rows.filter((x) => x.type === 'b')) byCat[r.bounceCat ?? ''] = (byCat[r.bounceCat ?? ''] ?? 0) + 1;
    expect(byCat).toEqual(st.counts.bounced.byCategory);
    for (const c of Object.keys(byCat)) expect(BOUNCE_CATEGORIES).toContain(c);

    const byDomain: Record<string, number> = {};
    for (const r of rows.filter((x) => x.type === 'f')) {
      byDomain[r.reportedDomain ?? ''] = (byDomain[r.reportedDomain ?? ''] ?? 0) + 1;
      expect(r.feedbackType).toBe('abuse');
      expect(['arf', 'jmrp']).toContain(r.format);
    }
    expect(byDomain).toEqual(st.counts.fbl.byReportedDomain);
  });

  it('writes realistic field values', async () => {
    const rows = await allRows();
    const d = rows.find((r) => r.type === 'd');
    expect(d?.timeLogged).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+0000$/);
    expect(d?.dsnStatus).toBe('2.0.0 (success)');
    expect(d?.dlvEsmtpAvailable).toContain(',');
    expect(d?.queue?.endsWith(`/${d?.vmta}`)).toBe(true);
    const b = rows.find((r) => r.type === 'b' && /"/.test(r.dsnDiag ?? '') && /,/.test(r.dsnDiag ?? ''));
    expect(b?.dsnDiag).toMatch(/^smtp;5\d\d /);
    expect(b?.dlvSourceIp).toBe('');
    const tq = rows.find((r) => r.type === 'tq' && r.queue === 'gmail.com/vmta-2');
    expect(tq?.dsnDiag).toContain('4.7.28');
    expect(tq?.rcpt).toBe('');
    for (const t of ['d', 'tq', 'f', 'rb'] as const) {
      const r = rows.find((x) => x.type === t);
      const unused = ACCT_COLUMNS.filter((c) => !ACCT_TYPE_COLUMNS[t].includes(c));
      for (const c of unused) expect(r?.[c], `${t}.${c}`).toBe('');
    }
  });

  it('rotate acct starts a new file; a rotation in the same minute is a no-op', async () => {
    node.advance(60);
    const r = node.command('rotate acct');
    expect(r.text).toMatch(/acct-2026-11-26-1041\.csv/);
    const size = readFileSync(path.join(node.acctDir, 'acct-2026-11-26-1041.csv'), 'utf8');
    expect(size).toBe(csvLine(ACCT_COLUMNS));
    node.command('rotate acct');
    expect(node.state().acct.files).toHaveLength(4);
  });
});

describe('/getFile', () => {
  it('honours Range: bytes=N-', async () => {
    const name = 'acct-2026-11-26-1000.csv';
    const full = (await req(`${base}/getFile?file=${name}`)).body;
    const r = await req(`${base}/getFile?file=${name}`, { headers: { Range: 'bytes=100-' } });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe(`bytes 100-${Buffer.byteLength(full) - 1}/${Buffer.byteLength(full)}`);
    expect(r.body).toBe(Buffer.from(full).subarray(100).toString());
    const past = await req(`${base}/getFile?file=${name}`, { headers: { Range: `bytes=${Buffer.byteLength(full)}-` } });
    expect(past.status).toBe(416);
  });

  it('refuses path traversal and unknown files', async () => {
    for (const f of ['../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '/etc/passwd', 'a\\b.csv', '..']) {
      expect((await req(`${base}/getFile?file=${f}`)).status, f).toBe(400);
    }
    expect((await req(`${base}/getFile?file=acct-2020-01-01-0000.csv`)).status).toBe(404);
    expect((await req(`${base}/getFile?file=passwd`)).status).toBe(404);
  });
});

describe('several accounting files, a webhook and large files', () => {
  it('writes each record type only to the file sets that take it, and pushes the rest with retries', async () => {
    const posts: { body: string; ok: boolean }[] = [];
    let refuse = 2;
    const { createServer } = await import('node:http');
    const hook = createServer((rq, rs) => {
      let body = '';
      rq.on('data', (c: Buffer) => (body += c.toString()));
      rq.on('end', () => {
        const ok = refuse-- <= 0;
        posts.push({ body, ok });
        rs.writeHead(ok ? 200 : 503).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const port = (hook.address() as { port: number }).port;
    const n = await startSimNode({
      tickMs: 0,
      seed: 9,
      startTime: START,
      acctRotateMinutes: 15,
      injectRate: 10,
      acctFiles: [
        { prefix: 'acct-bd', records: ['b', 'd'] },
        { prefix: 'acct-t', records: ['t', 'tq'] },
      ],
      acctWebhook: { url: `http://127.0.0.1:${port}/hook`, records: ['f', 'rb'], duplicateEvery: 2, maxRecords: 5 },
    });
    try {
      n.startBackoff('gmail.com/*', 'gmail', 300);
      n.advance(30 * 60);
      const files = (await getXml(`${n.url}/logs?format=xml`)).data.file as { name: string }[];
      const types = new Map<string, Set<string>>();
      for (const f of files) {
        const [, ...rows] = parseCsv((await req(`${n.url}/getFile?file=${f.name}`)).body);
        const set = f.name.startsWith('acct-bd-') ? 'bd' : f.name.startsWith('acct-t-') ? 't' : 'other';
        for (const r of rows) types.set(set, (types.get(set) ?? new Set()).add(r[0] as string));
      }
      expect([...(types.get('bd') ?? [])].sort()).toEqual(['b', 'd']);
      expect([...(types.get('t') ?? [])].sort()).toEqual(['t', 'tq']);
      expect(types.has('other')).toBe(false);
      const stats = await n.webhookIdle();
      expect(stats).toMatchObject({ retries: 2 });
      expect(stats?.duplicates).toBeGreaterThan(0);
      const pushed = posts
        .filter((p) => p.ok)
        .flatMap((p) =>
          parseCsv(p.body)
            .slice(1)
            .map((r) => r[0]),
        );
      const st = n.state();
      // Every f/rb record arrives (re-posted batches twice), nothing else is pushed.
      expect(new Set(pushed)).toEqual(new Set(['f', 'rb']));
      expect(pushed.length).toBeGreaterThan(st.counts.fbl.total + st.counts.rb.total);
      expect(st.records.f + st.records.rb).toBe(st.counts.fbl.total + st.counts.rb.total);
    } finally {
      await n.stop();
      await new Promise<void>((r) => hook.close(() => r()));
    }
  });

  it('lists other files of the log directory and serves bounded ranges of a sparse 5 GB file', async () => {
    const { truncateSync, writeFileSync } = await import('node:fs');
    const big = path.join(node.acctDir, 'acct-2026-11-25-0000.csv');
    writeFileSync(big, 'type,timeLogged\n');
    truncateSync(big, 5 * 1024 ** 3);
    writeFileSync(path.join(node.acctDir, 'pmta.log'), 'log\n');
    const files = (await getXml(`${base}/logs?format=xml`)).data.file as { name: string; type: string; size: number }[];
    expect(files.find((f) => f.name === 'pmta.log')?.type).toBe('log');
    expect(Number(files.find((f) => f.name === 'acct-2026-11-25-0000.csv')?.size)).toBe(5 * 1024 ** 3);
    const r = await req(`${base}/getFile?file=acct-2026-11-25-0000.csv`, { headers: { Range: 'bytes=0-15' } });
    expect(r.status).toBe(206);
    expect(r.body).toBe('type,timeLogged\n');
    const tail = await req(`${base}/getFile?file=acct-2026-11-25-0000.csv`, { headers: { Range: `bytes=${5 * 1024 ** 3 - 10}-` } });
    expect(tail.headers['content-range']).toBe(`bytes ${5 * 1024 ** 3 - 10}-${5 * 1024 ** 3 - 1}/${5 * 1024 ** 3}`);
    // The whole file is refused rather than loaded.
    expect((await req(`${base}/getFile?file=acct-2026-11-25-0000.csv`)).status).toBe(413);
  });
});
