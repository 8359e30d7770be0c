// A tiny local HTTP(S) server for client tests: 127.0.0.1, port 0, one handler per test.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

export interface TestServer {
  url: string;
  port: number;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }[];
  handle(h: Handler): void;
  close(): Promise<void>;
}

export async function startTestServer(tls?: { key: string; cert: string }): Promise<TestServer> {
  let handler: Handler = (_req, res) => res.end();
  const requests: TestServer['requests'] = [];
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, onRequest) : http.createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    handle: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const ok = (res: http.ServerResponse, type: string, body: string | Buffer, status = 200) => {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
};

export const xmlOf = (inner: string) => `<rsp><data>${inner}</data><succ/></rsp>`;
export const jsonOf = (data: unknown, message = '') => JSON.stringify({ data, status: 'success', message });
