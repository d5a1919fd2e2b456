import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Tags } from 'aws-cdk-lib';
import { DATA_STACK_NAME, SERVICES_STACK_NAME } from '../cli/stack-outputs.ts';
import { parseAccessSettings } from '../functions/core/auth/access.ts';
import { repoRoot } from './bundling.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

const CROSS_STACK_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences';
const reviewPageBuilder = path.join(repoRoot, 'web/build.mjs');
/** The review page's build (web/build.mjs): its files are embedded in the api bundle. */
const reviewPage = existsSync(reviewPageBuilder)
  ? ((await import(pathToFileURL(reviewPageBuilder).href)) as { reviewPageDefine(): Record<string, string> })
  : null;

/** Builds the whole app; used by `cdk synth` (infra/bin/app.ts) and by the infra tests. */
export function buildApp(app = new App()) {
  // The data stack exports the bucket and table to the services stack; keep CDK's protective strong references.
  if (app.node.tryGetContext(CROSS_STACK_REFERENCES) === undefined)
    app.node.setContext(CROSS_STACK_REFERENCES, 'strong');
  const context = (name: string) => app.node.tryGetContext(name) as string | undefined;
  const stateful = new StatefulStack(app, DATA_STACK_NAME, {
    authDomainPrefix: context('authDomainPrefix'),
  });
  const stateless = new StatelessStack(app, SERVICES_STACK_NAME, {
    bucket: stateful.editions.bucket,
    table: stateful.clauses.table,
    apiDefine: reviewPage?.reviewPageDefine(),
    alarmEmail: context('alarmEmail'),
    signIn: {
      userPool: stateful.reviewers.userPool,
      domainUrl: stateful.reviewers.domain.baseUrl(),
    },
    // Deploy-time setting: which GET routes stay public (`-c publicReads=texts|texts,reviews|none`).
    access: parseAccessSettings(context('publicReads')),
    callbackUrls: context('reviewCallbackUrls')
      ?.split(',')
      .map((u) => u.trim())
      .filter(Boolean),
  });
  Tags.of(app).add('project', 'charter-align');
  return { app, stateful, stateless };
}
