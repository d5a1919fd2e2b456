/**
 * `charter serve [--port N] [--host H] [--json]`: the cloud stack's HTTP API on a local port: the same Hono app
 * the api Lambda runs, behind the local gateway (Host and Origin checks, the page's session, bearer tokens
 * signed with the data folder's key), so every route is served, the review page and POST routes included.
 * Runs until Ctrl-C.
 */
import type { AddressInfo } from 'node:net';
import { CliError, command, EXIT, runCommand } from '../command.ts';
import { isLoopbackHost } from '../../functions/core/auth/request-origin.ts';
import type { LocalGateway } from '../local-gateway.ts';
import { serveApi } from '../http-api.ts';
import { withStack } from '../session.ts';

/** Runs the command; returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = command('serve', 'serve the HTTP API and the review page on the local store')
    .option('-p, --port <port>', 'port (0: any free port)', '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('-q, --quiet', 'do not log requests');
  return runCommand(program, argv, async (_args, options) => {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CliError(`--port must be a port number, not "${options.port}"`, EXIT.usage);
    }
    return withStack(
      { command: 'serve', announce: true, signals: 'return', ingestThread: true },
      async (stack, stopped) => {
        const host = String(options.host);
        if (!isLoopbackHost(host.toLowerCase())) {
          process.stderr.write(
            `charter: listening on ${host}, not loopback: other machines can reach the API (review data and writes still need a token)\n`,
          );
        }
        const gateway = await stack.gateway({ allowedHosts: allowedHosts(host) });
        const { server, url } = await listen(gateway, port, host, Boolean(options.quiet));
        // `charter query` then reads through this server instead of opening the store itself.
        stack.publishApi?.({ url, tokenFile: gateway.tokenFile });
        if (options.json) {
          const out = { url, review: `${url}/review`, tokenFile: gateway.tokenFile };
          process.stdout.write(`${JSON.stringify(out)}\n`);
        } else {
          process.stdout.write(`API on ${url} (review page: ${url}/review); Ctrl-C to stop\n`);
          process.stdout.write(`token for API clients (Authorization: Bearer ...): ${gateway.tokenFile}\n`);
        }
        await stopped;
        await new Promise((resolve) => server.close(resolve));
        return EXIT.ok;
      },
    );
  });
}

/**
 * Host names the server answers to besides loopback ones: the `--host` name when it is one, and
 * `CHARTER_ALLOWED_HOSTS` (comma separated), for a server reached under a name.
 */
export function allowedHosts(host: string, env = process.env): string[] {
  const extra = (env.CHARTER_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return [...extra, ...(host === '0.0.0.0' || host === '::' ? [] : [host])];
}

/** Starts the server behind the local gateway; a port in use is a one-line error. */
export async function listen(api: LocalGateway, port: number, host: string, quiet: boolean) {
  try {
    const served = await serveApi(api, {
      port,
      host,
      onRequest: quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
    });
    api.listeningOn((served.server.address() as AddressInfo).port);
    return served;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(`port ${port} on ${host} is in use; choose another with --port`);
    }
    throw error;
  }
}
