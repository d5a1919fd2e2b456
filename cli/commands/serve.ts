/**
 * `charter serve [--port N] [--host H] [--json]`: the cloud stack's HTTP API on a local port. Each request
 * becomes an API Gateway HTTP API event for the real api handler, so every route it has is served, the review
 * page and POST routes included. Runs until Ctrl-C.
 */
import { CliError, command, EXIT, runCommand } from '../command.ts';
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
    return withStack({ command: 'serve', announce: true, signals: 'return' }, async (stack, stopped) => {
      const { server, url } = await listen(
        await stack.api(),
        port,
        String(options.host),
        Boolean(options.quiet),
      );
      if (options.json) process.stdout.write(`${JSON.stringify({ url, review: `${url}/review` })}\n`);
      else process.stdout.write(`API on ${url} (review page: ${url}/review); Ctrl-C to stop\n`);
      await stopped;
      await new Promise((resolve) => server.close(resolve));
      return EXIT.ok;
    });
  });
}

/** Starts the server; a port in use is a one-line error. */
export async function listen(
  api: Parameters<typeof serveApi>[0],
  port: number,
  host: string,
  quiet: boolean,
) {
  try {
    return await serveApi(api, {
      port,
      host,
      onRequest: quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(`port ${port} on ${host} is in use; choose another with --port`);
    }
    throw error;
  }
}
