import 'server-only';
// Accounting files in a local (or mounted) directory, e.g. PowerMTA's own log directory or a
// place files are shipped to. Reads are positional, so nothing is held open between polls and a
// file moved or deleted after completion simply drops out of the listing.
//
// Only regular files whose real path stays inside the directory are followed: a symlink to the
// session secret or the config (or a FIFO, socket or directory with a matching name) would
// otherwise be read and its lines shown as "malformed samples". Such names are skipped and
// reported with the reason; a read re-checks the file it opened (no symlink as the last path
// component, regular file), so swapping a file for a link after the listing does not help.
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { boundListing, globToRegExp, MAX_SKIPPED_REPORTED, type AcctFileInfo, type AcctSource, type ReadResult, type SkippedFile } from './source';

/** O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: the opened name is no link. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

class NotFollowedError extends Error {
  readonly code = 'ENOENT'; // to the follower, a file we will not read is a file that is gone
}

export function createDirSource(dir: string, pattern: string): AcctSource {
  const re = globToRegExp(pattern);
  /** Listed name → the real path it resolved to inside the directory. */
  let resolved = new Map<string, string>();
  let skipped: SkippedFile[] = [];
  let skippedTotal = 0;

  function inside(root: string, p: string): boolean {
    const rel = path.relative(root, p);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  }

  /** The real path of a listed name if it may be followed, else why not. */
  async function check(root: string, name: string): Promise<{ real: string; size: number } | SkippedFile['reason']> {
    const p = path.join(dir, name);
    const l = await lstat(p);
    if (l.isFile()) return { real: path.join(root, name), size: l.size };
    if (!l.isSymbolicLink()) return 'not-a-regular-file';
    const real = await realpath(p);
    if (!inside(root, real)) return 'symlink-outside';
    const t = await stat(real);
    return t.isFile() ? { real, size: t.size } : 'not-a-regular-file';
  }

  async function readAt(name: string, from: number, maxBytes: number): Promise<ReadResult> {
    const real = resolved.get(name);
    if (!real) throw new NotFollowedError(`${name} is not a followed accounting file`);
    let fh;
    try {
      fh = await open(real, OPEN_FLAGS);
    } catch (e) {
      // The name became a symlink after the listing (O_NOFOLLOW).
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new NotFollowedError(`${name} became a symlink`);
      throw e;
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new NotFollowedError(`${name} is no longer a regular file`);
      const size = st.size;
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
      const root = await realpath(dir);
      const names = (await readdir(dir)).filter((n) => re.test(n));
      const out: AcctFileInfo[] = [];
      const nextResolved = new Map<string, string>();
      const nextSkipped: SkippedFile[] = [];
      for (const name of names) {
        try {
          const c = await check(root, name);
          if (typeof c === 'string') nextSkipped.push({ name, reason: c });
          else {
            out.push({ name, size: c.size });
            nextResolved.set(name, c.real);
          }
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          // Moved or deleted between readdir and stat: it is simply no longer there.
          if (code === 'ENOENT') continue;
          if (code === 'EACCES' || code === 'ELOOP') nextSkipped.push({ name, reason: 'unreadable' });
          else throw e;
        }
      }
      const kept = boundListing(out, nextSkipped);
      resolved = new Map(kept.map((f) => [f.name, nextResolved.get(f.name) as string]));
      skipped = nextSkipped.slice(0, MAX_SKIPPED_REPORTED);
      skippedTotal = nextSkipped.length;
      return kept;
    },
    skipped: () => skipped,
    skippedTotal: () => skippedTotal,
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
