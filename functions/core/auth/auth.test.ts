import { describe, expect, it } from 'vitest';
import {
  authorize,
  matchRoute,
  parseAccessSettings,
  ROUTE_ACCESS,
  requirementFor,
  requirementOf,
} from './access.ts';
import { objectKeyProblem } from './object-key.ts';
import { canReadReviews, canReview, principalFromClaims } from './principal.ts';
import { checkRequestOrigin, isLoopbackHost, type OriginPolicy } from './request-origin.ts';

describe('principalFromClaims', () => {
  it('reads a Cognito access token, an ID token, and the claims as API Gateway passes them on', () => {
    expect(principalFromClaims({ username: 'ann', 'cognito:groups': ['reviewers'], sub: 'x' })).toEqual({
      username: 'ann',
      groups: ['reviewers'],
    });
    expect(principalFromClaims({ 'cognito:username': 'bob', email: 'b@x.org', sub: 'y' })?.username).toBe(
      'bob',
    );
    expect(principalFromClaims({ sub: 'z', 'cognito:groups': '[readers reviewers]' })).toEqual({
      username: 'z',
      groups: ['readers', 'reviewers'],
    });
    expect(principalFromClaims({ sub: 'z', 'cognito:groups': '["readers"]' })?.groups).toEqual(['readers']);
  });

  it('gives null without a user name, and no groups when the claim is missing or malformed', () => {
    expect(principalFromClaims(undefined)).toBeNull();
    expect(principalFromClaims({ 'cognito:groups': ['reviewers'] })).toBeNull();
    expect(principalFromClaims({ sub: '  ' })).toBeNull();
    expect(principalFromClaims({ sub: 'a', 'cognito:groups': 7 })?.groups).toEqual([]);
  });

  it('lets reviewers decide and read, readers only read', () => {
    const reviewer = { username: 'r', groups: ['reviewers'] };
    const reader = { username: 'q', groups: ['readers'] };
    expect([canReview(reviewer), canReadReviews(reviewer)]).toEqual([true, true]);
    expect([canReview(reader), canReadReviews(reader)]).toEqual([false, true]);
    expect([canReview(null), canReadReviews({ username: 'n', groups: ['Reviewers'] })]).toEqual([
      false,
      false,
    ]);
  });
});

