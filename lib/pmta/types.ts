// The console's normalised model of what PowerMTA reports, shared by server and browser
// through `import type`. PowerMTA 3.5, 4.x and 5.0 differ in which leaves they send, and
// XML and JSON differ in typing, so every upstream leaf is optional: a value PowerMTA did not
// send is `null` here (unknown), never a silent 0. See docs/wire-format.md.

export type Maybe<T> = T | null;

export type PmtaFormat = 'xml' | 'json';

export interface TrafficCounts {
  rcp: Maybe<number>;
  msg: Maybe<number>;
  kb: Maybe<number>;
}

export interface TrafficPeriod {
  in: TrafficCounts;
  out: TrafficCounts;
  bounceProcessed: Maybe<number>;
  feedbackLoopProcessed: Maybe<number>;
}

export interface ConnCounts {
  cur: Maybe<number>;
  max: Maybe<number>;
  top: Maybe<number>;
}

export interface QueueMethodTotals {
  rcp: Maybe<number>;
  dom: Maybe<number>;
  kb: Maybe<number>;
}

export interface NodeStatus {
  product: { name: Maybe<string>; version: Maybe<string>; buildDate: Maybe<string> };
  hostName: Maybe<string>;
  /** PowerMTA's own clock, as it printed it (server local time, no zone). */
  timeNow: Maybe<string>;
  startupTime: Maybe<string>;
  shuttingDown: Maybe<boolean>;
  /** Inner `<status>` leaf, e.g. `running`. */
  state: Maybe<string>;
  traffic: {
    total: TrafficPeriod;
    lastHr: TrafficPeriod;
    lastMin: TrafficPeriod;
    topPerHr: TrafficPeriod;
    topPerMin: TrafficPeriod;
  };
  conn: { smtpIn: ConnCounts; smtpOut: ConnCounts };
  resolver: { namesCached: Maybe<number>; queriesPending: Maybe<number>; queriesActive: Maybe<number> };
  /** Per delivery method (`smtp`, `pipe`, `discard`, …); only the methods PowerMTA listed. */
  queue: Record<string, QueueMethodTotals>;
  spool: {
    initPct: Maybe<number>;
    totalRcp: Maybe<number>;
    maxRcp: Maybe<number>;
    filesInUse: Maybe<number>;
    filesTotal: Maybe<number>;
  };
}

export type QueueMode = 'normal' | 'backoff';

export interface QueueEvent {
  type: Maybe<string>;
  /** As PowerMTA printed it: `YYYY-MM-DD HH:MM:SS`, node local time. */
  time: Maybe<string>;
  text: string;
}

export interface Queue {
  /** `domain/vmta`, exactly as PowerMTA names the queue. */
  name: string;
  domain: string;
  vmta: string;
  rcp: Maybe<number>;
  kb: Maybe<number>;
  conn: Maybe<number>;
  paused: Maybe<boolean>;
  mode: Maybe<QueueMode>;
  retryTime: Maybe<string>;
  /** Newest first. */
  events: QueueEvent[];
}

export interface QueueList {
  queues: Queue[];
  totalRcp: Maybe<number>;
  totalQueuesWithRcp: Maybe<number>;
  /** Fewer queues came back than `totalQueuesWithRcp` says match (PowerMTA capped the list). */
  truncated: boolean;
}

export interface ModeEvent {
  time: Maybe<string>;
  mode: Maybe<string>;
  text: Maybe<string>;
}

export interface RecipientEvent {
  type: Maybe<string>;
  time: Maybe<string>;
  rcpt: Maybe<string>;
  sourceIp: Maybe<string>;
  remoteMta: Maybe<string>;
  diag: Maybe<string>;
}

export interface QueueDetail extends Queue {
  backoffReason: Maybe<string>;
  /** Last errors, newest first. */
  errors: QueueEvent[];
  modeEvents: ModeEvent[];
  recipientEvents: RecipientEvent[];
  /**
   * Whether the node tracks recipient events at all: PowerMTA keeps them only with
   * `track-recipient-events true` (guide §3.3.10.16, default false) and omits the section
   * otherwise, so an empty list and "not tracked" are told apart.
   */
  recipientEventsTracked: boolean;
  disabledSources: { ip: string; until: Maybe<string> }[];
}

export interface LogFile {
  name: string;
  type: Maybe<string>;
  size: Maybe<number>;
  time: Maybe<string>;
}

export interface CommandReply {
  ok: boolean;
  /** PowerMTA's own words, e.g. "Queue(s) paused." or its error text. */
  text: string;
}
