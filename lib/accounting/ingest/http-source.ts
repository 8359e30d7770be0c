import 'server-only';
// Accounting files fetched from the node itself: /logs lists them, /getFile with
// `Range: bytes=S-E` returns one bounded chunk (a few MiB), so a multi-gigabyte current file is
// read piece by piece and never has to fit the client's maxBytes. Files are chosen by name
// pattern only: /logs' `type` column is not documented per file set (an install writing
// acct-bd-*.csv and acct-t-*.csv, guide §11.3.1, or a diag.csv), so nothing is dropped by
// guessing; what the listing had and was not taken is reported with the reason.
// A node that ignores Range sends the whole file (200), which is sliced (and fails with
// "too large" past maxBytes: then the node needs Range support). Needs monitor access without
// `deny-logs`.
import type { PmtaClient } from '@/lib/pmta/client';
import { boundListing, globToRegExp, MAX_NAME_LENGTH, MAX_SKIPPED_REPORTED, type AcctFileInfo, type AcctSource, type SkippedFile } from './source';

export function createHttpSource(client: PmtaClient, pattern: string): AcctSource {
  const re = globToRegExp(pattern);
  let skipped: SkippedFile[] = [];
  let skippedTotal = 0;
  return {
    kind: 'http',
    where: client.url,
    async list(signal) {
      const files = await client.logs(signal);
      // The listing is the node's word: bounded in count and name length like a directory's.
      const kept: AcctFileInfo[] = [];
      const next: SkippedFile[] = [];
      for (const f of files) {
        if (re.test(f.name)) kept.push({ name: f.name, size: typeof f.size === 'number' && f.size >= 0 ? f.size : null });
        else next.push({ name: f.name.length > MAX_NAME_LENGTH ? `${f.name.slice(0, 64)}…` : f.name, reason: 'no-pattern-match' });
      }
      const bounded = boundListing(kept, next);
      skipped = next.slice(0, MAX_SKIPPED_REPORTED);
      skippedTotal = next.length;
      return bounded;
    },
    skipped: () => skipped,
    skippedTotal: () => skippedTotal,
    async read(name, from, maxBytes, signal) {
      const c = await client.getFile(name, { fromByte: from, toByte: from + Math.max(1, maxBytes) - 1, signal });
      if (c.status === 416) return { bytes: Buffer.alloc(0), size: c.totalSize };
      const skip = Math.max(0, from - c.start);
      return { bytes: c.body.subarray(skip, skip + maxBytes), size: c.totalSize };
    },
    async head(name, n) {
      const c = await client.getFile(name, { fromByte: 0, toByte: Math.max(1, n) - 1 });
      return c.status === 416 ? Buffer.alloc(0) : c.body.subarray(0, n);
    },
  };
}
