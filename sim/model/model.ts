// One simulated PowerMTA node: its queues, traffic counters, connections and accounting.
// Time is simulated: `advance(seconds)` runs the world forward in small steps; nothing here
// reads the real clock, so a seed and a start time replay exactly.

import { AcctSinks } from '../acct/sinks';
import type { WebhookOptions } from '../acct/webhook';
import type { AcctFileSet } from '../acct/writer';
import { countFor, mulberry32, randInt, weightedPicker, type Rng } from '../core/prng';
import { TrafficCounters } from '../core/rolling';
import { DEFAULT_VMTA, DEFAULT_VMTA_DOMAINS, DOMAINS, JOBS, VMTAS, scaleDomain, type DomainProfile, type Job } from './catalog';
import { emptyCounts, type SimCounts } from './counts';
import { stepQueue } from './delivery';
import { maybeRandomEpisode } from './episodes';
import { newQueue, type SimQueue } from './queue';

/** `/queues` list filters (sim/http/filters.ts) a simulated node can be told to ignore. */
export type QueueFilterParam = 'mode' | 'paused' | 'maxitems';

export interface SimModelOptions {
  seed: number;
  /** Epoch ms of the simulated start. */
  startTime: number;
  acctDir: string;
  acctRotateMinutes: number;
  /** Accounting files with their record sets (default one `acct-*.csv` with every type). */
  acctFiles?: readonly AcctFileSet[];
  /** Push records to an HTTP endpoint too (`http-webhook-url`). */
  acctWebhook?: WebhookOptions;
  /** Scale mode: build this many queues (catalogue queues first, then `tail-NNNNNN.example`). */
  scaleQueues?: number;
  /** Recipients injected per simulated second. */
  injectRate: number;
  /** Random backoff episodes (about two per simulated hour). */
  randomEpisodes: boolean;
  /** Average random backoff episodes per simulated hour (default 2). */
  episodesPerHour?: number;
  /** Also queue some domains on `{default}` (mail injected without x-virtual-mta). Default false. */
  defaultVmtaQueues?: boolean;
  /** The node's local time is UTC + this many minutes (a zone, or any skew). Default 0. */
  tzOffsetMinutes?: number;
  /** backoff-to-normal-after-delivery (guide §3.3.10.45): default false, like PowerMTA. */
  backoffToNormalAfterDelivery?: boolean;
  /** track-recipient-events (guide §3.3.10.16): default false, like PowerMTA. */
  trackRecipientEvents?: boolean;
  /**
   * backoff-to-normal-after (guide §3.3.10.44) in simulated minutes. PowerMTA's default is
   * never; the simulated install sets 30 (the guide's example sets 6h) so demos recover.
   * 0 = never.
   */
  backoffToNormalAfterMinutes?: number;
  /** `/queues` and `/domains` honour only `maxItems` and list errors only with `errors=`. */
  strictParams?: boolean;
  /**
   * `/queues` filters this node does not know and ignores (a version whose HTTP API lacks
   * them): what the console's adaptive polling must notice (lib/queue-store/queue-merge.ts).
   */
  ignoredQueueFilters?: readonly QueueFilterParam[];
  /** Days from the start until the licence expires (`show license`). Default 365. */
  licenseDays?: number;
}

/** Commands kept for white-box assertions (what arrived at the node, in order). */
const COMMAND_LOG = 200;

export interface ConnStat {
  cur: number;
  max: number;
  top: number;
}

