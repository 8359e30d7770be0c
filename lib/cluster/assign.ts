import 'server-only';
// Which replica should hold which lease, computed the same way by every replica from the same
// list of live replica ids (no coordination beyond the table of replicas): rendezvous hashing
// ranks the replicas per key, so a key moves only when its replica leaves or a better-ranked
// one joins; node polls are additionally capped at ceil(nodes / replicas) per replica, so a
// join takes its share from the others.
import { createHash } from 'node:crypto';

/** The key's rank for a replica: the first 48 bits of a SHA-256 (exact as a number). */
export function rendezvousScore(key: string, replica: string): number {
  return createHash('sha256').update(key).update('\u0000').update(replica).digest().readUIntBE(0, 6);
}

function ranked(key: string, replicas: readonly string[]): string[] {
  return [...replicas].sort((a, b) => rendezvousScore(key, b) - rendezvousScore(key, a) || (a < b ? -1 : 1));
}

/** The replica ranked first for `key` (tasks: no cap, one holder). */
export function rendezvousOwner(key: string, replicas: readonly string[]): string | null {
  return ranked(key, replicas)[0] ?? null;
}

/**
 * Node → replica, at most ceil(nodes / replicas) each. Nodes stay with their current live
 * owner while it is under the cap (so a replica's death moves only its own nodes, and a join
 * takes only the surplus); the rest go by score: every (node, replica) pair, best first,
 * taken while the node is unassigned and the replica under its cap.
 */
export function assignBalanced(keys: readonly string[], replicas: readonly string[], current: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const out = new Map<string, string>();
  if (!replicas.length) return out;
  const cap = Math.ceil(keys.length / replicas.length);
  const live = new Set(replicas);
  const pairs: { key: string; replica: string; score: number }[] = [];
  for (const key of keys) for (const replica of replicas) pairs.push({ key, replica, score: rendezvousScore(key, replica) });
  pairs.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.replica < b.replica ? -1 : 1));
  const load = new Map<string, number>();
  const take = (key: string, replica: string) => {
    if (out.has(key) || (load.get(replica) ?? 0) >= cap) return;
    out.set(key, replica);
    load.set(replica, (load.get(replica) ?? 0) + 1);
  };
  for (const p of pairs) if (live.has(current.get(p.key) ?? '') && current.get(p.key) === p.replica) take(p.key, p.replica);
  for (const p of pairs) take(p.key, p.replica);
  return out;
}