describe('the access table', () => {
  it('keeps the page public, clause texts public by default, review data and writes private', () => {
    expect(requirementFor('GET', '/review/app.js')).toBe('public');
    expect(requirementFor('GET', '/')).toBe('public');
    expect(requirementFor('GET', '/charters/c/clauses/a.1')).toBe('public');
    expect(requirementFor('HEAD', '/charters/c/editions/sv')).toBe('public');
    // The export carries reviewers' names and notes: review data.
    expect(requirementFor('GET', '/charters/c/export')).toBe('reader');
    expect(requirementFor('GET', '/reviews')).toBe('reader');
    expect(requirementFor('GET', '/reviews/c:a:kind:sv')).toBe('reader');
    expect(requirementFor('POST', '/reviews/c:a:kind:sv')).toBe('reviewer');
  });

  it('closes what it does not list: unknown GETs are review data, other methods writes', () => {
    expect(requirementFor('GET', '/admin')).toBe('reader');
    expect(requirementFor('GET', '/charters/c/clauses')).toBe('reader');
    expect(requirementFor('DELETE', '/reviews/x')).toBe('reviewer');
    expect(requirementFor('PUT', '/charters')).toBe('reviewer');
    expect(requirementFor('POST', '/charters', { publicReads: ['texts', 'reviews'] })).toBe('reviewer');
  });

  it('matches templates segment by segment, a trailing slash included', () => {
    expect(matchRoute('GET', '/charters/c/editions/sv')?.path).toBe('/charters/{charter}/editions/{lang}');
    expect(matchRoute('GET', '/charters/c/editions/')?.path).toBe('/charters/{charter}/editions');
    expect(matchRoute('GET', '/charters//editions')).toBeNull();
    expect(matchRoute('GET', '/review/')?.path).toBe('/review');
    expect(matchRoute('GET', '/reviewers')).toBeNull();
    expect(matchRoute('GET', '/review/a/b')?.path).toBe('/review/{proxy+}');
  });

  it('parses the deploy-time setting and refuses unknown words', () => {
    expect(parseAccessSettings(undefined).publicReads).toEqual(['texts']);
    expect(parseAccessSettings('none').publicReads).toEqual([]);
    expect(parseAccessSettings('texts, reviews').publicReads).toEqual(['texts', 'reviews']);
    expect(() => parseAccessSettings('all')).toThrow(/not "all"/);
    expect(requirementOf('texts', { publicReads: [] })).toBe('reader');
    expect(requirementOf('write', { publicReads: ['texts', 'reviews'] })).toBe('reviewer');
  });

  it('answers 401 without a principal and 403 for the wrong group', () => {
    expect(authorize('public', null)).toBeNull();
    expect(authorize('reader', null)?.status).toBe(401);
    expect(authorize('reviewer', { username: 'q', groups: ['readers'] })?.status).toBe(403);
    expect(authorize('reader', { username: 'n', groups: [] })?.status).toBe(403);
    expect(authorize('reviewer', { username: 'r', groups: ['reviewers'] })).toBeNull();
  });

  it('lists every method and path once', () => {
    const keys = ROUTE_ACCESS.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('checkRequestOrigin', () => {
  const policy: OriginPolicy = { port: 3000 };
  const ok = (request: Parameters<typeof checkRequestOrigin>[0], p = policy) =>
    checkRequestOrigin(request, p) === null;

  it('accepts loopback hosts on its own port, requests without Origin, and its own origin', () => {
    expect(ok({ method: 'GET', host: '127.0.0.1:3000' })).toBe(true);
    expect(ok({ method: 'POST', host: 'localhost:3000', origin: 'http://localhost:3000' })).toBe(true);
    expect(ok({ method: 'POST', host: '[::1]:3000', origin: 'http://127.0.0.1:3000' })).toBe(true);
    expect(ok({ method: 'POST', host: '127.0.0.1:3000', secFetchSite: 'same-origin' })).toBe(true);
    expect(
      ok({ method: 'GET', host: 'charter.lan:3000' }, { port: 3000, allowedHosts: ['charter.lan'] }),
    ).toBe(true);
  });

  it('refuses a forged or rebound Host with 421', () => {
    for (const host of [
      'evil.example:3000',
      '127.0.0.1.evil.example:3000',
      '127.0.0.1:3001',
      'localhost',
      '',
    ]) {
      expect(checkRequestOrigin({ method: 'GET', host }, policy)?.status, host).toBe(421);
    }
    expect(checkRequestOrigin({ method: 'GET' }, policy)?.status).toBe(421);
  });

  it('refuses writes and reads from another origin, and cross-site writes without Origin', () => {
    const host = '127.0.0.1:3000';
    for (const origin of ['http://evil.example', 'http://127.0.0.1:8080', 'https://127.0.0.1:3000', 'null']) {
      expect(checkRequestOrigin({ method: 'POST', host, origin }, policy)?.status, origin).toBe(403);
      expect(checkRequestOrigin({ method: 'GET', host, origin }, policy)?.status, origin).toBe(403);
    }
    expect(checkRequestOrigin({ method: 'POST', host, secFetchSite: 'cross-site' }, policy)?.status).toBe(
      403,
    );
    expect(checkRequestOrigin({ method: 'POST', host, secFetchSite: 'same-site' }, policy)?.status).toBe(403);
    expect(checkRequestOrigin({ method: 'GET', host, secFetchSite: 'cross-site' }, policy)).toBeNull();
  });

  it('knows the loopback names', () => {
    expect(['localhost', 'a.localhost', '127.1.2.3', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['localhost.evil', '128.0.0.1', '0.0.0.0', '::'].some(isLoopbackHost)).toBe(false);
  });
});

describe('objectKeyProblem', () => {
  it('accepts keys under the pipeline prefixes', () => {
    expect(objectKeyProblem('uploads/c/sv/a b+c%.txt')).toBeNull();
    expect(objectKeyProblem('processed/c/sv/1/x.clean.txt')).toBeNull();
    expect(objectKeyProblem('uploads/c/sv/..hidden..txt')).toBeNull();
  });

  it('refuses keys that could leave the folder or lie outside the prefixes', () => {
    for (const key of [
      'uploads/../../outside.txt',
      'uploads/c/./x.txt',
      'uploads//x.txt',
      '/etc/passwd',
      'uploads\\..\\x',
      'uploads/x\0.txt',
      'other/x.txt',
      'uploads/',
      '',
      `uploads/${'a'.repeat(1100)}`,
    ]) {
      expect(objectKeyProblem(key), key).not.toBeNull();
    }
    expect(objectKeyProblem('data/x', ['data/'])).toBeNull();
  });
});
