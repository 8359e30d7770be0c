// Hand-written accounting files shared by the tests.

/** Every record type under one union header (a `record-fields` subset, as PowerMTA writes it). */
export const MIXED_HEADER = 'type,timeLogged,orig,rcpt,dsnAction,dsnStatus,dsnDiag,bounceCat,vmta,jobId,queue,dlvSourceIp,feedbackType,format,reportedDomain';

export const MIXED_ROWS = [
  'd,2024-05-01 10:00:02+0000,bounce@ex.com,a@gmail.com,relayed,2.0.0 (success),smtp;250 2.0.0 OK gsmtp,,vmta1,job42,gmail.com/vmta1,203.0.113.10,,,',
  'b,2024-05-01 12:00:05+0200,bounce@ex.com,X@Ex.ORG,failed,5.1.1 (bad destination mailbox address),"smtp;550 5.1.1 <x@ex.org>: Recipient address rejected: User unknown, sorry",bad-mailbox,vmta1,job42,ex.org/vmta1,203.0.113.10,,,',
  't,2024-05-01 10:00:06+0000,bounce@ex.com,c@yahoo.com,delayed,4.7.0 (delivery not authorized),"smtp;421 4.7.0 [TSS04] Messages from 203.0.113.11 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",policy-related,vmta2,job43,yahoo.com/vmta2,203.0.113.11,,,',
  'tq,2024-05-01 10:00:07+0000,,,,4.4.1 (no answer from host),smtp;421 4.4.1 connection timed out,,vmta2,,yahoo.com/vmta2,203.0.113.11,,,',
  'f,2024-05-01 10:01:00+0000,bounce@ex.com,d@hotmail.com,,,,,,,,203.0.113.12,abuse,jmrp,Hotmail.com',
  'rb,2024-05-01 10:02:00+0000,bounce@ex.com,e@aol.com,failed,5.1.1 (bad destination mailbox address),"smtp;550 5.1.1 <e@aol.com>: Recipient address rejected: aol.com",bad-mailbox,,,,,,dsn,',
  'rs,2024-05-01 10:03:00+0000,bounce@ex.com,f@example.net,delayed,4.2.2 (mailbox full),smtp;452 4.2.2 Mailbox full,quota-issues,,,,,,dsn,',
  'r,2024-05-01 10:04:00+0000,sender@app.example,g@Example.NET,,,,,vmta1,job44,,,,,',
];

export const MIXED_FILE = [MIXED_HEADER, ...MIXED_ROWS].join('\n') + '\n';

/**
 * Awkward bytes: BOM, CRLF and LF mixed, multi-byte UTF-8 (2, 3 and 4 bytes), a quoted field
 * with commas, doubled quotes and embedded newlines, a blank line, and no final newline.
 */
export const AWKWARD_FILE =
  '\ufefftype,timeLogged,rcpt,dsnDiag,bounceCat,vmta,queue\r\n' +
  'b,2024-05-01 10:00:00+0000,über@exämple.de,"smtp;550 5.7.1 ""Message rejected"", see:\r\nhttps://help.example/日本 ✉️",spam-related,vmta1,exämple.de/vmta1\r\n' +
  '\n' +
  'd,2024-05-01 10:00:01+0000,a@b.jp,smtp;250 ok 😀,,vmta1,b.jp/vmta1\n' +
  'b,2024-05-01 10:00:02+0000,c@d.fr,"line1\nline2\n""quoted""\n",bad-mailbox,vmta2,d.fr/vmta2\n' +
  'd,2024-05-01 10:00:03+0000,e@f.com,"",,vmta2,f.com/vmta2';
