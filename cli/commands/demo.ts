/**
 * `charter demo` (npm start): the main job on the embedded local stack. Starts in-process S3 and DynamoDB,
 * uploads every edition of the corpus charters, lets the S3 events drive the real ingest handler through a
 * local queue, then queries one clause across languages through the real API handler.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { defaultChartersRoot } from '../../functions/adapters/resources/charters.ts';
import { startLocalPipeline } from '../local-pipeline.ts';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string', default: '.local-stack' },
      clause: { type: 'string', default: 'policy-makers.1' },
      serve: { type: 'boolean', default: false },
      port: { type: 'string', default: '3000' },
    },
  });
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const { stack, editions, queue, get } = await startLocalPipeline({ dir: path.resolve(values.dir) });
  out(`local stack: S3 ${stack.endpoints.s3}, DynamoDB ${stack.endpoints.dynamodb}, data in ${values.dir}/`);

  const uploads = corpusEditions();
  for (const [index, upload] of uploads.entries()) {
    const started = performance.now();
    await stack.s3.send(
      new PutObjectCommand({ Bucket: stack.bucket, Key: upload.key, Body: readFileSync(upload.file) }),
    );
    await queue.idle();
    const [charter, lang] = upload.key.split('/').slice(1, 3) as [string, string];
    const edition = await editions.getEdition(charter, lang);
    const took = Math.round(performance.now() - started);
    out(
      `[${index + 1}/${uploads.length}] ${upload.key}: ${edition?.status ?? 'missing'} v${edition?.version ?? '?'}, ` +
        `${edition?.clauseCount ?? 0} clauses, mean confidence ${edition?.meanConfidence ?? 0}, ` +
        `${edition?.residue.length ?? 0} residue, ${edition?.changeCount ?? 0} cleaning changes (${took} ms)` +
        (edition?.error ? ` error: ${edition.error}` : ''),
    );
  }
  for (const dead of queue.deadLetters) out(`dead letter: ${dead.error}`);

  const charter = uploads[0]?.key.split('/')[1] ?? 'integrating-cities';
  const clausePath = `/charters/${charter}/clauses/${values.clause}`;
  const { status, body } = await get(clausePath);
  out();
  out(`GET ${clausePath} -> ${status}`);
  const languages =
    (body as { languages?: Record<string, { text: string; confidence: number }> }).languages ?? {};
  for (const [lang, clause] of Object.entries(languages)) {
    out(`  ${lang} (${clause.confidence.toFixed(2)}): ${clause.text}`);
  }

  if (values.serve) {
    const server = createServer(async (request, reply) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const result = await get(url.pathname, request.method);
      reply.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
    });
    server.listen(Number(values.port), '127.0.0.1');
    out(`\nAPI on http://127.0.0.1:${values.port}/charters/${charter}/clauses/<id> (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    server.close();
  }
  await stack.close();
  return queue.deadLetters.length > 0 ? 1 : 0;
}

/** Every edition file of every charter folder, as upload keys. */
function corpusEditions(): Array<{ key: string; file: string }> {
  const uploads: Array<{ key: string; file: string }> = [];
  for (const charter of readdirSync(defaultChartersRoot, { withFileTypes: true })) {
    if (!charter.isDirectory()) continue;
    const dir = path.join(defaultChartersRoot, charter.name, 'editions');
    let files: string[] = [];
    try {
      files = readdirSync(dir)
        .filter((f) => f.endsWith('.txt'))
        .sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const lang = file.replace(/\.txt$/, '');
      uploads.push({ key: `uploads/${charter.name}/${lang}/${file}`, file: path.join(dir, file) });
    }
  }
  return uploads;
}
