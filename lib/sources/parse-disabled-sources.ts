// `show disabled sources [domain[/vmta]]` (guide §6.3.35). The guide documents the command but
// not its output, so the reply is read leniently: any line holding a queue name (`domain/vmta`)
// and an IPv4/IPv6 address is one disabled source, the rest of the line its re-enable time as
// printed; other lines (a count, a header) are ignored, and the raw text is kept beside the
// rows for anything the parse does not catch. Pure (browser-safe).
import { checkSourceIp } from '@/lib/pmta/tool-commands';

export interface DisabledSource {
  queue: string;
  ip: string;
  /** As the node printed it (node time), or null without one. */
  until: string | null;
}

const isIp = (s: string) => {
  try {
    checkSourceIp(s);
    return true;
  } catch {
    return false;
  }
};

export function parseDisabledSources(text: string): DisabledSource[] {
  const out: DisabledSource[] = [];
  for (const line of text.split(/\r?\n/).slice(0, 10_000)) {
    const words = line.trim().split(/\s+/);
    const ipAt = words.findIndex(isIp);
    const queueAt = words.findIndex((w, i) => i !== ipAt && /^[^/\s]+\/[^/\s]+$/.test(w));
    if (ipAt < 0 || queueAt < 0) continue;
    const rest = words.filter((_, i) => i !== ipAt && i !== queueAt).join(' ');
    out.push({ queue: words[queueAt]!, ip: words[ipAt]!.toLowerCase(), until: rest && rest !== 'never' ? rest : null });
  }
  return out;
}
