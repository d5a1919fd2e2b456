/**
 * The reliability audit's bad inputs (test/fixtures/bad-inputs.ts, the fast ones; all of them run in
 * bench/reliability/bad-inputs.ts) over the three good corpus editions, on one embedded stack: each is sent
 * straight into the bucket (the real ingest handler behind the local queue) and through the real
 * `charter ingest` (one CLI run per `--lang`, pointed at the same S3 server and table). None may replace a good
 * edition (its current upload, version and clause texts stay), and each must end with a clear reason: recorded
 * on the edition (failed, or a held-back candidate), named by the handler (an ignored key), given by the S3
 * server (a refused key), or reported by the CLI with a non-zero exit code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputHarness, cliGroups } from './fixtures/bad-input-harness.ts';
import { BAD_INPUTS, type BadInput } from './fixtures/bad-inputs.ts';
import { testDynamoDb, testDynamoDbName } from './fixtures/test-dynamodb.ts';

const FAST = BAD_INPUTS.filter((input) => input.fast);
/** Outcomes that leave the current version as it was, with a reason. */
const BUCKET_REFUSALS = ['rejected', 'candidate', 'ignored', 'refused'];
/** The CLI's statuses for a file that did not become current; `error`: the command failed as a whole. */
const CLI_REFUSALS = ['rejected', 'failed', 'candidate', 'error'];

let harness: BadInputHarness;

beforeAll(async () => {
  harness = await BadInputHarness.start(testDynamoDb());
}, 240_000);
afterAll(async () => harness?.close());

describe('the table of bad inputs', () => {
  it('holds 38 or more inputs with unique ids, covering every kind the audit sent', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(38);
    expect(new Set(BAD_INPUTS.map((i) => i.id)).size).toBe(BAD_INPUTS.length);
    const ids = BAD_INPUTS.map((i) => i.id).join(' ');
    for (const kind of [
      'empty',
      'pdf',
      'png',
      'zip',
      '50mb',
      'invalid-utf8',
      'utf16',
      'random',
      'news',
      'de-as-sv',
      'de-auto',
      'meta-',
      'outside-uploads',
      'dotdot',
      'plus-key',
      'percent-key',
      'unknown-charter',
      'fragment',
    ])
      expect(ids).toContain(kind);
  });
});

describe(`bad inputs straight into the bucket (${testDynamoDbName()})`, { timeout: 120_000 }, () => {
  it.each(FAST.map((input) => [input.id, input] as [string, BadInput]))('%s', async (_id, input) => {
    const result = await harness.sendToBucket(input);
    expect(result.replaced, 'good editions replaced').toEqual([]);
    // A text whose language has no edition yet is held back too when it is no edition of the charter.
    expect(BUCKET_REFUSALS).toContain(result.outcome);
    expect(result.realigned, 'good editions with a new version').toEqual([]);
    expect(result.reason).toMatch(input.bucket.reason);
  });
});

describe(`bad inputs through charter ingest (${testDynamoDbName()})`, { timeout: 300_000 }, () => {
  const groups = cliGroups(FAST);
  it.each(groups.map((group) => [group.map((i) => i.id).join(', '), group] as [string, BadInput[]]))(
    '%s',
    async (_ids, group) => {
      const results = await harness.sendThroughCli(group);
      for (const [i, result] of results.entries()) {
        const input = group[i]!;
        expect(result.replaced, `${input.id}: good editions replaced`).toEqual([]);
        expect(result.realigned, `${input.id}: good editions with a new version`).toEqual([]);
        expect(CLI_REFUSALS, input.id).toContain(result.outcome);
        expect([1, 2, 3], `${input.id}: exit code`).toContain(result.exitCode);
        expect(result.reason, input.id).toMatch(input.cli!.reason);
      }
    },
  );
});
