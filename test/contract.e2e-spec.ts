import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { OpenAPIObject } from '@nestjs/swagger';
import { embeddedOpenApiDocument, SCHEMA_TYPES_PATH } from '../scripts/api-types';
import { startTestApp } from './support/test-app';
import type { components, paths } from '../apps/web/src/api/schema';

/**
 * The typed HTTP contract: every route under /api documents its 2xx answer with a schema a client generator can
 * type (a DTO class, not `object`), every refusal as problem+json with its codes, and the committed
 * apps/web/src/api/schema.d.ts is what `npm run api:types` generates from the application now.
 */
type Schema = Record<string, unknown> & { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

let doc: OpenAPIObject;
beforeAll(async () => {
  doc = await embeddedOpenApiDocument();
}, 60_000);

function operations(): { route: string; op: Record<string, unknown> & { responses: Record<string, Record<string, unknown>>; security?: unknown[] } }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => ({
      route: `${m.toUpperCase()} ${path}`,
      op: (item as Record<string, never>)[m],
    })),
  );
}

/** What keeps a schema from being typed: `{}`, or an object with neither properties nor additionalProperties. */
function untyped(schema: Schema | undefined, where: string, seen = new Set<string>()): string[] {
  if (!schema) return [`${where}: no schema`];
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return [];
    seen.add(name);
    return untyped(doc.components?.schemas?.[name] as Schema, `${where} → ${name}`, seen);
  }
  for (const k of ['allOf', 'oneOf', 'anyOf'] as const) {
    if (Array.isArray(schema[k])) return (schema[k] as Schema[]).flatMap((s, i) => untyped(s, `${where}.${k}[${i}]`, seen));
  }
  if (schema.type === 'array') return untyped(schema.items, `${where}[]`, seen);
  if (schema.type === 'object' || (!schema.type && !schema.enum)) {
    if (schema.properties) return Object.entries(schema.properties).flatMap(([k, s]) => untyped(s, `${where}.${k}`, seen));
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return untyped(schema.additionalProperties as Schema, `${where}{}`, seen);
    if (schema.additionalProperties === true) return [];
    return [`${where}: an object with no properties`];
  }
  return [];
}

describe('the typed HTTP contract (OpenAPI)', () => {
  it('every route documents a 2xx answer with a typed schema (or 204 with none)', () => {
    const problems: string[] = [];
    const ops = operations();
    expect(ops.length).toBeGreaterThan(50);
    for (const { route, op } of ops) {
      const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (ok.length === 0) problems.push(`${route}: no 2xx response documented`);
      for (const [status, response] of ok) {
        const content = response.content as Record<string, { schema?: Schema }> | undefined;
        if (status === '204') {
          if (content) problems.push(`${route}: 204 with a body`);
          continue;
        }
        if (!content || Object.keys(content).length === 0) {
          problems.push(`${route}: ${status} without a schema (@ApiOkResponse({ type: SomeDto }))`);
          continue;
        }
        for (const [media, { schema }] of Object.entries(content)) {
          if (media.includes('json')) problems.push(...untyped(schema, `${route} ${status} ${media}`));
          else if (!schema) problems.push(`${route} ${status} ${media}: no schema`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('every refusal a route documents is problem+json with its codes, and every route behind a login documents 401', () => {
    const problems: string[] = [];
    for (const { route, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        const schema = (response.content as Record<string, { schema?: Schema }> | undefined)?.['application/problem+json']?.schema;
        const codes = ((schema?.allOf as Schema[] | undefined)?.[1]?.properties?.code?.enum ?? []) as string[];
        if (!JSON.stringify(schema ?? {}).includes('#/components/schemas/ProblemDetailsDto')) problems.push(`${route} ${status}: not ProblemDetailsDto`);
        if (codes.length === 0) problems.push(`${route} ${status}: no codes`);
      }
      if (op.security?.length && !op.responses['401']) problems.push(`${route}: needs a login but documents no 401`);
    }
    expect(problems).toEqual([]);
  });

  it('the document built without starting anything is the one the running API serves at /api/docs/openapi.json', async () => {
    const t = await startTestApp();
    try {
      const served = (await (await fetch(`${t.url}/api/docs/openapi.json`)).json()) as OpenAPIObject;
      expect(served.paths).toEqual(doc.paths);
      expect(served.components).toEqual(doc.components);
    } finally {
      await t.close();
    }
  }, 120_000);

  it('the generated types are usable: answers and refusals are typed (checked by the compiler)', () => {
    type Login = paths['/api/auth/login']['post']['responses'][200]['content']['application/json'];
    type Refused = paths['/api/notices/{id}/publish']['post']['responses'][422]['content']['application/problem+json'];
    type Opening = components['schemas']['OpeningDto'];
    const login: Login = { accessToken: 'a', refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' };
    const refused: Refused['code'] = 'NOTICE_PERIOD_TOO_SHORT';
    const status: Opening['status'] = 'decrypting';
    // @ts-expect-error a code the route does not document is not a value of its type
    const unknownCode: Refused['code'] = 'NO_SUCH_CODE';
    expect([login.tokenType, refused, status, unknownCode]).toHaveLength(4);
  });

  it('the committed apps/web/src/api/schema.d.ts is what npm run api:types generates now', async () => {
    const root = join(__dirname, '..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/api-types.ts', '--stdout'],
      { cwd: root, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TS_NODE_PROJECT: join(root, 'test', 'ts-node', 'tsconfig.json') } },
    );
    expect(stdout.length).toBeGreaterThan(1000);
    // a mismatch here: run `npm run api:types` and commit apps/web/src/api/schema.d.ts
    expect(readFileSync(SCHEMA_TYPES_PATH, 'utf8') === stdout).toBe(true);
  }, 120_000);
});
