import 'server-only';
// Rotation by rename (`acct.csv` → `acct-2026-11-26-1000.csv`, then a fresh `acct.csv`) must not
// make the renamed file look new: it would be read again from byte 0 and counted twice. A file
// is recognised by its first bytes (the hash stored with each resume point), not by its name,
// so a renamed, moved-in or copied file carries on from the offset already counted.
import { createHash } from 'node:crypto';
import type { FileProgress } from '@/lib/accounting/store/writer';
import type { AcctFileInfo, AcctSource } from './source';

export function hashHead(b: Buffer): string {
  return createHash('sha1').update(b).digest('hex');
}

/** For listed files with no resume point: the resume point of a known file with the same head. */
export async function findRenamed(files: AcctFileInfo[], progress: Map<string, FileProgress>, source: AcctSource): Promise<[string, FileProgress][]> {
  const fresh = files.filter((f) => !progress.has(f.name) && (f.size ?? 1) > 0);
  if (!source.head || fresh.length === 0) return [];
  const byHead = new Map<string, FileProgress>();
  const lens = new Set<number>();
  for (const p of progress.values()) {
    if (p.headLen <= 0 || !p.headHash) continue;
    byHead.set(`${p.headLen}:${p.headHash}`, p);
    lens.add(p.headLen);
  }
  const out: [string, FileProgress][] = [];
  for (const f of fresh) {
    // One read per distinct head length (almost always just the full 4 KiB).
    for (const len of [...lens].sort((a, b) => b - a)) {
      if (f.size !== null && f.size < len) continue;
      const head = await source.head(f.name, len);
      if (!head || head.length < len) continue;
      const p = byHead.get(`${len}:${hashHead(head)}`);
      if (p) {
        out.push([f.name, p]);
        break;
      }
    }
  }
  return out;
}
