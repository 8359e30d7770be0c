// One simulated PowerMTA node: model + HTTP(S) server + ticker, with a handle to steer it.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mulberry32, token } from './core/prng';
import { toEpochMs } from './core/time';
import { AccessControl, DEFAULT_ACCESS, parseAccessRule, type AccessRule } from './http/auth';
import { runCommand, type CommandResult } from './http/command-exec';
import { restartNode } from './model/toolbox';
import { handleRequest } from './http/routes';
import type { PmtaVersion } from './http/status-view';
import { isEpisodeKind, startEpisode } from './model/episodes';
import { SimModel, type QueueFilterParam } from './model/model';
import { QUEUE_PATTERN } from './model/queue';
import { snapshot, type SimState } from './state';
import type { WebhookOptions, WebhookStats } from './acct/webhook';
import type { AcctFileSet } from './acct/writer';

export type { SimState };

export interface SimNodeOptions {
  /** Called for every HTTP request as it arrives (tests count the console's polls at the node). */
  onRequest?: (req: { method: string; path: string; at: number }) => void;
  id?: string;
  host?: string;
  /** 0 (default) = any free port; kept across stopServer()/restartServer(). */
  port?: number;
  seed?: number;
  /** Simulated seconds per real second (default 1). */
  speed?: number;
  /** Real ms between simulation steps (default 1000); 0 = manual clock, time moves only via advance(). */
  tickMs?: number;
  version?: PmtaVersion;
  https?: boolean;
  /** Valid X-API-Key values; default one generated from the seed. */
  apiKeys?: string[];
  /** http-access rules, first match wins; default loopback = monitor. Accepts `CIDR=level` strings. */
  access?: (AccessRule | string)[];
  /** Scale mode: this many queues. */
  queues?: number;
  /** Default: a fresh temp dir, removed by stop(). */
  acctDir?: string;
  acctRotateMinutes?: number;
  /** Several accounting files with their record sets, e.g. `[{ prefix: 'acct-bd', records: ['b', 'd'] }, { prefix: 'acct-t', records: ['t', 'tq'] }]`. */
  acctFiles?: AcctFileSet[];
  /** Push records to a webhook (`http-webhook-url`), with retries until a 2xx. */
  acctWebhook?: WebhookOptions;
  /** Simulated start time (default now, whole seconds). */
  startTime?: Date | number | string;
  /** Recipients injected per simulated second (default 25). */
  injectRate?: number;
  /** Default: on when the clock runs (tickMs > 0), off in manual-clock mode. */
  randomEpisodes?: boolean;
  /** Average random backoff episodes per simulated hour (default 2). */
  episodesPerHour?: number;
  hostName?: string;
  /** Remove a temp acct dir on stop() (default true; the CLI keeps it). */
  cleanupAcctDir?: boolean;
  /** Some domains also queue on `{default}` (mail injected without x-virtual-mta). Default true. */
  defaultVmtaQueues?: boolean;
  /** Node local time = UTC + this many minutes (540 = 9 h ahead, 3 = a skewed clock). Default 0. */
  tzOffsetMinutes?: number;
  /** Only `maxItems` is honoured and list errors come only with `errors=` (default false). */
  strictParams?: boolean;
  /** `/queues` filters to ignore, as a version without them would (default none). */
  ignoredQueueFilters?: QueueFilterParam[];
  /** backoff-to-normal-after-delivery (default false, like PowerMTA; guide §3.3.10.45). */
  backoffToNormalAfterDelivery?: boolean;
  /** backoff-to-normal-after in simulated minutes (default 30; 0 = never; guide §3.3.10.44). */
  backoffToNormalAfterMinutes?: number;
  /** track-recipient-events (default false, like PowerMTA; guide §3.3.10.16). */
  trackRecipientEvents?: boolean;
  /** Days until the licence expires, from the start (`show license`). Default 365. */
  licenseDays?: number;
}

export interface SimNodeHandle {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly apiKey: string;
  readonly apiKeys: readonly string[];
  readonly version: PmtaVersion;
  readonly model: SimModel;
  readonly acctDir: string;
  readonly running: boolean;
  /** Starts a backoff episode on queues matching `pattern`; returns how many were hit. */
  startBackoff(pattern: string, provider: 'gmail' | 'yahoo' | 'outlook' | 'timeout' | 'dns', seconds: number): number;
  /** Delays every monitor reply by `ms` (0 = off). */
  setStall(ms: number): void;
  advance(seconds: number): void;
  /** A simulated PowerMTA restart (model/toolbox.ts restartNode): pauses forgotten, new startupTime. */
  restart(): void;
  /** Runs a pmta command as POST /command would; throws CommandError on a rejected command. */
  command(text: string): CommandResult;
  state(): SimState;
  /** Resolves when every staged webhook batch was accepted; the pusher's counters. */
  webhookIdle(): Promise<WebhookStats | null>;
  stopServer(): Promise<void>;
  restartServer(): Promise<void>;
  stop(): Promise<void>;
}

