// Groups remote SMTP replies and PowerMTA queue errors into stable, human-named signatures:
// used for bounce diagnostics (`dsnDiag`) and for the backoff board's grouping of queue errors.
// Pure and isomorphic (no server-only marker) so the browser can use it too.
//
// The table is ordered: first match wins. Specific provider codes come before generic shapes,
// because a provider's reply usually also contains generic words ("block list", "5.7.1").
// To extend: add a row in the right place; `test` runs on the reply text, `when` (optional) on
// text + context (domain or MX host), so provider-only codes can require a provider hint.

export type MailProvider = 'gmail' | 'yahoo' | 'microsoft' | 'apple';

export type SignatureProvider = MailProvider | 'spamhaus' | 'spamcop' | 'barracuda' | 'rbl' | 'pmta' | 'generic' | 'other';

export interface ProviderSignature {
  /** Who the signature is about. Generic shapes get the mailbox provider if one is recognisable. */
  provider: SignatureProvider;
  /** Stable key for grouping, e.g. `gmail-4.7.28`, `yahoo-TSS04`, `connection-timeout`. */
  signature: string;
  label: string;
}

interface SignatureRule {
  provider: SignatureProvider;
  /** Tested on the reply text; capture group 1 (else the whole match) feeds dynamic names. */
  test: RegExp;
  /** Optional extra condition, tested on text + context. */
  when?: RegExp;
  signature: string | ((code: string) => string);
  label: string | ((code: string) => string);
}

const GMAIL = /gsmtp|google|gmail/i;
const YAHOO = /yahoo|ymail|\baol\b|aol\.com/i;
const MICROSOFT = /outlook|hotmail|microsoft|office\.com|office365|\bmsn\b|live\.com|\bS3\d{3}\b/i;
const APPLE = /icloud|\bme\.com|\bmac\.com|apple/i;

const OUTLOOK_S_CODES: Record<string, string> = {
  S3150: 'Outlook S3150: IP range on block list',
  S3140: 'Outlook S3140: IP on block list',
  S3113: 'Outlook S3113: blocked for reputation',
};
const YAHOO_CODES: Record<string, string> = {
  TSS04: 'Yahoo TSS04: deferred for volume or user complaints',
  TS01: 'Yahoo TS01: deferred for poor reputation',
  TS02: 'Yahoo TS02: deferred for poor reputation',
  TS03: 'Yahoo TS03: permanently deferred (blocked)',
};

