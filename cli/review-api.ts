/**
 * How the CLI's review commands reach the review API, so that its access rules hold everywhere:
 * - on the local stack (embedded, attached, or other endpoints), the API app in-process as the local user
 *   (`--by`, `CHARTER_REVIEWER` or the login name, in the reviewers group: whoever runs the CLI owns the data
 *   folder and its signing key);
 * - on AWS (`CHARTER_STACK=aws`), the deployed API (`CHARTER_API_URL`, else the stack's ApiUrl output) with the signed-in user's access token
 *   (`CHARTER_TOKEN`, or a file named by `CHARTER_TOKEN_FILE`), never the table: the reviewer is the token's user.
 */
import { readFileSync } from 'node:fs';
import { CliError, EXIT } from './command.ts';
import { callApi } from './http-api.ts';
import { localUser } from './local-gateway.ts';
import type { Stack } from './stack.ts';

/** One API call: status and parsed body. */
export type ReviewApiCall = (
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

type Env = Record<string, string | undefined>;

/** Whether review commands go to the deployed API (CHARTER_STACK=aws) rather than the local handler. */
export function usesDeployedApi(env: Env = process.env): boolean {
  return env.CHARTER_STACK === 'aws';
}

/** The caller for `stack`; `by` names the local user (refused on AWS, where the token says who). */
export async function reviewApi(
  stack: Stack,
  options: { by?: string } = {},
  env: Env = process.env,
): Promise<ReviewApiCall> {
  if (usesDeployedApi(env)) {
    if (options.by !== undefined) {
      throw new CliError(
        '--by is for the local stack; on AWS the reviewer is the signed-in user of the token',
        EXIT.usage,
      );
    }
    return deployedApi(env, stack);
  }
  const user = localUser(options.by !== undefined ? { ...env, CHARTER_REVIEWER: options.by } : env);
  const app = await stack.api(user);
  return async (method, path, body) => {
    const response = await callApi(app, {
      method,
      path,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: response.body };
  };
}

async function deployedApi(env: Env, stack: Stack): Promise<ReviewApiCall> {
  let base = env.CHARTER_API_URL;
  if (!base && stack.deployedStack) {
    const { requireOutputs } = await import('./deployed-stack.ts');
    base = requireOutputs(await stack.deployedStack(), ['apiUrl']).apiUrl;
  }
  base = base?.replace(/\/+$/, '');
  if (!base) {
    throw new CliError('set CHARTER_API_URL to the deployed API (the stack output ApiUrl)', EXIT.usage);
  }
  let token = env.CHARTER_TOKEN?.trim();
  if (!token && env.CHARTER_TOKEN_FILE) {
    try {
      token = readFileSync(env.CHARTER_TOKEN_FILE, 'utf8').trim();
    } catch (error) {
      throw new CliError(`cannot read CHARTER_TOKEN_FILE: ${(error as Error).message}`, EXIT.usage);
    }
  }
  if (!token) {
    throw new CliError(
      'sign in first: set CHARTER_TOKEN (or CHARTER_TOKEN_FILE) to an access token of the reviewers user pool',
      EXIT.usage,
    );
  }
  return async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed };
  };
}

/** The API's answer as a CLI error with the documented exit code (null for 2xx). */
export function apiFailure(status: number, body: unknown): CliError | null {
  if (status >= 200 && status < 300) return null;
  const message =
    (body as { error?: string; issues?: string[] } | null)?.error ?? `the API answered ${status}`;
  const issues = (body as { issues?: string[] } | null)?.issues;
  const text = issues?.length ? `${message}: ${issues.join('; ')}` : message;
  if (status === 404) return new CliError(text, EXIT.notFound);
  if (status === 400) return new CliError(text, EXIT.usage);
  return new CliError(status === 401 || status === 403 ? `not allowed: ${text}` : text, EXIT.failed);
}
