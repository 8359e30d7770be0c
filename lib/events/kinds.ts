// What GET /api/events can announce (plain TypeScript, no zod: the browser's subscriber,
// lib/query/change-feed.ts, imports it too). Each kind names a set of query keys
// (lib/query/keys.ts: changeKeys).
export const CHANGE_KINDS = ['fleet', 'history', 'alerts', 'audit', 'status'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeEvent {
  kind: ChangeKind;
  version: string;
}

/** SSE event name of every change (`event: change`); heartbeats are comments. */
export const CHANGE_EVENT = 'change';

/** An event's `data:` line → the event, or null for anything else (never trusted blindly). */
export function parseChangeEvent(data: string): ChangeEvent | null {
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { kind, version } = v as Record<string, unknown>;
  if (typeof version !== 'string' || version.length > 200) return null;
  return (CHANGE_KINDS as readonly unknown[]).includes(kind) ? { kind: kind as ChangeKind, version } : null;
}
