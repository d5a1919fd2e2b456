/**
 * What the store-facing commands share: commander parsing with usage errors as exit code 2, errors as one
 * line on stderr (and `{"error"}` on stdout with --json), and the exit codes documented in the README.
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { StackBusyError } from './lock.ts';

/** The version `charter --version` prints. */
export const VERSION: string = packageJson.version;

/** Exit codes of the charter command. */
export const EXIT = {
  ok: 0,
  /** Something failed: an edition was rejected, a service errored. */
  failed: 1,
  /** The command line is wrong. */
  usage: 2,
  /** The clause, edition or charter asked for does not exist. */
  notFound: 3,
  /** The data folder is held by another process that cannot be shared. */
  busy: 4,
} as const;

/** An error with the exit code it should end the command with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A commander command that throws instead of exiting and writes its own help and errors. */
export function command(name: string, description: string): Command {
  return new Command(`charter ${name}`)
    .description(description)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    })
    .showHelpAfterError(`(charter ${name} --help for usage)`)
    .version(VERSION, '-V, --version', 'print the version')
    .option('--json', 'print JSON on stdout (errors too: {"error", "exitCode"})');
}

/**
 * Ends a command with a usage error (exit 2): one line on stderr and, when `argv` asks for JSON, the
 * `{"error", "exitCode"}` object on stdout.
 */
export function usageError(name: string, message: string, argv: readonly string[]): number {
  process.stderr.write(`charter ${name}: ${message}\n`);
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ error: message, exitCode: EXIT.usage })}\n`);
  }
  return EXIT.usage;
}

/**
 * Parses `argv` with `program` and runs `action`; maps usage errors to 2, help to 0, CliError to its code,
 * and any other error to 1, each as one line.
 */
export async function runCommand(
  program: Command,
  argv: string[],
  action: (args: string[], options: Record<string, unknown>) => Promise<number>,
): Promise<number> {
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      // commander has written the error and the help hint to stderr.
      if (argv.includes('--json')) {
        const message = error.message.replace(/^error: /, '');
        process.stdout.write(`${JSON.stringify({ error: message, exitCode: EXIT.usage })}\n`);
      }
      return EXIT.usage;
    }
    throw error;
  }
  const options = program.opts();
  try {
    return await action(program.args, options);
  } catch (error) {
    const exitCode =
      error instanceof CliError ? error.exitCode : error instanceof StackBusyError ? EXIT.busy : EXIT.failed;
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    process.stderr.write(`${program.name()}: ${message}\n`);
    if (process.env.CHARTER_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify({ error: message, exitCode })}\n`);
    return exitCode;
  }
}
