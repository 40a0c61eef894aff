import { ArnFormat, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface EmailSendingProps {
  fromAddress: string;
  configurationSetName: string;
}

/** The delivery problems someone has to act on: the address is wrong, the mail was refused, or it is late. */
const DELIVERY_PROBLEMS = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
];
const DELIVERY_PROBLEM_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received', 'Email Rejected', 'Email Delivery Delayed'];

/**
 * Sending email through SES v2 from the service's domain: the domain identity
 * with Easy DKIM, and a configuration set, the identity's default, that
 * refuses to hand mail over without TLS, suppresses addresses that bounced or
 * complained, and publishes delivery problems to EventBridge.
 */
export class EmailSending extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  private readonly domain: string;

  constructor(scope: Construct, id: string, private readonly props: EmailSendingProps) {
    super(scope, id);
    this.domain = props.fromAddress.split('@')[1]!;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.configurationSet.addEventDestination('DeliveryProblems', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: DELIVERY_PROBLEMS,
    });

    const identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(this.domain),
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      configurationSet: this.configurationSet,
    });
    // The three CNAME records that verify the domain and sign its mail.
    identity.dkimRecords.forEach((record, index) => {
      const output = new CfnOutput(this, `DkimRecord${index + 1}`, { value: `${record.name} CNAME ${record.value}`, description: `DKIM record ${index + 1} for ${this.domain}` });
      output.overrideLogicalId(`DkimRecord${index + 1}`);
    });
  }

  /** Lets a function send from the service's address with the configuration set, and nothing else. */
  grantSend(grantee: iam.IGrantable): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.domain }),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.props.configurationSetName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.props.fromAddress } },
      }),
    );
  }

  /** Routes the delivery problems of this configuration set to a function, asynchronously. */
  routeDeliveryProblemsTo(handler: lambda.IFunction): events.Rule {
    return new events.Rule(this, 'DeliveryProblemRule', {
      description: 'SES delivery problems of the LADO referrals configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detailType: DELIVERY_PROBLEM_DETAIL_TYPES,
        detail: { mail: { tags: { 'ses:configuration-set': [this.props.configurationSetName] } } },
      },
      targets: [new targets.LambdaFunction(handler, { retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });
  }
}
