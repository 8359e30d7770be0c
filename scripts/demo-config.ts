// The parts of the demo configuration that belong to optional features (users, accounting…).
// Each feature adds its block here as it lands, so the generated demo config stays valid.
import { demoUsersConfig } from '../lib/auth/demo-users';

/** Secret of the demo's accounting webhook on the first node (demo only). */
export const DEMO_WEBHOOK_SECRET = 'demo-webhook-secret-0123456789abcdef';

export interface DemoNode {
  id: string;
  acctDir: string;
}

export function demoConfigExtras(nodes: DemoNode[]): Record<string, unknown> {
  return {
    // Bounces page: follow the simulator's accounting directories (the usual shipped/mounted
    // setup); `source: http` would read the same files through /logs + /getFile.
    // The first node also takes webhook pushes (POST /api/accounting/webhook/<id> with
    // `Authorization: Bearer <DEMO_WEBHOOK_SECRET>`), as PowerMTA's http-webhook-url would.
    accounting: {
      nodes: Object.fromEntries(
        nodes.map((n, i) => [
          n.id,
          {
            source: 'dir',
            dir: n.acctDir,
            pollSeconds: 2,
            settleSeconds: 10,
            ...(i === 0 ? { sources: [{ id: 'push', kind: 'webhook', secret: DEMO_WEBHOOK_SECRET }] } : {}),
          },
        ]),
      ),
    },
    users: demoUsersConfig(),
    // Lets `curl -H 'Authorization: Bearer demo-metrics-token-…' /api/metrics` work in the demo.
    auth: { metricsToken: 'demo-metrics-token-0123456789abcdef0123456789' },
    // Alerts: short `for:` so a demo (and the e2e fleet) shows a firing alert within seconds.
    alerts: { rules: { 'backing-up': { for: '10s', keepFiringFor: '0s' } } },
  };
}
