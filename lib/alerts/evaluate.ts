// The alert state machine, for one evaluation: pending (waiting out `for:`) → firing →
// resolved, with `keepFiringFor` so a condition that clears for a moment does not flap.
// Pure over rows: the service loads and saves them.
import type { Observation } from './observe';
import type { AlertRule } from './rules';
import type { AlertRow } from './types';

export function alertKey(rule: string, labels: Record<string, string>): string {
  return `${rule}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',')}}`;
}

export interface Transition {
  row: AlertRow;
  /** What changed in this evaluation. */
  change: 'new-pending' | 'fired' | 'resolved' | 'cleared' | 'updated';
}

/**
 * `settled(row)`: whether the rule can judge the row's labels yet. Right after a restart the
 * in-memory trend is empty (backing-up needs several polls of growth); an alert whose rule
 * cannot judge it yet is kept as it is, not resolved.
 */
export function step(
  active: AlertRow[],
  observations: Observation[],
  rules: AlertRule[],
  now: number,
  settled: (row: AlertRow) => boolean = () => true,
): Transition[] {
  const byKey = new Map(active.map((a) => [a.key, a]));
  const seen = new Set<string>();
  const ruleNames = new Set(rules.map((r) => r.name));
  const out: Transition[] = [];
  for (const o of observations) {
    const labels = { ...o.rule.labels, ...o.labels };
    const key = alertKey(o.rule.name, labels);
    if (seen.has(key)) continue;
    seen.add(key);
    const a = byKey.get(key);
    if (!a) {
      if (!o.fires) continue;
      const row: AlertRow = {
        id: 0,
        key,
        rule: o.rule.name,
        severity: o.rule.severity,
        labels,
        state: 'pending',
        activeSince: now,
        firingSince: null,
        resolvedAt: null,
        clearSince: null,
        lastEvalAt: now,
        value: o.value,
        summary: o.summary,
        link: o.link,
        ackedBy: null,
        ackedAt: null,
        notified: new Map(),
      };
      if (o.rule.forSeconds === 0) {
        row.state = 'firing';
        row.firingSince = now;
        out.push({ row, change: 'fired' });
      } else out.push({ row, change: 'new-pending' });
      continue;
    }
    // Still active (over the threshold, or in the hysteresis band for numeric rules).
    Object.assign(a, { lastEvalAt: now, value: o.value, summary: o.summary, link: o.link, severity: o.rule.severity });
    if (a.state === 'pending') {
      if (!o.fires) {
        out.push({ row: a, change: 'cleared' });
        continue;
      }
      if (now - a.activeSince >= o.rule.forSeconds * 1000) {
        a.state = 'firing';
        a.firingSince = now;
        out.push({ row: a, change: 'fired' });
      } else out.push({ row: a, change: 'updated' });
      continue;
    }
    a.clearSince = null;
    out.push({ row: a, change: 'updated' });
  }
  // Active alerts without an observation: their condition is clear (or the rule is gone).
  const rulesByName = new Map(rules.map((r) => [r.name, r]));
  for (const a of active) {
    if (seen.has(a.key)) continue;
    if (ruleNames.has(a.rule) && !settled(a)) continue;
    a.lastEvalAt = now;
    if (a.state === 'pending') {
      out.push({ row: a, change: 'cleared' });
      continue;
    }
    const keep = ruleNames.has(a.rule) ? (rulesByName.get(a.rule)!.keepFiringForSeconds ?? 0) * 1000 : 0;
    a.clearSince ??= now;
    if (now - a.clearSince >= keep) {
      a.state = 'resolved';
      a.resolvedAt = now;
      out.push({ row: a, change: 'resolved' });
    } else out.push({ row: a, change: 'updated' });
  }
  return out;
}
