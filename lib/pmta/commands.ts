// The only way to build a PowerMTA command: a whitelist of queue verbs over a validated
// queue pattern. `SafeCommand` is branded so `client.command()` cannot be handed a raw
// string by accident, and the client re-checks the text at runtime (defence in depth).
//
// Pure and browser-safe (no `server-only`, no node: imports): the console also uses
// parseQueuePattern / queueMatchesPattern for blast-radius previews.
import { CommandRejectedError } from './errors';
import { asciiDomain, isAsciiDomain } from './idn';
import { splitQueueName } from './queue-name';
import { rebuildToolCommand } from './tool-commands';

declare const safeCommandBrand: unique symbol;
/** Command text built by buildQueueCommand, e.g. `pause queue gmail.com/vmta-1`. */
export type SafeCommand = string & { readonly [safeCommandBrand]: true };

export type QueueAction = 'pause' | 'resume' | 'retry' | 'reset-backoff';

export interface QueuePattern {
  /** Domain as written, or `*`. */
  domain: string;
  /** vMTA name as written, or `*`. */
  vmta: string;
}

const MAX_PATTERN = 253;
// A DNS label: letters, digits, hyphens, no hyphen at either end, ≤ 63 (punycode `xn--…` ok).
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
// A vMTA name as PowerMTA allows it in `<virtual-mta NAME>`: letters, digits, - _ . and no
// leading `-` or `.`, so it can never read as a CLI option (`--queue=…`).
const VMTA = /^[a-z0-9_][a-z0-9_.-]{0,127}$/i;
// PowerMTA's reserved vMTA names are written in braces: mail injected without x-virtual-mta
// queues as `domain/{default}` (guide §3.3.11.5 queue-filter: "foo.com will be treated as
// foo.com/{default}"; §6.3.21 trace prints `done port25.com/{default}`), and there are others
// such as `{bounceProcessor}`. Exactly one pair of braces around letters and digits only, so
// nothing in them can read as an option, a separator or a second argument.
const RESERVED_VMTA = /^\{[a-z][a-z0-9]{0,31}\}$/i;

function checkDomain(d: string): string | null {
  if (d === '*') return null;
  if (d.includes('*')) return `partial wildcard "${d}": only a whole "*" is supported`;
  // A Unicode IDN (as a node may list it) is checked in its punycode form, and sent as written.
  const ascii = isAsciiDomain(d) ? d : asciiDomain(d);
  const labels = (ascii ?? '').split('.');
  if (ascii === null || labels.some((l) => !LABEL.test(l))) return `"${d}" is not a domain name (letters, digits, dots, hyphens)`;
  return null;
}

function checkVmta(v: string): string | null {
  if (v === '*') return null;
  if (v.includes('*')) return `partial wildcard "${v}": only a whole "*" is supported`;
  if (!VMTA.test(v) && !RESERVED_VMTA.test(v)) return `"${v}" is not a vMTA name (letters, digits, "-", "_", ".", or a reserved name such as "{default}")`;
  return null;
}

/**
 * Validates `domain[/vmta]` and returns its parts (a bare domain means vmta `*`, as in
 * PowerMTA). Wildcards are whole-part only (`*`, `* / vmta1`, `gmail.com / *`, spaced here only
 * to keep this comment open): PowerMTA documents
 * `*` "on either side" of the slash, and partial forms like `*.example.com` are not
 * documented, so they are refused rather than guessed (a preview must match what PowerMTA
 * will hit). Throws CommandRejectedError with the reason.
 */
