// The parts of the demo configuration that belong to optional features (users, accounting…).
// Each feature adds its block here as it lands, so the generated demo config stays valid.
import { demoUsersConfig } from '../lib/auth/demo-users';

export interface DemoNode {
  id: string;
  acctDir: string;
}

export function demoConfigExtras(nodes: DemoNode[]): Record<string, unknown> {
  void nodes;
  return {
    users: demoUsersConfig(),
    // Lets `curl -H 'Authorization: Bearer demo-metrics-token-…' /api/metrics` work in the demo.
    auth: { metricsToken: 'demo-metrics-token-0123456789abcdef0123456789' },
  };
}
