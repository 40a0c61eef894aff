import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { AuditTrail } from './audit-trail';
import { CaseBackups } from './case-backups';
import { CaseTable } from './case-table';
import { functionEnvironment, officerCaseUrl, type ServiceSettings } from './config';
import { ConsoleHosting } from './console-hosting';
import { dailyInLondonAt, FunctionSchedule } from './function-schedule';
import { EmailSending } from './email-sending';
import { EncryptionKeys } from './encryption-keys';
import { grantLinkEnquiries, grantReadEnquiries, grantRecordEnquiries } from './enquiry-access';
import { FUNCTIONS_CONSTRUCT_ID, LambdaFunctions } from './lambda-functions';
import { suppressAcceptedFindings } from './nag-suppressions';
import { OfficerUserPool } from './officer-user-pool';
import { OperationsMonitoring } from './operations-monitoring';
import { PortalApi } from './portal-api';
import { ReferralWorkflow } from './referral-workflow';
import { SubjectMatchKey } from './subject-match-key';

/**
 * The whole service: keys, case table, audit trail and their backups, functions, the
 * referral lifecycle workflow, the officers' user pool, the API, email sending
 * and operations monitoring.
 */
/** The functions that match a referral's subject against earlier cases (functions/shared/subject-matching.ts): a referral taken in, a resubmission. */
const SUBJECT_MATCHING_FUNCTIONS: readonly string[] = ['intake', 'keyed-referral', 'resubmission', 'keyed-resubmission'];

export class LadoStack extends Stack {
  readonly keys: EncryptionKeys;
  readonly functions: LambdaFunctions;
  readonly workflow: ReferralWorkflow;
  readonly officers: OfficerUserPool;
  readonly portalApi: PortalApi;
  readonly console: ConsoleHosting;
  readonly backups: CaseBackups;
  readonly reconcilerSchedule: FunctionSchedule;
  readonly retentionSchedule: FunctionSchedule;
  readonly morningListSchedule: FunctionSchedule;

