import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { OFFICER_GROUPS } from '../functions/api-routes';

/**
 * The officers' identities: a user pool that only administrators add users to,
 * with TOTP MFA required of everyone, the groups the route table grants access
 * by, and the app client of the officer front end.
 */
export class OfficerUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly frontEndClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      // The username is the officer id recorded with every decision.
      signInAliases: { username: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      // An authenticator app: SMS codes can be intercepted or ported away.
      mfaSecondFactor: { otp: true, sms: false, email: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 24,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Threat protection (compromised credentials, risky sign-ins) is on the Plus plan, billed per active officer.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const group of OFFICER_GROUPS) this.userPool.addGroup(group, { groupName: group });

    this.frontEndClient = this.userPool.addClient('OfficerFrontEnd', {
      // A browser application cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(15),
      accessTokenValidity: Duration.minutes(15),
      // A working day; signing out revokes it.
      refreshTokenValidity: Duration.hours(8),
    });
  }
}
