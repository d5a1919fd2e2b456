import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalQueue, objectKeys, retryDelay } from '../cli/local-queue.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'charter-queue-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const event = (key: string) =>
  JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key } } }] });
const files = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.json'));

describe('LocalQueue', () => {
  it('delivers batches of at most batchSize and re-delivers only the failures the handler reports', async () => {
    const batches: string[][] = [];
    const receives = new Map<string, number>();
    const queue = new LocalQueue(
      async (e: SQSEvent) => {
        batches.push(e.Records.map((r) => r.body));
        for (const r of e.Records) receives.set(r.body, Number(r.attributes.ApproximateReceiveCount));
        const failing = e.Records.filter(
          (r) => r.body.includes('flaky') && r.attributes.ApproximateReceiveCount === '1',
        );
        return { batchItemFailures: failing.map((r) => ({ itemIdentifier: r.messageId })) };
      },
      { batchSize: 2, retryDelayMs: () => 0 },
    );
    // Sent in one tick: the first drain sees all three.
    for (const key of ['a', 'flaky', 'c']) queue.send(event(key));
    await queue.idle();
    // [a, flaky], then c with the failed flaky received again.
    expect(batches).toEqual([
      [event('a'), event('flaky')],
      [event('c'), event('flaky')],
    ]);
    expect(receives.get(event('flaky'))).toBe(2);
    expect(receives.get(event('a'))).toBe(1);
    expect(queue.deadLetters).toEqual([]);
    expect(queue.handledCount('flaky')).toBe(1);
  });

  it('moves a message that fails maxReceives times to the dead letters, persisted with its error', async () => {
    const dir = tempDir();
    let calls = 0;
    const queue = new LocalQueue(
      async () => {
        calls++;
        throw new Error('table is gone');
      },
      { dir, maxReceives: 3, retryDelayMs: () => 0 },
    );
    const dead: string[] = [];
    queue.onDeadLetter((letter) => dead.push(letter.error));
    queue.send(event('uploads/c/sv/sv.txt'));
    await queue.idle();
    expect(calls).toBe(3);
    expect(dead).toEqual(['table is gone']);
    expect(files(dir)).toEqual([]);
    const [stored] = files(join(dir, 'dead'));
    expect(JSON.parse(readFileSync(join(dir, 'dead', stored!), 'utf8'))).toMatchObject({
      receives: 3,
      error: 'table is gone',
    });
    expect(queue.handledCount('uploads/c/sv/sv.txt')).toBe(1);
    // A new queue on the same folder knows the dead letters.
    expect(new LocalQueue(async () => undefined, { dir }).deadLetters).toHaveLength(1);
  });

  it('waits before each retry, so a short outage does not dead-letter an upload', async () => {
    const received: number[] = [];
    let down = true;
    const started = Date.now();
    setTimeout(() => {
      down = false;
    }, 150);
    const queue = new LocalQueue(
      async () => {
        received.push(Date.now() - started);
        if (down) throw new Error('connect ECONNREFUSED');
        return { batchItemFailures: [] };
      },
      { maxReceives: 3, retryDelayMs: (n) => 100 * 4 ** (n - 1) },
    );
    queue.send(event('uploads/c/sv/sv.txt'));
    await queue.idle();
    expect(queue.deadLetters).toEqual([]);
    // Failed at once and after 100 ms (still down), then received after 400 ms more: handled.
    expect(received).toHaveLength(3);
    expect(received[1]! - received[0]!).toBeGreaterThanOrEqual(95);
    expect(received[2]! - received[1]!).toBeGreaterThanOrEqual(390);
    expect(retryDelay(1)).toBe(2000);
    expect(retryDelay(2)).toBe(8000);
  });

  it('keeps a message on disk while it is in flight, and a new queue on the folder delivers it again', async () => {
    const dir = tempDir();
    let release = () => {};
    const stuck = new LocalQueue(
      () =>
        new Promise((resolve) => {
          release = () => resolve(undefined);
        }),
      { dir },
    );
    stuck.send(event('uploads/c/nb/nb.txt'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The receive is on disk before the handler returns: a process killed now leaves the message behind.
    const [name] = files(dir);
    expect(JSON.parse(readFileSync(join(dir, name!), 'utf8'))).toMatchObject({ receives: 1 });

    const delivered: Array<{ body: string; receives: string }> = [];
    const next = new LocalQueue(
      async (e) => {
        for (const r of e.Records)
          delivered.push({ body: r.body, receives: r.attributes.ApproximateReceiveCount });
        return { batchItemFailures: [] };
      },
      { dir },
    );
    expect(next.resume()).toBe(1);
    await next.idle();
    expect(delivered).toEqual([{ body: event('uploads/c/nb/nb.txt'), receives: '2' }]);
    expect(files(dir)).toEqual([]);
    release();
    await stuck.idle();
  });
});

describe('objectKeys', () => {
  it('decodes keys as S3 encodes them in event notifications', () => {
    expect(objectKeys(event('uploads/c/auto/my+file%C3%A5.txt'))).toEqual(['uploads/c/auto/my fileå.txt']);
    expect(objectKeys('not json')).toEqual([]);
    expect(objectKeys(JSON.stringify({ Event: 's3:TestEvent' }))).toEqual([]);
  });
});