export const SIGNATURE_RULES: readonly SignatureRule[] = [
  // PowerMTA's own queue events (backoff board).
  { provider: 'pmta', test: /\b(?:connect|message) rate limit reached/i, signature: 'local-rate-limit', label: 'PowerMTA rate limit reached (local throttle)' },
  { provider: 'pmta', test: /All SMTP sources for queue .* disabled/i, signature: 'sources-disabled', label: 'All SMTP sources disabled' },

  // Named block lists, reported by whichever provider consulted them.
  { provider: 'spamhaus', test: /spamhaus/i, signature: 'rbl-spamhaus', label: 'Listed on Spamhaus' },
  { provider: 'spamcop', test: /spamcop/i, signature: 'rbl-spamcop', label: 'Listed on SpamCop' },
  { provider: 'barracuda', test: /barracuda/i, signature: 'rbl-barracuda', label: 'Listed on Barracuda' },

  // Gmail.
  { provider: 'gmail', test: /\b4\.7\.28\b/, signature: 'gmail-4.7.28', label: 'Gmail rate limiting (unusual rate of unsolicited mail)' },
  {
    provider: 'gmail',
    test: /\b4\.2\.1\b/,
    when: /gsmtp|google|gmail|receiving mail at a rate/i,
    signature: 'gmail-4.2.1',
    label: 'Gmail: recipient receiving mail too fast',
  },
  { provider: 'gmail', test: /\b[45]\.7\.2[67]\b/, when: GMAIL, signature: 'gmail-5.7.26', label: 'Gmail: unauthenticated sender (SPF/DKIM/DMARC)' },
  { provider: 'gmail', test: /\b[45]\.7\.25\b/, when: GMAIL, signature: 'gmail-5.7.25', label: 'Gmail: sending IP has no PTR record' },
  { provider: 'gmail', test: /\b5\.7\.1\b/, when: GMAIL, signature: 'gmail-5.7.1', label: 'Gmail: blocked as likely unsolicited' },
  { provider: 'gmail', test: /\b4\.7\.0\b/, when: GMAIL, signature: 'gmail-4.7.0', label: 'Gmail: temporary policy deferral' },

  // Yahoo / AOL.
  {
    provider: 'yahoo',
    test: /\[((?:TSS?|GL|IPTS|PH)\d{2})\]/,
    signature: (c) => `yahoo-${c}`,
    label: (c) => YAHOO_CODES[c] ?? `Yahoo ${c}: deferred`,
  },
  { provider: 'yahoo', test: /\b5\.7\.9\b/, when: YAHOO, signature: 'yahoo-5.7.9', label: 'Yahoo: rejected for policy reasons' },

  // Microsoft (Outlook.com / Hotmail / Office 365).
  {
    provider: 'microsoft',
    test: /\b(S3\d{3})\b/,
    signature: (c) => `microsoft-${c}`,
    label: (c) => OUTLOOK_S_CODES[c] ?? `Outlook ${c}: IP blocked`,
  },
  {
    provider: 'microsoft',
    test: /\b(4\.7\.65\d)\b/,
    signature: (c) => `microsoft-${c}`,
    label: (c) => `Outlook ${c}: rate limited for IP reputation`,
  },
  {
    provider: 'microsoft',
    test: /\b(5\.7\.(?:511|512|606|607|608|708))\b/,
    when: MICROSOFT,
    signature: (c) => `microsoft-${c}`,
    label: (c) => `Outlook ${c}: sender or IP banned`,
  },
  { provider: 'microsoft', test: /block ?list|blocked using/i, when: MICROSOFT, signature: 'microsoft-blocklist', label: 'Outlook: IP on block list' },
  { provider: 'microsoft', test: /\b5\.7\.1\b/, when: MICROSOFT, signature: 'microsoft-5.7.1', label: 'Outlook: policy block (5.7.1)' },

  // Apple iCloud.
  { provider: 'apple', test: /\[((?:CS|HM)\d{2})\]/, signature: (c) => `apple-${c}`, label: (c) => `iCloud ${c}: rejected by policy` },

  // Any other DNS block list.
  {
    provider: 'rbl',
    test: /\b(?:rbl|dnsbl|blacklist(?:ed)?|black list(?:ed)?|blocklist(?:ed)?|block list(?:ed)?|listed (?:at|on|in|by)|sorbs|uceprotect)\b/i,
    signature: 'rbl-listing',
    label: 'Listed on a DNS block list',
  },

  // Generic shapes; order matters (DNS before timeouts: `StatusDnsQueryFailed … timed out` is DNS;
  // expiry and greylisting before the connection and address shapes their texts also contain).
  {
    provider: 'generic',
    test: /delivery (?:time )?expired|message expired|too old|\b[45]\.4\.7\b/i,
    signature: 'message-expired',
    label: 'Message expired in queue',
  },
  { provider: 'generic', test: /grey ?list|gray ?list/i, signature: 'greylisted', label: 'Greylisted' },
  {
    provider: 'generic',
    test: /StatusDnsQueryFailed|\bDNS\b|NXDOMAIN|SERVFAIL|host not found|no mx\b|no mail exchanger|domain (?:not found|does not exist)|unrouteable|\b[45]\.1\.2\b|\b4\.4\.3\b/i,
    signature: 'dns-failure',
    label: 'DNS failure',
  },
  { provider: 'generic', test: /ETIMEDOUT|timed? ?out\b|no answer from host|\b4\.4\.1\b/i, signature: 'connection-timeout', label: 'Connection timed out' },
  { provider: 'generic', test: /ECONNREFUSED|connection refused/i, signature: 'connection-refused', label: 'Connection refused' },
  {
    provider: 'generic',
    test: /EDISCON|ECONNRESET|connection reset|lost connection|broken pipe|\b4\.4\.2\b/i,
    signature: 'connection-lost',
    label: 'Connection lost',
  },
  { provider: 'generic', test: /\b(?:SPF|DKIM|DMARC)\b|\b[45]\.7\.2[3-7]\b/i, signature: 'auth-failure', label: 'SPF/DKIM/DMARC failure' },
  { provider: 'generic', test: /\bTLS\b|STARTTLS|\bSSL\b|certificate|handshake/i, signature: 'tls-failure', label: 'TLS failure' },
  {
    provider: 'generic',
    test: /mailbox (?:is )?full|over ?quota|quota exceeded|exceeded (?:its |the )?(?:storage|quota)|insufficient (?:system )?storage|out of storage|\b[45]\.2\.2\b/i,
    signature: 'mailbox-full',
    label: 'Mailbox full',
  },
  {
    provider: 'generic',
    test: /relay(?:ing)? (?:access )?denied|not permitted to relay|unable to relay|\b5\.7\.54\b/i,
    signature: 'relay-denied',
    label: 'Relaying denied',
  },
  {
    provider: 'generic',
    test: /account (?:has been |is )?disabled|mailbox (?:is )?(?:disabled|inactive)|inactive (?:account|mailbox|user)|\b5\.2\.1\b/i,
    signature: 'mailbox-disabled',
    label: 'Mailbox disabled or inactive',
  },
  {
    provider: 'generic',
    test: /user unknown|unknown (?:user|recipient)|no such (?:user|recipient|mailbox|address)|does ?n[o']t exist|not exist|doesn't have an? .*account|mailbox (?:unavailable|not found)|invalid (?:recipient|mailbox|address)|(?:recipient|address) rejected|\b5\.1\.1\b|\b5\.1\.10\b/i,
    signature: 'user-unknown',
    label: 'User unknown',
  },
  { provider: 'generic', test: /message (?:size )?exceeds|too (?:big|large)|\b5\.3\.4\b/i, signature: 'message-too-large', label: 'Message too large' },
  {
    provider: 'generic',
    test: /rate limit|too many (?:connections|messages|recipients)|throttl|try (?:again )?later|deferred/i,
    signature: 'rate-limited',
    label: 'Rate limited or deferred',
  },
  {
    provider: 'generic',
    test: /spam|unsolicited|junk|content (?:rejected|filter)|blocked|policy|\b5\.7\.\d{1,3}\b/i,
    signature: 'policy-block',
    label: 'Blocked by policy or spam filter',
  },
];

const MAILBOX_MARKERS: readonly [MailProvider, RegExp][] = [
  ['gmail', GMAIL],
  ['yahoo', YAHOO],
  ['microsoft', MICROSOFT],
  ['apple', APPLE],
];

/** Which mailbox provider a text (reply, domain or MX host) points at, if any. */
export function detectMailProvider(text: string): MailProvider | null {
  for (const [p, re] of MAILBOX_MARKERS) if (re.test(text)) return p;
  return null;
}

/**
 * Classifies a remote reply or queue error. `context` (destination domain or MX host) only
 * helps recognise the provider; signatures come from the text itself.
 */
export function classifyDiagnostic(text: string | null | undefined, context?: string | null): ProviderSignature {
  const t = text ?? '';
  const full = context ? `${t}\n${context}` : t;
  if (t.trim() !== '') {
    for (const rule of SIGNATURE_RULES) {
      const m = rule.test.exec(t);
      if (!m || (rule.when && !rule.when.test(full))) continue;
      const code = m[1] ?? m[0];
      const signature = typeof rule.signature === 'string' ? rule.signature : rule.signature(code);
      const label = typeof rule.label === 'string' ? rule.label : rule.label(code);
      const provider = rule.provider === 'generic' ? (detectMailProvider(full) ?? 'generic') : rule.provider;
      return { provider, signature, label };
    }
  }
  return { provider: detectMailProvider(full) ?? 'other', signature: 'other', label: 'Other' };
}
