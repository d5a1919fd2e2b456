/**
 * The OpenAPI 3.1 document of the API, generated from the route table and its zod schemas (zod's own JSON
 * Schema output, draft 2020-12, which is OpenAPI 3.1's schema dialect). Named schemas become components.
 */
import * as z from 'zod/mini';
import packageJson from '../../../package.json' with { type: 'json' };
import type { Route } from './routes.ts';
import { errorResponse } from './schemas.ts';

type Json = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/** The OpenAPI 3.1 document describing `routes`. */
export function buildOpenApi(routes: readonly Route[]): Json {
  const components: Record<string, unknown> = {};
  const convert = (schema: z.core.$ZodType, io: 'input' | 'output') => {
    const {
      $defs,
      $schema: _,
      ...rest
    } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
    }) as Json & { $defs?: Record<string, unknown> };
    for (const [name, definition] of Object.entries($defs ?? {})) components[name] = relink(definition);
    return relink(rest) as Json;
  };
  const errorContent = { 'application/json': { schema: convert(errorResponse, 'output') } };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: unknown[] = Object.entries(route.params ?? {}).map(([name, schema]) => ({
      name,
      in: 'path',
      required: true,
      schema: convert(schema, 'input'),
    }));
    if (route.query) {
      const query = convert(route.query, 'input') as { properties?: Json; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
      }
    }
    const validates = Boolean(route.params || route.query || route.body);
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = {
        description: spec.description,
        ...(spec.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(spec.headers).map(([name, example]) => [
                  name,
                  { schema: { type: 'string' }, example },
                ]),
              ),
            }
          : {}),
        ...(spec.content
          ? {
              content: Object.fromEntries(
                Object.entries(spec.content).map(([type, schema]) => [
                  type,
                  { schema: convert(schema, 'output') },
                ]),
              ),
            }
          : {}),
      };
    }
    if (validates) responses['400'] ??= { description: 'A malformed request.', content: errorContent };
    if (route.params) responses['404'] ??= { description: 'Not found.', content: errorContent };
    if (route.body) responses['413'] ??= { description: 'A body over 10 MB.', content: errorContent };
    if (route.access !== 'public') {
      responses['401'] ??= {
        description: 'No bearer token, or one that is not valid.',
        content: errorContent,
        headers: { 'www-authenticate': { schema: { type: 'string', const: 'Bearer' } } },
      };
      responses['403'] ??= {
        description:
          route.access === 'review-write'
            ? 'The signed-in user is not in the reviewers group.'
            : 'The signed-in user is in neither the readers nor the reviewers group.',
        content: errorContent,
      };
    }
    responses['500'] ??= { description: 'An unexpected failure.', content: errorContent };

    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      'x-access': route.access,
      ...(route.access === 'public' ? {} : { security: [{ bearer: [] }] }),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: convert(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'charter-align API',
      version: packageJson.version,
      description:
        "Charters, their clauses across languages, editions, exports (TMX, CSV, JSON), the review queue and decisions. `x-access` says who may call an operation by default: `public`, `review-read` (reads review data: a signed-in reader or reviewer) or `review-write` (a reviewer); a deployment may make the clause texts private or the review data public. Signed-in calls carry `Authorization: Bearer <token>`: a Cognito access token on AWS, the local server's token (its tokenFile, or `/auth/session` for its own page) locally. Without review rights, clause and edition reads leave out flags and reviewers.",
    },
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An access token of the reviewers user pool (AWS) or of the local server (its data folder key).',
        },
      },
    },
  };
}

/** Points `#/$defs/...` references at the document's components. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' ? inner.replace(/^#\/\$defs\//, COMPONENTS) : relink(inner),
    ]),
  );
}
