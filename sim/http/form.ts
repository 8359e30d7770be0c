// Form bodies for POST /command: multipart/form-data (what curl -F and PowerMTA's docs use)
// and application/x-www-form-urlencoded.

import type { IncomingMessage } from 'node:http';
import { RequestError } from './errors';

const MAX_BODY = 1 << 20;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY) throw new RequestError(413, 'request body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

export function parseForm(contentType: string | undefined, body: Buffer): Map<string, string> {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(contentType ?? '', body);
  if (type.startsWith('application/x-www-form-urlencoded') || type === '') {
    return new Map(new URLSearchParams(body.toString('utf8')));
  }
  throw new RequestError(400, `unsupported content type "${contentType}"`);
}

function parseMultipart(contentType: string, body: Buffer): Map<string, string> {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new RequestError(400, 'multipart body without boundary');
  const out = new Map<string, string>();
  const text = body.toString('latin1'); // byte-preserving; values are re-decoded as UTF-8 below
  const parts = text.split(`--${boundary}`);
  for (const part of parts.slice(1)) {
    if (part.startsWith('--')) break; // closing delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) continue;
    let value = part.slice(headerEnd + 4);
    if (value.endsWith('\r\n')) value = value.slice(0, -2);
    out.set(name, Buffer.from(value, 'latin1').toString('utf8'));
  }
  return out;
}
