import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPmtaClient, type PmtaClient } from './client';
import { buildQueueCommand, type SafeCommand } from './commands';
import { PmtaError } from './errors';
import { jsonOf, ok, startTestServer, xmlOf, type TestServer } from './__fixtures__/test-server';
import { QUEUES_JSON, QUEUES_XML } from './__fixtures__/queues';
import { STATUS_50_JSON, STATUS_50_XML } from './__fixtures__/status';

async function failure(p: Promise<unknown>): Promise<PmtaError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PmtaError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

let server: TestServer;
const clients: PmtaClient[] = [];
function client(opts: Partial<Parameters<typeof createPmtaClient>[0]> = {}): PmtaClient {
  const c = createPmtaClient({ url: server.url, format: 'auto', timeoutMs: 5000, ...opts });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  clients.splice(0).forEach((c) => c.close());
  server.requests.length = 0;
});
afterAll(() => server.close());

/** A 5.0-like node: JSON and XML. */
const node50 = () =>
  server.handle((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const fmt = u.searchParams.get('format');
    const body = u.pathname === '/status' ? (fmt === 'json' ? STATUS_50_JSON : STATUS_50_XML) : fmt === 'json' ? QUEUES_JSON : QUEUES_XML;
    ok(res, fmt === 'json' ? 'application/json' : 'text/xml', body);
  });

/** A 4.5-like node: no JSON, an HTML page for any unknown format (as the simulator does). */
const node45 = () =>
  server.handle((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.searchParams.get('format') !== 'xml') return ok(res, 'text/html', '<html><body>PowerMTA 4.5</body></html>');
    ok(res, 'text/xml', u.pathname === '/status' ? STATUS_50_XML : QUEUES_XML);
  });

describe('formats', () => {
  it('auto prefers JSON on a 5.0 node and sends X-API-Key', async () => {
    node50();
    const c = client({ apiKey: 'k_0123456789abcdef0123456789abcdef' });
    const list = await c.queues();
    expect(c.detectedFormat()).toBe('json');
    expect(list.queues).toHaveLength(2);
    const q = server.requests.at(-1)!;
    expect(q.url).toContain('format=json');
    // Both spellings of the list size (which one a version honours is unconfirmed) and errors.
    expect(q.url).toContain('maxitems=10000000');
    expect(q.url).toContain('maxItems=10000000');
    expect(q.url).toContain('errors=yes');
    expect(q.headers['x-api-key']).toBe('k_0123456789abcdef0123456789abcdef');
  });

  it('auto falls back to XML when JSON is not served, and remembers it', async () => {
    node45();
    const c = client();
    const xmlList = await c.queues();
    expect(c.detectedFormat()).toBe('xml');
    node50();
    const viaJson = await createPmtaClient({ url: server.url, format: 'json', timeoutMs: 5000 }).queues();
    expect(xmlList).toEqual(viaJson);
    node45();
    server.requests.length = 0;
    await c.status();
    expect(server.requests.map((r) => r.url)).toEqual(['/status?format=xml']); // no second probe
  });

  it('fetchBytes returns the body unparsed with its format, size and time', async () => {
    node50();
    const r = await client({ format: 'xml' }).fetchBytes('/queues', { maxitems: '5' });
    expect(r.format).toBe('xml');
    expect(r.body.toString('utf8')).toBe(QUEUES_XML);
    expect(r.bytes).toBe(Buffer.byteLength(QUEUES_XML));
    expect(r.ms).toBeGreaterThanOrEqual(0);
    expect(server.requests.at(-1)!.url).toBe('/queues?maxitems=5&format=xml');
  });

  it('explicit json against a node that serves HTML → malformed', async () => {
    node45();
    expect((await failure(client({ format: 'json' }).status())).kind).toBe('malformed');
  });

  it('decodes a gzip-encoded reply', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(STATUS_50_XML));
    });
    const s = await client({ format: 'xml' }).status();
    expect(s.hostName).toBe('mta1.example.net');
    expect(server.requests.at(-1)!.headers['accept-encoding']).toBe('gzip');
  });

  it('flags a capped queue list as truncated', async () => {
    server.handle((_req, res) => ok(res, 'text/xml', xmlOf('<queue><name>a.com/v</name></queue><totalQueuesWithRcp>1428</totalQueuesWithRcp>')));
    expect((await client({ format: 'xml' }).queues()).truncated).toBe(true);
  });
});

