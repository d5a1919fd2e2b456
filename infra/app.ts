import { App, Tags } from 'aws-cdk-lib';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

/** Builds the whole app; used by `cdk synth` (infra/bin/app.ts) and by the infra tests. */
export function buildApp(app = new App()) {
  const stateful = new StatefulStack(app, 'CharterAlignData');
  const stateless = new StatelessStack(app, 'CharterAlignServices', {
    bucket: stateful.editions.bucket,
    table: stateful.clauses.table,
    queue: stateful.ingest.queue,
  });
  Tags.of(app).add('project', 'charter-align');
  return { app, stateful, stateless };
}
