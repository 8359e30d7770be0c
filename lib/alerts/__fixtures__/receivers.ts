// Local receivers for the integration tests: an HTTP endpoint that records what it is sent
// (webhook or Slack-format), and an SMTP server (npm smtp-server) with STARTTLS over the
// simulator's test certificate. All on 127.0.0.1.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpReceiver {
  url: string;
  port: number;
  received: Received[];
  stop(): Promise<void>;
  /** Listen again on the same port (after stop). */
  restart(): Promise<void>;
}

export async function startHttpReceiver(port = 0): Promise<HttpReceiver> {
  const received: Received[] = [];
  let server: Server;
  const listen = (p: number) =>
    new Promise<number>((resolve) => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          received.push({ headers: req.headers, body });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        });
      });
      server.listen(p, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  const actual = await listen(port);
  const r: HttpReceiver = {
    url: `http://127.0.0.1:${actual}/hook`,
    port: actual,
    received,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    restart: async () => {
      await listen(actual);
    },
  };
  return r;
}

export const TEST_CERT = path.resolve(import.meta.dirname, '../../../sim/certs/cert.pem');
const TEST_KEY = path.resolve(import.meta.dirname, '../../../sim/certs/key.pem');

export interface Mail {
  from: string;
  to: string[];
  raw: string;
  secure: boolean;
}

export interface SmtpReceiver {
  port: number;
  mails: Mail[];
  stop(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    key: readFileSync(TEST_KEY),
    cert: readFileSync(TEST_CERT),
    authOptional: true,
    disabledCommands: ['AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          secure: session.secure,
        });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port)));
  return { port, mails, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
