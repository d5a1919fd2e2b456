import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routesByAccess } from '../../../infra/constructs/query-api.ts';
import { openApiProblems, ResponseValidator } from '../../../test/fixtures/openapi-validator.ts';
import { renderDocsPage } from './docs-page.ts';
import { buildOpenApi } from './openapi.ts';
import { API_ROUTES } from './routes.ts';

const FILE = 'api/openapi.json';
const generated = buildOpenApi(API_ROUTES);
const text = `${JSON.stringify(generated, null, 2)}\n`;

describe('the OpenAPI document', () => {
  it(`is committed as ${FILE}, in sync with the routes (CHARTER_WRITE_OPENAPI=1 rewrites it)`, () => {
    if (process.env.CHARTER_WRITE_OPENAPI === '1') writeFileSync(FILE, text);
    expect(
      readFileSync(FILE, 'utf8'),
      `run CHARTER_WRITE_OPENAPI=1 npx vitest run ${import.meta.filename}`,
    ).toBe(text);
  });

  it('validates as OpenAPI 3.1', () => {
    expect(openApiProblems(generated)).toEqual([]);
    // The validator can fail: a parameter without its `in`, or a 3.0 document, is not one.
    const broken = structuredClone(generated) as {
      paths: Record<string, Record<string, { parameters: object[] }>>;
    };
    delete (broken.paths['/reviews']!.get!.parameters[0] as { in?: string }).in;
    expect(openApiProblems(broken).join('\n')).toMatch(/parameters\/0/);
    expect(openApiProblems({ ...generated, openapi: '3.0.3' }).join('\n')).toMatch(/openapi/);
  });

  it('documents every route once, with its access and its request schemas', () => {
    const paths = generated.paths as Record<
      string,
      Record<string, { 'x-access': string; parameters?: unknown[] }>
    >;
    const operations = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(paths['/reviews/{flag}']!.post!['x-access']).toBe('review-write');
    expect(paths['/reviews']!.get!.parameters).toContainEqual(
      expect.objectContaining({
        name: 'limit',
        in: 'query',
        schema: expect.objectContaining({ maximum: 200 }),
      }),
    );
  });

  it('has an API Gateway route for every route of the router', () => {
    const gateway = [
      ...Object.values(routesByAccess())
        .flat()
        .map((r) => `${r.method} ${r.path}`),
    ].map((route) => route.replace(/\{\w+\+?\}/g, '{}'));
    for (const route of API_ROUTES) {
      expect(gateway, route.path).toContain(`${route.method} ${route.path}`.replace(/\{\w+\}/g, '{}'));
    }
  });

  it('rejects answers the document does not describe (the contract test can fail)', () => {
    const validator = new ResponseValidator(generated);
    const json = 'application/json; charset=utf-8';
    expect(validator.check('GET', '/reviews', 200, json, '{"flags":[],"cursor":null}')).toEqual([]);
    expect(validator.check('GET', '/reviews', 200, json, '{"flags":[]}').join()).toMatch(/cursor/);
    expect(validator.check('GET', '/reviews', 200, json, '{"flags":[{"id":"x"}],"cursor":null}')).not.toEqual(
      [],
    );
    expect(validator.check('GET', '/reviews', 418, json, '{}').join()).toMatch(/418/);
    expect(validator.check('GET', '/reviews', 200, 'text/plain', '').join()).toMatch(/text\/plain/);
    expect(validator.check('DELETE', '/reviews', 405, json, '{}').join()).toMatch(/not documented/);
    expect(validator.check('GET', '/charters', 200, json, '{"charters":[],"extra":1}')).not.toEqual([]);
  });

  it('renders as a page naming every operation, its access and its schemas, escaped', () => {
    const page = renderDocsPage(generated);
    for (const route of API_ROUTES) {
      expect(page).toContain(`<section id="${route.operationId}">`);
      expect(page).toContain(`<code>${route.path}</code>`);
    }
    expect(page).toContain('(access: review-write)');
    expect(page).toContain('<section id="schema-Flag">');
    expect(page).not.toMatch(/<script/);
    const hostile = structuredClone(generated) as { info: { description: string } };
    hostile.info.description = '<script>alert(1)</script>';
    expect(renderDocsPage(hostile)).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });
});
