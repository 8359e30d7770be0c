import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/ledger?node= (viewer) – the intended state the console set (pauses, paused jobs,
// disabled sources), per node, with its audit entry, and any drift from the live state with
// its likely cause and the body to preview to restore it (lib/ledger).
export const GET = apiRoute(routes['GET /api/ledger'], ({ query }) => getRuntime().ledger.list(query.node));