describe('failures', () => {
  it('timeout → kind timeout', async () => {
    server.handle(() => {}); // never answers
    const e = await failure(client({ format: 'xml', timeoutMs: 150 }).status());
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/no answer within 150 ms/);
  });

  it('external abort → kind aborted', async () => {
    server.handle(() => {});
    const ac = new AbortController();
    const p = client({ format: 'xml' }).status(ac.signal);
    setTimeout(() => ac.abort(), 50);
    expect((await failure(p)).kind).toBe('aborted');
  });

  it('refused port → kind refused', async () => {
    const tmp = await startTestServer();
    const url = tmp.url;
    await tmp.close();
    const c = createPmtaClient({ url, format: 'xml', timeoutMs: 5000 });
    clients.push(c);
    expect((await failure(c.status())).kind).toBe('refused');
  });

  it('403 → kind forbidden, with the status kept', async () => {
    server.handle((_req, res) => ok(res, 'text/plain', 'forbidden', 403));
    const e = await failure(client().status());
    expect(e.kind).toBe('forbidden');
    expect(e).toMatchObject({ status: 403 });
  });

  it('other non-2xx → kind http; an error envelope → kind upstream with its text', async () => {
    server.handle((_req, res) => ok(res, 'text/html', '<html>Bad Gateway</html>', 502));
    expect(await failure(client({ format: 'xml' }).status())).toMatchObject({ kind: 'http', status: 502 });
    server.handle((_req, res) => ok(res, 'text/xml', '<rsp><err>unknown queue x.com/y</err></rsp>', 404));
    expect(await failure(client({ format: 'xml' }).queueDetail('x.com/y'))).toMatchObject({
      kind: 'upstream',
      upstreamText: 'unknown queue x.com/y',
      httpStatus: 404,
    });
    server.handle((_req, res) => ok(res, 'application/json', JSON.stringify({ data: null, status: 'error', message: 'bad parameter' }), 400));
    expect(await failure(client({ format: 'json' }).queues())).toMatchObject({ kind: 'upstream', upstreamText: 'bad parameter' });
  });

  it('a 200 with an error envelope → kind upstream', async () => {
    server.handle((_req, res) => ok(res, 'text/xml', '<rsp><err>license expired</err></rsp>'));
    expect(await failure(client({ format: 'xml' }).status())).toMatchObject({ kind: 'upstream', upstreamText: 'license expired' });
  });

  it('a redirect → kind http naming the target', async () => {
    server.handle((_req, res) => {
      res.writeHead(301, { Location: 'https://127.0.0.1:8080/status' });
      res.end();
    });
    const e = await failure(client({ format: 'xml' }).status());
    expect(e.kind).toBe('http');
    expect(e.message).toContain('https://127.0.0.1:8080/status');
  });

  it('oversize body → kind too-large (declared length and streamed)', async () => {
    server.handle((_req, res) => ok(res, 'text/xml', xmlOf(`<t>${'x'.repeat(5000)}</t>`)));
    expect((await failure(client({ format: 'xml', maxBytes: 1000 }).status())).kind).toBe('too-large');
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' }); // chunked, no Content-Length
      for (let i = 0; i < 10; i++) res.write('x'.repeat(500));
      res.end();
    });
    expect((await failure(client({ format: 'xml', maxBytes: 1000 }).status())).kind).toBe('too-large');
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Encoding': 'gzip' });
      res.end(gzipSync('x'.repeat(100_000))); // ~100 bytes on the wire
    });
    expect((await failure(client({ format: 'xml', maxBytes: 1000 }).status())).kind).toBe('too-large');
  });

  it('malformed XML → kind malformed', async () => {
    server.handle((_req, res) => ok(res, 'text/xml', '<rsp><data><queue></data></rsp>'));
    expect((await failure(client({ format: 'xml' }).queues())).kind).toBe('malformed');
  });

  it('rejects bad options at construction', () => {
    expect(() => createPmtaClient({ url: 'ftp://x', format: 'xml', timeoutMs: 1 })).toThrow();
    expect(() => createPmtaClient({ url: 'http://x', apiKey: 'a\r\nX-Evil: 1', format: 'xml', timeoutMs: 1 })).toThrow();
  });
});

