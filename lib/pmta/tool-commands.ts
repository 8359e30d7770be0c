// The operator's toolbox commands beyond the four queue verbs: jobs, source IPs, delete,
// retry with held recipients, and the read-only `show` commands. Every argument is validated
// here and the text is rebuilt from its parts, so nothing typed reaches PowerMTA verbatim.
// Syntax: PowerMTA 5.0 User's Guide §6.3 "Command Reference" (docs/powermta-api.md §12),
// section numbers checked against the guide's public copy (jnotes/pmta-doc, index.html):
//   pause job ID                                          (§6.3.24 pause job)
//   resume job ID                                         (§6.3.26 resume job)
//   schedule --retry-recipients domain[/vmta]             (§6.3.10 schedule)
//   delete [--dsn] --queue=domain[/vmta] [--older-than=I] (§6.3.22 delete; never without --queue)
//   disable source [--reenable-after=I] IP domain[/vmta]  (§6.3.33 disable source)
//   enable source IP domain[/vmta]                        (§6.3.34 enable source)
//   show disabled sources [domain[/vmta]]                 (§6.3.35 show disabled sources)
//   show settings domain[/vmta]                           (§6.3.15 show settings)
//   show license                                          (§6.3.28 show license)
//
// Pure and browser-safe, like commands.ts (forms validate with the same functions).
import { CommandRejectedError } from './errors';
import { parseQueuePattern, type SafeCommand } from './commands';

// A job id as the console accepts it: what `x-job` campaign ids look like in practice
// (letters, digits, `.`, `_`, `-`), never starting with `-` so it cannot read as an option.
// Tighter than PowerMTA needs on purpose: anything else is refused, not quoted.
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// A PowerMTA time interval as `bounce-after` takes it (guide §3.3.10.11, which `delete
// --older-than` refers to in §6.3.22; e.g. `4d12h`, `30m`):
// one or more number+unit pairs, units s m h d w.
const INTERVAL = /^(?:\d{1,5}[smhdw]){1,4}$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000, w: 604_800_000 };

export function checkJobId(id: string): string {
  if (typeof id !== 'string' || !JOB_ID.test(id))
    throw new CommandRejectedError(`"${String(id)}" is not a job id (letters, digits, ".", "_", "-"; at most 64)`);
  return id;
}

