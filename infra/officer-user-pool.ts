import { Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { OFFICER_GROUPS } from '../functions/api-routes';

export interface OfficerUserPoolProps {
  /** The prefix of the sign-in domain; by default lado- and the first part of the stack's id, unique to the stack. */
  signInDomainPrefix?: string;
}

/**
 * The officers' identities: a user pool that only administrators add users to,
 * with TOTP MFA required of everyone, the groups the route table grants access
 * by, the app client of the officer front end, and the hosted sign-in pages
 * (a Cognito domain) the console signs officers in through.
 */
export class OfficerUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly frontEndClient: cognito.UserPoolClient;
  /** The hosted UI: https://<prefix>.auth.<region>.amazoncognito.com. */
  readonly signInDomain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: OfficerUserPoolProps = {}) {
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

    // A prefix domain is unique across every account in the region: the stack id's first eight hex digits make it the stack's own.
    const stackIdPart = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Stack.of(this).stackId))));
    this.signInDomain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix ?? `lado-${stackIdPart}` },
    });
  }

  /** The hosted UI's base URL, https://…amazoncognito.com without a trailing slash. */
  get signInUrl(): string {
    return this.signInDomain.baseUrl();
  }

  /**
   * The web console's app client: a public client (a browser keeps no secret)
   * signing officers in through the hosted UI with the authorization code
   * grant, the console sending a PKCE challenge (S256) with each sign-in; no
   * implicit grant, no password or SRP flow of its own. It comes back to
   * `redirectUri` only, after signing in and after signing out.
   */
  addConsoleClient(redirectUri: string): cognito.UserPoolClient {
    return this.userPool.addClient('Console', {
      generateSecret: false,
      // Sign-in happens on the hosted UI; the client itself may only refresh its tokens.
      authFlows: { user: false, userSrp: false, userPassword: false, adminUserPassword: false, custom: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [redirectUri],
        logoutUrls: [redirectUri],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      authSessionValidity: Duration.minutes(3),
      idTokenValidity: Duration.minutes(15),
      accessTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.hours(8),
    });
  }
}
