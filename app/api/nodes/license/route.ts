import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/nodes/license (viewer) – `show license` per node: expiry, days left, and a warning
// from 30 days before (cached ten minutes per node).
export const GET = apiRoute(routes['GET /api/nodes/license'], async () => ({ licenses: await getRuntime().toolbox.licenses() }));
