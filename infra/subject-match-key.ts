import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/**
 * The HMAC key of the subject's match keys (functions/domain/subject-match.ts;
 * docs/previously-known.md): a random secret that Secrets Manager generates at
 * the first deployment and keeps, encrypted with the case-data key. Only the
 * functions that match a subject may read it (`grantUse`): they are given its
 * name, and read it once a container (functions/shared/subject-match-key.ts).
 * Locally the functions get an embedded development key instead
 * (local/stack.ts), so the local stack needs no Secrets Manager.
 *
 * Kept if the stack is deleted, and never rotated automatically: every key in
 * the SubjectMatch index was made with it, and a new secret matches nothing
 * made before until every open and retained case is keyed again.
 */
export class SubjectMatchKey extends Construct {
  readonly secret: secretsmanager.Secret;
  /** By name, not reference: the local stack resolves no Secrets Manager reference. */
  readonly secretName: string;

  constructor(scope: Construct, id: string, caseDataKey: kms.IKey) {
    super(scope, id);
    this.secretName = `${Stack.of(this).stackName}-subject-match-key`;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: this.secretName,
      description: "LADO referrals: HMAC key of the subject's match keys (previously known)",
      encryptionKey: caseDataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const notRotated =
      'The HMAC key of the subject match index: every index key was made with it, so a rotated key would match no earlier case until all retained cases were keyed again; it never leaves the two matching functions and is kept encrypted with the case-data key.';
    NagSuppressions.addResourceSuppressions(this.secret, [
      { id: 'AwsSolutions-SMG4', reason: notRotated },
      { id: 'NIST.800.53.R5-SecretsManagerRotationEnabled', reason: notRotated },
      { id: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: notRotated },
    ]);
  }

  /** Lets a function that matches a subject read the key, and tells it the secret's name. */
  grantUse(fn: lambda.Function): void {
    this.secret.grantRead(fn);
    fn.addEnvironment('SUBJECT_MATCH_KEY_SECRET_ID', this.secretName);
  }
}