/** Validates an interval and returns its length in ms (0 is refused: it would mean "now"). */
export function intervalMs(i: string): number {
  if (typeof i !== 'string' || !INTERVAL.test(i)) throw new CommandRejectedError(`"${String(i)}" is not an interval (e.g. 30m, 1h, 2d, 4d12h)`);
  let ms = 0;
  for (const m of i.matchAll(/(\d+)([smhdw])/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  if (ms <= 0) throw new CommandRejectedError(`interval "${i}" is zero`);
  return ms;
}

function isIPv4(s: string): boolean {
  const p = s.split('.');
  return p.length === 4 && p.every((x) => /^(0|[1-9]\d{0,2})$/.test(x) && Number(x) <= 255);
}

function isIPv6(s: string): boolean {
  if (s.length > 45 || !/^[0-9a-f:.]+$/i.test(s)) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const parts = halves.flatMap(groups);
  let count = parts.length;
  const last = parts[parts.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last)) return false;
    count++; // an embedded IPv4 is two groups
    parts.pop();
  }
  if (!parts.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  return halves.length === 2 ? count < 8 : count === 8;
}

/** An IPv4 or IPv6 address (no zone, no prefix), returned lower-cased. */
export function checkSourceIp(ip: string): string {
  if (typeof ip !== 'string' || !(isIPv4(ip) || isIPv6(ip))) throw new CommandRejectedError(`"${String(ip)}" is not an IPv4 or IPv6 address`);
  return ip.toLowerCase();
}

/** `domain/vmta` as sent (a bare domain becomes `domain/*`), after the queue-pattern whitelist. */
export function canonicalPattern(pattern: string): string {
  const p = parseQueuePattern(pattern);
  return `${p.domain}/${p.vmta}`;
}

export type ToolCommand =
  | { kind: 'pause-job' | 'resume-job'; job: string }
  | { kind: 'retry-recipients'; pattern: string }
  | { kind: 'delete'; pattern: string; olderThan?: string; dsn?: boolean }
  | { kind: 'disable-source'; ip: string; pattern: string; reenableAfter?: string }
  | { kind: 'enable-source'; ip: string; pattern: string }
  | { kind: 'show-disabled-sources'; pattern?: string }
  | { kind: 'show-settings'; pattern: string }
  | { kind: 'show-license' };

/** The one builder for the toolbox commands; throws CommandRejectedError on any bad argument. */
export function buildToolCommand(c: ToolCommand): SafeCommand {
  switch (c.kind) {
    case 'pause-job':
      return `pause job ${checkJobId(c.job)}` as SafeCommand;
    case 'resume-job':
      return `resume job ${checkJobId(c.job)}` as SafeCommand;
    case 'retry-recipients':
      return `schedule --retry-recipients ${canonicalPattern(c.pattern)}` as SafeCommand;
    case 'delete': {
      // --queue is always there: PowerMTA refuses a delete without --queue or --jobId (§6.3.22),
      // and the console never deletes by anything but a queue.
      // A domain must be named: `*/…` would empty every queue of the node, which no console
      // screen should be one confirmation away from.
      if (parseQueuePattern(c.pattern).domain === '*') throw new CommandRejectedError('delete needs a named domain, not "*"');
      const parts = ['delete'];
      if (c.dsn) parts.push('--dsn');
      parts.push(`--queue=${canonicalPattern(c.pattern)}`);
      if (c.olderThan !== undefined) {
        intervalMs(c.olderThan);
        parts.push(`--older-than=${c.olderThan}`);
      }
      return parts.join(' ') as SafeCommand;
    }
    case 'disable-source': {
      const opt = c.reenableAfter !== undefined ? (intervalMs(c.reenableAfter), ` --reenable-after=${c.reenableAfter}`) : '';
      return `disable source${opt} ${checkSourceIp(c.ip)} ${canonicalPattern(c.pattern)}` as SafeCommand;
    }
    case 'enable-source':
      return `enable source ${checkSourceIp(c.ip)} ${canonicalPattern(c.pattern)}` as SafeCommand;
    case 'show-disabled-sources':
      return (c.pattern === undefined ? 'show disabled sources' : `show disabled sources ${canonicalPattern(c.pattern)}`) as SafeCommand;
    case 'show-settings':
      return `show settings ${canonicalPattern(c.pattern)}` as SafeCommand;
    case 'show-license':
      return 'show license' as SafeCommand;
    default:
      throw new CommandRejectedError(`unknown command kind "${String((c as { kind: unknown }).kind)}"`);
  }
}

/** Reads a command text back into its parts, or null if it is not a toolbox command's shape. */
function readBack(cmd: string): ToolCommand | null {
  const w = cmd.split(' ');
  const opt = (name: string) => w.find((x) => x.startsWith(`--${name}=`))?.slice(name.length + 3);
  if ((w[0] === 'pause' || w[0] === 'resume') && w[1] === 'job' && w.length === 3) return { kind: w[0] === 'pause' ? 'pause-job' : 'resume-job', job: w[2]! };
  if (w[0] === 'schedule' && w[1] === '--retry-recipients' && w.length === 3) return { kind: 'retry-recipients', pattern: w[2]! };
  if (w[0] === 'delete') {
    const q = opt('queue');
    return q === undefined ? null : { kind: 'delete', pattern: q, olderThan: opt('older-than'), dsn: w.includes('--dsn') };
  }
  if (w[0] === 'disable' && w[1] === 'source') {
    const args = w.slice(2).filter((x) => !x.startsWith('--'));
    return args.length === 2 ? { kind: 'disable-source', ip: args[0]!, pattern: args[1]!, reenableAfter: opt('reenable-after') } : null;
  }
  if (w[0] === 'enable' && w[1] === 'source' && w.length === 4) return { kind: 'enable-source', ip: w[2]!, pattern: w[3]! };
  if (cmd === 'show disabled sources') return { kind: 'show-disabled-sources' };
  if (w.slice(0, 3).join(' ') === 'show disabled sources' && w.length === 4) return { kind: 'show-disabled-sources', pattern: w[3]! };
  if (w[0] === 'show' && w[1] === 'settings' && w.length === 3) return { kind: 'show-settings', pattern: w[2]! };
  if (cmd === 'show license') return { kind: 'show-license' };
  return null;
}

/** Runtime re-check (a cast can forge the brand): the text must rebuild identically, or null. */
export function rebuildToolCommand(cmd: string): SafeCommand | null {
  const c = readBack(cmd);
  if (!c) return null;
  try {
    const rebuilt = buildToolCommand(c);
    return rebuilt === cmd ? rebuilt : null;
  } catch {
    return null;
  }
}
