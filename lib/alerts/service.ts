import 'server-only';
// The alert evaluator and notifier, built by the composition root after the fleet, audit log and
// accounting. It evaluates after every poll and every accounting slice — on the fleet's
// recording queue, never on a request — persists every state change, and hands notifications
// to the delivery queues (./delivery.ts), which send them off the poll path.
import type { ConsoleConfig } from '@/lib/config/schema';
import type { AlertRouteConfig, ReceiverConfig } from '@/lib/config/alerts-schema';
import { parseDurationSeconds } from '@/lib/config/duration';
import type { ConsoleStore } from '@/lib/store/store';
import { serverLog } from '@/lib/log/logger';
import type { Fleet } from '@/lib/fleet/fleet';
import type { AccountingIngest } from '@/lib/accounting/ingest/manager';
import type { AuditLog } from '@/lib/audit/audit-log';
import type { AlertAuditAction } from '@/lib/audit/types';
import { DomainError } from '@/lib/domain-error';
import { observe, type Observation } from './observe';
import { observeAccounting, ACCOUNTING_KINDS } from './observe-accounting';
import { step } from './evaluate';
import { globMatch, resolveRules, type AlertRule } from './rules';
import { AlertStore } from './store';
import { Delivery, type DeliveryOptions } from './delivery';
import { Senders, type AmAlert } from './notify/senders';
import { alertMessage, type Notification } from './notify/message';
import type { AlertRow, SilenceMatcher, SilenceRow } from './types';
import { absoluteLink } from './links';
import { ChangeCounter } from '@/lib/events/change-counter';

export interface AlertServiceOptions {
  now?: () => number;
  delivery?: DeliveryOptions;
  /**
   * With several replicas (lib/cluster): the alerts this replica evaluates and notifies — those
   * of the nodes it polls, and the fleet-wide ones while it holds `task:alerts` — so every alert
   * is judged on fresh data and notified by one replica only. Default: every alert.
   */
  scope?: AlertScope;
}

export interface AlertScope {
  node(id: string): boolean;
  fleetWide(): boolean;
}

interface Route {
  match: Map<string, string>;
  receivers: string[];
  groupBy: string[];
  repeatMs: number;
  continue: boolean;
}

/** The labels a route or silence matches on: the alert's labels plus `rule` and `severity`. */
function matchLabels(a: Pick<AlertRow, 'rule' | 'severity' | 'labels'>): Map<string, string> {
  return new Map([...Object.entries(a.labels), ['rule', a.rule], ['alertname', a.rule], ['severity', a.severity]]);
}

export function silenceMatches(matchers: SilenceMatcher[], a: Pick<AlertRow, 'rule' | 'severity' | 'labels'>): boolean {
  const l = matchLabels(a);
  return matchers.every((m) => globMatch(m.value, l.get(m.label) ?? ''));
}

export interface AlertsSnapshot {
  alerts: (AlertRow & { silencedBy: number | null })[];
  silences: SilenceRow[];
}

export class AlertService {
  readonly rules: AlertRule[];
  readonly store: AlertStore;
  readonly delivery: Delivery;
  private readonly senders = new Senders();
  private readonly receivers: Map<string, ReceiverConfig>;
  private readonly routes: Route[];
  private readonly now: () => number;
  private offs: (() => void)[] = [];
  private pruneTimer: NodeJS.Timeout | null = null;
  /** Queue lists seen per node since start: how much trend the rules have to judge by. */
  private readonly polls = new Map<string, number>();
  private acctObservations: Observation[] | null = null;
  /** The evaluations in order: one at a time, each after the one before. */
  private evaluations: Promise<void> = Promise.resolve();
  private readonly scope: AlertScope | null;
  /** Bumped whenever what GET /api/alerts answers changes (the change feed's `alerts` kind). */
  readonly changes = new ChangeCounter();

