import { describe, expect, it } from 'vitest';
import { packageRoot, stackConfig } from '../cli/config.ts';
import { colourEnabled } from '../cli/output.ts';

describe('stackConfig', () => {
  it('is the embedded stack in the project .charter/ by default', () => {
    expect(stackConfig({}, '/elsewhere')).toEqual({
      kind: 'embedded',
      dataDir: `${packageRoot}.charter`,
      bucket: 'charter-editions',
      table: 'charter-clauses',
      s3Port: 0,
      dynamodbPort: 0,
    });
  });

  it('takes a data folder relative to the working directory, and fixed ports', () => {
    const config = stackConfig({ CHARTER_DATA_DIR: 'data', CHARTER_S3_PORT: '4569' }, '/work');
    expect(config).toMatchObject({ kind: 'embedded', dataDir: '/work/data', s3Port: 4569 });
    expect(() => stackConfig({ CHARTER_DYNAMODB_PORT: 'x' })).toThrow(/CHARTER_DYNAMODB_PORT/);
  });

  it('uses configured endpoints instead of starting servers, running the pipeline locally by default', () => {
    expect(
      stackConfig({
        AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:8000',
        CHARTER_S3_ENDPOINT: 'http://localhost:9000',
      }),
    ).toEqual({
      kind: 'remote',
      endpoints: { s3: 'http://localhost:9000', dynamodb: 'http://localhost:8000' },
      bucket: 'charter-editions',
      table: 'charter-clauses',
      pipeline: 'local',
      createResources: true,
    });
    expect(
      stackConfig({ AWS_ENDPOINT_URL: 'http://localhost:4566', CHARTER_PIPELINE: 'remote' }),
    ).toMatchObject({
      endpoints: { s3: 'http://localhost:4566', dynamodb: 'http://localhost:4566' },
      pipeline: 'remote',
    });
  });

  it('refuses one endpoint without the other: S3 and DynamoDB never split between local and AWS', () => {
    expect(() => stackConfig({ CHARTER_DYNAMODB_ENDPOINT: 'http://localhost:8000' })).toThrow(
      /DynamoDB endpoint is set but CHARTER_S3_ENDPOINT/,
    );
    expect(() => stackConfig({ AWS_ENDPOINT_URL_S3: 'http://localhost:9000' })).toThrow(
      /S3 endpoint is set but CHARTER_DYNAMODB_ENDPOINT/,
    );
  });

  it('targets AWS itself with CHARTER_STACK=aws: no endpoints, no resource creation, the cloud pipeline', () => {
    expect(stackConfig({ CHARTER_STACK: 'aws', CHARTER_BUCKET: 'b', CHARTER_TABLE: 't' })).toMatchObject({
      kind: 'remote',
      endpoints: {},
      bucket: 'b',
      table: 't',
      pipeline: 'remote',
      createResources: false,
    });
    expect(() => stackConfig({ CHARTER_STACK: 'gcp' })).toThrow(/CHARTER_STACK/);
  });

  it('finds the deployed stack CHARTER_STACK_NAME names (default CharterAlignServices); explicit names win', () => {
    const found = stackConfig({ CHARTER_STACK: 'aws', AWS_DEFAULT_REGION: 'eu-north-1' }, '/work');
    expect(found.kind === 'remote' && found.deployed).toEqual({
      stackName: 'CharterAlignServices',
      region: 'eu-north-1',
      endpoint: undefined,
      identity: 'default\0',
      cacheFile: `${packageRoot}.charter/aws/stack-outputs.json`,
      refresh: false,
      explicit: { bucket: undefined, table: undefined, apiUrl: undefined },
    });
    const named = stackConfig(
      {
        CHARTER_STACK: 'aws',
        CHARTER_STACK_NAME: 'StagingServices',
        CHARTER_STACK_REFRESH: '1',
        CHARTER_DATA_DIR: 'data',
        CHARTER_TABLE: 't',
        AWS_PROFILE: 'staging',
        AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://localhost:4566',
      },
      '/work',
    );
    expect(named.kind === 'remote' && named.deployed).toMatchObject({
      stackName: 'StagingServices',
      region: undefined,
      endpoint: 'http://localhost:4566',
      identity: 'staging\0',
      cacheFile: '/work/data/aws/stack-outputs.json',
      refresh: true,
      explicit: { table: 't' },
    });
    // Only CHARTER_STACK=aws looks for a deployed stack.
    expect(stackConfig({ AWS_ENDPOINT_URL: 'http://localhost:4566' })).not.toHaveProperty('deployed');
  });
});

describe('colourEnabled', () => {
  const tty = { isTTY: true } as unknown as NodeJS.WritableStream;
  const pipe = { isTTY: false } as unknown as NodeJS.WritableStream;
  it('colours a terminal only, never with NO_COLOR, always with FORCE_COLOR', () => {
    expect(colourEnabled(tty, {})).toBe(true);
    expect(colourEnabled(pipe, {})).toBe(false);
    expect(colourEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled(tty, { TERM: 'dumb' })).toBe(false);
    expect(colourEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
  });
});
