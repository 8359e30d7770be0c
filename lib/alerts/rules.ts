// The alert rules: built-in ones (on by default, thresholds a fleet can start with) merged
// with `alerts.rules` from the YAML file, where a built-in name overrides or disables it and a
// new name with a `kind` adds a custom rule. Pure: the rules.yaml route and the page use it too.
import type { AlertKind, AlertRuleConfig, AlertsConfig } from '@/lib/config/alerts-schema';
import { parseDurationSeconds } from '@/lib/config/duration';

export type Severity = 'info' | 'warning' | 'critical';

export interface AlertRule {
  name: string;
  kind: AlertKind;
  builtIn: boolean;
  /** Seconds the condition must hold before the alert fires (pending until then). */
  forSeconds: number;
  /** Seconds the condition must stay clear before a firing alert resolves. */
  keepFiringForSeconds: number;
  threshold: number;
  hysteresis: number;
  severity: Severity;
  labels: Record<string, string>;
  filter: { node?: string[]; domain?: string; vmta?: string; tags?: string[] };
  description: string;
}

interface BuiltIn {
  kind: AlertKind;
  for: string;
  keepFiringFor: string;
  threshold: number;
  severity: Severity;
  /** What the threshold means, for README and the page. */
  description: string;
}

/** Defaults: each a rule named like its kind. */
export const BUILT_IN_RULES: ReadonlyMap<AlertKind, BuiltIn> = new Map<AlertKind, BuiltIn>([
  [
    'backing-up',
    {
      kind: 'backing-up',
      for: '2m',
      keepFiringFor: '1m',
      threshold: 0,
      severity: 'warning',
      description: 'a domain backing up on a node (backingUp rule: growth + stall)',
    },
  ],
  [
    'backlog',
    {
      kind: 'backlog',
      for: '10m',
      keepFiringFor: '2m',
      threshold: 100_000,
      severity: 'warning',
      description: 'a domain backlog on a node ≥ threshold recipients',
    },
  ],
  [
    'backoff-queues',
    { kind: 'backoff-queues', for: '10m', keepFiringFor: '2m', threshold: 50, severity: 'warning', description: 'queues in backoff on a node ≥ threshold' },
  ],
  ['node-down', { kind: 'node-down', for: '2m', keepFiringFor: '0s', threshold: 0, severity: 'critical', description: 'the last polls of a node failed' }],
  [
    'node-stale',
    { kind: 'node-stale', for: '5m', keepFiringFor: '0s', threshold: 0, severity: 'warning', description: 'no fresh data from a node for two poll intervals' },
  ],
  [
    'node-truncated',
    { kind: 'node-truncated', for: '5m', keepFiringFor: '0s', threshold: 0, severity: 'warning', description: 'the queue list of a node is truncated' },
  ],
  [
    'clock-skew',
    { kind: 'clock-skew', for: '10m', keepFiringFor: '0s', threshold: 120, severity: 'warning', description: "a node's clock is off by ≥ threshold seconds" },
  ],
  ['spool', { kind: 'spool', for: '5m', keepFiringFor: '2m', threshold: 85, severity: 'critical', description: 'spool use on a node ≥ threshold %' }],
  [
    'ingest-lag',
    {
      kind: 'ingest-lag',
      for: '15m',
      keepFiringFor: '0s',
      threshold: 0,
      severity: 'warning',
      description: 'accounting ingestion failing or behind by > threshold bytes',
    },
  ],
  // Thresholds default to accounting.thresholds (the bounces page's flags), over the last hour.
  [
    'bounce-rate',
    {
      kind: 'bounce-rate',
      for: '0s',
      keepFiringFor: '10m',
      threshold: 5,
      severity: 'warning',
      description: 'bounce rate over threshold % in the last hour per domain, vMTA and job (with accounting.thresholds.minDelivered)',
    },
  ],
  [
    'complaint-rate',
    {
      kind: 'complaint-rate',
      for: '0s',
      keepFiringFor: '10m',
      threshold: 0.1,
      severity: 'critical',
      description: 'complaint rate over threshold % in the last hour per domain, vMTA and job (with accounting.thresholds.minDelivered)',
    },
  ],
]);

const seconds = (d: string | undefined, fallback: string) => parseDurationSeconds(d ?? fallback) ?? 0;

function build(name: string, b: BuiltIn, o: AlertRuleConfig, builtIn: boolean, defaults: ReadonlyMap<AlertKind, number>): AlertRule {
  return {
    name,
    kind: b.kind,
    builtIn,
    forSeconds: seconds(o.for, b.for),
    keepFiringForSeconds: seconds(o.keepFiringFor, b.keepFiringFor),
    threshold: o.threshold ?? defaults.get(b.kind) ?? b.threshold,
    hysteresis: o.hysteresis ?? 0.1,
    severity: o.severity ?? b.severity,
    labels: { ...(o.labels ?? {}) },
    filter: { ...(o.filter ?? {}) },
    description: o.summary ?? b.description,
  };
}

/** The enabled rules, built-ins first (in their fixed order), then custom rules by name. */
export function resolveRules(cfg: Pick<AlertsConfig, 'rules'>, defaultThresholds: ReadonlyMap<AlertKind, number> = new Map()): AlertRule[] {
  const overrides = new Map(Object.entries(cfg.rules));
  const out: AlertRule[] = [];
  for (const [kind, b] of BUILT_IN_RULES) {
    const o = overrides.get(kind) ?? {};
    if (o.enabled === false) continue;
    out.push(build(kind, b, o, true, defaultThresholds));
  }
  for (const [name, o] of [...overrides].sort(([a], [b]) => a.localeCompare(b))) {
    if (BUILT_IN_RULES.has(name as AlertKind) || o.enabled === false) continue;
    const b = o.kind ? BUILT_IN_RULES.get(o.kind) : undefined;
    if (!b) continue; // a custom rule without a kind is rejected by checkCustomRules at load
    out.push(build(name, b, o, false, defaultThresholds));
  }
  return out;
}

/** `*` matches any run of characters; everything else literally, case-insensitive. */
export function globMatch(glob: string, text: string): boolean {
  const re = new RegExp(
    `^${glob
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(text);
}
