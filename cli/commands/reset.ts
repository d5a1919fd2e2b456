/**
 * `charter reset [--yes] [--json]`: deletes the embedded stack's data folder (uploads, editions, clauses,
 * review flags, the queue) after a confirmation on stdin; `--yes` skips it.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CliError, command, EXIT, runCommand } from '../command.ts';
import { stackConfig } from '../config.ts';
import { acquireLock } from '../lock.ts';

/** Runs the command; returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = command('reset', 'delete all local data (asks first)').option('-y, --yes', 'do not ask');
  return runCommand(program, argv, async (_args, options) => {
    const config = stackConfig();
    if (config.kind !== 'embedded') {
      throw new CliError(
        'reset only empties the embedded stack; the configured endpoints are not local data',
        EXIT.usage,
      );
    }
    const dir = config.dataDir;
    const entries = existsSync(dir) ? readdirSync(dir).filter((name) => name !== 'stack.lock') : [];
    if (entries.length === 0) {
      report(Boolean(options.json), dir, false, `nothing to delete in ${dir}`);
      return EXIT.ok;
    }
    const locked = await acquireLock(dir, 'reset', 0).catch((error: Error) => {
      throw new CliError(error.message, EXIT.busy);
    });
    if (!locked.owned) {
      throw new CliError(
        `process ${locked.holder.pid} (${locked.holder.command}) is using ${dir}; stop it first`,
        EXIT.busy,
      );
    }
    try {
      if (!options.yes && !(await confirm(`Delete all local charter data in ${dir}? [y/N] `))) {
        report(Boolean(options.json), dir, false, 'nothing deleted');
        return EXIT.failed;
      }
      for (const name of entries) rmSync(join(dir, name), { recursive: true, force: true });
    } finally {
      locked.lock.release();
    }
    report(Boolean(options.json), dir, true, `deleted the local data in ${dir}`);
    return EXIT.ok;
  });
}

function report(json: boolean, dir: string, deleted: boolean, message: string): void {
  if (json) process.stdout.write(`${JSON.stringify({ dataDir: dir, deleted })}\n`);
  else process.stdout.write(`${message}\n`);
}

/** Asks on stderr, reads one line from stdin; no answer (end of input) is a no. */
async function confirm(question: string): Promise<boolean> {
  process.stderr.write(question);
  const lines = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of lines) return /^\s*y(?:es)?\s*$/i.test(line);
    return false;
  } finally {
    lines.close();
    if (!process.stdin.isTTY) process.stdin.destroy();
  }
}