export class SimModel {
  now: number;
  /** Epoch ms the node (re)started: `startupTime` in /status; a simulated restart moves it. */
  startedAt: number;
  /** Jobs paused with `pause job` (their recipients are not delivered). */
  readonly pausedJobs = new Set<string>();
  /** `show license` expiry (epoch ms). */
  licenseExpiresAt: number;
  readonly rng: Rng;
  readonly queues: SimQueue[] = [];
  readonly byName = new Map<string, SimQueue>();
  readonly traffic = new TrafficCounters();
  readonly counts: SimCounts = emptyCounts();
  readonly acct: AcctSinks;
  readonly connIn: ConnStat = { cur: 0, max: 1000, top: 0 };
  readonly connOut: ConnStat = { cur: 0, max: 2000, top: 0 };
  readonly jobs: readonly Job[] = JOBS;
  randomEpisodes: boolean;
  readonly episodesPerHour: number;
  injectRate: number;
  /** Added to epoch ms to get the node's local wall clock, which monitor replies print. */
  readonly tzOffsetMs: number;
  readonly backoffToNormalAfterDelivery: boolean;
  readonly trackRecipientEvents: boolean;
  /** backoff-to-normal-after in ms; 0 = never. */
  readonly backoffToNormalAfterMs: number;
  readonly strictParams: boolean;
  readonly ignoredQueueFilters: readonly QueueFilterParam[];
  /** The last commands run (HTTP /command and the handle), oldest first. */
  readonly commandLog: string[] = [];
  private readonly domainQueues = new Map<string, SimQueue[]>();
  private burstUntil = 0;
  private readonly pickDomain: (rng: Rng) => DomainProfile;
  private readonly pickJob = weightedPicker(JOBS, (j) => j.weight);

  constructor(readonly opts: SimModelOptions) {
    this.now = opts.startTime;
    this.startedAt = opts.startTime;
    this.licenseExpiresAt = opts.startTime + (opts.licenseDays ?? 365) * 86_400_000;
    this.rng = mulberry32(opts.seed);
    this.randomEpisodes = opts.randomEpisodes;
    this.episodesPerHour = opts.episodesPerHour ?? 2;
    this.injectRate = opts.injectRate;
    this.tzOffsetMs = Math.round((opts.tzOffsetMinutes ?? 0) * 60_000);
    this.backoffToNormalAfterDelivery = opts.backoffToNormalAfterDelivery ?? false;
    this.trackRecipientEvents = opts.trackRecipientEvents ?? false;
    this.strictParams = opts.strictParams ?? false;
    this.ignoredQueueFilters = opts.ignoredQueueFilters ?? [];
    this.backoffToNormalAfterMs = Math.max(0, opts.backoffToNormalAfterMinutes ?? 30) * 60_000;
    this.acct = new AcctSinks(opts.acctDir, opts.acctRotateMinutes, this.now, opts.acctFiles, opts.acctWebhook);
    for (const d of DOMAINS) this.addDomain(d, d.vmtaCount);
    this.pickDomain = weightedPicker(DOMAINS, (d) => d.weight);
    for (let i = 0; this.queues.length < (opts.scaleQueues ?? 0); i++) this.addDomain(scaleDomain(i), 1, VMTAS.length, i);
    this.seedBacklog();
    // A campaign is going out when the node comes up, so a fresh demo is busy.
    this.burstUntil = this.now + 180_000;
  }

  /** Epoch ms as the node's local wall clock (what `fmtMonitor` prints). */
  local(ms: number): number {
    return ms + this.tzOffsetMs;
  }

  logCommand(text: string): void {
    this.commandLog.push(text);
    if (this.commandLog.length > COMMAND_LOG) this.commandLog.splice(0, this.commandLog.length - COMMAND_LOG);
  }

  queue(name: string): SimQueue | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Runs the world forward. Steps are 1 s (5 s with very many queues, to bound the work). */
  advance(seconds: number): void {
    if (!(seconds > 0)) return;
    const stepMs = this.queues.length > 20_000 ? 5000 : 1000;
    let left = Math.round(seconds * 1000);
    while (left > 0) {
      const dt = Math.min(stepMs, left);
      this.now += dt;
      this.step(dt / 1000);
      left -= dt;
    }
    this.acct.flush();
  }

