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
  | { verb: 'show-status' | 'show-version' | 'reset-counters' | 'rotate-acct' };

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
    if (ch === '"' || ch === "'") { quote = ch; inWord = true; continue; }
    if (ch === '\\' && i + 1 < text.length) { cur += text[++i]; inWord = true; continue; }
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

interface Split { options: Map<string, string | true>; args: string[] }

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
      expectWord(tokens, 1, 'queue', verb);
      const { args } = split(tokens.slice(2), []);
      return { verb, pattern: onePattern(args, true) };
    }
    case 'schedule': {
      const { options, args } = split(tokens.slice(1), ['retry-recipients']);
      if (typeof options.get('retry-recipients') === 'string') throw new CommandError('error: "--retry-recipients" takes no value');
      return { verb, pattern: onePattern(args, true), retryRecipients: options.has('retry-recipients') };
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
