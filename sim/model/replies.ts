// What remote servers say. Texts follow real provider replies (quotes, commas, ampersands
// included) because the console must survive them in CSV, XML and JSON.

import type { Rng } from '../core/prng';
import { pick, token, weightedPicker } from '../core/prng';
import type { DomainProfile } from './catalog';

export const BOUNCE_CATEGORIES = [
  'bad-configuration',
  'bad-connection',
  'bad-domain',
  'bad-mailbox',
  'content-related',
  'inactive-mailbox',
  'invalid-sender',
  'message-expired',
  'no-answer-from-host',
  'other',
  'policy-related',
  'protocol-errors',
  'quota-issues',
  'relaying-issues',
  'routing-errors',
  'spam-related',
  'virus-related',
] as const;
export type BounceCategory = (typeof BOUNCE_CATEGORIES)[number];

export interface Reply {
  status: string; // dsnStatus, e.g. `5.1.1 (bad destination mailbox address)`
  diag: string; // dsnDiag, e.g. `smtp;550 5.1.1 …`
  category: BounceCategory;
}

type Bounce = { cat: BounceCategory; weight: number; status: string; text: (d: DomainProfile, rng: Rng) => string };

const BOUNCES: readonly Bounce[] = [
  {
    cat: 'bad-mailbox',
    weight: 50,
    status: '5.1.1 (bad destination mailbox address)',
    text: (d, rng) =>
      d.provider === 'gmail'
        ? `550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser ${token(rng, 12)}.${token(rng, 3)} - gsmtp`
        : d.provider === 'outlook'
          ? '550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [DM6NAM12FT045.eop-nam12.prod.protection.outlook.com]'
          : `550 5.1.1 <recipient>: Recipient address rejected: User unknown in virtual mailbox table`,
  },
  {
    cat: 'inactive-mailbox',
    weight: 10,
    status: '5.2.1 (mailbox disabled, not accepting messages)',
    text: () => '554 5.2.1 The email account that you tried to reach is disabled. https://support.google.com/mail/?p=DisabledUser',
  },
  {
    cat: 'quota-issues',
    weight: 6,
    status: '5.2.2 (mailbox full)',
    text: () => '552 5.2.2 Mailbox full: quota exceeded, "try again later" & contact the recipient',
  },
  {
    cat: 'bad-domain',
    weight: 6,
    status: '5.1.2 (bad destination system address)',
    text: () => '550 5.1.2 Host unknown, domain does not accept mail (null MX)',
  },
  { cat: 'routing-errors', weight: 3, status: '5.4.4 (unable to route)', text: () => '554 5.4.4 [internal] unable to route: no MX and no A record' },
  {
    cat: 'spam-related',
    weight: 5,
    status: '5.7.1 (delivery not authorized, message refused)',
    text: () => '554 5.7.1 Message rejected: "spam" content detected, see https://postmaster.example/policy?id=1&lang=en',
  },
  {
    cat: 'policy-related',
    weight: 5,
    status: '5.7.26 (multiple authentication checks failed)',
    text: () =>
      "550 5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM. For this message, DKIM checks did not pass and SPF check for 'shopright.example' did not pass",
  },
  {
    cat: 'content-related',
    weight: 2,
    status: '5.6.0 (other or undefined media error)',
    text: () => '550 5.6.0 Message content rejected: <attachment> type not allowed',
  },
  {
    cat: 'invalid-sender',
    weight: 2,
    status: "5.1.8 (bad sender's system address)",
    text: () => "553 5.1.8 Sender address rejected: Domain not found, sender's MX missing",
  },
  { cat: 'relaying-issues', weight: 1, status: '5.7.1 (delivery not authorized, message refused)', text: () => '554 5.7.1 Relay access denied' },
  {
    cat: 'bad-connection',
    weight: 1,
    status: '5.4.1 (no answer from host)',
    text: () => '554 5.4.1 Recipient address rejected: Access denied. [BN1NAM02FT010.eop-nam02.prod.protection.outlook.com]',
  },
  { cat: 'no-answer-from-host', weight: 1, status: '5.4.7 (delivery time expired)', text: () => '554 5.4.7 delivery expired (message too old) ETIMEDOUT' },
  {
    cat: 'message-expired',
    weight: 1,
    status: '5.4.7 (delivery time expired)',
    text: () => '554 5.4.7 delivery expired (message too old) 421 4.7.0 Try again later, closing connection',
  },
  { cat: 'protocol-errors', weight: 0.5, status: '5.5.2 (syntax error)', text: () => '500 5.5.2 Error: bad syntax, line too long' },
  {
    cat: 'bad-configuration',
    weight: 0.5,
    status: '5.3.5 (system incorrectly configured)',
    text: () => '554 5.3.5 Local configuration error; mail loops back to myself',
  },
  {
    cat: 'virus-related',
    weight: 0.3,
    status: '5.7.0 (other or undefined security status)',
    text: () => '554 5.7.0 Virus found: Win.Trojan.Agent-1234567 (ClamAV)',
  },
  {
    cat: 'other',
    weight: 1,
    status: '5.0.0 (other or undefined status)',
    text: () => '550 5.0.0 Rejected for policy reasons, "contact abuse@provider" & retry',
  },
];
const pickBounce = weightedPicker(BOUNCES, (b) => b.weight);