  constructor(scope: Construct, id: string, settings: ServiceSettings, props?: StackProps) {
    super(scope, id, props);
    const logRetention = settings.logRetentionDays;
    this.keys = new EncryptionKeys(this, 'Keys');
    const cases = new CaseTable(this, 'Cases', this.keys.caseData);
    const { table } = cases;
    const audit = new AuditTrail(this, 'AuditTrail', this.keys.caseData);
    this.backups = new CaseBackups(this, 'Backups', { tables: [table, audit.table], key: this.keys.caseData, retention: Duration.days(settings.backupRetentionDays) });

    const configurationSetName = `${this.stackName}-email`;
    const email = new EmailSending(this, 'Email', { fromAddress: settings.emailFrom, configurationSetName });
    const functions = (this.functions = new LambdaFunctions(this, FUNCTIONS_CONSTRUCT_ID, {
      environment: { ...functionEnvironment(settings), TABLE_NAME: table.tableName, AUDIT_TABLE_NAME: audit.table.tableName },
      logsKey: this.keys.logs,
      logRetention,
    }));

    const receipt = functions.add('receipt', 'Workflow task: reads the immediate-risk flag');
    const completeness = functions.add('completeness', 'Workflow task: checks key demographics and opens the return window');
    const park = functions.add('park', 'Workflow task: parks the workflow on human input');
    const deadlines = functions.add('deadlines', 'Workflow task: plans and fires deadlines');
    const notifier = functions.add('notifier', 'Workflow task: sends one email through SES');
    const handover = functions.add('handover', "Workflow task: closes a case or hands it to the case's next execution");
    for (const fn of [receipt, completeness, park, deadlines, notifier, handover]) cases.grantReadWriteData(fn);
    // The audit trail is append-only: each function that changes a case or sends an email may only add events.
    for (const fn of [receipt, completeness, park, deadlines, notifier, handover]) audit.grantAppend(fn);
    notifier.addEnvironment('SES_CONFIGURATION_SET', configurationSetName);
    email.grantSend(notifier);

    const workflow = (this.workflow = new ReferralWorkflow(this, 'Workflow', {
      functions: { receipt, completeness, park, deadlines, notifier, handover },
      caseDataKey: this.keys.caseData,
      logsKey: this.keys.logs,
      logRetention,
    }));

    const intake = functions.add('intake', 'POST /referrals: portal intake');
    const resubmission = functions.add('resubmission', 'POST /referrals/{caseId}/resubmission');
    const decision = functions.add('decision', 'POST /cases/{caseId}/decisions');
    const correction = functions.add('correction', 'POST /cases/{caseId}/corrections: rebuilds a case from its trail with a record corrected');
    const reopening = functions.add('reopening', 'POST /cases/{caseId}/reopening: a LADO manager reopens a closed case');
    const getCase = functions.add('get-case', 'GET /cases/{caseId}');
    const getHistory = functions.add('get-history', 'GET /cases/{caseId}/history: the audit trail');
    const keyedReferral = functions.add('keyed-referral', 'POST /cases: a referral keyed in by staff');
    const keyedResubmission = functions.add('keyed-resubmission', 'POST /cases/{caseId}/resubmission: the missing details of a keyed-in referral');
    // Officers' and operations' views: lists from the table's indexes, the lifecycle and its executions.
    const listCases = functions.add('list-cases', 'GET /cases: case lists, each filter served by an index');
    const dutyList = functions.add('duty-list', 'GET /duty/referrals: the referrals awaiting a threshold decision');
    const caseloads = functions.add('caseloads', "GET /caseloads: each officer's open caseload and the overdue deadlines");
    const caseWorkflow = functions.add('case-workflow', "GET /cases/{caseId}/workflow: the lifecycle as deployed and the case's state in it");
    const executions = functions.add('executions', 'GET /operations/executions: the executions by status, each with its case');
    const reconcilerFindings = functions.add('reconciler-findings', "GET /operations/findings: the reconciler's latest findings");
    for (const fn of [listCases, dutyList, caseloads, caseWorkflow, reconcilerFindings]) cases.grantReadData(fn);
    for (const fn of [caseWorkflow, executions]) fn.addEnvironment('STATE_MACHINE_ARN', workflow.liveAliasArn);
    workflow.grantReadDefinitionAndHistory(caseWorkflow);
    workflow.grantListExecutions(executions);
    // The manager's annual report: reads only. The period's cases from the audit trail's month index and the active
    // cases, each trail whole, the enquiries, and the running executions; a year for one authority takes seconds,
    // within API Gateway's 29 s (docs/data-model.md).
    const annualReport = functions.add('annual-report', 'GET /reports/annual: the annual report on a period', { timeout: Duration.seconds(29), memorySize: 1024 });
    audit.grantReadByMonth(annualReport);
    cases.grantReportReading(annualReport);
    annualReport.addEnvironment('STATE_MACHINE_ARN', workflow.liveAliasArn);
    workflow.grantListExecutions(annualReport);
    // The enquiries register, in partitions of its own: the recorder and the linker write only there, and check that a case
    // they name exists; the list reads only there (infra/enquiry-access.ts).
    const register = { table, key: this.keys.caseData };
    const recordEnquiry = functions.add('record-enquiry', 'POST /enquiries: records an enquiry to the LADO enquiries officer');
    const listEnquiries = functions.add('list-enquiries', "GET /enquiries: a period's enquiries, one Query a month");
    const linkEnquiry = functions.add('link-enquiry', 'POST /enquiries/{enquiryId}/link: the referral an enquiry led to');
    grantRecordEnquiries(register, recordEnquiry);
    grantLinkEnquiries(register, linkEnquiry);
    grantReadEnquiries(register, listEnquiries);
    // Reconciles the record with what runs: hourly, and on demand by operations (who may repair).
    const reconciler = functions.add('reconciler', 'Scheduled: checks every active case against the running executions', { timeout: Duration.minutes(5) });
    const reconciliation = functions.add('reconciliation', 'POST /operations/reconciliation: checks and repairs', { timeout: Duration.seconds(29) });
    // Input that finds its workflow stopped restarts it; the reconciler restarts what stopped.
    for (const fn of [intake, keyedReferral, handover, resubmission, keyedResubmission, decision, correction, reopening, reconciler, reconciliation]) {
      fn.addEnvironment('STATE_MACHINE_ARN', workflow.liveAliasArn);
      workflow.grantStartThroughAlias(fn);
    }
    for (const fn of [resubmission, keyedResubmission, decision, correction, reopening]) workflow.grantDescribeExecutions(fn);
    for (const fn of [reconciler, reconciliation]) {
      workflow.grantOperate(fn);
      cases.grantReadWriteData(fn);
      audit.grantAppend(fn);
    }
    // Hourly: each run checks every active case again, so a missed run costs an hour at most.
    this.reconcilerSchedule = new FunctionSchedule(this, 'ReconcilerSchedule', {
      target: reconciler,
      job: 'reconciler',
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
      description: 'Checks every active LADO case against the running workflow executions',
    });
    // Disposes of personal data past its retention date, daily: the one function that may rewrite audit events, and only their personal data.
    const retention = functions.add('retention', 'Scheduled: disposes of personal data past its retention date', { timeout: Duration.minutes(15) });
    cases.grantRetention(retention);
    audit.grantRead(retention);
    audit.grantAppend(retention);
    audit.grantDisposal(retention);
    // Daily at 02:00 London, outside the working day; a missed run is caught up by the next, which takes every date passed.
    this.retentionSchedule = new FunctionSchedule(this, 'RetentionSchedule', {
      target: retention,
      job: 'retention job',
      schedule: dailyInLondonAt('02:00'),
      description: 'Disposes of the personal data of LADO cases whose retention date has passed',
    });
    // The duty LADO's morning list: reads the referrals awaiting a threshold decision from their index, sends one email a working day.
    const morningList = functions.add('morning-list', 'Scheduled: emails the duty LADO the referrals awaiting a threshold decision', { timeout: Duration.seconds(30) });
    cases.grantMorningList(morningList);
    morningList.addEnvironment('SES_CONFIGURATION_SET', configurationSetName);
    email.grantSend(morningList);
    // Every day at the working day's opening: the function sends only on working days, by the service calendar,
    // which knows the bank holidays and closure days no cron expression can; the day's claim stops a retry sending twice.
    this.morningListSchedule = new FunctionSchedule(this, 'MorningListSchedule', {
      target: morningList,
      job: 'morning list',
      schedule: dailyInLondonAt(settings.workingHours.split('-')[0]!.trim()),
      description: 'Emails the duty LADO, each working morning, the referrals awaiting a threshold decision',
    });
    // The alias is addressed by name: make sure it exists before the API can start executions.
    intake.node.addDependency(workflow.liveAlias);
    keyedReferral.node.addDependency(workflow.liveAlias);
    for (const fn of [intake, keyedReferral, resubmission, keyedResubmission, decision, correction, reopening]) cases.grantReadWriteData(fn);
    for (const fn of [intake, keyedReferral, resubmission, keyedResubmission, decision, correction, reopening]) audit.grantAppend(fn);
    for (const fn of [getCase, getHistory]) cases.grantReadData(fn);
    // A correction rebuilds the case from its trail.
    for (const fn of [getHistory, correction]) audit.grantRead(fn);
    for (const fn of [resubmission, keyedResubmission, decision, correction, reopening]) workflow.grantTaskResponse(fn);

    // SES events arrive asynchronously through EventBridge: what cannot be handled is kept, not lost.
    const emailEventsDeadLetters = new sqs.Queue(this, 'EmailEventsDeadLetters', {
      encryptionMasterKey: this.keys.caseData,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const emailEvents = functions.add('email-events', 'SES delivery problems: bounces, complaints, rejections, delays', {
      deadLetterQueue: emailEventsDeadLetters,
    });
    cases.grantReadWriteData(emailEvents);
    audit.grantAppend(emailEvents);
    email.routeDeliveryProblemsTo(emailEvents);

    const operationsTopicName = `${this.stackName}-operations`;
    const monitoring = new OperationsMonitoring(this, 'Operations', {
      topicName: operationsTopicName,
      key: this.keys.operations,
      alarmEmail: settings.alarmEmail,
      stateMachine: workflow.stateMachine,
      functions: functions.all(),
      deadLetterQueues: [['email-events', emailEventsDeadLetters]],
    });
    // Built from the topic's name, not its reference: the local stack resolves the ARN without an SNS of its own.
    const operationsTopicArn = this.formatArn({ service: 'sns', resource: operationsTopicName, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    for (const fn of [emailEvents, handover, notifier, reconciler]) {
      monitoring.topic.grantPublish(fn);
      fn.addEnvironment('OPERATIONS_TOPIC_ARN', operationsTopicArn);
    }

    const officers = (this.officers = new OfficerUserPool(this, 'Officers', { signInDomainPrefix: settings.signInDomainPrefix }));
    const { api } = (this.portalApi = new PortalApi(this, 'Api', {
      functions,
      logsKey: this.keys.logs,
      logRetention,
      wafRateLimit: settings.wafRateLimit,
      officers: officers.userPool,
      portalPrincipalArn: settings.portalPrincipalArn,
      operationsPrincipalArns: settings.operationsPrincipalArns,
    }));

    // The officers' console: its pages talk to the API (origin only: the stage's URL would tie the headers to the deployment) and the hosted UI.
    const apiOrigin = `https://${api.restApiId}.execute-api.${this.region}.${this.urlSuffix}`;
    const consoleHosting = (this.console = new ConsoleHosting(this, 'Console', {
      connectOrigins: [apiOrigin, officers.signInUrl],
      signInOrigin: officers.signInUrl,
      logsKey: this.keys.logs,
      logRetention,
    }));
    const consoleClient = officers.addConsoleClient(consoleHosting.consoleUrl);
    consoleHosting.deploy({
      apiUrl: api.url,
      auth: { kind: 'cognito', domain: officers.signInUrl, clientId: consoleClient.userPoolClientId, redirectUri: consoleHosting.consoleUrl },
    });
    // Deadline emails link to the case's page in the console, unless the settings name another link.
    for (const [, fn] of functions.all()) fn.addEnvironment('OFFICER_CASE_URL', officerCaseUrl(settings, consoleHosting.url));

    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'ConsoleUrl', { value: consoleHosting.consoleUrl });
    new CfnOutput(this, 'OfficerSignInUrl', { value: officers.signInUrl });
    new CfnOutput(this, 'OfficerConsoleClientId', { value: consoleClient.userPoolClientId });
    new CfnOutput(this, 'OperationsRoleArn', { value: this.portalApi.operationsRole.roleArn });
    new CfnOutput(this, 'OfficerUserPoolId', { value: officers.userPool.userPoolId });
    new CfnOutput(this, 'OfficerFrontEndClientId', { value: officers.frontEndClient.userPoolClientId });
    new CfnOutput(this, 'StateMachineArn', { value: workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'LiveAliasArn', { value: workflow.liveAlias.attrArn });
    new CfnOutput(this, 'CaseTableName', { value: table.tableName });
    new CfnOutput(this, 'AuditTableName', { value: audit.table.tableName });
    new CfnOutput(this, 'OperationsTopicArn', { value: monitoring.topic.topicArn });

    // The HMAC key of the subject's match keys: read only by the functions that take a referral in or a resubmission (previously known).
    const subjectMatchKey = new SubjectMatchKey(this, 'SubjectMatchKey', this.keys.caseData);
    for (const [name, fn] of functions.all()) if (SUBJECT_MATCHING_FUNCTIONS.includes(name)) subjectMatchKey.grantUse(fn);

    suppressAcceptedFindings(this);
  }
}
