import { describe, expect, it } from 'vitest';
import { classifyDiagnostic, detectMailProvider } from './provider-signature';

// Reply texts as providers send them (IPs and ids replaced), plus PowerMTA queue errors.
const CASES: [text: string, provider: string, signature: string][] = [
  // Gmail
  [
    'smtp;421-4.7.28 [203.0.113.10      15] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. d2-20020a05 - gsmtp',
    'gmail',
    'gmail-4.7.28',
  ],
  ['421 4.7.28 Our system has detected an unusual rate of unsolicited mail', 'gmail', 'gmail-4.7.28'],
  [
    'smtp;550-5.7.1 [203.0.113.10] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. a1si123 - gsmtp',
    'gmail',
    'gmail-5.7.1',
  ],
  [
    'smtp;450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. Please resend your message at a later time. x1si - gsmtp',
    'gmail',
    'gmail-4.2.1',
  ],
  [
    'smtp;550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp',
    'gmail',
    'gmail-5.7.26',
  ],
  [
    "smtp;550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos - gsmtp",
    'gmail',
    'user-unknown',
  ],
  ['smtp;452-4.2.2 The email account that you tried to reach is over quota. - gsmtp', 'gmail', 'mailbox-full'],
  // Yahoo / AOL
  [
    'smtp;421 4.7.0 [TSS04] Messages from 203.0.113.11 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
    'yahoo',
    'yahoo-TSS04',
  ],
  ['421 4.7.0 [TS01] Messages from 203.0.113.11 temporarily deferred due to user complaints - 4.16.55.1', 'yahoo', 'yahoo-TS01'],
  ['smtp;553 5.7.1 [TS03] All messages from 203.0.113.11 will be permanently deferred; Retrying will NOT succeed.', 'yahoo', 'yahoo-TS03'],
  ['421 4.7.1 [GL01] Message from (203.0.113.11) temporarily deferred', 'yahoo', 'yahoo-GL01'],
  ['smtp;554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes', 'yahoo', 'yahoo-5.7.9'],
  ["smtp;554 delivery error: dd This user doesn't have a yahoo.com account (x@yahoo.com) [0] - mta1234.mail.ne1.yahoo.com", 'yahoo', 'user-unknown'],
  // Microsoft
  [
    "smtp;550 5.7.1 Unfortunately, messages from [203.0.113.12] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [DB5EUR03FT012.eop-EUR03.prod.protection.outlook.com]",
    'microsoft',
    'microsoft-S3150',
  ],
  [
    '451 4.7.650 The mail server [203.0.113.12] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775) [Name=Protocol Filter Agent]',
    'microsoft',
    'microsoft-4.7.650',
  ],
  [
    'smtp;550 5.7.1 Service unavailable, Client host [203.0.113.12] blocked using Blocklist 1; To request removal from this list please forward this message to delist@messaging.microsoft.com',
    'microsoft',
    'microsoft-blocklist',
  ],
  [
    'smtp;550 5.7.606 Access denied, banned sending IP [203.0.113.12]. To request removal from this list please visit https://sender.office.com/',
    'microsoft',
    'microsoft-5.7.606',
  ],
  [
    'smtp;550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [AM1EUR02FT123.eop-EUR02.prod.protection.outlook.com]',
    'microsoft',
    'user-unknown',
  ],
  // Block lists seen through any provider
  [
    'smtp;554 5.7.1 Service unavailable; Client host [203.0.113.13] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.13',
    'spamhaus',
    'rbl-spamhaus',
  ],
  ['smtp;550 5.7.1 Service unavailable; Client host [203.0.113.13] blocked using bl.spamcop.net', 'spamcop', 'rbl-spamcop'],
  ['smtp;554 Your IP 203.0.113.13 is listed on b.barracudacentral.org', 'barracuda', 'rbl-barracuda'],
  ['smtp;550 5.7.1 Rejected: 203.0.113.13 listed at dnsbl.sorbs.net', 'rbl', 'rbl-listing'],
  // Generic network and mailbox shapes, PowerMTA queue errors
  ['ETIMEDOUT 142.250.1.27:25', 'generic', 'connection-timeout'],
  ['4.4.1 (no answer from host)', 'generic', 'connection-timeout'],
  ['smtp;421 4.4.1 connection timed out', 'generic', 'connection-timeout'],
  ['ECONNREFUSED 198.51.100.7:25', 'generic', 'connection-refused'],
  ['EDISCON 198.51.100.7:25 connection reset by peer', 'generic', 'connection-lost'],
  ['StatusDnsQueryFailed resolving mx.example.org: timed out', 'generic', 'dns-failure'],
  ['smtp;550 5.1.2 Host unknown (Name server: example.invalid: host not found)', 'generic', 'dns-failure'],
  ['smtp;552 5.2.2 Mailbox full', 'generic', 'mailbox-full'],
  ['smtp;550 5.1.1 <x@ex.org>: Recipient address rejected: User unknown in virtual mailbox table', 'generic', 'user-unknown'],
  ['smtp;550 5.7.1 <x@ex.org>: Relay access denied', 'generic', 'relay-denied'],
  ['smtp;554 5.7.1 Message rejected as spam by Content Filtering', 'generic', 'policy-block'],
  ['smtp;450 4.7.1 <x@ex.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/ex.org.html', 'generic', 'greylisted'],
  ['smtp;554 5.4.7 delivery expired (message too old) ETIMEDOUT', 'generic', 'message-expired'],
  ['connect rate limit reached', 'pmta', 'local-rate-limit'],
  ["message rate limit reached (based on queue's max-msg-rate in configuration)", 'pmta', 'local-rate-limit'],
  ['All SMTP sources for queue aol.com/vmta1 are now disabled.', 'pmta', 'sources-disabled'],
  ['smtp;250 2.0.0 OK queued as 1234', 'other', 'other'],
];