  constructor(
    private readonly config: ConsoleConfig,
    store: ConsoleStore,
    private readonly fleet: Fleet,
    private readonly accounting: AccountingIngest,
    private readonly audit: AuditLog,
    opts: AlertServiceOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.scope = opts.scope ?? null;
    const t = config.accounting.thresholds;
    this.rules = resolveRules(
      config.alerts,
      new Map([
        ['bounce-rate', t.bounceRatePct],
        ['complaint-rate', t.complaintRatePct],
      ]),
    );
    this.store = new AlertStore(store);
    this.delivery = new Delivery(opts.delivery);
    this.receivers = new Map(config.alerts.receivers.map((r) => [r.name, r]));
    const repeat = (d: string | undefined) => (parseDurationSeconds(d ?? config.alerts.repeatInterval) ?? 14_400) * 1000;
    const routes: AlertRouteConfig[] = config.alerts.routes.length
      ? config.alerts.routes
      : [{ match: {}, receivers: config.alerts.receivers.map((r) => r.name), groupBy: ['rule'], continue: false }];
    this.routes = routes.map((r) => ({
      match: new Map(Object.entries(r.match)),
      receivers: r.receivers,
      groupBy: r.groupBy,
      repeatMs: repeat(r.repeatInterval),
      continue: r.continue,
    }));
  }

  start(): void {
    if (!this.config.alerts.enabled || this.offs.length) return;
    // After the poll's own history record (queued first), on the same queue: one evaluation at a time.
    this.offs.push(
      this.fleet.onPoll((o) => {
        if (o.ok) this.polls.set(o.nodeId, (this.polls.get(o.nodeId) ?? 0) + 1);
        this.trigger(false);
      }),
    );
    this.offs.push(this.accounting.onSlice(() => this.trigger(true)));
    this.prune();
    this.pruneTimer = setInterval(() => this.prune(), 3_600_000);
    this.pruneTimer.unref();
  }

  private queued = false;
  private queuedSlice = false;

  /**
   * One evaluation for every burst of polls and slices (several nodes answer at once): queued
   * on the fleet's recording queue behind the polls' own history records, never run twice.
   */
  private trigger(afterSlice: boolean): void {
    this.queuedSlice ||= afterSlice;
    if (this.queued) return;
    this.queued = true;
    this.fleet.enqueue(() => {
      const slice = this.queuedSlice;
      this.queued = false;
      this.queuedSlice = false;
      this.evaluations = this.evaluations.then(() => this.evaluate(slice)).catch((err: unknown) => serverLog().error({ err }, '[alerts] evaluation failed'));
    });
  }

  /** Resolves once every evaluation triggered so far has saved its changes (tests, shutdown). */
  async settled(): Promise<void> {
    await this.fleet.recorded();
    await this.evaluations;
  }

  /**
   * Stops listening and delivering; resolves once the prune and evaluations already started
   * have finished, so the runtime closes the store only after their last write.
   */
  async stop(): Promise<void> {
    for (const off of this.offs) off();
    this.offs = [];
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
    this.delivery.stop();
    this.senders.close();
    // Its listeners are off: nothing new is triggered; wait for what was (evaluations queued
    // behind the polls being recorded included).
    await this.pruning;
    await this.settled();
  }

  private pruning: Promise<void> = Promise.resolve();

  private prune(): void {
    this.pruning = this.store
      .prune(this.now() - this.config.alerts.historyDays * 86_400_000)
      .catch((err: unknown) => serverLog().error({ err }, '[alerts] prune failed'));
  }

