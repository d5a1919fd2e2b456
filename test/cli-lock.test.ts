import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, lockPath, StackBusyError } from '../cli/lock.ts';

const dirs: string[] = [];
const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'charter-lock-'));
  dirs.push(dir);
  return dir;
}
/** A live process that is not this one. */
function otherProcess(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}
/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('data folder lock', () => {
  it('is taken, publishes endpoints, and is removed on release', async () => {
    const dir = tempDir();
    const result = await acquireLock(dir, 'test');
    expect(result.owned).toBe(true);
    if (!result.owned) return;
    result.lock.publish({ s3: 'http://127.0.0.1:1', dynamodb: 'http://127.0.0.1:2' });
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'test',
      endpoints: { s3: 'http://127.0.0.1:1' },
    });
    result.lock.release();
    expect(existsSync(lockPath(dir))).toBe(false);
  });

  it('hands the endpoints of a live holder to the next process', async () => {
    const dir = tempDir();
    const pid = otherProcess();
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const endpoints = { s3: 'http://127.0.0.1:1', dynamodb: `http://127.0.0.1:${port}` };
      writeFileSync(lockPath(dir), JSON.stringify({ pid, startedAt: '', command: 'serve', endpoints }));
      const result = await acquireLock(dir, 'query', 0);
      expect(result).toEqual({ owned: false, holder: expect.objectContaining({ pid, endpoints }) });
    } finally {
      server.close();
    }
  });

  it('takes over a lock whose live pid has nothing listening at its endpoints (a reused pid)', async () => {
    const dir = tempDir();
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const endpoints = { s3: `http://127.0.0.1:${port}`, dynamodb: `http://127.0.0.1:${port}` };
    writeFileSync(
      lockPath(dir),
      JSON.stringify({ pid: otherProcess(), startedAt: '', command: 'x', endpoints }),
    );
    const result = await acquireLock(dir, 'query', 0);
    expect(result.owned).toBe(true);
    if (result.owned) result.lock.release();
  });

  it('says who holds the folder when the holder publishes no endpoints in time', async () => {
    const dir = tempDir();
    const pid = otherProcess();
    writeFileSync(lockPath(dir), JSON.stringify({ pid, startedAt: '', command: 'reset' }));
    const attempt = acquireLock(dir, 'query', 200);
    await expect(attempt).rejects.toThrow(StackBusyError);
    await expect(attempt).rejects.toThrow(new RegExp(`process ${pid} \\(reset\\)`));
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = tempDir();
    writeFileSync(lockPath(dir), JSON.stringify({ pid: await deadPid(), startedAt: '', command: 'ingest' }));
    const result = await acquireLock(dir, 'query', 0);
    expect(result.owned).toBe(true);
    if (result.owned) result.lock.release();
  });
});
