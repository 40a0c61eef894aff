import { Stack, ArnFormat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { firstDaysOfAReferral, type FirstDaysFunctions } from '../workflows/first-days';

/** The Standard state machine that runs each referral's first days. */
export class ReferralWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  private readonly stateMachineName: string;

  constructor(scope: Construct, id: string, fns: FirstDaysFunctions) {
    super(scope, id);
    // Named, so that the task that answers its own callbacks can be granted by
    // name: a grant through the machine's ARN would make the machine depend on
    // a function it already depends on.
    this.stateMachineName = `${Stack.of(this).stackName}-first-days`;
    this.stateMachine = new sfn.StateMachine(this, 'FirstDays', {
      stateMachineName: this.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(firstDaysOfAReferral(this, fns)),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'ExecutionLogs', { retention: logs.RetentionDays.ONE_YEAR }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
  }

  /** Lets a function answer the machine's callback tasks (success or failure), nothing more. */
  grantTaskResponse(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
        resources: [
          Stack.of(this).formatArn({
            service: 'states',
            resource: 'stateMachine',
            resourceName: this.stateMachineName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
  }
}