  /** Enqueues one recipient for a domain (or rollup) name; used by injection and tests. */
  inject(q: SimQueue, job: Job, kb: number): void {
    q.rcp += 1;
    q.kb += kb;
    q.jobs.set(job.id, (q.jobs.get(job.id) ?? 0) + 1);
    this.counts.received.rcp += 1;
    this.counts.received.msg += 1;
    this.counts.received.kb += kb;
    this.traffic.add(this.now, 'inRcp', 1);
    this.traffic.add(this.now, 'inMsg', 1);
    this.traffic.add(this.now, 'inKb', kb);
  }

  private step(dt: number): void {
    const rng = this.rng;
    this.acct.tick(this.now);
    // Jitter so per-second arrivals are not a flat line.
    const n = countFor(rng, this.injectRate * this.burstFactor(dt) * dt * (0.5 + rng()));
    for (let i = 0; i < n; i++) {
      const list = this.domainQueues.get(this.pickDomain(rng).name) ?? [];
      const q = list[Math.floor(rng() * list.length)];
      if (q) this.inject(q, this.pickJob(rng), Math.round((2 + rng() * rng() * 80) * 10) / 10);
    }
    if (this.randomEpisodes) maybeRandomEpisode(this, dt);
    const budget = { left: this.connOut.max };
    let out = 0;
    for (const q of this.queues) {
      stepQueue(this, q, dt, budget);
      out += q.conn;
    }
    this.connOut.cur = out;
    this.connOut.top = Math.max(this.connOut.top, out);
    this.connIn.cur = Math.min(this.connIn.max, countFor(rng, this.injectRate / 3));
    this.connIn.top = Math.max(this.connIn.top, this.connIn.cur);
    this.traffic.settle(this.now);
  }

  /**
   * Bulk mail arrives in campaigns: a quiet baseline with a burst every quarter hour or so,
   * so queues visibly build up and drain. Averages to about injectRate.
   */
  private burstFactor(dt: number): number {
    if (this.now < this.burstUntil) return 3;
    if (this.rng() < dt / 900) this.burstUntil = this.now + randInt(this.rng, 120, 360) * 1000;
    return 0.5;
  }

  pickJobFor(q: SimQueue): Job {
    let x = this.rng() * q.rcp;
    for (const job of this.jobs) {
      x -= q.jobs.get(job.id) ?? 0;
      if (x < 0) return job;
    }
    return this.jobs[0] as Job;
  }

  private addDomain(d: DomainProfile, vmtaCount: number, stride = 1, offset = 0): void {
    const list: SimQueue[] = [];
    for (let i = 0; i < vmtaCount; i++) {
      const vmta = VMTAS[(offset + i * stride) % VMTAS.length];
      if (!vmta) continue;
      const q = newQueue(d, vmta, this.now);
      this.queues.push(q);
      this.byName.set(q.name.toLowerCase(), q);
      list.push(q);
    }
    if (this.opts.defaultVmtaQueues && DEFAULT_VMTA_DOMAINS.includes(d.name)) {
      const q = newQueue(d, DEFAULT_VMTA, this.now);
      this.queues.push(q);
      this.byName.set(q.name.toLowerCase(), q);
      list.push(q);
    }
    this.domainQueues.set(d.name, list);
  }

  /** A node that has been running for a while has mail queued; start with some. */
  private seedBacklog(): void {
    const rng = this.rng;
    for (const q of this.queues) {
      // Every queue starts non-empty (scale mode relies on it), the big providers fuller.
      const n = Math.max(1, Math.round(randInt(rng, 1, 40) * Math.min(10, Math.max(0.1, q.domain.weight))));
      for (let i = 0; i < n; i++) {
        const kb = Math.round((2 + rng() * rng() * 80) * 10) / 10;
        q.rcp += 1;
        q.kb += kb;
        const job = this.pickJob(rng);
        q.jobs.set(job.id, (q.jobs.get(job.id) ?? 0) + 1);
      }
    }
  }
}
