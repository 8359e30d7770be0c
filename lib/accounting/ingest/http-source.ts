import 'server-only';
// Accounting files fetched from the node itself: /logs lists them, /getFile with
// `Range: bytes=<offset>-` returns only what was not read yet (a node that ignores Range sends
// the whole file, which we slice). Needs monitor access without `deny-logs`.
import type { PmtaClient } from '@/lib/pmta/client';
import { boundListing, globToRegExp, MAX_SKIPPED_REPORTED, type AcctSource, type SkippedFile } from './source';

export function createHttpSource(client: PmtaClient, pattern: string): AcctSource {
  const re = globToRegExp(pattern);
  let skipped: SkippedFile[] = [];
  return {
    kind: 'http',
    where: client.url,
    async list(signal) {
      const files = await client.logs(signal);
      // /logs also lists PowerMTA's own logs; only accounting files are ours. The listing is
      // the node's word: bounded in count and name length like a directory's.
      const next: SkippedFile[] = [];
      const kept = boundListing(
        files
          .filter((f) => re.test(f.name) && (f.type == null || /acct/i.test(String(f.type))))
          .map((f) => ({ name: f.name, size: typeof f.size === 'number' && f.size >= 0 ? f.size : null })),
        next,
      );
      skipped = next.slice(0, MAX_SKIPPED_REPORTED);
      return kept;
    },
    skipped: () => skipped,
    async read(name, from, _maxBytes, signal) {
      const c = await client.getFile(name, { fromByte: from, signal });
      if (c.status === 416) return { bytes: Buffer.alloc(0), size: c.totalSize };
      const skip = Math.max(0, from - c.start);
      return { bytes: skip > 0 ? c.body.subarray(skip) : c.body, size: c.totalSize };
    },
  };
}
