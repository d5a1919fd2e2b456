import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { STACK_OUTPUT_KEYS } from '../../cli/stack-outputs.ts';
import { ClauseTable } from '../constructs/clause-table.ts';
import { EditionBucket } from '../constructs/edition-bucket.ts';
import { ReviewerPool } from '../constructs/reviewer-pool.ts';

export interface StatefulStackProps extends StackProps {
  /** The hosted sign-in domain's prefix (context `authDomainPrefix`). */
  authDomainPrefix?: string;
}

/** Resources that hold data (editions, clauses, reviewers' accounts): retained, deployed apart from the code. */
export class StatefulStack extends Stack {
  readonly editions: EditionBucket;
  readonly clauses: ClauseTable;
  readonly reviewers: ReviewerPool;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);
    this.editions = new EditionBucket(this, 'Editions');
    this.clauses = new ClauseTable(this, 'Clauses');
    this.reviewers = new ReviewerPool(this, 'Reviewers', { domainPrefix: props.authDomainPrefix });
    // The generated names, under fixed output keys (the services stack repeats them for the CLI).
    new CfnOutput(this, STACK_OUTPUT_KEYS.bucketName, {
      value: this.editions.bucket.bucketName,
      description: 'The editions bucket: upload to uploads/<charter>/<lang|auto>/<name>.txt',
    });
    new CfnOutput(this, STACK_OUTPUT_KEYS.tableName, {
      value: this.clauses.table.tableName,
      description: 'The clauses table',
    });
    new CfnOutput(this, STACK_OUTPUT_KEYS.userPoolId, {
      value: this.reviewers.userPool.userPoolId,
      description: "The reviewers' user pool",
    });
  }
}
