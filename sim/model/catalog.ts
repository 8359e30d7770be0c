// The world a node delivers into: destination domains with their mail exchangers and habits,
// the node's vMTAs and the jobs that inject mail. Weights give a realistic B2C mix: a few
// mailbox providers take most of the traffic, then a long tail of company domains.

export type Provider = 'gmail' | 'yahoo' | 'outlook' | 'aol' | 'apple' | 'comcast' | 'isp' | 'corp';

export interface DomainProfile {
  /** Queue domain (a rollup name such as `yahoo.rollup` for rolled-up domains). */
  name: string;
  /** Recipient domains that land in this queue (just `name` unless a rollup). */
  rcptDomains: readonly string[];
  weight: number;
  provider: Provider;
  mx: string;
  mxIp: string;
  /** Connections per queue (max-smtp-out) and recipients per second per connection. */
  maxConn: number;
  perConnRate: number;
  /** max-msg-rate per queue (recipients per second); what makes queues back up during bursts. */
  maxMsgRate: number;
  bounceRate: number;
  deferRate: number;
  /** FBL format this provider sends complaints in, if it runs a feedback loop. */
  fbl?: 'arf' | 'jmrp';
  /** How many of the node's vMTAs carry this domain (the first N). */
  vmtaCount: number;
}

const big = (
  name: string,
  weight: number,
  provider: Provider,
  mx: string,
  mxIp: string,
  maxConn: number,
  fbl?: 'arf' | 'jmrp',
  rcptDomains: readonly string[] = [name],
): DomainProfile => ({
  name,
  rcptDomains,
  weight,
  provider,
  mx,
  mxIp,
  maxConn,
  perConnRate: 0.5,
  maxMsgRate: Math.max(0.4, maxConn / 10),
  bounceRate: 0.012,
  deferRate: 0.02,
  fbl,
  vmtaCount: 5,
});

const CORPORATE = [
  'contoso.com',
  'fabrikam.com',
  'northwindtraders.com',
  'adventure-works.com',
  'wingtiptoys.com',
  'tailspintoys.com',
  'litwareinc.com',
  'proseware.com',
  'woodgrovebank.com',
  'alpineskihouse.com',
  'blueyonderairlines.com',
  'coho-winery.com',
  'fourthcoffee.com',
  'lucernepublishing.com',
  'margiestravel.com',
  'treyresearch.net',
  'wideworldimporters.com',
  'humongousinsurance.com',
  'graphicdesigninstitute.com',
  'cpandl.com',
  'relecloud.com',
  'munsonspicklesandpreserves.com',
  'initech.example',
  'globex.example',
  'umbrella-corp.example',
  'hooli.example',
  'acme.example',
  'xn--bcher-kva.example',
  'xn--mller-kva.example',
  'university.example.edu',
];

const corporate = (name: string, i: number): DomainProfile => ({
  name,
  rcptDomains: [name],
  weight: 0.6 + ((i * 7) % 5) * 0.3,
  provider: 'corp',
  mx: `mx${(i % 2) + 1}.${name}`,
  mxIp: `198.51.100.${20 + i}`,
  maxConn: 4,
  perConnRate: 0.3,
  maxMsgRate: 0.5,
  bounceRate: 0.04,
  deferRate: 0.04,
  vmtaCount: 1 + (i % 3),
});

/**
 * A German bookshop whose queue PowerMTA lists in Unicode, as the guide's `tq` sample prints
 * `bücher.de/vmta29` (guide §11.2.5); the catalogue's `xn--bcher-kva.example` is the punycode
 * form of a similar name, so both forms are always present.
 */
export const UNICODE_IDN_DOMAIN = 'bücher.de';

