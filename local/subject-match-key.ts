/**
 * The HMAC key of the subject's match keys on the local stack
 * (functions/domain/subject-match.ts): a fixed development key, embedded so
 * that `npm start` needs no Secrets Manager. Local data only: on AWS the key is
 * a secret generated at deployment (infra/subject-match-key.ts), and match keys
 * made with this one match nothing there.
 */
export const DEVELOPMENT_SUBJECT_MATCH_KEY = 'local-development-subject-match-key-not-for-real-data';
