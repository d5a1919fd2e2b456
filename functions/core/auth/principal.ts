/**
 * Who a request comes from, as a verified JWT says: the user name and the groups. The same claims arrive from
 * API Gateway's JWT authorizer on AWS (Cognito tokens) and from the local server's own verification.
 */

/** The groups the API knows: `reviewers` decide and correct flags, `readers` read review data. */
export const GROUPS = { reviewers: 'reviewers', readers: 'readers' } as const;
export type Group = (typeof GROUPS)[keyof typeof GROUPS];

/** A signed-in user. */
export interface Principal {
  username: string;
  groups: string[];
}

/** Verified JWT claims (values as a JWT carries them, or as API Gateway's authorizer passes them on). */
export type Claims = Record<string, unknown>;

/** Claim names that hold the user name, in order of preference (Cognito access token, ID token, others). */
const USERNAME_CLAIMS = ['cognito:username', 'username', 'email', 'sub'];

/**
 * The principal the claims name, or null when they name no user. Groups come from `cognito:groups` (or
 * `groups`): a JSON array in a token, and a string such as `[reviewers readers]` once API Gateway's JWT
 * authorizer has passed it to the Lambda.
 */
export function principalFromClaims(claims: Claims | undefined | null): Principal | null {
  if (!claims) return null;
  const username = USERNAME_CLAIMS.map((name) => claims[name]).find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  if (!username) return null;
  return { username, groups: groupList(claims['cognito:groups'] ?? claims.groups) };
}

function groupList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string' && g !== '');
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return groupList(parsed);
    } catch {
      // API Gateway's form: [a b c], space separated without quotes
    }
    return trimmed
      .slice(1, -1)
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return trimmed.split(/[\s,]+/).filter(Boolean);
}

/** Whether the principal may decide and correct flags. */
export function canReview(principal: Principal | null): boolean {
  return principal?.groups.includes(GROUPS.reviewers) ?? false;
}

/** Whether the principal may read review data (reviewers may too). */
export function canReadReviews(principal: Principal | null): boolean {
  return canReview(principal) || (principal?.groups.includes(GROUPS.readers) ?? false);
}
