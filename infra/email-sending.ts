import { Arn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Sending email through SES v2 from the service's address, and nothing else. */
export class EmailSending extends Construct {
  constructor(scope: Construct, id: string, private readonly fromAddress: string) {
    super(scope, id);
  }

  grantSend(grantee: iam.IGrantable): void {
    const domain = this.fromAddress.split('@')[1]!;
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [Arn.format({ service: 'ses', resource: 'identity', resourceName: domain }, stack)],
        conditions: { StringEquals: { 'ses:FromAddress': this.fromAddress } },
      }),
    );
  }
}
