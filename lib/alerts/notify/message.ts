// What every receiver is sent, before its own format: a group of alerts that changed (or are
// due again). The generic webhook posts this as JSON (schema version 1, README "Alerts").
import type { AlertRow } from '../types';
import { absoluteLink } from '../links';

export interface AlertMessage {
  id: number;
  rule: string;
  severity: string;
  /** `firing` or `resolved` (pending alerts are never sent). */
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  summary: string;
  /** Where to act: the console page with the action pre-filled, not performed. */
  link: string;
  startsAt: string;
  endsAt: string | null;
  value: number;
}

export interface Notification {
  version: '1';
  receiver: string;
  /** `firing` when any alert of the group fires, else `resolved`. */
  status: 'firing' | 'resolved';
  groupLabels: Record<string, string>;
  alerts: AlertMessage[];
  sentAt: string;
}

export function alertMessage(a: AlertRow, publicUrl: string | undefined): AlertMessage {
  return {
    id: a.id,
    rule: a.rule,
    severity: a.severity,
    status: a.state === 'resolved' ? 'resolved' : 'firing',
    labels: { ...a.labels },
    summary: a.summary,
    link: absoluteLink(publicUrl, a.link),
    startsAt: new Date(a.firingSince ?? a.activeSince).toISOString(),
    endsAt: a.resolvedAt ? new Date(a.resolvedAt).toISOString() : null,
    value: a.value,
  };
}

/** One line per alert, for Slack and email. */
export function alertLine(m: AlertMessage): string {
  return `[${m.status.toUpperCase()}] ${m.rule} (${m.severity}): ${m.summary}`;
}

export function subject(n: Notification): string {
  const first = n.alerts[0];
  const more = n.alerts.length > 1 ? ` (+${n.alerts.length - 1} more)` : '';
  return `[${n.status.toUpperCase()}] ${first ? `${first.rule}: ${first.summary}` : 'alerts'}${more}`.slice(0, 250);
}
