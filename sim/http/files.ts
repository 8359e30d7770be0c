// /logs and /getFile: the files of the node's log directory (accounting files of every file
// set, plus whatever else lies there, like a real node's pmta.log or a diag.csv), with
// `Range: bytes=S-E` so followers fetch bounded chunks of what is new. Reads are positional:
// a multi-gigabyte (even sparse) file is never loaded whole. Names are bare; only listed
// names are served.

import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fmtMonitor } from '../core/time';
import type { SimModel } from '../model/model';
import { RequestError } from './errors';
import type { Tree } from './tree';

/** Largest reply body the simulator sends; a larger range is cut (as a 206 says). */
const MAX_CHUNK = 64 << 20;

function listed(m: SimModel): { name: string; type: string; size: number; time: number }[] {
  const acct = new Map(m.acct.files().map((f) => [f.name, f]));
  const out: { name: string; type: string; size: number; time: number }[] = [];
  for (const name of readdirSync(m.acct.dir).sort()) {
    const a = acct.get(name);
    if (a) {
      out.push({ name, type: 'acct', size: a.size, time: a.time });
      continue;
    }
    try {
      const st = statSync(path.join(m.acct.dir, name));
      if (st.isFile()) out.push({ name, type: name.endsWith('.log') ? 'log' : 'other', size: st.size, time: st.mtimeMs });
    } catch {
      // gone between readdir and stat
    }
  }
  return out;
}

export function logsTree(m: SimModel): Tree {
  return { file: listed(m).map((f) => ({ name: f.name, type: f.type, size: f.size, time: fmtMonitor(m.local(f.time)) })) };
}

export function serveFile(m: SimModel, params: URLSearchParams, range: string | undefined, res: ServerResponse): void {
  const name = params.get('file') ?? '';
  if (name === '') throw new RequestError(400, 'missing parameter "file"');
  if (name.includes('/') || name.includes('\\') || name.includes('..') || name.includes('\0')) {
    throw new RequestError(400, `invalid file name "${name}"`);
  }
  m.acct.flush();
  if (!listed(m).some((f) => f.name === name)) throw new RequestError(404, `no such file: ${name}`);
  let fd: number;
  try {
    fd = openSync(path.join(m.acct.dir, name), 'r');
  } catch {
    throw new RequestError(404, `no such file: ${name}`);
  }
  try {
    const size = fstatSync(fd).size;
    const headers = { 'Content-Type': 'text/csv; charset=utf-8', 'Accept-Ranges': 'bytes' };
    let start = 0;
    let end = size - 1;
    let status = 200;
    if (range !== undefined) {
      const r = /^bytes=(\d+)-(\d*)$/.exec(range.trim());
      if (!r) throw new RequestError(400, `unsupported Range "${range}"`);
      start = Number(r[1]);
      end = r[2] ? Math.min(Number(r[2]), size - 1) : size - 1;
      if (start >= size || end < start) {
        res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
        res.end();
        return;
      }
      status = 206;
    }
    if (end - start + 1 > MAX_CHUNK) {
      if (status === 200) throw new RequestError(413, `file is ${size} bytes: ask for a Range`);
      end = start + MAX_CHUNK - 1;
    }
    const body = Buffer.allocUnsafe(end - start + 1);
    let got = 0;
    while (got < body.length) {
      const n = readSync(fd, body, got, body.length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    const out = body.subarray(0, got);
    if (status === 200) res.writeHead(200, { ...headers, 'Content-Length': out.length });
    else res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${start + out.length - 1}/${size}`, 'Content-Length': out.length });
    res.end(out);
  } finally {
    closeSync(fd);
  }
}
