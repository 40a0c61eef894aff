import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { serviceConfig } from './config';

/**
 * The HMAC key of the subject's match keys (functions/domain/subject-match.ts).
 * Locally SUBJECT_MATCH_KEY gives it as it is (local/stack.ts). On AWS the
 * functions that match a subject (the intake and the resubmission) read it once
 * a container from the Secrets Manager secret SUBJECT_MATCH_KEY_SECRET_ID names
 * (infra/subject-match-key.ts), and keep it in memory; no other function may
 * read it. A failed read is not kept: the next request tries again.
 */
let fromSecret: { secretId: string; key: Promise<string> } | undefined;

let client: SecretsManagerClient | undefined;
const secretsClient = () => (client ??= new SecretsManagerClient({}));

/** The shortest key accepted: a key shorter than the hash's own 32 bytes would weaken it. */
const MINIMUM_KEY_LENGTH = 32;

export function subjectMatchKey(): Promise<string> {
  const { SUBJECT_MATCH_KEY: given, SUBJECT_MATCH_KEY_SECRET_ID: secretId } = serviceConfig();
  if (given) return Promise.resolve(given);
  if (!secretId) return Promise.reject(new Error('Neither SUBJECT_MATCH_KEY nor SUBJECT_MATCH_KEY_SECRET_ID is set: the subject cannot be matched'));
  if (fromSecret?.secretId !== secretId) {
    const key = readSecret(secretId);
    fromSecret = { secretId, key };
    key.catch(() => {
      if (fromSecret?.key === key) fromSecret = undefined;
    });
  }
  return fromSecret.key;
}

async function readSecret(secretId: string): Promise<string> {
  const { SecretString } = await secretsClient().send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!SecretString || SecretString.length < MINIMUM_KEY_LENGTH) throw new Error(`The secret ${secretId} does not hold a subject match key of at least ${MINIMUM_KEY_LENGTH} characters`);
  return SecretString;
}