  /** One evaluation of every rule over the latest snapshots; saves changes, queues notifications. */
  async evaluate(afterSlice = false): Promise<void> {
    const now = this.now();
    // Rates come from the store's accounting aggregates: queried after a slice only, reused after polls.
    if (afterSlice || this.acctObservations === null) this.acctObservations = await observeAccounting(this.rules, this.accounting.store, this.config, now);
    const observations = [...observe(this.rules, this.fleet, this.accounting, now), ...this.acctObservations];
    const kinds = new Map(this.rules.map((r) => [r.name, r.kind]));
    const need = (kind: string | undefined) => (kind === 'backing-up' ? this.config.backingUp.growthPolls : kind && ACCOUNTING_KINDS.has(kind) ? 0 : 1);
    const settled = (a: AlertRow) => a.labels.node === undefined || (this.polls.get(a.labels.node) ?? 0) >= need(kinds.get(a.rule));
    const scope = this.scope;
    const mine = (labels: Record<string, string>) => !scope || (labels.node === undefined ? scope.fleetWide() : scope.node(labels.node));
    const active = (await this.store.active()).filter((a) => mine(a.labels));
    const transitions = step(
      active,
      observations.filter((o) => mine({ ...o.rule.labels, ...o.labels })),
      this.rules,
      now,
      settled,
    );
    const silences = (await this.store.silences(now)).filter((s) => s.active);
    const rows: AlertRow[] = [];
    await this.store.store.transaction(async () => {
      for (const t of transitions) {
        if (t.change === 'cleared') {
          if (t.row.id) await this.store.remove(t.row.id);
          continue;
        }
        t.row.id = await this.store.save(t.row);
        rows.push(t.row);
      }
    });
    const resolvedNow = new Set(transitions.filter((t) => t.change === 'resolved').map((t) => t.row.id));
    const changed = this.notify(rows, resolvedNow, silences, now);
    if (changed.length)
      await this.store.store.transaction(async () => {
        for (const r of changed) await this.store.save(r);
      });
    if (transitions.length || changed.length) this.changes.bump();
  }

  private routesFor(a: AlertRow): Route[] {
    const l = matchLabels(a);
    const out: Route[] = [];
    for (const r of this.routes) {
      if (![...r.match].every(([k, v]) => globMatch(v, l.get(k) ?? ''))) continue;
      out.push(r);
      if (!r.continue) break;
    }
    return out;
  }

  /** Decide, per receiver, which alerts are due; returns the rows whose `notified` changed. */
  private notify(rows: AlertRow[], resolvedNow: Set<number>, silences: SilenceRow[], now: number): AlertRow[] {
    const changed = new Set<AlertRow>();
    const groups = new Map<string, { receiver: ReceiverConfig; labels: Record<string, string>; alerts: AlertRow[] }>();
    const am = new Map<string, AlertRow[]>();
    const resendMs = (parseDurationSeconds(this.config.alerts.alertmanagerResendInterval) ?? 60) * 1000;
    for (const a of rows) {
      if (a.state === 'pending') continue;
      const resolved = resolvedNow.has(a.id);
      if (a.state === 'resolved' && !resolved) continue;
      if (silences.some((s) => silenceMatches(s.matchers, a))) continue;
      for (const route of this.routesFor(a)) {
        for (const name of route.receivers) {
          const receiver = this.receivers.get(name);
          if (!receiver) continue;
          const last = a.notified.get(name);
          let due: boolean;
          if (resolved) due = last !== undefined;
          else if (receiver.type === 'alertmanager') due = last === undefined || now - last >= resendMs;
          else due = last === undefined || (a.ackedAt === null && now - last >= route.repeatMs);
          if (!due) continue;
          if (!resolved) a.notified.set(name, now);
          changed.add(a);
          if (receiver.type === 'alertmanager') {
            const list = am.get(name) ?? [];
            list.push(a);
            am.set(name, list);
            continue;
          }
          const labels = Object.fromEntries(route.groupBy.map((k) => [k, matchLabels(a).get(k) ?? '']));
          const gk = `${name}\u0000${JSON.stringify(labels)}`;
          const g = groups.get(gk) ?? { receiver, labels, alerts: [] };
          g.alerts.push(a);
          groups.set(gk, g);
        }
      }
    }
    const base = this.config.alerts.publicUrl;
    for (const [name, alerts] of am) {
      const r = this.receivers.get(name);
      if (r?.type !== 'alertmanager') continue;
      const body: AmAlert[] = alerts.map((a) => ({
        labels: Object.fromEntries([...matchLabels(a)].filter(([k]) => k !== 'rule')),
        annotations: { summary: a.summary, link: absoluteLink(base, a.link) },
        startsAt: new Date(a.firingSince ?? a.activeSince).toISOString(),
        // Firing: valid for a few re-send intervals, so Alertmanager resolves it if the console stops.
        endsAt: new Date(a.state === 'resolved' ? (a.resolvedAt ?? now) : now + 4 * resendMs).toISOString(),
        generatorURL: absoluteLink(base, `/alerts?id=${a.id}`),
      }));
      for (const url of r.urls) this.delivery.enqueue(name, url, alerts.length, () => this.senders.alertmanager(url, body));
    }
    for (const g of groups.values()) {
      const r = g.receiver;
      if (r.type === 'alertmanager') continue;
      const n: Notification = {
        version: '1',
        receiver: r.name,
        status: g.alerts.some((a) => a.state === 'firing') ? 'firing' : 'resolved',
        groupLabels: g.labels,
        alerts: g.alerts.map((a) => alertMessage(a, base)),
        sentAt: new Date(now).toISOString(),
      };
      this.delivery.enqueue(r.name, r.type === 'email' ? `smtp://${r.host}:${r.port}` : r.url, g.alerts.length, () => this.senders.send(r, n));
    }
    return [...changed];
  }

