// Internationalised domain names in queue names. PowerMTA prints an IDN queue in Unicode
// (guide §11.2.5, the `tq` sample: queue `bücher.de/vmta29`, MX `mx.xn--bcher-kva.de`) or in
// punycode, depending on how the mail was injected. The console sends the form the node listed
// and compares both forms. Pure and browser-safe: the WHATWG URL parser does the IDNA mapping
// (the same algorithm as node:url's domainToASCII), so no library is needed.

const ASCII_ONLY = /^[\x00-\x7f]*$/;
// Letters, combining marks, digits, dots and hyphens: what a Unicode domain label holds. Checked
// before the URL parser sees it, so characters the parser would map away (`%`, fullwidth
// punctuation, `@`) never reach it.
const UNICODE_DOMAIN = /^[\p{L}\p{M}\p{N}.-]+$/u;

export function isAsciiDomain(d: string): boolean {
  return ASCII_ONLY.test(d);
}

/**
 * The ASCII (punycode) form of a domain, lower-cased; an ASCII domain is only lower-cased.
 * Null when a Unicode name is not a plausible domain or IDNA refuses it.
 */
export function asciiDomain(d: string): string | null {
  if (isAsciiDomain(d)) return d.toLowerCase();
  if (!UNICODE_DOMAIN.test(d)) return null;
  try {
    const host = new URL(`http://${d}/`).hostname;
    return isAsciiDomain(host) && host.length > 0 ? host : null;
  } catch {
    return null;
  }
}
