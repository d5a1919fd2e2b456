import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface OperationsAlarmsProps {
  deadLetterQueue: sqs.IQueue;
  ingestQueue: sqs.IQueue;
  /** Functions watched for errors and throttles, by a short name used in alarm descriptions. */
  functions: Record<string, lambda.IFunction>;
  /** Every alarm (and its return to OK) is published here. */
  topic: sns.ITopic;
}

/** Alarms on the things someone has to act on: dead letters, a stuck queue, function errors and throttles. */
export class OperationsAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    this.action = new actions.SnsAction(props.topic);
    const period = Duration.minutes(5);
    this.add('DeadLetters', {
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period,
        statistic: 'Maximum',
      }),
      threshold: 1,
      alarmDescription: 'An uploaded edition failed ingestion three times and sits in the dead-letter queue.',
    });
    this.add('IngestBacklog', {
      metric: props.ingestQueue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum' }),
      threshold: Duration.minutes(30).toSeconds(),
      alarmDescription: 'An upload has waited more than 30 minutes for the ingest function.',
    });
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, {
        metric: fn.metricErrors({ period, statistic: 'Sum' }),
        threshold: 1,
        alarmDescription: `The ${name} function failed (an uncaught error or a timeout).`,
      });
      this.add(`${name}Throttles`, {
        metric: fn.metricThrottles({ period, statistic: 'Sum' }),
        threshold: 1,
        alarmDescription: `The ${name} function was throttled (account or reserved concurrency reached).`,
      });
    }
  }

  private add(id: string, props: Pick<cloudwatch.AlarmProps, 'metric' | 'threshold' | 'alarmDescription'>) {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...props,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }
}
