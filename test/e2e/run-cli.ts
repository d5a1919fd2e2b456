/** Runs the `charter` command as a user would: a spawned `node cli/bin.mjs`, with its own data folder. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const editions = join(root, 'corpus', 'charters', 'integrating-cities', 'editions');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A fresh data folder. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'charter-e2e-'));
}

/** The environment of a user's shell with this data folder, no colours, no other endpoints. */
export function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHARTER_DATA_DIR: dataDir, NO_COLOR: '1', ...extra };
  for (const name of Object.keys(env)) {
    if (/^(AWS_ENDPOINT_URL|CHARTER_(S3|DYNAMODB)_ENDPOINT|CHARTER_STACK|CHARTER_PIPELINE)/.test(name)) {
      delete env[name];
    }
  }
  delete env.CI;
  delete env.FORCE_COLOR;
  return env;
}

/** A running `charter` process whose output is collected. */
export class RunningCli {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly exited: Promise<CliRun>;

  constructor(args: string[], env: NodeJS.ProcessEnv, input?: string) {
    this.child = spawn(process.execPath, [join(root, 'cli', 'bin.mjs'), ...args], { cwd: root, env });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    if (input !== undefined) this.child.stdin!.end(input);
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) =>
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr }),
      );
    });
  }

  /** Resolves when `test` holds for the output so far; rejects on exit or after `timeoutMs`. */
  async until(test: (cli: RunningCli) => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let done = false;
    void this.exited.then(() => (done = true));
    while (!test(this)) {
      if (done) throw new Error(`exited before the awaited output\n${this.stdout}\n${this.stderr}`);
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for output\n${this.stdout}\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Waits for the end; kills after `timeoutMs`. */
  async exit(timeoutMs = 120_000): Promise<CliRun> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs the CLI to the end; stdin gets `input` and closes. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  input = '',
  timeoutMs = 120_000,
): Promise<CliRun> {
  return new RunningCli(args, env, input).exit(timeoutMs);
}

/** The JSON a run printed on stdout. */
export function json<T = Record<string, unknown>>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}