const CERT_DIR = path.join(import.meta.dirname, 'certs');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export async function startSimNode(opts: SimNodeOptions = {}): Promise<SimNodeHandle> {
  const seed = opts.seed ?? 1;
  const id = opts.id ?? 'pmta1';
  const version = opts.version ?? '5.0';
  if (version === '4.5' && opts.https) throw new Error('--https needs version 5.0 (4.5 serves plain HTTP)');
  const tickMs = opts.tickMs ?? 1000;
  const speed = opts.speed ?? 1;
  const host = opts.host ?? '127.0.0.1';
  const apiKeys = opts.apiKeys?.length ? opts.apiKeys : [`sim_${token(mulberry32(seed ^ 0x5eed), 40, ALNUM)}`];
  const access = new AccessControl(
    (opts.access ?? DEFAULT_ACCESS).map((r) => (typeof r === 'string' ? parseAccessRule(r) : r)),
    apiKeys,
    version === '5.0',
  );
  const tempDir = opts.acctDir === undefined;
  const acctDir = opts.acctDir ?? mkdtempSync(path.join(tmpdir(), `pmta-sim-${id}-`));
  const model = new SimModel({
    seed,
    startTime: toEpochMs(opts.startTime, Date.now()),
    acctDir,
    acctRotateMinutes: opts.acctRotateMinutes ?? 60,
    acctFiles: opts.acctFiles,
    acctWebhook: opts.acctWebhook,
    scaleQueues: opts.queues,
    injectRate: opts.injectRate ?? 25,
    randomEpisodes: opts.randomEpisodes ?? tickMs > 0,
    episodesPerHour: opts.episodesPerHour,
    defaultVmtaQueues: opts.defaultVmtaQueues ?? true,
    tzOffsetMinutes: opts.tzOffsetMinutes,
    strictParams: opts.strictParams,
    ignoredQueueFilters: opts.ignoredQueueFilters,
    backoffToNormalAfterDelivery: opts.backoffToNormalAfterDelivery,
    backoffToNormalAfterMinutes: opts.backoffToNormalAfterMinutes,
    trackRecipientEvents: opts.trackRecipientEvents,
    licenseDays: opts.licenseDays,
  });
  const ident = { hostName: opts.hostName ?? `${id}.mail.shopright.example`, version };
  let stallMs = 0;

  const handle = {
    id,
    host,
    apiKey: apiKeys[0] as string,
    apiKeys,
    version,
    model,
    acctDir,
    port: opts.port ?? 0,
    running: false,
    get url() {
      return `${opts.https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
    },
    startBackoff(pattern: string, provider: string, seconds: number): number {
      if (!QUEUE_PATTERN.test(pattern)) throw new Error(`invalid queue pattern "${pattern}"`);
      if (!isEpisodeKind(provider)) throw new Error(`unknown provider "${provider}"`);
      const n = startEpisode(model, pattern, provider, seconds);
      model.acct.flush();
      return n;
    },
    setStall(ms: number) {
      stallMs = Math.max(0, ms);
    },
    advance(seconds: number) {
      model.advance(seconds);
    },
    restart() {
      restartNode(model);
    },
    command(text: string) {
      const r = runCommand(model, ident, text);
      model.acct.flush();
      return r;
    },
    state: (): SimState => snapshot(id, version, model, stallMs),
    webhookIdle: async () => {
      const w = model.acct.webhook;
      if (!w) return null;
      await w.idle();
      return { ...w.stats };
    },
    stopServer: async () => {},
    restartServer: async () => {},
    stop: async () => {},
  };

  const control = { startBackoff: handle.startBackoff, setStall: handle.setStall, advance: handle.advance, state: handle.state, restart: handle.restart };
  const listener = (req: Parameters<typeof handleRequest>[1], res: Parameters<typeof handleRequest>[2]) => {
    opts.onRequest?.({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] as string, at: Date.now() });
    handleRequest({ model, id: ident, access, control, stallMs: () => stallMs }, req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`internal error: ${(e as Error).message}`);
    });
  };
  let server: Server | null = null;

  const listen = async () => {
    const s: Server = opts.https
      ? createHttps({ key: readFileSync(path.join(CERT_DIR, 'key.pem')), cert: readFileSync(path.join(CERT_DIR, 'cert.pem')) }, listener)
      : createHttp(listener);
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(handle.port, host, () => resolve());
    });
    handle.port = (s.address() as AddressInfo).port;
    server = s;
    handle.running = true;
  };

  handle.stopServer = async () => {
    const s = server;
    if (!s) return;
    server = null;
    handle.running = false;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  };
  handle.restartServer = async () => {
    if (!server) await listen();
  };

  const tick = () => {
    try {
      model.advance((speed * tickMs) / 1000);
    } catch (e) {
      // A bug in one step must not take the whole fleet down mid-demo; say so and go on.
      console.error(`sim ${id}: step failed:`, e);
    }
  };
  const timer = tickMs > 0 ? setInterval(tick, tickMs) : null;
  timer?.unref();

  handle.stop = async () => {
    if (timer) clearInterval(timer);
    model.acct.webhook?.stop();
    await handle.stopServer();
    model.acct.flush();
    if (tempDir && opts.cleanupAcctDir !== false) rmSync(acctDir, { recursive: true, force: true });
  };

  await listen();
  return handle as SimNodeHandle;
}
