// End to end over real components: a simulated node with a Gmail 4.7.28 episode, the console's
// runtime on a store file, a real Alertmanager, a webhook and a Slack-format receiver and an
// SMTP server with STARTTLS. The backing-up alert fires after its `for:`, reaches all four,
// survives a restart without a second notification, and resolves everywhere when the episode
// ends; a silenced alert is shown but not sent, and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { buildTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { startAlertmanager, type RunningAlertmanager } from './__fixtures__/alertmanager';
import { startHttpReceiver, startSmtpReceiver, TEST_CERT, type HttpReceiver, type SmtpReceiver } from './__fixtures__/receivers';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './notify/senders';
import type { Notification } from './notify/message';

const SECRET = 'webhook-secret-0123456789';
const PUBLIC = 'http://console.test:3000';
const POLL_MS = 300;
const FOR_SECONDS = 1;

let sim: SimNodeHandle;
let am: RunningAlertmanager;
let hook: HttpReceiver;
let slack: HttpReceiver;
let smtp: SmtpReceiver;
let dir: string;
let rt: Runtime;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runtime(): Runtime {
  return buildTestRuntime({
    nodes: [{ id: 'pmta1', url: sim.url, apiKey: sim.apiKey }],
    config: {
      pollIntervalSeconds: 3600, // the test polls by hand, every POLL_MS
      store: { path: path.join(dir, 'console.sqlite') },
      backingUp: { growthPolls: 3, minRcp: 10, recentErrorMinutes: 15 },
      alerts: {
        publicUrl: PUBLIC,
        alertmanagerResendInterval: '1s',
        rules: { 'backing-up': { for: `${FOR_SECONDS}s`, keepFiringFor: '0s' } },
        receivers: [
          { name: 'am', type: 'alertmanager', urls: [am.url] },
          { name: 'hook', type: 'webhook', url: hook.url, secret: SECRET },
          { name: 'chat', type: 'slack', url: slack.url },
          {
            name: 'mail',
            type: 'email',
            host: '127.0.0.1',
            port: smtp.port,
            secure: false,
            from: 'console@example.test',
            to: ['ops@example.test'],
            caFile: TEST_CERT,
          },
        ],
        routes: [{ match: { rule: 'backing-up' }, receivers: ['am', 'hook', 'chat', 'mail'], groupBy: ['rule', 'node'] }],
      },
    },
    alerts: { delivery: { backoffMs: 100, maxBackoffMs: 400 } },
  });
}

/** One poll (sim time moves on by `advance` seconds first); evaluation runs on the poll. */
async function poll(advance = 20): Promise<void> {
  sim.advance(advance);
  await rt.fleet.pollAll();
  await sleep(POLL_MS);
}

const gmail = async () => (await rt.alerts.snapshot()).alerts.find((a) => a.rule === 'backing-up' && a.labels.domain === 'gmail.com' && a.state !== 'resolved');
/** RFC 2047 encoded words (nodemailer encodes a non-ASCII subject). */
const decodeWords = (s: string) =>
  s.replace(/\r?\n[ \t]+/g, ' ').replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, t: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(t, 'base64').toString('utf8')
      : Buffer.from(
          t.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
const notifications = (r: HttpReceiver) => r.received.map((x) => JSON.parse(x.body) as Notification);
async function until<T>(what: string, f: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pmta-alerts-'));
  [am, hook, slack, smtp] = await Promise.all([startAlertmanager(), startHttpReceiver(), startHttpReceiver(), startSmtpReceiver()]);
  sim = await startSimNode({ id: 'pmta1', tickMs: 0, seed: 5 });
  sim.advance(300);
  rt = runtime();
  rt.start();
}, 30_000);

