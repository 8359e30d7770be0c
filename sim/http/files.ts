// /logs and /getFile: the accounting files, with `Range: bytes=N-` so followers fetch only
// what is new. Names are bare; anything that could leave the directory is refused.

import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { ACCT_FILE_RE } from '../acct/writer';
import { fmtMonitor } from '../core/time';
import type { SimModel } from '../model/model';
import { RequestError } from './errors';
import type { Tree } from './tree';

export function logsTree(m: SimModel): Tree {
  return { file: m.acct.files().map((f) => ({ name: f.name, type: 'acct', size: f.size, time: fmtMonitor(m.local(f.time)) })) };
}

export function serveFile(m: SimModel, params: URLSearchParams, range: string | undefined, res: ServerResponse): void {
  const name = params.get('file') ?? '';
  if (name === '') throw new RequestError(400, 'missing parameter "file"');
  if (name.includes('/') || name.includes('\\') || name.includes('..') || name.includes('\0')) {
    throw new RequestError(400, `invalid file name "${name}"`);
  }
  if (!ACCT_FILE_RE.test(name)) throw new RequestError(404, `no such file: ${name}`);
  m.acct.flush();
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(m.acct.dir, name));
  } catch {
    throw new RequestError(404, `no such file: ${name}`);
  }
  const size = bytes.length;
  const headers = { 'Content-Type': 'text/csv; charset=utf-8', 'Accept-Ranges': 'bytes' };
  if (range === undefined) {
    res.writeHead(200, { ...headers, 'Content-Length': size });
    res.end(bytes);
    return;
  }
  const r = /^bytes=(\d+)-(\d*)$/.exec(range.trim());
  if (!r) throw new RequestError(400, `unsupported Range "${range}"`);
  const start = Number(r[1]);
  const end = r[2] ? Math.min(Number(r[2]), size - 1) : size - 1;
  if (start >= size || end < start) {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
    res.end();
    return;
  }
  res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
  res.end(bytes.subarray(start, end + 1));
}