  /** Every enabled rule with its firing count (0 included, so the series exist). */
  async firingCounts(): Promise<{ rule: string; severity: string; count: number }[]> {
    const n = new Map<string, number>();
    for (const a of await this.store.active()) if (a.state === 'firing') n.set(a.rule, (n.get(a.rule) ?? 0) + 1);
    return this.rules.map((r) => ({ rule: r.name, severity: r.severity, count: n.get(r.name) ?? 0 }));
  }

  receiverList(): ReceiverConfig[] {
    return [...this.receivers.values()];
  }

  async snapshot(opts: { since?: number; limit?: number } = {}): Promise<AlertsSnapshot> {
    const now = this.now();
    const silences = await this.store.silences(now);
    const active = silences.filter((s) => s.active);
    const rows = [...(await this.store.active()), ...(await this.store.resolved(opts.since ?? now - 7 * 86_400_000, opts.limit ?? 500))];
    return { alerts: rows.map((a) => ({ ...a, silencedBy: active.find((s) => silenceMatches(s.matchers, a))?.id ?? null })), silences };
  }

  private async audited(action: AlertAuditAction, what: string, user: string, clientAddress: string, reason: string | null): Promise<void> {
    const at = this.now();
    const id = await this.audit.start({
      at,
      user,
      clientAddress,
      action,
      pattern: `alerts:${what}`.slice(0, 500),
      command: '',
      nodes: [],
      reason,
      resumeAt: null,
    });
    await this.audit.finish(id, 'completed', [], at);
    this.changes.bump(); // every operator change of alerts (silence, unsilence, ack) ends here
  }

  async silence(input: { matchers: SilenceMatcher[]; durationSeconds: number; reason: string; user: string; clientAddress: string }): Promise<number> {
    const now = this.now();
    const id = await this.store.addSilence({
      matchers: input.matchers,
      startsAt: now,
      endsAt: now + input.durationSeconds * 1000,
      reason: input.reason,
      createdBy: input.user,
      createdAt: now,
    });
    await this.audited(
      'silence',
      `#${id} ${input.matchers.map((m) => `${m.label}=${m.value}`).join(',')} for ${input.durationSeconds}s`,
      input.user,
      input.clientAddress,
      input.reason,
    );
    return id;
  }

  async unsilence(id: number, user: string, clientAddress: string): Promise<void> {
    if (!(await this.store.expireSilence(id, user, this.now()))) throw new DomainError('not_found', `no silence #${id} in force`);
    await this.audited('unsilence', `#${id}`, user, clientAddress, null);
  }

  async acknowledge(id: number, user: string, clientAddress: string, reason: string | null): Promise<void> {
    const a = await this.store.get(id);
    if (!a || !(await this.store.ack(id, user, this.now()))) throw new DomainError('not_found', `no active alert #${id}`);
    await this.audited('acknowledge', `#${id} ${a.key}`, user, clientAddress, reason);
  }
}
