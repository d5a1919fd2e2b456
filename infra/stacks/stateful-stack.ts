import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
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
  }
}
