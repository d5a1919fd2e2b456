/**
 * The API as one Hono app: the same routes on Lambda (hono/aws-lambda, HTTP API payload 2.0) and on Node
 * (@hono/node-server, `charter serve`). Per route, in order: the access check (the one place for
 * authentication middleware), path/query/body validation against the route's zod schemas, the handler.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod/mini';
import { accessCheck as tableAccessCheck, eventPrincipal } from './access.ts';
import { ApiError, asApiError, issueText } from './errors.ts';
import { API_ROUTES, type ApiDeps, type Authorize, type Reply, type Route } from './routes.ts';

/** Hono environment: on Lambda, `env.event` is the API Gateway event; the access check sets its grant. */
export type ApiEnv = {
  Bindings: { event?: APIGatewayProxyEventV2 };
  Variables: { reviewer?: string; reviewData?: boolean };
};

/** The API app; `app.fetch` serves a web Request. */
export type ApiApp = Hono<ApiEnv>;

/**
 * Builds the API: charters, clauses across languages, editions, a charter's export (TMX, CSV, JSON), the
 * review queue and decisions, the review page, `/auth/config` and `/openapi.json`. Errors are JSON
 * `{error, issues?}` with 400, 401, 403, 404, 405, 409, 413, 500 (503 when a store or the page is not
 * configured). Access: `deps.authorize`, else the shared access table under `deps.access` with the caller API
 * Gateway's JWT authorizer verified (see ./access.ts).
 */
export function createApiApp(deps: ApiDeps, logger: Pick<Logger, 'error'>): ApiApp {
  const app = new Hono<ApiEnv>();
  const authorize = deps.authorize ?? tableAccessCheck(eventPrincipal, deps.access);
  const methods = new Map<string, string[]>();
  for (const route of API_ROUTES) {
    for (const path of [route.path, ...(route.aliases ?? [])]) {
      if (route.body) app.use(honoPath(path), limitBody);
      app.on(route.method, honoPath(path), accessCheck(route, authorize), async (c) =>
        respond(await route.handle(await validated(route, c), deps)),
      );
      methods.set(path, [...(methods.get(path) ?? []), route.method]);
    }
  }
  for (const [path, allowed] of methods) {
    const allow = allowed.join(', ');
    app.all(honoPath(path), (c) =>
      respond({
        status: 405,
        headers: { allow, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ error: `${c.req.method} is not allowed on ${c.req.path}; use ${allow}` }),
      }),
    );
  }
  app.notFound((c) => c.json({ error: `no route for ${c.req.path}` }, 404));
  app.onError((error, c) => {
    const known = asApiError(error);
    if (known) {
      return c.json(
        { error: known.message, ...(known.issues ? { issues: known.issues } : {}) },
        known.status as 400,
        known.headers,
      );
    }
    logger.error('request failed', { method: c.req.method, path: c.req.path, error });
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

/** Largest request body taken: API Gateway's payload limit (10 MB), the same on the local server. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => c.json({ error: 'request body too large' }, 413),
});

/** `/charters/{charter}` -> `/charters/:charter`. */
function honoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

function accessCheck(route: Route, authorize: Authorize): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const identity = await authorize({
      access: route.access,
      method: route.method,
      route: route.path,
      headers: c.req.raw.headers,
      event: c.env?.event,
    });
    if (identity.reviewer) c.set('reviewer', identity.reviewer);
    if (identity.reviewData !== undefined) c.set('reviewData', identity.reviewData);
    await next();
  };
}

/** The route's request, validated against its schemas; a rejection is a 400. */
async function validated(route: Route, c: Context<ApiEnv>) {
  const params: Record<string, string> = {};
  for (const [name, schema] of Object.entries(route.params ?? {})) {
    const value = c.req.param(name) ?? '';
    const checked = z.safeParse(schema, value);
    if (!checked.success) throw new ApiError(400, `"${value}" is not ${checked.error.issues[0]!.message}`);
    params[name] = value;
  }
  let query: unknown;
  if (route.query) {
    const checked = z.safeParse(route.query, c.req.query());
    if (!checked.success) throw new ApiError(400, 'bad query', checked.error.issues.map(issueText));
    query = checked.data;
  }
  let body: unknown;
  if (route.body) {
    let payload: unknown;
    try {
      payload = JSON.parse(await c.req.text());
    } catch {
      throw new ApiError(
        400,
        `the body must be JSON: ${route.bodyShape ?? '{decision, note, by?, correctedText?, lang?, revision?}'}`,
      );
    }
    const checked = z.safeParse(route.body, payload);
    if (!checked.success) throw new ApiError(400, 'bad request body', checked.error.issues.map(issueText));
    body = checked.data;
  }
  return { params, query, body, reviewer: c.get('reviewer'), reviewData: c.get('reviewData') };
}

function respond(reply: Reply): Response {
  const body =
    reply.body === undefined
      ? null
      : typeof reply.body === 'string'
        ? reply.body
        : JSON.stringify(reply.body);
  return new Response(body, { status: reply.status, headers: reply.headers });
}