afterAll(async () => {
  await rt?.stop();
  await Promise.all([sim?.stop(), am?.stop(), hook?.stop().catch(() => {}), slack?.stop(), smtp?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the backing-up alert', () => {
  it('fires after its for:, within two polls, while the webhook receiver is down', async () => {
    await hook.stop(); // a receiver that is down must delay nothing else
    sim.startBackoff('gmail.com/*', 'gmail', 600);
    let pendingAt: number | null = null;
    for (let i = 0; i < 40 && (await gmail())?.state !== 'firing'; i++) {
      await poll();
      if ((await gmail())?.state === 'pending') pendingAt ??= Date.now();
    }
    const a = (await gmail())!;
    expect(a.state).toBe('firing');
    expect(pendingAt).not.toBeNull();
    expect(a.firingSince! - a.activeSince).toBeGreaterThanOrEqual(FOR_SECONDS * 1000);
    expect(a.firingSince! - a.activeSince).toBeLessThanOrEqual(FOR_SECONDS * 1000 + 2 * (POLL_MS + 200));
    expect(a.labels).toEqual({ node: 'pmta1', domain: 'gmail.com' });
    expect(a.summary).toMatch(/^gmail\.com on pmta1: [\d,]+ rcpt, backlog grew .* in backoff/);
    expect(a.summary).toMatch(/4\.7\.28/);
    expect(a.link).toBe('/domains/gmail.com?node=pmta1&act=pause&pattern=gmail.com%2F*&duration=30m');
  }, 60_000);

  it('is in Alertmanager with the right labels', async () => {
    const inAm = await until('the alert in Alertmanager', async () => (await am.alerts()).find((x) => x.labels.alertname === 'backing-up'));
    expect(inAm.labels).toEqual({ alertname: 'backing-up', severity: 'warning', node: 'pmta1', domain: 'gmail.com' });
    expect(inAm.annotations.link).toBe(`${PUBLIC}${(await gmail())!.link}`);
    expect(inAm.status.state).toBe('active');
  });

  it('reaches the Slack receiver and the SMTP server without waiting for the dead webhook', async () => {
    const s = await until('a Slack message', () => slack.received[0]);
    const body = JSON.parse(s.body) as { text: string; blocks: { type: string; text: { text: string } }[] };
    expect(body.text).toMatch(/^\[FIRING\] backing-up: gmail\.com on pmta1/);
    expect(body.blocks.some((b) => b.text.text.includes(`<${PUBLIC}/domains/gmail.com?`))).toBe(true);
    const mail = await until('an email', () => smtp.mails[0]);
    expect(mail.secure).toBe(true); // STARTTLS was used
    expect(mail.to).toEqual(['ops@example.test']);
    expect(decodeWords(mail.raw)).toMatch(/Subject: \[FIRING\] backing-up: gmail\.com on pmta1: [\d,]+ rcpt/);
    const text = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(text).toContain(`${PUBLIC}/domains/gmail.com?node=pmta1&act=pause&pattern=gmail.com%2F*&duration=30m`);
    expect(text).toContain('last error');
    const failed = rt.alerts.delivery.attempts().filter((x) => x.receiver === 'hook' && !x.ok);
    expect(failed.length).toBeGreaterThan(0);
  });

  it('reaches the webhook once it is back, signed', async () => {
    await hook.restart();
    const r = await until('the webhook', () => hook.received[0]);
    const ts = String(r.headers[TIMESTAMP_HEADER]);
    expect(Math.abs(Date.now() / 1000 - Number(ts))).toBeLessThan(60);
    expect(r.headers[SIGNATURE_HEADER]).toBe(webhookSignature(SECRET, ts, r.body));
    const n = JSON.parse(r.body) as Notification;
    expect(n).toMatchObject({ version: '1', receiver: 'hook', status: 'firing', groupLabels: { rule: 'backing-up', node: 'pmta1' } });
    expect(n.alerts[0]).toMatchObject({
      rule: 'backing-up',
      status: 'firing',
      labels: { node: 'pmta1', domain: 'gmail.com' },
      link: `${PUBLIC}${(await gmail())!.link}`,
    });
  });

  it('survives a restart mid-firing without a second notification', async () => {
    const before = { hook: hook.received.length, slack: slack.received.length, mail: smtp.mails.length, id: (await gmail())!.id };
    await rt.stop();
    rt = runtime();
    rt.start();
    expect(await gmail()).toMatchObject({ id: before.id, state: 'firing' });
    for (let i = 0; i < 3; i++) await poll(5);
    await rt.alerts.delivery.idle();
    expect(await gmail()).toMatchObject({ id: before.id, state: 'firing' });
    expect({ hook: hook.received.length, slack: slack.received.length, mail: smtp.mails.length }).toEqual({
      hook: before.hook,
      slack: before.slack,
      mail: before.mail,
    });
  }, 30_000);

  it('silenced: shown as silenced, not sent, audited', async () => {
    const id = await rt.alerts.silence({
      matchers: [{ label: 'domain', value: 'yahoo.*' }],
      durationSeconds: 3600,
      reason: 'known Yahoo deferrals',
      user: 'operator',
      clientAddress: '127.0.0.1',
    });
    sim.startBackoff('yahoo.com/*', 'yahoo', 900);
    const yahoo = async () => (await rt.alerts.snapshot()).alerts.find((a) => a.labels.domain === 'yahoo.com' && a.state === 'firing');
    for (let i = 0; i < 40 && !(await yahoo()); i++) await poll();
    expect((await yahoo())?.silencedBy).toBe(id);
    await rt.alerts.delivery.idle();
    expect(notifications(hook).some((n) => n.alerts.some((x) => x.labels.domain === 'yahoo.com'))).toBe(false);
    expect((await am.alerts()).some((x) => x.labels.domain === 'yahoo.com')).toBe(false);
    const audit = (await rt.audit.list({})).find((e) => e.action === 'silence');
    expect(audit).toMatchObject({ user: 'operator', reason: 'known Yahoo deferrals', state: 'completed' });
    expect(audit!.pattern).toContain('domain=yahoo.*');
  }, 60_000);

  it('resolves everywhere when the episode ends', async () => {
    for (let i = 0; i < 80 && (await gmail()); i++) await poll(30);
    expect(await gmail()).toBeUndefined();
    const resolved = await until('a resolved webhook', () =>
      notifications(hook).find((n) => n.status === 'resolved' && n.alerts.some((x) => x.labels.domain === 'gmail.com')),
    );
    expect(resolved.alerts[0]!.endsAt).not.toBeNull();
    await until(
      'the alert resolved in Alertmanager',
      async () => !(await am.alerts()).some((x) => x.labels.domain === 'gmail.com' && x.status.state === 'active'),
    );
  }, 60_000);
});
