// Simulator control (not PowerMTA): /_sim/backoff, /_sim/stall, /_sim/advance, /_sim/restart, /_sim/state.
// Only loopback clients get answers; nothing here consults http-access or API keys.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEpisodeKind } from '../model/episodes';
import { isLoopback } from './auth';
import { send, sendForbidden } from './respond';

export interface SimControl {
  startBackoff(pattern: string, provider: string, seconds: number): number;
  setStall(ms: number): void;
  advance(seconds: number): void;
  state(): unknown;
  /** A PowerMTA restart: new startupTime, run-time pauses and disabled sources forgotten. */
  restart(): void;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function num(params: URLSearchParams, name: string, fallback?: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') {
    if (fallback !== undefined) return fallback;
    throw new Error(`missing parameter "${name}"`);
  }
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`invalid "${name}": ${raw}`);
  return n;
}

export function handleControl(c: SimControl, req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (!isLoopback(req.socket.remoteAddress ?? '')) return sendForbidden(res);
  const p = url.searchParams;
  const action = url.pathname.slice('/_sim/'.length);
  try {
    if (action === 'state') {
      if (req.method !== 'GET') return json(res, 405, { ok: false, error: 'use GET' });
      return json(res, 200, c.state());
    }
    if (!['backoff', 'stall', 'advance', 'restart'].includes(action)) return json(res, 404, { ok: false, error: `unknown control ${url.pathname}` });
    if (req.method !== 'POST') return json(res, 405, { ok: false, error: 'use POST' });
    if (action === 'backoff') {
      const provider = p.get('provider') ?? 'gmail';
      if (!isEpisodeKind(provider)) throw new Error(`unknown provider "${provider}" (gmail|yahoo|outlook|timeout|dns)`);
      const queues = c.startBackoff(p.get('queue') ?? '', provider, num(p, 'seconds', 600));
      return json(res, 200, { ok: true, queues });
    }
    if (action === 'stall') {
      c.setStall(num(p, 'ms'));
      return json(res, 200, { ok: true });
    }
    if (action === 'restart') {
      c.restart();
      return json(res, 200, { ok: true });
    }
    c.advance(num(p, 'seconds'));
    return json(res, 200, { ok: true });
  } catch (e) {
    return json(res, 400, { ok: false, error: (e as Error).message });
  }
}
