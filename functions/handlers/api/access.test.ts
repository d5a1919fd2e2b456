import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS, ROUTE_ACCESS, requirementFor } from '../../core/auth/access.ts';
import { API_ROUTES } from './routes.ts';

/** `/review/{file}` and `/review/{proxy+}` are the same route to API Gateway. */
const key = (method: string, path: string) => `${method} ${path.replace(/\{\w+\+?\}/g, '{}')}`;

const DOCUMENTED = { public: 'public', reader: 'review-read', reviewer: 'review-write' } as const;

describe('the access table and the route table', () => {
  it('list the same routes, so API Gateway (built from the access table) routes every one the router serves', () => {
    expect(ROUTE_ACCESS.map((r) => key(r.method, r.path)).sort()).toEqual(
      API_ROUTES.map((r) => key(r.method, r.path)).sort(),
    );
  });

  it("agree on who may call each route: a route's documented access is the access table's default", () => {
    for (const route of API_ROUTES) {
      const requirement = requirementFor(route.method, route.path, DEFAULT_ACCESS);
      expect(`${route.method} ${route.path} ${route.access}`).toBe(
        `${route.method} ${route.path} ${DOCUMENTED[requirement]}`,
      );
    }
  });
});
