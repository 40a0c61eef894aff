import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { referralLifecycle, type LifecycleFunctions } from '../workflows/referral-lifecycle';

export interface ReferralWorkflowProps {
  functions: LifecycleFunctions;
  /** Encrypts the definition and the execution histories. */
  caseDataKey: kms.IKey;
  logsKey: kms.IKey;
  logRetention: logs.RetentionDays;
}

/** The alias every execution starts through. */
export const LIVE_ALIAS_NAME = 'live';

/**
 * The Standard state machine that runs the referral lifecycle: a case's first
 * days, then its management, as a chain of executions.
 *
 * Every deploy that changes the machine publishes a new version and points
 * the `live` alias at it; executions are started through the alias, so each
 * one is tied to the version it started on and finishes on that definition.
 * Old versions are kept, so that the history of any execution can be read
 * against its definition and a failed one redriven on it.
 */
export class ReferralWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly liveAlias: sfn.CfnStateMachineAlias;
  private readonly stateMachineName: string;

  constructor(scope: Construct, id: string, props: ReferralWorkflowProps) {
    super(scope, id);
    // Named, so that its own tasks (answering callbacks, starting the next
    // execution) can be granted and configured by name: through the machine's
    // ARN, the machine would depend on a function it already depends on.
    this.stateMachineName = `${Stack.of(this).stackName}-referral-lifecycle`;
    this.stateMachine = new sfn.StateMachine(this, 'ReferralLifecycle', {
      stateMachineName: this.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(referralLifecycle(this, props.functions)),
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(props.caseDataKey),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'ExecutionLogs', { retention: props.logRetention, encryptionKey: props.logsKey }),
        level: sfn.LogLevel.ALL,
        // Inputs and outputs stay in the encrypted execution history, out of the logs.
        includeExecutionData: false,
      },
    });

    const version = new sfn.CfnStateMachineVersion(this, 'Version', {
      stateMachineArn: this.stateMachine.stateMachineArn,
      // A new revision replaces this resource, which publishes a new version.
      stateMachineRevisionId: this.stateMachine.stateMachineRevisionId,
      description: 'Published by the deploy',
    });
    version.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.liveAlias = new sfn.CfnStateMachineAlias(this, 'LiveAlias', {
      name: LIVE_ALIAS_NAME,
      description: 'Where every execution starts',
      deploymentPreference: { type: 'ALL_AT_ONCE', stateMachineVersionArn: version.attrArn },
    });
  }

  /** Lets a function start executions through the live alias, and in no other way. */
  grantStartThroughAlias(grantee: iam.IGrantable): void {
    // Step Functions authorizes a qualified ARN against the machine's own ARN;
    // the qualifier condition narrows it to the alias.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [this.arnByName()],
        conditions: { StringEquals: { 'states:StateMachineQualifier': LIVE_ALIAS_NAME } },
      }),
    );
  }

  /**
   * The live alias's ARN, built from names: the lifecycle task that starts a
   * case's next execution is part of the machine, and a reference to the alias
   * resource would make the machine depend on itself.
   */
  get liveAliasArn(): string {
    return `${this.arnByName()}:${LIVE_ALIAS_NAME}`;
  }

  private arnByName(): string {
    return Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** Lets a function see whether an execution of the machine runs. */
  grantDescribeExecutions(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [this.executionArns()] }),
    );
  }

  /** Lets operations list the machine's executions: names, statuses and times. */
  grantListExecutions(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['states:ListExecutions'], resources: [this.arnByName()] }));
  }

  /** Lets a function read the machine's definition and its executions' histories (state names, statuses, times); never start or stop one. */
  grantReadDefinitionAndHistory(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['states:DescribeStateMachine'], resources: [this.arnByName()] }));
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['states:GetExecutionHistory'], resources: [this.executionArns()] }));
  }

  /** Lets the reconciler list the machine's executions, and stop one that runs for nothing. */
  grantOperate(grantee: iam.IGrantable): void {
    this.grantListExecutions(grantee);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [this.executionArns()] }),
    );
  }

  private executionArns(): string {
    return Stack.of(this).formatArn({ service: 'states', resource: 'execution', resourceName: `${this.stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  /** Lets a function answer the machine's callback tasks (success or failure), nothing more. */
  grantTaskResponse(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
        resources: [this.arnByName()],
      }),
    );
  }
}
