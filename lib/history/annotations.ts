// Which operator actions belong on a domain's chart. Actions target PowerMTA queue patterns
// (`gmail.com/*`, `*/vmta-1`, `gmail.com/vmta-2`, `*`); one belongs to a domain's chart when its
// domain part can match that domain. Pure module.
import type { ChartAnnotation } from './api-types';

function globToRegExp(glob: string): RegExp {
  const esc = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${esc}$`, 'i');
}

function patternTouchesDomain(pattern: string, domain: string): boolean {
  const p = pattern.trim();
  if (!p) return false;
  const domainPart = p.includes('/') ? p.slice(0, p.indexOf('/')) : p;
  return globToRegExp(domainPart || '*').test(domain);
}

export function annotationsForDomain(list: ChartAnnotation[], domain: string | undefined, from: number, to: number): ChartAnnotation[] {
  return list.filter((a) => a.at >= from && a.at <= to && (!domain || patternTouchesDomain(a.pattern, domain))).sort((a, b) => a.at - b.at);
}