export function bounceReply(d: DomainProfile, rng: Rng): Reply {
  const b = pickBounce(rng);
  return { status: b.status, diag: `smtp;${b.text(d, rng)}`, category: b.cat };
}

/** Bounce category by name, for rb records (asynchronous bounces are mostly bad mailboxes). */
export function remoteBounceReply(d: DomainProfile, rng: Rng): Reply {
  return rng() < 0.8 ? { ...bounceReply(d, () => 0.1), category: 'bad-mailbox' } : bounceReply(d, rng);
}

const DEFERRALS: readonly (Omit<Reply, 'diag'> & { text: string })[] = [
  {
    status: '4.2.2 (mailbox full)',
    category: 'quota-issues',
    text: '452 4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp',
  },
  {
    status: '4.7.1 (delivery not authorized, message refused)',
    category: 'policy-related',
    text: '450 4.7.1 <recipient>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/',
  },
  { status: '4.3.0 (other or undefined mail system status)', category: 'other', text: '451 4.3.0 Mail server temporarily rejected message, "please retry"' },
  { status: '4.4.2 (bad connection)', category: 'bad-connection', text: '421 4.4.2 Connection dropped due to timeout; EDISCON' },
];

export function deferralReply(rng: Rng): Reply {
  const r = pick(rng, DEFERRALS);
  return { status: r.status, diag: `smtp;${r.text}`, category: r.category };
}

export function successDiag(d: DomainProfile, rng: Rng): string {
  switch (d.provider) {
    case 'gmail':
      return `smtp;250 2.0.0 OK  ${1764150000 + Math.floor(rng() * 99999)} ${token(rng, 12)}.${token(rng, 3)} - gsmtp`;
    case 'yahoo':
    case 'aol':
      return 'smtp;250 ok dirdel';
    case 'outlook':
      return `smtp;250 2.6.0 <${token(rng, 16)}@shopright.example> [InternalId=${Math.floor(rng() * 1e13)}, Hostname=DM6PR12MB4321.namprd12.prod.outlook.com] Queued mail for delivery`;
    default:
      return `smtp;250 2.0.0 Ok: queued as ${token(rng, 10, '0123456789ABCDEF')}`;
  }
}

export type EpisodeKind = 'gmail' | 'yahoo' | 'outlook' | 'timeout' | 'dns';
export const EPISODE_KINDS: readonly EpisodeKind[] = ['gmail', 'yahoo', 'outlook', 'timeout', 'dns'];

export interface EpisodeReply {
  text: string; // error text as the queue shows it
  status: string; // tq dsnStatus
  /** Why the queue is in backoff (pattern + reply), shown as backoffReason. */
  reason: string;
  /** Outlook's S3150 block list also disables the source IP. */
  disableSource: boolean;
}

/** The reply that starts (and, while it lasts, prolongs) a backoff episode. */
export function episodeReply(kind: EpisodeKind, d: DomainProfile, sourceIp: string, rng: Rng, nowIso: string): EpisodeReply {
  switch (kind) {
    case 'gmail': {
      const text = `421 4.7.28 [${sourceIp}      15] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. ${token(rng, 12)}.${token(rng, 3)} - gsmtp`;
      return { text, status: '4.7.28 (other or undefined security status)', reason: `${text} (pattern /4\\.7\\.28/ mode=backoff)`, disableSource: false };
    }
    case 'yahoo': {
      const text = `421 4.7.0 [TSS04] Messages from ${sourceIp} temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes`;
      return { text, status: '4.7.0 (other or undefined security status)', reason: `${text} (pattern /\\[TSS04\\]/ mode=backoff)`, disableSource: false };
    }
    case 'outlook': {
      if (rng() < 0.35) {
        const text = `550 5.7.1 Unfortunately, messages from [${sourceIp}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [AM4PEPF00027A5F.eurprd04.prod.outlook.com ${nowIso}]`;
        return {
          text,
          status: '5.7.1 (delivery not authorized, message refused)',
          reason: `${text} (pattern /S3150/ mode=backoff disable-source-ip reenable-after=1h)`,
          disableSource: true,
        };
      }
      const text = `451 4.7.650 The mail server [${sourceIp}] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775) [Name=Protocol Filter Agent][AGT=PFA][MxId=${token(rng, 16, '0123456789ABCDEF')}] [BN8NAM12FT045.eop-nam12.prod.protection.outlook.com ${nowIso}]`;
      return { text, status: '4.7.650 (other or undefined security status)', reason: `${text} (pattern /4\\.7\\.650/ mode=backoff)`, disableSource: false };
    }
    case 'timeout': {
      const text = `ETIMEDOUT (110, "Connection timed out") while connecting to ${d.mx} (${d.mxIp}) from ${sourceIp}`;
      return {
        text,
        status: '4.4.1 (no answer from host)',
        reason: `${text} (all MXs unreachable; backoff-upon-all-sources-disabled=yes)`,
        disableSource: false,
      };
    }
    case 'dns': {
      const text = `StatusDnsQueryFailed resolving MX for ${d.name}: SERVFAIL & no cached answer`;
      return { text, status: '4.4.3 (directory server failure)', reason: `${text} (DNS failure; queue backed off)`, disableSource: false };
    }
  }
}
