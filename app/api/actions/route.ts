import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { executeAction } from '@/lib/actions/execute';
import { executeSelection } from '@/lib/actions/selection';
import { getRuntime } from '@/lib/runtime/current';
import { executeTool } from '@/lib/toolbox/execute';
import { TOOL_ACTIONS, type ToolExecuteBody } from '@/lib/toolbox/request-schema';

const isToolBody = (b: { action: string }): b is ToolExecuteBody => (TOOL_ACTIONS as readonly string[]).includes(b.action);

// POST /api/actions (operator; CSRF + same-origin) – run a queue action on one, several or
// all nodes. Body: { action, pattern, nodes: string[] | 'all', reason?, resumeAt? (ISO, pause
// only), confirm? (the pattern, required for wildcard or multi-node) }. Audited before
// anything is sent; answers with every node's reply and verification (ActionResponse).
// Toolbox actions (pause-job, resume-job, disable-source, enable-source, delete,
// retry-recipients) have their own bodies (lib/toolbox/request-schema.ts) and executor.
// A selection ({ action, selection: { queues } | { filter }, reason?, confirm }) runs one verb
// on several exact queues (lib/actions/selection.ts).
export const POST = apiRoute(routes['POST /api/actions'], ({ body, user, clientAddress }) =>
  'selection' in body
    ? executeSelection(getRuntime().actions, { ...body, user: user.username, clientAddress })
    : isToolBody(body)
      ? executeTool(getRuntime().actions, { ...body, user: user.username, role: user.role, clientAddress })
      : executeAction(getRuntime().actions, {
          action: body.action,
          pattern: body.pattern,
          nodes: body.nodes,
          includeDown: body.includeDown,
          reason: body.reason ?? null,
          resumeAt: body.resumeAt ? Date.parse(body.resumeAt) : null,
          confirm: body.confirm,
          user: user.username,
          clientAddress,
        }),
);
