import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { ENQUIRIES_PARTITION_PREFIX, ENQUIRY_REQUEST_PARTITION_PREFIX } from '../functions/shared/table-layout';

/**
 * Who may do what with the enquiries register, a set of partitions of the case
 * table (functions/shared/table-layout.ts), and nothing more: each grant holds
 * its function to the partitions it needs by their leading key
 * (`dynamodb:LeadingKeys`), so no function of the register can read or write a
 * case.
 *
 * - the recorder puts an enquiry and its request, and checks that a case it
 *   names exists (ConditionCheckItem on a case's partition: the case's
 *   existence, never its content);
 * - the linker updates an enquiry, and checks the case the same way;
 * - the reader queries the months' partitions.
 */
export interface EnquiryRegister {
  table: dynamodb.ITableV2;
  key: kms.IKey;
}

const onPartitions = (table: dynamodb.ITableV2, actions: string[], prefixes: string[]) =>
  new iam.PolicyStatement({
    actions,
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) } },
  });

/** Checking that a named case exists: the one thing the register may do with a case's partition. */
const caseExists = (table: dynamodb.ITableV2) => onPartitions(table, ['dynamodb:ConditionCheckItem'], ['CASE#']);

export function grantRecordEnquiries({ table, key }: EnquiryRegister, grantee: iam.IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(onPartitions(table, ['dynamodb:PutItem'], [ENQUIRIES_PARTITION_PREFIX, ENQUIRY_REQUEST_PARTITION_PREFIX]));
  grantee.grantPrincipal.addToPrincipalPolicy(caseExists(table));
  key.grantEncryptDecrypt(grantee);
}

export function grantLinkEnquiries({ table, key }: EnquiryRegister, grantee: iam.IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(onPartitions(table, ['dynamodb:UpdateItem'], [ENQUIRIES_PARTITION_PREFIX]));
  grantee.grantPrincipal.addToPrincipalPolicy(caseExists(table));
  key.grantEncryptDecrypt(grantee);
}

export function grantReadEnquiries({ table, key }: EnquiryRegister, grantee: iam.IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(onPartitions(table, ['dynamodb:Query'], [ENQUIRIES_PARTITION_PREFIX]));
  key.grantDecrypt(grantee);
}
