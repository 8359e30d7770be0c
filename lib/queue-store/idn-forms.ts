import 'server-only';
// Both spellings of an IDN domain, so the console's own filters find a queue whichever form the
// node listed it in (guide §11.2.5 prints `bücher.de/vmta29`; other installs list punycode):
// searching `bücher` finds `xn--bcher-kva.de` and `xn--bcher` finds `bücher.de`.
import { domainToUnicode } from 'node:url';
import { asciiDomain, isAsciiDomain } from '@/lib/pmta/idn';

/** The other form of an IDN (Unicode ⇄ punycode), lower-cased; null for a plain ASCII domain or a name IDNA refuses. */
export function otherIdnForm(domain: string): string | null {
  if (!isAsciiDomain(domain)) {
    const a = asciiDomain(domain);
    return a && a !== domain.toLowerCase() ? a : null;
  }
  if (!/(^|\.)xn--/i.test(domain)) return null;
  const u = domainToUnicode(domain.toLowerCase());
  return u && u !== domain.toLowerCase() ? u : null;
}

const cache = new WeakMap<readonly string[], (string | null)[]>();

/**
 * `otherIdnForm` of every value, computed once per list: a table's distinct domains are
 * memoised per snapshot, so the conversions run once per poll, not once per request.
 */
export function otherIdnForms(values: readonly string[]): (string | null)[] {
  let forms = cache.get(values);
  if (!forms) cache.set(values, (forms = values.map(otherIdnForm)));
  return forms;
}
