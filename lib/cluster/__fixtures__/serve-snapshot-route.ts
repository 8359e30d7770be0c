// The internal snapshot route (the route module itself) behind a plain node:http server on
// 127.0.0.1, as `next start` would call it: headers as sent, the path parameter decoded. For
// tests and the replica child, which run a runtime without Next. Install the peer stamp
// (installPeerAddressStamp) in the process, or the route refuses every caller.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GET as snapshotRoute } from '@/app/api/internal/nodes/[id]/snapshot/route';

export async function serveSnapshotRoute(): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    const m = /^\/api\/internal\/nodes\/([^/?]+)\/snapshot$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    void (async () => {
      const r = await snapshotRoute(new Request(`http://127.0.0.1${req.url}`, { headers }), { params: Promise.resolve({ id: decodeURIComponent(m[1]!) }) });
      res.writeHead(r.status, Object.fromEntries(r.headers));
      res.end(Buffer.from(await r.arrayBuffer()));
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
