// Shapes of alerts and silences (server side). The API's shapes are in
// lib/api/contracts/alerts.ts.
import type { Severity } from './rules';

export type AlertState = 'pending' | 'firing' | 'resolved';

export interface AlertRow {
  id: number;
  /** Rule name + sorted labels: one alert per rule and label set. */
  key: string;
  rule: string;
  severity: Severity;
  labels: Record<string, string>;
  state: AlertState;
  activeSince: number;
  firingSince: number | null;
  resolvedAt: number | null;
  /** When the condition last turned clear while firing (keepFiringFor counts from here). */
  clearSince: number | null;
  lastEvalAt: number;
  value: number;
  summary: string;
  link: string;
  ackedBy: string | null;
  ackedAt: number | null;
  /** Receiver → when this alert was last handed to it while firing. */
  notified: Map<string, number>;
}

/** `label` is a label name or `rule`; `value` a glob (`*` = any run of characters). */
export interface SilenceMatcher {
  label: string;
  value: string;
}

export interface SilenceRow {
  id: number;
  matchers: SilenceMatcher[];
  startsAt: number;
  endsAt: number;
  reason: string;
  createdBy: string;
  createdAt: number;
  expiredBy: string | null;
  active: boolean;
}
