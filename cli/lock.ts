/**
 * One process at a time runs the embedded servers on a data folder. The owner writes `<dir>/stack.lock`
 * (created exclusively) with its pid and, once they listen, the servers' endpoints; another process finds
 * them there and can use the running servers instead of starting its own. A lock whose process is gone
 * (killed) is taken over.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/** What the lock file holds. */
export interface LockInfo {
  pid: number;
  startedAt: string;
  command: string;
  endpoints?: { s3: string; dynamodb: string };
  /** The HTTP API this process serves on the data folder (`charter serve`) and its token file, for commands that only read. */
  api?: { url: string; tokenFile: string };
}

/** Either this process owns the lock, or a live holder is named. */
export type LockResult = { owned: true; lock: OwnedLock } | { owned: false; holder: LockInfo };

/** The lock this process holds. */
export interface OwnedLock {
  /** Records the servers' endpoints for other processes. */
  publish(endpoints: { s3: string; dynamodb: string }): void;
  /** Records the URL of the HTTP API this process serves and the file holding a token for it. */
  publishApi(api: { url: string; tokenFile: string }): void;
  release(): void;
}

/** Thrown when the data folder is held by a live process that never published its endpoints. */
export class StackBusyError extends Error {
  override name = 'StackBusyError';
}

/** The lock file of data folder `dir`. */
export function lockPath(dir: string): string {
  return join(dir, 'stack.lock');
}

/** Takes the lock of `dir`, or reports the live process holding it (waiting up to `waitMs` for its endpoints). */
export async function acquireLock(dir: string, command: string, waitMs = 15_000): Promise<LockResult> {
  const path = lockPath(dir);
  mkdirSync(dir, { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), command };
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, JSON.stringify(info));
      closeSync(fd);
      return { owned: true, lock: ownedLock(path, info) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(path);
    if ((holder && holder.pid !== process.pid && !isAlive(holder.pid)) || (!holder && ageMs(path) > 2000)) {
      // Left by a process that was killed (or killed while writing it): take it over.
      rmSync(path, { force: true });
      continue;
    }
    if (holder?.endpoints) {
      if (await reachable(holder.endpoints.dynamodb)) return { owned: false, holder };
      // Its pid is alive but nothing listens there: the pid was reused by another process.
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new StackBusyError(
        `the data folder ${dir} is locked by process ${holder?.pid ?? '?'} (${holder?.command ?? 'unknown'}); ` +
          `stop it or remove ${path}`,
      );
    }
    // The holder is starting its servers (or just wrote the file): wait for its endpoints.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The lock's content; null while it is being written or when it is unreadable. */
export function readLock(path: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    return null;
  }
}

function ownedLock(path: string, info: LockInfo): OwnedLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);
  let current = info;
  const write = (next: LockInfo) => {
    current = next;
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(next));
    renameSync(temporary, path);
  };
  return {
    publish: (endpoints) => write({ ...current, endpoints }),
    publishApi: (api) => write({ ...current, api }),
    release,
  };
}

/** Whether something accepts connections at `url` (1 s at most). */
async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Whether process `pid` is running. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
