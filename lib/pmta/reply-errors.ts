import 'server-only';
// A non-2xx reply → the right error. PowerMTA answers request errors (bad parameter, unknown
// queue) with 400/404 plus its error envelope; those become `upstream` (the node is fine).
// Anything else, a proxy page, a redirect, a 5xx, becomes `http` (or `forbidden` for 403).
import { PmtaError, PmtaHttpError, PmtaUpstreamError } from './errors';
import type { HttpReply } from './http-request';
import { parseJsonDocument, unwrapJsonEnvelope } from './json';
import { parseXmlDocument, unwrapXmlEnvelope } from './xml';

export function snippet(text: string, max = 300): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** First non-blank character, without copying a large body. */
export function firstChar(body: Buffer): string {
  for (let i = 0; i < body.length && i < 4096; i++) {
    const c = body[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xef && c !== 0xbb && c !== 0xbf) return String.fromCharCode(c);
  }
  return '';
}

/** The upstream error text, if the body is a PowerMTA error envelope (JSON or XML). */
function envelopeError(text: string): PmtaUpstreamError | null {
  try {
    const t = text.trimStart();
    if (t.startsWith('{')) unwrapJsonEnvelope(parseJsonDocument(t));
    else if (t.startsWith('<')) unwrapXmlEnvelope(parseXmlDocument(t));
  } catch (e) {
    if (e instanceof PmtaUpstreamError) return e;
  }
  return null;
}

export function errorForStatus(reply: HttpReply, text: string, what: string): PmtaError {
  const { status } = reply;
  if (status === 403) {
    return new PmtaHttpError(
      403,
      `${what}: forbidden (${snippet(text, 80) || 'no text'}); allow this host in http-access or set the node's API key`,
      snippet(text),
    );
  }
  if (status >= 300 && status < 400) {
    const loc = reply.headers.location ?? '?';
    return new PmtaHttpError(status, `${what}: HTTP ${status} redirect to ${loc} (PowerMTA 5.0 redirects HTTP to HTTPS; use that URL)`, snippet(text));
  }
  const upstream = envelopeError(text);
  if (upstream) return new PmtaUpstreamError(upstream.upstreamText, status);
  return new PmtaHttpError(status, `${what}: HTTP ${status}${text ? `: ${snippet(text, 120)}` : ''}`, snippet(text));
}