export function parseQueuePattern(pattern: string): QueuePattern {
  if (typeof pattern !== 'string' || pattern.length === 0) throw new CommandRejectedError('empty queue pattern');
  if (pattern.length > MAX_PATTERN) throw new CommandRejectedError(`queue pattern longer than ${MAX_PATTERN} characters`);
  // Caught by the checks below as well; named here so the reason is plain.
  if (/\s/.test(pattern)) throw new CommandRejectedError('queue pattern contains whitespace');
  if (/["'`;|&$<>\\=]/.test(pattern)) throw new CommandRejectedError('queue pattern contains a forbidden character');
  if (pattern.startsWith('-')) throw new CommandRejectedError('queue pattern looks like an option');
  const parts = pattern.split('/');
  if (parts.length > 2) throw new CommandRejectedError('queue pattern has more than one "/"');
  const [domain = '', vmta = '*'] = parts;
  const bad = checkDomain(domain) ?? checkVmta(vmta);
  if (bad) throw new CommandRejectedError(bad);
  return { domain, vmta };
}

function formatPattern(p: QueuePattern): string {
  return `${p.domain}/${p.vmta}`;
}

const VERBS: Record<QueueAction, string> = {
  pause: 'pause queue',
  resume: 'resume queue',
  retry: 'schedule', // "retry now" (powermta-api.md §6.2)
  'reset-backoff': 'set queue --mode=normal', // there is no "reset backoff" command
};

/**
 * The whitelist: `pause queue P`, `resume queue P`, `schedule P`,
 * `set queue --mode=normal P`, with P always written as `domain/vmta` (a bare domain
 * becomes `domain/*`, which PowerMTA treats identically) so the audit log shows exactly
 * what was hit.
 */
export function buildQueueCommand(input: { action: QueueAction; pattern: string }): SafeCommand {
  const verb = Object.prototype.hasOwnProperty.call(VERBS, input.action) ? VERBS[input.action] : undefined;
  if (!verb) throw new CommandRejectedError(`unknown action "${String(input.action)}"`);
  return `${verb} ${formatPattern(parseQueuePattern(input.pattern))}` as SafeCommand;
}

/** Runtime re-check of a SafeCommand (a cast can forge the brand): it must rebuild identically. */
export function assertSafeCommand(cmd: string): SafeCommand {
  for (const [action, verb] of Object.entries(VERBS) as [QueueAction, string][]) {
    if (cmd.startsWith(`${verb} `)) {
      const rebuilt = buildQueueCommand({ action, pattern: cmd.slice(verb.length + 1) });
      if (rebuilt === cmd) return rebuilt;
    }
  }
  // The toolbox's commands (jobs, sources, delete, show …) are checked the same way.
  const tool = rebuildToolCommand(cmd);
  if (tool) return tool;
  throw new CommandRejectedError('not a command built by buildQueueCommand');
}

function partMatches(pattern: string, value: string): boolean {
  return pattern === '*' || pattern.toLowerCase() === value.toLowerCase();
}

/** Domains compare in their ASCII form, so `bücher.de` and `xn--bcher-kva.de` are one domain. */
function domainMatches(pattern: string, value: string): boolean {
  if (partMatches(pattern, value)) return true;
  if (isAsciiDomain(pattern) && isAsciiDomain(value)) return false;
  const a = asciiDomain(pattern);
  return a !== null && a === asciiDomain(value);
}

/**
 * Does queue `name` (`domain/vmta`) fall under `pattern`? `*` matches everything in its part;
 * otherwise parts compare case-insensitively, and a domain in Unicode matches its punycode form
 * (a pattern typed one way still previews queues the node lists the other way). Domains are case-insensitive by definition;
 * whether PowerMTA compares vMTA names case-insensitively is not documented, so they are too:
 * if anything, a preview then over-states the blast radius, never under-states it.
 * Pass a parsed pattern when testing many queues. An invalid pattern string throws
 * CommandRejectedError.
 */
export function queueMatchesPattern(name: string, pattern: string | QueuePattern): boolean {
  const p = typeof pattern === 'string' ? parseQueuePattern(pattern) : pattern;
  const q = splitQueueName(name);
  return domainMatches(p.domain, q.domain) && partMatches(p.vmta, q.vmta);
}
