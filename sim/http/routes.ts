// Request dispatch for one node: PowerMTA's monitor endpoints, POST /command and /_sim.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimModel } from '../model/model';
import { atLeast, type AccessControl } from './auth';
import { CommandError } from './command-parse';
import { runCommand } from './command-exec';
import { handleControl, type SimControl } from './control';
import { RequestError } from './errors';
import { logsTree, serveFile } from './files';
import { parseForm, readBody } from './form';
import { domainDetailTree, domainsTree, findQueue, jobsTree, queueDetailTree, queuesTree, vmtasTree } from './queue-views';
import { resolveFormat, send, sendData, sendError, sendForbidden, type Format } from './respond';
import { statusTree, type NodeIdentity } from './status-view';
import { jsonEnvelope, xmlEnvelope, type Tree } from './tree';

export interface RouteContext {
  model: SimModel;
  id: NodeIdentity;
  access: AccessControl;
  control: SimControl;
  stallMs(): number;
}

type View = (m: SimModel, params: URLSearchParams, id: NodeIdentity) => Tree;

const VIEWS: Record<string, { title: string; view: View }> = {
  '/': { title: 'Home', view: (m, _p, id) => statusTree(m, id) },
  '/status': { title: 'Status', view: (m, _p, id) => statusTree(m, id) },
  '/queues': { title: 'Queues', view: (m, p) => queuesTree(m, p) },
  '/queueDetail': { title: 'Queue detail', view: (m, p) => queueDetailTree(m, findQueue(m, p)) },
  '/domains': { title: 'Domains', view: (m, p) => domainsTree(m, p) },
  '/domainDetail': { title: 'Domain detail', view: (m, p) => domainDetailTree(m, p) },
  '/vmtas': { title: 'Virtual MTAs', view: (m) => vmtasTree(m) },
  '/jobs': { title: 'Jobs', view: (m) => jobsTree(m) },
  '/logs': { title: 'Logs', view: (m) => logsTree(m) },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function handleRequest(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  if (url.pathname.startsWith('/_sim/')) return handleControl(ctx.control, req, res, url);
  const stall = ctx.stallMs();
  if (stall > 0) await sleep(stall);
  const params = url.searchParams;
  const format = resolveFormat(params.get('format'), ctx.id.version);
  const path = url.pathname;
  const product = `PowerMTA ${ctx.id.version} simulator on ${ctx.id.hostName}`;
  const isCommand = path === '/command' && ctx.id.version === '5.0';
  if (!VIEWS[path] && path !== '/getFile' && !isCommand) return sendError(res, format, 404, `not found: ${path}`);
  const key = req.headers['x-api-key'];
  const level = ctx.access.levelFor(req.socket.remoteAddress ?? '', Array.isArray(key) ? key[0] : key);
  try {
    if (isCommand) return await command(ctx, req, res, level);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, format, 405, `method ${req.method} not allowed`);
    if (!atLeast(level, 'monitor')) return sendForbidden(res);
    if (path === '/getFile') return serveFile(ctx.model, params, header(req, 'range'), res);
    const route = VIEWS[path];
    if (route) sendData(res, format, route.title, route.view(ctx.model, params, ctx.id), product);
  } catch (e) {
    if (e instanceof RequestError) return sendError(res, format, e.status, e.message);
    return sendError(res, format, 500, `internal error: ${(e as Error).message}`);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

type CommandFormat = 'json' | 'xml' | 'json-text' | 'xml-text';

async function command(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, level: ReturnType<AccessControl['levelFor']>): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 'json', 405, 'POST required');
  if (!atLeast(level, 'operator')) return sendForbidden(res);
  const form = parseForm(header(req, 'content-type'), await readBody(req));
  const fmt = (form.get('format') ?? new URL(req.url ?? '/', 'http://x').searchParams.get('format') ?? 'json').toLowerCase();
  if (!['json', 'xml', 'json-text', 'xml-text'].includes(fmt)) return sendError(res, 'json', 400, `error: invalid format "${fmt}"`);
  const format = fmt as CommandFormat;
  const errFormat: Format = format.startsWith('xml') ? 'xml' : 'json';
  const text = form.get('command');
  if (text === undefined || text.trim() === '') return sendError(res, errFormat, 400, 'error: no command given');
  try {
    const r = runCommand(ctx.model, ctx.id, text);
    ctx.model.acct.flush();
    const isShow = Object.keys(r.data as object).length > 0;
    if (format === 'json') return send(res, 200, 'application/json; charset=utf-8', jsonEnvelope(r.data, isShow ? '' : r.text));
    if (format === 'json-text') return send(res, 200, 'application/json; charset=utf-8', jsonEnvelope(r.text, ''));
    if (format === 'xml' && isShow) return send(res, 200, 'text/xml; charset=utf-8', xmlEnvelope(r.data));
    return send(res, 200, 'text/xml; charset=utf-8', xmlEnvelope({ text: r.text }));
  } catch (e) {
    if (e instanceof CommandError) return sendError(res, errFormat, 400, e.message);
    throw e;
  }
}
