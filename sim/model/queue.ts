// One PowerMTA queue: (destination domain or rollup) × vMTA. Recipients are held as counts
// (plus per-job counts so /jobs adds up), not as individual messages, so 100k queues stay cheap.

import { Ring } from '../core/ring';
import type { DomainProfile, Vmta } from './catalog';
import type { EpisodeKind } from './replies';

export type QueueMode = 'normal' | 'backoff';

export interface ErrorEvent {
  time: number;
  text: string;
}
export interface ModeEvent {
  time: number;
  mode: QueueMode;
  text: string;
}
export interface RecipientEvent {
  type: 'delivered' | 'deferred' | 'bounced';
  time: number;
  rcpt: string;
  sourceIp: string;
  remoteMta: string;
  diag: string;
}
export interface DisabledSource {
  ip: string;
  until: number;
}

/** A remote condition (rate limit, block, timeout, DNS failure) that refuses the queue until `until`. */
export interface RemoteRefusal {
  kind: EpisodeKind;
  until: number;
  text: string;
  status: string;
  reason: string;
}

export interface SimQueue {
  readonly name: string;
  readonly domain: DomainProfile;
  readonly vmta: Vmta;
  rcp: number;
  kb: number;
  conn: number;
  paused: boolean;
  mode: QueueMode;
  /** Next delivery attempt (epoch ms); shown as retryTime. */
  retryAt: number;
  backoffReason: string | null;
  /** Deliveries since the last backoff started; backoff-to-normal-after-delivery counts these. */
  backoffDeliveries: number;
  refusal: RemoteRefusal | null;
  errors: Ring<ErrorEvent>;
  modeEvents: Ring<ModeEvent>;
  recipientEvents: Ring<RecipientEvent>;
  disabledSources: DisabledSource[];
  /** Queued recipients per job id. */
  jobs: Map<string, number>;
}

export function newQueue(domain: DomainProfile, vmta: Vmta, now: number): SimQueue {
  return {
    name: `${domain.name}/${vmta.name}`,
    domain,
    vmta,
    rcp: 0,
    kb: 0,
    conn: 0,
    paused: false,
    mode: 'normal',
    retryAt: now,
    backoffReason: null,
    backoffDeliveries: 0,
    refusal: null,
    errors: new Ring(10),
    modeEvents: new Ring(10),
    recipientEvents: new Ring(50),
    disabledSources: [],
    jobs: new Map(),
  };
}

export function setMode(q: SimQueue, mode: QueueMode, now: number, text: string): void {
  if (q.mode === mode) return;
  q.mode = mode;
  q.modeEvents.push({ time: now, mode, text });
  if (mode === 'normal') q.backoffReason = null;
  q.backoffDeliveries = 0;
}

/**
 * Queue pattern `domain[/vmta]` with `*` wildcards anywhere (PowerMTA documents them on
 * either side); an omitted vMTA means every vMTA. Case-insensitive like domain names.
 */
export function queueMatcher(pattern: string): (q: { domain: { name: string }; vmta: { name: string } }) => boolean {
  const slash = pattern.indexOf('/');
  const domainPart = slash < 0 ? pattern : pattern.slice(0, slash);
  const vmtaPart = slash < 0 ? '*' : pattern.slice(slash + 1);
  const d = globRegex(domainPart);
  const v = globRegex(vmtaPart);
  return (q) => d.test(q.domain.name) && v.test(q.vmta.name);
}

export function globRegex(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * Characters a queue pattern may hold; anything else (`;`, quotes, spaces…) is refused. Domains
 * may be Unicode IDNs (guide §11.2.5 prints `bücher.de/vmta29`); a vMTA may be a reserved name
 * in braces such as `{default}` (guide §3.3.11.5).
 */
export const QUEUE_PATTERN = /^[\p{L}\p{M}\p{N}*._-]+(\/(?:[A-Za-z0-9*._-]+|\{[A-Za-z][A-Za-z0-9]*\}))?$/u;
