// Writing replies in the three formats, and format negotiation per version.

import type { ServerResponse } from 'node:http';
import { htmlPage } from './html';
import type { PmtaVersion } from './status-view';
import { jsonEnvelope, jsonError, xmlEnvelope, xmlError, type Tree } from './tree';

export type Format = 'xml' | 'json' | 'html';

/** 4.5 has no JSON: like any unknown `format`, it gets the page for people. */
export function resolveFormat(raw: string | null, version: PmtaVersion): Format {
  const f = (raw ?? '').toLowerCase();
  if (f === 'xml') return 'xml';
  if (f === 'json' && version === '5.0') return 'json';
  return 'html';
}

export function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

export function sendData(res: ServerResponse, format: Format, title: string, data: Tree, productLine: string, message = ''): void {
  if (format === 'xml') send(res, 200, 'text/xml; charset=utf-8', xmlEnvelope(data));
  else if (format === 'json') send(res, 200, 'application/json; charset=utf-8', jsonEnvelope(data, message));
  else send(res, 200, 'text/html; charset=utf-8', htmlPage(title, data, productLine));
}

export function sendError(res: ServerResponse, format: Format, status: number, message: string): void {
  if (format === 'xml') send(res, status, 'text/xml; charset=utf-8', xmlError(message));
  else if (format === 'json') send(res, status, 'application/json; charset=utf-8', jsonError(message));
  else send(res, status, 'text/plain; charset=utf-8', `${message}\n`);
}

export function sendForbidden(res: ServerResponse): void {
  send(res, 403, 'text/plain; charset=utf-8', 'forbidden');
}
