import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { GROUPS } from '../../functions/core/auth/principal.ts';

export interface ReviewerPoolProps {
  /** The hosted sign-in domain's prefix (`<prefix>.auth.<region>.amazoncognito.com`); default per account. */
  domainPrefix?: string;
}

/**
 * The reviewers' user pool: accounts made by an administrator (no self sign-up), strong passwords and a
 * one-time code at every sign-in, threat protection, the hosted sign-in domain, and the two groups the API
 * knows: `reviewers` decide and correct flags, `readers` read review data. Users are data: the pool is
 * retained when the stack goes.
 */
export class ReviewerPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: ReviewerPoolProps = {}) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [name, description] of [
      [GROUPS.reviewers, 'Decide and correct review flags'],
      [GROUPS.readers, 'Read the review queue, flags and decisions'],
    ] as const) {
      new cognito.CfnUserPoolGroup(this, `${name[0]!.toUpperCase()}${name.slice(1)}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: name,
        description,
      });
    }
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `charter-align-${Aws.ACCOUNT_ID}` },
    });
  }
}
