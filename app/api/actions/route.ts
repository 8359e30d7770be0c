import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { executeAction } from '@/lib/actions/execute';
import { getRuntime } from '@/lib/runtime/current';

// POST /api/actions (operator; CSRF + same-origin) – run a queue action on one, several or
// all nodes. Body: { action, pattern, nodes: string[] | 'all', reason?, resumeAt? (ISO, pause
// only), confirm? (the pattern, required for wildcard or multi-node) }. Audited before
// anything is sent; answers with every node's reply and verification (ActionResponse).
export const POST = apiRoute(routes['POST /api/actions'], ({ body, user, clientAddress }) =>
  executeAction(getRuntime().actions, {
    action: body.action,
    pattern: body.pattern,
    nodes: body.nodes,
    reason: body.reason ?? null,
    resumeAt: body.resumeAt ? Date.parse(body.resumeAt) : null,
    confirm: body.confirm,
    user: user.username,
    clientAddress,
  }),
);