describe('command', () => {
  it('POSTs multipart/form-data with command and format=json', async () => {
    server.handle((req, res) => {
      if (req.url?.startsWith('/status')) return ok(res, 'application/json', STATUS_50_JSON);
      ok(res, 'application/json', jsonOf({}, 'Queue(s) paused.'));
    });
    const c = client({ apiKey: 'k_0123456789abcdef0123456789abcdef' });
    const reply = await c.command(buildQueueCommand({ action: 'pause', pattern: 'gmail.com/vmta-1' }));
    expect(reply).toEqual({ ok: true, text: 'Queue(s) paused.' });
    const post = server.requests.find((r) => r.method === 'POST')!;
    expect(post.url).toBe('/command');
    expect(post.headers['x-api-key']).toBe('k_0123456789abcdef0123456789abcdef');
    const form = await new Response(new Uint8Array(post.body), { headers: { 'Content-Type': String(post.headers['content-type']) } }).formData();
    expect(form.get('command')).toBe('pause queue gmail.com/vmta-1');
    expect(form.get('format')).toBe('json');
  });

  it('returns PowerMTA refusing the command as ok: false', async () => {
    server.handle((_req, res) => ok(res, 'application/json', JSON.stringify({ data: null, status: 'error', message: 'error: no such queue' }), 400));
    const reply = await client({ format: 'json' }).command(buildQueueCommand({ action: 'retry', pattern: 'x.com' }));
    expect(reply).toEqual({ ok: false, text: 'error: no such queue' });
  });

  it('refuses on a 4.x node with a clear error, without POSTing', async () => {
    node45();
    const e = await failure(client().command(buildQueueCommand({ action: 'pause', pattern: 'gmail.com' })));
    expect(e.kind).toBe('unsupported');
    expect(e.message).toContain('commands need PowerMTA 5.0');
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('refuses a forged SafeCommand before sending', async () => {
    node50();
    const e = await failure(client({ format: 'json' }).command('delete --queue=*/*' as SafeCommand));
    expect(e.kind).toBe('rejected');
    expect(server.requests).toHaveLength(0);
  });
});

describe('getFile', () => {
  const file = 'type,timeLogged\nd,2026-11-26 10:00:00\nd,2026-11-26 10:00:01\n';
  it('sends Range from a byte offset and reports where the chunk starts', async () => {
    server.handle((req, res) => {
      const m = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ''));
      if (!m) return ok(res, 'text/csv', file);
      const start = Number(m[1]);
      if (start >= file.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${file.length}` });
        return res.end();
      }
      res.writeHead(206, { 'Content-Type': 'text/csv', 'Content-Range': `bytes ${start}-${file.length - 1}/${file.length}` });
      res.end(file.slice(start));
    });
    const c = client();
    const whole = await c.getFile('acct-2026-11-26-1000.csv');
    expect(whole).toMatchObject({ status: 200, start: 0, totalSize: file.length });
    expect(whole.body.toString()).toBe(file);
    const tail = await c.getFile('acct-2026-11-26-1000.csv', { fromByte: 16 });
    expect(tail).toMatchObject({ status: 206, start: 16, totalSize: file.length });
    expect(tail.body.toString()).toBe(file.slice(16));
    expect(server.requests.at(-1)!.headers.range).toBe('bytes=16-');
    expect(server.requests.at(-1)!.url).toBe('/getFile?file=acct-2026-11-26-1000.csv');
    expect(await c.getFile('acct-2026-11-26-1000.csv', { fromByte: file.length })).toMatchObject({ status: 416, totalSize: file.length });
  });

  it('refuses file names that are not bare', async () => {
    for (const bad of ['../etc/passwd', 'a/b.csv', '..', '', '.hidden']) {
      expect((await failure(client().getFile(bad))).kind).toBe('rejected');
    }
  });
});

describe('HTTPS', () => {
  let dir = '';
  let tls: { key: string; cert: string } | null = null;
  let secure: TestServer | null = null;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pmta-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          path.join(dir, 'k.pem'),
          '-out',
          path.join(dir, 'c.pem'),
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      tls = { key: readFileSync(path.join(dir, 'k.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'c.pem'), 'utf8') };
      secure = await startTestServer(tls);
      secure.handle((_req, res) => ok(res, 'text/xml', STATUS_50_XML));
    } catch {
      tls = null; // openssl missing: the cases below skip themselves with a reason
    }
  });
  afterAll(async () => {
    await secure?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a self-signed certificate by default (kind tls), accepts it with insecure or ca', async (ctx) => {
    if (!tls || !secure) return ctx.skip('openssl is not available to make a test certificate');
    const strict = createPmtaClient({ url: secure.url, format: 'xml', timeoutMs: 5000 });
    const insecure = createPmtaClient({ url: secure.url, format: 'xml', timeoutMs: 5000, tls: { insecure: true } });
    const pinned = createPmtaClient({ url: secure.url, format: 'xml', timeoutMs: 5000, tls: { ca: tls.cert } });
    clients.push(strict, insecure, pinned);
    const e = await failure(strict.status());
    expect(e.kind).toBe('tls');
    expect((await insecure.status()).hostName).toBe('mta1.example.net');
    expect((await pinned.status()).hostName).toBe('mta1.example.net');
  });

  it('https:// against a plain-HTTP port → kind tls', async () => {
    node50();
    const c = createPmtaClient({ url: server.url.replace('http:', 'https:'), format: 'xml', timeoutMs: 5000 });
    clients.push(c);
    expect((await failure(c.status())).kind).toBe('tls');
  });
});
