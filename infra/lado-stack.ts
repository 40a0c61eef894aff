import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CaseTable } from './case-table';
import { functionEnvironment, type ServiceSettings } from './config';
import { EmailSending } from './email-sending';
import { FUNCTIONS_CONSTRUCT_ID, LambdaFunctions } from './lambda-functions';
import { PortalApi } from './portal-api';
import { ReferralWorkflow } from './referral-workflow';

/** The whole service: case table, functions, the first-days workflow, the API and email sending. */
export class LadoStack extends Stack {
  constructor(scope: Construct, id: string, settings: ServiceSettings, props?: StackProps) {
    super(scope, id, props);
    const { table } = new CaseTable(this, 'Cases');
    const email = new EmailSending(this, 'Email', settings.emailFrom);
    const functions = new LambdaFunctions(this, FUNCTIONS_CONSTRUCT_ID, { ...functionEnvironment(settings), TABLE_NAME: table.tableName });

    const receipt = functions.add('receipt', 'Workflow task: reads the immediate-risk flag');
    const completeness = functions.add('completeness', 'Workflow task: checks key demographics and opens the return window');
    const awaitInput = functions.add('await-input', 'Workflow task: parks the workflow on human input');
    const deadlines = functions.add('deadlines', 'Workflow task: plans and fires deadlines');
    const notifier = functions.add('notifier', 'Workflow task: sends one email through SES');
    table.grantReadData(receipt);
    for (const fn of [completeness, awaitInput, deadlines, notifier]) table.grantReadWriteData(fn);
    email.grantSend(notifier);

    const workflow = new ReferralWorkflow(this, 'Workflow', { receipt, completeness, awaitInput, deadlines, notifier });
    const { stateMachine } = workflow;
    workflow.grantTaskResponse(awaitInput);

    const intake = functions.add('intake', 'POST /referrals: portal intake');
    const resubmission = functions.add('resubmission', 'POST /referrals/{caseId}/resubmission');
    const decision = functions.add('decision', 'POST /cases/{caseId}/decisions');
    const getCase = functions.add('get-case', 'GET /cases/{caseId}');
    intake.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    stateMachine.grantStartExecution(intake);
    for (const fn of [intake, resubmission, decision]) table.grantReadWriteData(fn);
    table.grantReadData(getCase);
    for (const fn of [resubmission, decision]) workflow.grantTaskResponse(fn);

    const { api } = new PortalApi(this, 'Api', functions);
    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn });
    new CfnOutput(this, 'CaseTableName', { value: table.tableName });
  }
}
