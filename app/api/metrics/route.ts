import { apiRoute } from '@/lib/api/route';
import { getFleet } from '@/lib/fleet/fleet';
import { fleetMetrics } from '@/lib/fleet/metrics';

// GET /api/metrics – Prometheus text exposition of the fleet's latest snapshots.
export const GET = apiRoute({ role: 'viewer' }, () => new Response(fleetMetrics(getFleet()), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } }));
