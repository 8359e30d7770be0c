import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument } from './openapi';
import { routes } from './contracts/registry';

const API_DIR = path.resolve(__dirname, '../../app/api');

/** Every `app/api/**\/route.ts` with the HTTP methods it exports, as OpenAPI path + method. */
function routeFiles(): { file: string; path: string; method: string }[] {
  const out: { file: string; path: string; method: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === 'route.ts') {
        const rel = path.relative(API_DIR, dir).split(path.sep);
        const apiPath = '/api/' + rel.map((seg) => seg.replace(/^\[\.{0,3}(.+)\]$/, '{$1}')).join('/');
        const src = readFileSync(full, 'utf8');
        for (const m of src.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g))
          out.push({ file: full, path: apiPath, method: m[1]! });
      }
    }
  };
  walk(API_DIR);
  return out;
}

describe('OpenAPI document', () => {
  const doc = openApiDocument() as { paths: Record<string, Record<string, { 'x-required-role': string }>> };

  it('describes every route file and every method it exports, each built from its own contract', () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      expect(doc.paths[f.path]?.[f.method.toLowerCase()], `${f.method} ${f.path} (${f.file}) has no contract`).toBeDefined();
      // The handler must be built from the contract of the same method and path.
      expect(readFileSync(f.file, 'utf8'), f.file).toContain(`routes['${f.method} ${f.path}']`);
    }
    // …and nothing in the document that no file serves.
    expect(Object.keys(routes).sort()).toEqual(files.map((f) => `${f.method} ${f.path}`).sort());
  });

  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const res = await validator.validate(openApiDocument());
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The validator does catch a broken document (a parameter without `in`).
    const broken = openApiDocument() as { paths: Record<string, Record<string, { parameters?: Record<string, unknown>[] }>> };
    delete broken.paths['/api/queues']!.get!.parameters![0]!.in;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('documents roles, security, CSRF and the error shape', () => {
    const post = doc.paths['/api/actions']!.post as unknown as {
      parameters: { name: string; in: string }[];
      security: unknown[];
      responses: Record<string, unknown>;
    };
    expect(post.parameters).toContainEqual(expect.objectContaining({ name: 'x-csrf-token', in: 'header' }));
    expect(post.security).toEqual([{ session: [] }]);
    expect(post.responses['400']).toEqual({ $ref: '#/components/responses/Error' });
    const metrics = doc.paths['/api/metrics']!.get as unknown as { security: unknown[] };
    expect(metrics.security).toEqual([{ session: [] }, { metricsBearer: [] }]);
    expect((doc.paths['/api/health']!.get as unknown as { security: unknown[] }).security).toEqual([]);
    const domain = doc.paths['/api/domains/{domain}']!.get as unknown as { parameters: { name: string; in: string; required: boolean }[] };
    expect(domain.parameters).toContainEqual(expect.objectContaining({ name: 'domain', in: 'path', required: true }));
    expect(doc.paths['/api/audit/export']!.get!['x-required-role']).toBe('admin');
  });
});
