import { apiRoute } from '@/lib/api/route';
import { getFleet } from '@/lib/fleet/fleet';
import { vmtaViews } from '@/lib/fleet/vmta-view';

// GET /api/vmtas – totals per vMTA across the fleet, with each vMTA's top domains.
export const GET = apiRoute({ role: 'viewer' }, () => ({ generatedAt: Date.now(), vmtas: vmtaViews(getFleet()) }));