export const DOMAINS: readonly DomainProfile[] = [
  big('gmail.com', 34, 'gmail', 'gmail-smtp-in.l.google.com', '142.250.102.26', 20),
  big('yahoo.com', 12, 'yahoo', 'mta7.am0.yahoodns.net', '67.195.204.72', 12, 'arf'),
  big('yahoo.rollup', 3, 'yahoo', 'mx-eu.mail.am0.yahoodns.net', '188.125.72.73', 6, 'arf', [
    'ymail.com',
    'rocketmail.com',
    'yahoo.co.uk',
    'yahoo.fr',
    'yahoo.de',
  ]),
  big('outlook.com', 8, 'outlook', 'outlook-com.olc.protection.outlook.com', '52.101.42.3', 10, 'jmrp'),
  big('hotmail.com', 9, 'outlook', 'hotmail-com.olc.protection.outlook.com', '52.101.10.7', 10, 'jmrp'),
  big('live.com', 2, 'outlook', 'live-com.olc.protection.outlook.com', '52.101.8.41', 4, 'jmrp'),
  big('aol.com', 4, 'aol', 'mx-aol.mail.gm0.yahoodns.net', '67.195.204.79', 6, 'arf'),
  big('icloud.com', 5, 'apple', 'mx01.mail.icloud.com', '17.57.154.33', 8),
  big('me.com', 1, 'apple', 'mx02.mail.icloud.com', '17.57.156.29', 3),
  big('comcast.net', 3, 'comcast', 'mx1a1.comcast.net', '96.114.157.80', 4, 'arf'),
  big('att.net', 1.5, 'isp', 'al-ip4-mx-vip1.prodigy.net', '144.160.159.21', 3),
  big('verizon.net', 1, 'isp', 'mx-aol.mail.gm0.yahoodns.net', '67.195.204.77', 3, 'arf'),
  big('gmx.de', 1.2, 'isp', 'mx00.emig.gmx.net', '212.227.15.9', 4),
  big('web.de', 1, 'isp', 'mx-ha02.web.de', '212.227.17.8', 4),
  big('orange.fr', 0.8, 'isp', 'smtp-in.orange.fr', '80.12.242.15', 3),
  ...CORPORATE.map(corporate),
  { ...corporate(UNICODE_IDN_DOMAIN, CORPORATE.length), mx: 'mx.xn--bcher-kva.de', vmtaCount: 1 },
];

export interface Vmta {
  name: string;
  ip: string;
  helo: string;
}

/** vmta-1..vmta-4 plus one named after its IP, as some operators name them. */
export const VMTAS: readonly Vmta[] = [
  { name: 'vmta-1', ip: '203.0.113.11', helo: 'mta1.mail.shopright.example' },
  { name: 'vmta-2', ip: '203.0.113.12', helo: 'mta2.mail.shopright.example' },
  { name: 'vmta-3', ip: '203.0.113.13', helo: 'mta3.mail.shopright.example' },
  { name: 'vmta-4', ip: '203.0.113.14', helo: 'mta4.mail.shopright.example' },
  { name: '203.0.113.25', ip: '203.0.113.25', helo: 'o25.mail.shopright.example' },
];

/**
 * PowerMTA's default vMTA: mail injected without `x-virtual-mta` queues as `domain/{default}`
 * (guide §3.3.11.5 queue-filter, §6.3.21 trace `starting port25.com/{default}`).
 */
export const DEFAULT_VMTA: Vmta = { name: '{default}', ip: '203.0.113.10', helo: 'mail.shopright.example' };

/** Domains that also get a `{default}` queue on nodes with `defaultVmtaQueues` (mail injected without x-virtual-mta). */
export const DEFAULT_VMTA_DOMAINS: readonly string[] = ['gmail.com', 'yahoo.com', 'hotmail.com', 'contoso.com', 'xn--bcher-kva.example'];

export interface Job {
  id: string;
  weight: number;
  orig: string;
  /** Sending domain; FBL reports name it as reportedDomain. */
  senderDomain: string;
  srcMta: string;
}

export const JOBS: readonly Job[] = [
  {
    id: 'spring-sale-2026',
    weight: 5,
    orig: 'bounces@news.shopright.example',
    senderDomain: 'news.shopright.example',
    srcMta: 'app1.shopright.example (10.0.0.5)',
  },
  {
    id: 'weekly-digest-481',
    weight: 3,
    orig: 'digest@news.shopright.example',
    senderDomain: 'news.shopright.example',
    srcMta: 'app2.shopright.example (10.0.0.6)',
  },
  { id: 'password-reset', weight: 1, orig: 'no-reply@tx.shopright.example', senderDomain: 'tx.shopright.example', srcMta: 'api1.shopright.example (10.0.0.9)' },
  {
    id: 'onboarding-d3',
    weight: 1.5,
    orig: 'hello@mail.brightpath.example',
    senderDomain: 'mail.brightpath.example',
    srcMta: 'app3.brightpath.example (10.0.1.5)',
  },
  {
    id: 'winback-q4',
    weight: 2,
    orig: 'offers@mail.brightpath.example',
    senderDomain: 'mail.brightpath.example',
    srcMta: 'app3.brightpath.example (10.0.1.5)',
  },
];

export const VMTA_POOL = 'pool-shopright';
export const ESMTP_FEATURES = '8BITMIME,ENHANCEDSTATUSCODES,PIPELINING,SIZE,STARTTLS';

/** Domains for `--queues N` scale mode, beyond the catalogue. */
export function scaleDomain(i: number): DomainProfile {
  const name = `tail-${String(i).padStart(6, '0')}.example`;
  return {
    name,
    rcptDomains: [name],
    weight: 0.01,
    provider: 'corp',
    mx: `mx.${name}`,
    mxIp: `198.18.${(i >> 8) & 255}.${i & 255}`,
    maxConn: 2,
    perConnRate: 0.2,
    maxMsgRate: 0.2,
    bounceRate: 0.04,
    deferRate: 0.04,
    vmtaCount: 1,
  };
}
