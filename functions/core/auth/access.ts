/**
 * The API's access rules, one table for every route: which routes are public, which need a reader and which
 * a reviewer. The local server, the Lambda and the CDK stack (which puts the JWT authorizer on every route
 * that is not public) all read this table, so the three cannot disagree.
 */
import { canReadReviews, canReview, type Principal } from './principal.ts';

/** What a route serves, for deciding who may call it. */
export type RouteKind =
  /** The review page's files and the API description: public everywhere (the page signs in itself). */
  | 'page'
  /** Published clause texts and editions (without reviewers' names unless the caller may read reviews). */
  | 'texts'
  /** The review queue, flags, their history, notes and reviewers' names. */
  | 'reviews'
  /** Anything that changes data. */
  | 'write';

/** A route of the API in API Gateway's template form (`{name}` a segment, `{proxy+}` the rest). */
export interface RouteRule {
  method: 'GET' | 'POST';
  path: string;
  kind: RouteKind;
}

/**
 * Every route of the API (functions/handlers/api/access.test.ts checks it lists the router's routes, and that
 * their documented access is this table's under the default settings). A route not listed is treated as review
 * data (GET) or a write (any other method).
 */
export const ROUTE_ACCESS: readonly RouteRule[] = [
  { method: 'GET', path: '/', kind: 'page' },
  { method: 'GET', path: '/review', kind: 'page' },
  { method: 'GET', path: '/review/{proxy+}', kind: 'page' },
  { method: 'GET', path: '/openapi.json', kind: 'page' },
  { method: 'GET', path: '/docs', kind: 'page' },
  /** How the page signs in (hosted UI settings on AWS, the local session locally). */
  { method: 'GET', path: '/auth/config', kind: 'page' },
  { method: 'GET', path: '/charters', kind: 'texts' },
  { method: 'GET', path: '/charters/{charter}/clauses/{clause}', kind: 'texts' },
  { method: 'GET', path: '/charters/{charter}/editions', kind: 'texts' },
  { method: 'GET', path: '/charters/{charter}/editions/{lang}', kind: 'texts' },
  /** A reviewer makes a candidate the quality gate held back current. */
  { method: 'POST', path: '/charters/{charter}/editions/{lang}/promote', kind: 'write' },
  /** The record with its review columns: reviewers, notes, the OCR texts corrections replaced. */
  { method: 'GET', path: '/charters/{charter}/export', kind: 'reviews' },
  { method: 'GET', path: '/reviews', kind: 'reviews' },
  { method: 'GET', path: '/reviews/{flag}', kind: 'reviews' },
  { method: 'POST', path: '/reviews/{flag}', kind: 'write' },
];

/** Which GET route kinds need no sign-in; `page` is always public and `write` never is. */
export interface AccessSettings {
  publicReads: ReadonlyArray<'texts' | 'reviews'>;
}

/** The default: clause texts public, review data private. */
export const DEFAULT_ACCESS: AccessSettings = { publicReads: ['texts'] };

/**
 * Access settings from a deploy-time value such as `texts` (the default), `texts,reviews` or `none`; an
 * unknown word is an error rather than a silently open or closed API.
 */
export function parseAccessSettings(value: string | undefined): AccessSettings {
  if (value === undefined || value.trim() === '') return DEFAULT_ACCESS;
  const words = value
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  if (words.length === 1 && words[0] === 'none') return { publicReads: [] };
  for (const word of words) {
    if (word !== 'texts' && word !== 'reviews') {
      throw new Error(`public reads must be "none" or a list of texts, reviews; not "${word}"`);
    }
  }
  return { publicReads: [...new Set(words)] as AccessSettings['publicReads'] };
}

/** Who may call a route: anyone, a signed-in reader (or reviewer), or a reviewer. */
export type Requirement = 'public' | 'reader' | 'reviewer';

/** The rule for a route kind under the settings. */
export function requirementOf(kind: RouteKind, settings: AccessSettings = DEFAULT_ACCESS): Requirement {
  if (kind === 'page') return 'public';
  if (kind === 'write') return 'reviewer';
  return (settings.publicReads as readonly string[]).includes(kind) ? 'public' : 'reader';
}

/** The route rule a request matches (HEAD as GET), or null. */
export function matchRoute(method: string, path: string): RouteRule | null {
  const wanted = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  return ROUTE_ACCESS.find((rule) => rule.method === wanted && templateMatches(rule.path, path)) ?? null;
}

/** The rule for a request: a listed route's, else review data for a GET and a write for anything else. */
export function requirementFor(
  method: string,
  path: string,
  settings: AccessSettings = DEFAULT_ACCESS,
): Requirement {
  const rule = matchRoute(method, path);
  if (rule) return requirementOf(rule.kind, settings);
  const upper = method.toUpperCase();
  return requirementOf(upper === 'GET' || upper === 'HEAD' ? 'reviews' : 'write', settings);
}

/** A refusal: 401 (no or bad credentials) or 403 (signed in, not allowed). */
export interface Refusal {
  status: 401 | 403;
  error: string;
}

/** Null when the principal meets the requirement, else why not. */
export function authorize(requirement: Requirement, principal: Principal | null): Refusal | null {
  if (requirement === 'public') return null;
  if (!principal) return { status: 401, error: 'sign in: this route needs a bearer token' };
  if (requirement === 'reader' && !canReadReviews(principal)) {
    return { status: 403, error: `${principal.username} is in neither the readers nor the reviewers group` };
  }
  if (requirement === 'reviewer' && !canReview(principal)) {
    return { status: 403, error: `${principal.username} is not in the reviewers group` };
  }
  return null;
}

function templateMatches(template: string, path: string): boolean {
  const wanted = template.split('/');
  const actual = path.split('/');
  for (let i = 0; i < wanted.length; i++) {
    const part = wanted[i]!;
    if (part.endsWith('+}')) return actual.slice(i).join('/') !== '';
    if (actual[i] === undefined) return false;
    if (part.startsWith('{')) {
      if (actual[i] === '') return false;
    } else if (part !== actual[i]) return false;
  }
  // A trailing slash matches the route without it, as the API's own routes accept `/review/`.
  const rest = actual.slice(wanted.length);
  return rest.length === 0 || (rest.length === 1 && rest[0] === '' && template !== '/');
}