describe('classifyDiagnostic', () => {
  for (const [text, provider, signature] of CASES) {
    it(`${signature} ← ${text.slice(0, 60)}`, () => {
      expect(classifyDiagnostic(text)).toMatchObject({ provider, signature, label: expect.any(String) });
    });
  }

  it('names the signature in a readable label', () => {
    expect(classifyDiagnostic('421 4.7.0 [TSS04] Messages temporarily deferred').label).toMatch(/TSS04/);
    expect(classifyDiagnostic('451 4.7.650 The mail server has been temporarily rate limited').label).toMatch(/4\.7\.650/);
  });

  it('uses the context only to recognise the provider', () => {
    // A bare 5.7.1 is generic, but with a Gmail MX in context it is Gmail's block.
    expect(classifyDiagnostic('550 5.7.1 message blocked')).toMatchObject({ provider: 'generic', signature: 'policy-block' });
    expect(classifyDiagnostic('550 5.7.1 message blocked', 'gmail-smtp-in.l.google.com')).toMatchObject({ provider: 'gmail', signature: 'gmail-5.7.1' });
    expect(classifyDiagnostic('ETIMEDOUT', 'hotmail.com')).toMatchObject({ provider: 'microsoft', signature: 'connection-timeout' });
    expect(classifyDiagnostic('', 'yahoo.com')).toEqual({ provider: 'yahoo', signature: 'other', label: 'Other' });
    expect(classifyDiagnostic(null)).toEqual({ provider: 'other', signature: 'other', label: 'Other' });
  });

  it('detects mailbox providers from domains and hosts', () => {
    expect(detectMailProvider('gmail-smtp-in.l.google.com')).toBe('gmail');
    expect(detectMailProvider('mta7.am0.yahoodns.net')).toBe('yahoo');
    expect(detectMailProvider('hotmail-com.olc.protection.outlook.com')).toBe('microsoft');
    expect(detectMailProvider('mx01.mail.icloud.com')).toBe('apple');
    expect(detectMailProvider('mx.example.org')).toBeNull();
  });
});
