// Backoff episodes: a provider starts refusing a queue (rate limit, block list, timeouts,
// DNS failure). Every attempt while it lasts fails with the provider's reply, writes a `tq`
// row and pushes the retry out; the first puts the queue in backoff. When the refusal ends,
// the queue delivers slowly in backoff until backoff-to-normal-after (or, when configured,
// backoff-to-normal-after-delivery) returns it to normal (delivery.ts).

import { pick, randInt } from '../core/prng';
import { DOMAINS, VMTAS } from './catalog';
import type { SimModel } from './model';
import { queueMatcher, setMode, type SimQueue } from './queue';
import { queueFailureRecord } from './records';
import { EPISODE_KINDS, episodeReply, type EpisodeKind } from './replies';

/** backoff-retry-after, shortened from PowerMTA's 1h default so demos show recovery. */
export const BACKOFF_RETRY_MS = 5 * 60_000;
/** reenable-after for a source IP disabled by a block-list reply. */
export const REENABLE_AFTER_MS = 60 * 60_000;

export function isEpisodeKind(s: string): s is EpisodeKind {
  return (EPISODE_KINDS as readonly string[]).includes(s);
}

/** Starts an episode on every queue matching `pattern`; returns how many queues it hit. */
export function startEpisode(m: SimModel, pattern: string, kind: EpisodeKind, seconds: number): number {
  const match = queueMatcher(pattern);
  let hit = 0;
  const iso = new Date(m.now).toISOString();
  for (const q of m.queues) {
    if (!match(q)) continue;
    hit++;
    const r = episodeReply(kind, q.domain, q.vmta.ip, m.rng, iso);
    q.refusal = { kind, until: m.now + Math.max(1, seconds) * 1000, text: r.text, status: r.status, reason: r.reason };
    if (r.disableSource && !q.disabledSources.some((s) => s.ip === q.vmta.ip)) {
      q.disabledSources.push({ ip: q.vmta.ip, until: m.now + REENABLE_AFTER_MS });
    }
    // The reply arrives on the queue's current connection attempt, paused or not.
    refuse(m, q);
    if (r.disableSource) q.errors.push({ time: m.now, text: `All SMTP sources for queue ${q.name} are now disabled.` });
  }
  return hit;
}

/** One failed attempt against an active refusal. */
export function refuse(m: SimModel, q: SimQueue): void {
  const r = q.refusal;
  if (!r) return;
  q.conn = 0;
  q.errors.push({ time: m.now, text: r.text });
  m.acct.write(queueFailureRecord(q, m.now, r.status, r.text), m.now);
  m.counts.tq += 1;
  if (q.mode !== 'backoff') setMode(q, 'backoff', m.now, `backoff mode entered: ${r.reason}`);
  q.backoffReason = r.reason;
  q.backoffDeliveries = 0;
  q.retryAt = m.now + BACKOFF_RETRY_MS;
}

/** Free-running nodes get an occasional episode, seeded like everything else. */
export function maybeRandomEpisode(m: SimModel, dt: number): void {
  const rng = m.rng;
  if (rng() >= (m.episodesPerHour / 3600) * dt) return;
  const kind = pick(rng, ['gmail', 'gmail', 'yahoo', 'outlook', 'outlook', 'timeout', 'dns'] as const);
  const vmta = pick(rng, VMTAS).name;
  const target =
    kind === 'gmail'
      ? `gmail.com/${vmta}`
      : kind === 'yahoo'
        ? `yahoo.com/${vmta}`
        : kind === 'outlook'
          ? `${pick(rng, ['hotmail.com', 'outlook.com'])}/${vmta}`
          : `${
              pick(
                rng,
                DOMAINS.filter((d) => d.provider === 'corp'),
              ).name
            }/*`;
  startEpisode(m, target, kind, randInt(rng, 3, 20) * 60);
}
