import 'server-only';
// The console's one logger: structured JSON lines (pino) on stdout, level from `log.level`.
// The runtime builds it (lib/runtime/runtime.ts); code without a runtime at hand asks
// serverLog(). Fields that may carry a secret are redacted by path, whatever logs them —
// and nothing logs request headers, bodies or node configurations in the first place.
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRuntime } from '@/lib/runtime/current';

export type { Logger };
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Any of these, at any depth up to two below a logged object, prints as "[Redacted]". */
const SECRET_KEYS = [
  'password',
  'passwordHash',
  'apiKey',
  'apiKeys',
  'sessionSecret',
  'metricsToken',
  'token',
  'csrfToken',
  'cookie',
  'authorization',
  'secret',
];
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const opts = { level, base: { app: 'pmta-console' }, redact: { paths: REDACT_PATHS, censor: '[Redacted]' }, timestamp: pino.stdTimeFunctions.isoTime };
  // stdout written asynchronously (pino flushes it on exit): every API request logs a line, and
  // a synchronous write per request was ~4 % of a polled console's CPU (B10 profile) — and a
  // slow reader of stdout (a pipe to a log shipper) would stall the event loop.
  return pino(opts, destination ?? pino.destination({ dest: 1, sync: false }));
}

/** The running console's logger, or a default one (scripts, tests without a runtime). */
export function serverLog(): Logger {
  return currentRuntime()?.log ?? createLogger();
}
