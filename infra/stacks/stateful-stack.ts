import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ClauseTable } from '../constructs/clause-table.ts';
import { EditionBucket } from '../constructs/edition-bucket.ts';

/** Resources that hold data: retained on stack deletion, deployed separately from the code. */
export class StatefulStack extends Stack {
  readonly editions: EditionBucket;
  readonly clauses: ClauseTable;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.editions = new EditionBucket(this, 'Editions');
    this.clauses = new ClauseTable(this, 'Clauses');
  }
}
