// The OpenAPI 3.1 document of the console's API, generated from the route registry
// (lib/api/contracts/registry.ts) with zod 4's JSON Schema output (draft 2020-12, the dialect
// OpenAPI 3.1 uses). Served at GET /api/openapi.json; the tests check that every route file is
// in it and that it validates as OpenAPI 3.1.
import { z } from 'zod';
import { routes, type RouteContract } from './contracts/registry';
import { errorBodySchema } from './contracts/shared';
import { CSRF_HEADER } from '@/lib/auth/cookie-names';
import { SESSION_COOKIE } from '@/lib/auth/cookie-names';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // Query strings are parsed by transforms (e.g. "5m" → ms); the document describes what the
  // caller sends (input) and what the server answers (output).
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** Properties of an object schema, also through `.and()` (allOf) and refinements. */
function objectProperties(s: JsonSchema): { props: Record<string, JsonSchema>; required: Set<string> } {
  const props: Record<string, JsonSchema> = {};
  const required = new Set<string>();
  const visit = (x: JsonSchema) => {
    for (const [k, v] of Object.entries((x.properties as Record<string, JsonSchema> | undefined) ?? {})) props[k] = v;
    for (const r of (x.required as string[] | undefined) ?? []) required.add(r);
    for (const part of (x.allOf as JsonSchema[] | undefined) ?? []) visit(part);
  };
  visit(s);
  return { props, required };
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  const { props, required } = objectProperties(jsonSchema(schema, 'input'));
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: where, required: where === 'path' || required.has(name), schema: rest, ...(typeof description === 'string' ? { description } : {}) };
  });
}

const ERROR_REF = { $ref: '#/components/responses/Error' };

function operation(c: RouteContract) {
  const changing = c.method !== 'GET';
  const security = c.ownSecret
    ? [{ [c.path.startsWith('/api/internal/') ? 'internalSecret' : 'webhookSecret']: [] }]
    : c.role === 'public'
      ? []
      : [{ session: [] }, ...(c.metricsToken ? [{ metricsBearer: [] }] : [])];
  const params = [...parameters(c.params, 'path'), ...parameters(c.query, 'query')];
  if (changing && c.role !== 'public') {
    params.push({
      name: CSRF_HEADER,
      in: 'header' as 'query',
      required: true,
      schema: { type: 'string' },
      description: 'The CSRF token from GET /api/auth/me or the login answer (also in the pmta_csrf cookie).',
    });
  }
  const ok =
    'kind' in c.response
      ? {
          description: c.response.description,
          content: { [c.response.contentType.split(';')[0]!]: { schema: c.response.kind === 'json-document' ? { type: 'object' } : { type: 'string' } } },
        }
      : { description: 'OK', content: { 'application/json': { schema: jsonSchema(c.response as z.ZodType, 'output') } } };
  return {
    summary: c.summary,
    operationId: `${c.method.toLowerCase()}${c.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
    'x-required-role': c.role,
    security,
    ...(params.length ? { parameters: params } : {}),
    ...(c.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(c.body, 'input') } } } } : {}),
    ...(c.rawBody
      ? {
          requestBody: {
            required: true,
            description: c.rawBody.description,
            content: Object.fromEntries(c.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string' } }])),
          },
        }
      : {}),
    responses: {
      '200': ok,
      ...(c.query || c.body || c.params ? { '400': ERROR_REF } : {}),
      ...(c.role === 'public' ? {} : { '401': ERROR_REF, '403': ERROR_REF }),
      ...(c.ownSecret ? { '401': ERROR_REF, '413': ERROR_REF } : {}),
      ...(changing ? { '403': ERROR_REF } : {}),
      default: ERROR_REF,
    },
  };
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const c of Object.values(routes) as RouteContract[]) (paths[c.path] ??= {})[c.method.toLowerCase()] = operation(c);
  return {
    openapi: '3.1.1',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'PowerMTA Console API',
      version: '1',
      description:
        'Every route of the console. Errors always have the shape `{ "error": { "code", "message", "status", "details?" } }`. State-changing requests need the session cookie, the x-csrf-token header and a same-origin request.',
    },
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBodySchema, 'output') },
      responses: {
        Error: { description: 'The one error shape of every route', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Session cookie set by POST /api/auth/login (or a trusted proxy header).' },
        metricsBearer: { type: 'http', scheme: 'bearer', description: 'auth.metricsToken, for Prometheus scraping GET /api/metrics.' },
        internalSecret: {
          type: 'http',
          scheme: 'bearer',
          description: "The replicas' shared secret (the variable named by cluster.internalSecretEnv); loopback and private peers only.",
        },
        webhookSecret: {
          type: 'http',
          scheme: 'bearer',
          description: "The node's accounting webhook secret (also accepted bare in Authorization, in X-Webhook-Secret, or as the last path segment).",
        },
      },
    },
  };
}
