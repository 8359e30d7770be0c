import 'server-only';
// One send per receiver kind. Each throws on failure (the delivery queue retries) and is
// bounded by a timeout, so a receiver that hangs holds up only its own queue.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { ReceiverConfig } from '@/lib/config/alerts-schema';
import { alertLine, subject, type Notification } from './message';

const TIMEOUT_MS = 10_000;

/** Alertmanager v2 alert objects (POST /api/v2/alerts). */
export interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'error',
  });
  const text = (await res.text()).slice(0, 200);
  if (!res.ok) throw new Error(`HTTP ${res.status}${text ? `: ${text}` : ''}`);
  return `HTTP ${res.status}`;
}

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"): the receiver checks both. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export const SIGNATURE_HEADER = 'x-pmta-console-signature';
export const TIMESTAMP_HEADER = 'x-pmta-console-timestamp';

/** Slack's three control characters: PowerMTA's error texts must not become mentions or links. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackBody(n: Notification): unknown {
  const lines = n.alerts.map((m) => `${slackEscape(alertLine(m))}\n<${m.link}|Open in the console>`);
  return {
    text: subject(n),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: subject(n).slice(0, 150) } },
      ...lines.slice(0, 40).map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t.slice(0, 2900) } })),
    ],
  };
}

export function emailText(n: Notification): string {
  return n.alerts
    .map(
      (m) =>
        `${alertLine(m)}\nLabels: ${Object.entries(m.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}\nSince: ${m.startsAt}${m.endsAt ? `, resolved ${m.endsAt}` : ''}\nAct: ${m.link}\n`,
    )
    .join('\n');
}

type Transport = ReturnType<typeof nodemailer.createTransport>;

export class Senders {
  private transports = new Map<string, Transport>();

  async alertmanager(url: string, alerts: AmAlert[]): Promise<string> {
    return post(`${url.replace(/\/+$/, '')}/api/v2/alerts`, JSON.stringify(alerts));
  }

  async send(r: Exclude<ReceiverConfig, { type: 'alertmanager' }>, n: Notification): Promise<string> {
    switch (r.type) {
      case 'webhook': {
        const body = JSON.stringify(n);
        const ts = String(Math.floor(Date.now() / 1000));
        return post(r.url, body, { [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: webhookSignature(r.secret, ts, body) });
      }
      case 'slack':
        return post(r.url, JSON.stringify(slackBody(n)));
      case 'email': {
        const info = await this.transport(r).sendMail({ from: r.from, to: r.to, subject: subject(n), text: emailText(n) });
        return `SMTP ${info.response ?? 'sent'}`.slice(0, 200);
      }
    }
  }

  private transport(r: Extract<ReceiverConfig, { type: 'email' }>): Transport {
    let t = this.transports.get(r.name);
    if (!t) {
      t = nodemailer.createTransport({
        host: r.host,
        port: r.port,
        secure: r.secure,
        requireTLS: !r.secure, // never send alerts (and the password) in clear text
        auth: r.user ? { user: r.user, pass: r.password ?? '' } : undefined,
        tls: r.caFile ? { ca: readFileSync(/*turbopackIgnore: true*/ r.caFile, 'utf8') } : undefined,
        connectionTimeout: TIMEOUT_MS,
        greetingTimeout: TIMEOUT_MS,
        socketTimeout: TIMEOUT_MS,
      });
      this.transports.set(r.name, t);
    }
    return t;
  }

  close(): void {
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
  }
}
