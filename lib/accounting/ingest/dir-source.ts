import 'server-only';
// Accounting files in a local (or mounted) directory, e.g. PowerMTA's own log directory or a
// place files are shipped to. Reads are positional, so nothing is held open between polls and a
// file moved or deleted after completion simply drops out of the listing.
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { globToRegExp, type AcctFileInfo, type AcctSource, type ReadResult } from './source';

export function createDirSource(dir: string, pattern: string): AcctSource {
  const re = globToRegExp(pattern);

  async function readAt(name: string, from: number, maxBytes: number): Promise<ReadResult> {
    const fh = await open(path.join(dir, name), 'r');
    try {
      const { size } = await fh.stat();
      const n = Math.max(0, Math.min(maxBytes, size - from));
      const buf = Buffer.allocUnsafe(n);
      let got = 0;
      while (got < n) {
        const { bytesRead } = await fh.read(buf, got, n - got, from + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return { bytes: got === n ? buf : buf.subarray(0, got), size };
    } finally {
      await fh.close();
    }
  }

  return {
    kind: 'dir',
    where: dir,
    async list(): Promise<AcctFileInfo[]> {
      const names = (await readdir(dir)).filter((n) => re.test(n));
      const out: AcctFileInfo[] = [];
      for (const name of names) {
        try {
          const st = await stat(path.join(dir, name));
          if (st.isFile()) out.push({ name, size: st.size });
        } catch (e) {
          // Moved or deleted between readdir and stat: it is simply no longer there.
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
      return out;
    },
    read: (name, from, maxBytes) => readAt(name, from, maxBytes),
    async head(name, n) {
      try {
        const r = await readAt(name, 0, n);
        return r.bytes;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
  };
}
