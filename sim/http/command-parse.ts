// Parses `pmta` command text (what POST /command carries). A real tokenizer: words split on
// whitespace, '…' and "…" quote, backslash escapes. Nothing is a shell metacharacter, so
// `gmail.com/x; delete --queue=*/*` is just too many (and invalid) words, never two commands.

import { QUEUE_PATTERN } from '../model/queue';

export class CommandError extends Error {}

export type Command =
  | { verb: 'pause' | 'resume'; pattern: string }
  | { verb: 'schedule'; pattern: string; retryRecipients: boolean }
  | { verb: 'set-mode'; pattern: string; mode: 'normal' | 'backoff' }
  | { verb: 'show-queues'; pattern: string; params: URLSearchParams }
  | { verb: 'show-status' | 'show-version' | 'reset-counters' | 'rotate-acct' | 'show-license' }
  | { verb: 'pause-job' | 'resume-job'; job: string }
  | { verb: 'disable-source'; ip: string; pattern: string; reenableAfterMs: number | null }
  | { verb: 'enable-source'; ip: string; pattern: string }
  | { verb: 'show-disabled-sources'; pattern: string }
  | { verb: 'show-settings'; pattern: string }
  | { verb: 'delete'; pattern: string; olderThanMs: number | null; dsn: boolean };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000, w: 604_800_000 };

/** A time interval as `bounce-after` takes it (`30m`, `4d12h`); a bare number is seconds. */
function interval(v: string | true | undefined, name: string): number | null {
  if (v === undefined) return null;
  if (v === true || !/^(?:\d+[smhdw]?)+$/.test(v)) throw new CommandError(`error: invalid interval for "--${name}"`);
  let ms = 0;
  for (const x of v.matchAll(/(\d+)([smhdw]?)/g)) ms += Number(x[1]) * (UNIT_MS[x[2] || 's'] ?? 1000);
  return ms;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function sourceIp(v: string | undefined): string {
  if (v === undefined) throw new CommandError('error: missing source IP address');
  if (!IPV4.test(v) && !(v.includes(':') && /^[0-9a-f:.]+$/i.test(v))) throw new CommandError(`error: invalid IP address "${v}"`);
  return v.toLowerCase();
}

export function tokenize(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    cur += ch;
    inWord = true;
  }
  if (quote) throw new CommandError('error: unterminated quoted string');
  if (inWord) out.push(cur);
  return out;
}

interface Split {
  options: Map<string, string | true>;
  args: string[];
}

function split(tokens: string[], allowed: readonly string[]): Split {
  const options = new Map<string, string | true>();
  const args: string[] = [];
  for (const t of tokens) {
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      const name = (eq < 0 ? t.slice(2) : t.slice(2, eq)).toLowerCase();
      if (!allowed.includes(name)) throw new CommandError(`error: unknown option "${t}"`);
      options.set(name, eq < 0 ? true : t.slice(eq + 1));
    } else args.push(t);
  }
  return { options, args };
}

function onePattern(args: string[], required: boolean): string {
  if (args.length > 1) throw new CommandError(`error: too many arguments: "${args.slice(1).join(' ')}"`);
  const p = args[0];
  if (p === undefined) {
    if (required) throw new CommandError('error: missing queue name (domain[/vmta])');
    return '*/*';
  }
  if (!QUEUE_PATTERN.test(p)) throw new CommandError(`error: invalid queue name "${p}"`);
  return p;
}

function expectWord(tokens: string[], i: number, word: string, verb: string): void {
  const t = tokens[i];
  if (t?.toLowerCase() !== word) throw new CommandError(`error: "${verb}" expects "${word}"${t === undefined ? '' : `, not "${t}"`}`);
}

function noArgs(rest: string[], what: string): void {
  if (rest.length > 0) throw new CommandError(`error: "${what}" takes no arguments, got "${rest.join(' ')}"`);
}

