// Shared by the simulator's tests: a tiny HTTP(S) client (accepts the self-signed cert)
// and XML parsing with the same library the console uses.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function req(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // A connection per request (agent: false): Node 20's global agent keeps sockets alive, and
    // on a loaded machine a test that parses a 17 MB reply for longer than the server's 5 s
    // keep-alive timeout would send its next request into a socket the server is closing
    // (ECONNRESET) — a race of the test client, not behaviour of the simulator.
    const r = send(u, { method: init.method ?? 'GET', headers: init.headers, rejectUnauthorized: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(init.body);
  });
}

export function multipart(fields: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = '----simtest7f3a9c';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POST /command as curl -F would send it. */
export function postCommand(base: string, command: string, opts: { format?: string; apiKey?: string } = {}): Promise<Reply> {
  const { body, contentType } = multipart({ command, format: opts.format ?? 'json' });
  const headers: Record<string, string> = { 'Content-Type': contentType };
  if (opts.apiKey) headers['X-API-Key'] = opts.apiKey;
  return req(`${base}/command`, { method: 'POST', headers, body });
}

const LISTS = ['queue', 'event', 'error', 'job', 'file', 'source'];
const parser = new XMLParser({
  parseTagValue: false,
  // `domain`/`vmta` are lists under data but leaves inside queueDetail's queue.
  isArray: (name, jpath) => LISTS.includes(name) || String(jpath) === 'rsp.data.domain' || String(jpath) === 'rsp.data.vmta',
});

/** Parses a monitor XML reply after checking it is one line of well-formed XML. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parseXml(body: string): any {
  if (body.includes('\n')) throw new Error('XML reply is not one line');
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new Error(`invalid XML: ${JSON.stringify(valid)}`);
  return parser.parse(body);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function getXml(url: string, headers?: Record<string, string>): Promise<any> {
  const r = await req(url, { headers });
  if (r.status !== 200) throw new Error(`${url}: HTTP ${r.status} ${r.body}`);
  return parseXml(r.body).rsp;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function getJson(url: string, headers?: Record<string, string>): Promise<any> {
  const r = await req(url, { headers });
  if (r.status !== 200) throw new Error(`${url}: HTTP ${r.status} ${r.body}`);
  return JSON.parse(r.body);
}

export const START = '2026-11-26T10:00:00Z';