export function parseCommand(text: string): Command {
  const tokens = tokenize(text);
  const verb = tokens[0]?.toLowerCase();
  if (verb === undefined) throw new CommandError('error: no command given');
  switch (verb) {
    case 'pause':
    case 'resume': {
      if (tokens[1]?.toLowerCase() === 'job') {
        // guide §6.3.24: pause job JOBID / resume job JOBID
        const { args } = split(tokens.slice(2), []);
        if (args.length !== 1) throw new CommandError(`error: "${verb} job" takes one job id`);
        return { verb: verb === 'pause' ? 'pause-job' : 'resume-job', job: args[0]! };
      }
      expectWord(tokens, 1, 'queue', verb);
      const { args } = split(tokens.slice(2), []);
      return { verb, pattern: onePattern(args, true) };
    }
    case 'schedule': {
      const { options, args } = split(tokens.slice(1), ['retry-recipients']);
      if (typeof options.get('retry-recipients') === 'string') throw new CommandError('error: "--retry-recipients" takes no value');
      return { verb, pattern: onePattern(args, true), retryRecipients: options.has('retry-recipients') };
    }
    case 'disable':
    case 'enable': {
      // guide §6.3.33–34: disable source [--reenable-after=I] IP domain[/vmta]; enable source IP domain[/vmta]
      expectWord(tokens, 1, 'source', verb);
      const { options, args } = split(tokens.slice(2), verb === 'disable' ? ['reenable-after'] : []);
      if (args.length !== 2) throw new CommandError(`error: "${verb} source" needs an IP address and a queue`);
      const ip = sourceIp(args[0]);
      const pattern = onePattern(args.slice(1), true);
      if (verb === 'enable') return { verb: 'enable-source', ip, pattern };
      return { verb: 'disable-source', ip, pattern, reenableAfterMs: interval(options.get('reenable-after'), 'reenable-after') };
    }
    case 'delete': {
      // guide §6.3.22: refused without --queue or --jobId (the simulator supports --queue only)
      const { options, args } = split(tokens.slice(1), ['dsn', 'queue', 'older-than', 'no-accounting']);
      noArgs(args, 'delete');
      const q = options.get('queue');
      if (q === undefined) throw new CommandError('error: "delete" needs --queue (or --jobId)');
      if (q === true) throw new CommandError('error: "--queue" needs a value');
      return { verb: 'delete', pattern: onePattern([q], true), olderThanMs: interval(options.get('older-than'), 'older-than'), dsn: options.has('dsn') };
    }
    case 'set': {
      expectWord(tokens, 1, 'queue', verb);
      const { options, args } = split(tokens.slice(2), ['mode']);
      const mode = options.get('mode');
      if (mode !== 'normal' && mode !== 'backoff') throw new CommandError('error: "set queue" needs --mode=normal or --mode=backoff');
      return { verb: 'set-mode', pattern: onePattern(args, true), mode };
    }
    case 'show': {
      const what = tokens[1]?.toLowerCase();
      if (what === 'status' || what === 'version') {
        noArgs(tokens.slice(2), `show ${what}`);
        return { verb: what === 'status' ? 'show-status' : 'show-version' };
      }
      if (what === 'license') {
        noArgs(tokens.slice(2), 'show license');
        return { verb: 'show-license' };
      }
      if (what === 'settings') {
        const { args } = split(tokens.slice(2), []);
        return { verb: 'show-settings', pattern: onePattern(args, true) };
      }
      if (what === 'disabled') {
        expectWord(tokens, 2, 'sources', 'show disabled');
        const { args } = split(tokens.slice(3), []);
        return { verb: 'show-disabled-sources', pattern: onePattern(args, false) };
      }
      if (what === 'queues' || what === 'topqueues') {
        const { options, args } = split(tokens.slice(2), ['paused', 'mode', 'maxitems', 'connected', 'sort', 'errors', 'mode-events', 'no-rcpt-events']);
        // The CLI spells it --maxitems (guide §6.1); both HTTP spellings are set so strict HTTP
        // parameter handling does not apply to the command line.
        const params = new URLSearchParams({ maxitems: '20', maxItems: '20' });
        for (const [k, v] of options) if (typeof v === 'string' && k !== 'errors') params.set(k, v);
        if (params.get('maxitems') !== '20') params.set('maxItems', params.get('maxitems') ?? '20');
        if (options.has('errors')) params.set('errors', 'yes');
        return { verb: 'show-queues', pattern: onePattern(args, false), params };
      }
      throw new CommandError(`error: unknown command "${tokens.slice(0, 2).join(' ')}"`);
    }
    case 'reset': {
      const what = tokens[1]?.toLowerCase();
      if (what !== 'counters' && what !== 'status') throw new CommandError('error: "reset" expects "counters"');
      noArgs(tokens.slice(2), 'reset counters');
      return { verb: 'reset-counters' };
    }
    case 'rotate': {
      expectWord(tokens, 1, 'acct', verb);
      noArgs(tokens.slice(2), 'rotate acct');
      return { verb: 'rotate-acct' };
    }
    default:
      throw new CommandError(`error: unknown command "${tokens[0]}"`);
  }
}
