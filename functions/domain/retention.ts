import { londonDateOf } from './calendar';
import { CLOSED_STATUSES, type CaseEvent, type CaseRecord } from './case';
import { RETENTION_JOB_ACTOR } from './lifecycle-contract';
import type { Refusal, Transition } from './lifecycle-rules';
import type { Referral } from './referral-schema';
import type { TrailEvent, VersionedCase } from './trail';

/**
 * Retention kept, not only computed (domain.md stage 8). Once a closed case's
 * or a rejected referral's LADO retention date (`closure.ladoRecordUntil`) has
 * passed, the retention job disposes of its personal data: the case keeps the
 * anonymous facts the service's reports count (003: referrals by month,
 * setting and sector, nature of concern, decisions, outcomes and final
 * conclusions, the children's demographics) and nothing that names, dates or
 * describes a person. Pure rules: the job (functions/retention) applies them
 * to the case and to every event of its audit trail.
 *
 * Each field of the case and of the referral is classified below, and the
 * compiler holds the classification complete: a field added to either fails
 * to compile here until someone says whether it stays or goes.
 */
type Rule = 'keep' | 'remove';
type Classified<T, R extends string = Rule> = { readonly [K in keyof Required<T>]: R };
/** The fields of T that a classification keeps. */
type Kept<T, C extends Classified<T, string>> = { [K in keyof T as C[K] extends 'keep' ? K : never]: T[K] };

type Child = Extract<Referral['children'], { identified: true }>['children'][number];

/** Who referred goes whole; each other section keeps its facts, as classified next. */
const REFERRAL_SECTIONS = {
  submissionId: 'keep',
  referrer: 'remove',
  subject: 'facts',
  employer: 'facts',
  children: 'facts',
  allegation: 'facts',
} as const satisfies Classified<Referral, Rule | 'facts'>;
/** The employment basis (paid, volunteer, agency, foster carer…) is a category, not a person: the setting-type tables use it. */
const SUBJECT_FIELDS = {
  firstName: 'remove',
  lastName: 'remove',
  knownAs: 'remove',
  dateOfBirth: 'remove',
  gender: 'remove',
  ethnicity: 'remove',
  address: 'remove',
  role: 'remove',
  employmentBasis: 'keep',
  startDate: 'remove',
  otherWorkWithChildren: 'remove',
  ownChildren: 'remove',
  previousConcerns: 'remove',
} as const satisfies Classified<Referral['subject']>;
/** The setting as the reports group it (sector and subsector), never which setting. */
const EMPLOYER_FIELDS = { name: 'remove', address: 'remove', sector: 'keep', subsector: 'keep', caseManager: 'remove' } as const satisfies Classified<Referral['employer']>;
/** Children's demographics without their names or dates of birth. */
const CHILD_FIELDS = { firstName: 'remove', lastName: 'remove', dateOfBirth: 'remove', gender: 'keep', disability: 'keep', ethnicity: 'keep', status: 'keep' } as const satisfies Classified<Child>;
/** Dates, category, criteria and flags; the description goes. */
const ALLEGATION_FIELDS = {
  arose: 'keep',
  occurred: 'keep',
  category: 'keep',
  description: 'remove',
  harmCriteria: 'keep',
  immediateRisk: 'keep',
  policeInvolved: 'keep',
  socialCareInvolved: 'keep',
  subjectSuspended: 'keep',
  subjectAware: 'keep',
} as const satisfies Classified<Referral['allegation']>;

/** What a disposed case keeps of its referral: anonymous facts, in the referral's own shape. */
export type ReferralFacts = Kept<Referral, typeof REFERRAL_SECTIONS> & {
  subject: Kept<Referral['subject'], typeof SUBJECT_FIELDS>;
  employer: Kept<Referral['employer'], typeof EMPLOYER_FIELDS>;
  children: { identified: false } | { identified: true; children: Array<Kept<Child, typeof CHILD_FIELDS>> };
  allegation: Kept<Referral['allegation'], typeof ALLEGATION_FIELDS>;
};

function keep<T extends object>(value: T, fields: Classified<T, string>): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([field]) => (fields as Record<string, string>)[field] === 'keep')) as Partial<T>;
}

/** The anonymous facts of a referral; facts already stay as they are. */
export function referralFacts(referral: Referral | ReferralFacts): ReferralFacts {
  const { children } = referral;
  return {
    ...(keep(referral as Referral, REFERRAL_SECTIONS) as Kept<Referral, typeof REFERRAL_SECTIONS>),
    subject: keep(referral.subject as Referral['subject'], SUBJECT_FIELDS),
    employer: keep(referral.employer as Referral['employer'], EMPLOYER_FIELDS),
    children: children.identified ? { identified: true, children: children.children.map((child) => keep(child as Child, CHILD_FIELDS)) } : { identified: false },
    allegation: keep(referral.allegation as Referral['allegation'], ALLEGATION_FIELDS) as ReferralFacts['allegation'],
  };
}

/** What stands in a rationale once it is disposed of: the why of each decision may name or describe anyone. */
export const DISPOSED_RATIONALE = 'Disposed of when the LADO retention date passed';

type CaseFields = VersionedCase;
type CaseRule = Rule | 'anonymise';

/**
 * Every field of a case: kept (identifiers, dates, statuses, stage, deadlines,
 * decisions' kinds, outcome, conclusions, duties, closure and retention),
 * anonymised (the referral to its facts; each decision's rationale), or
 * removed (undelivered emails name addresses). Officers' ids and work
 * addresses stay: they say who acted, in role, on the record.
 */
const CASE_FIELDS: { readonly [K in keyof Required<CaseFields>]: CaseRule } = {
  caseId: 'keep',
  submissionId: 'keep',
  channel: 'keep',
  // Officers' ids and work addresses stay, as for every record of who acted.
  keyedBy: 'keep',
  // A hash of the whole referral, description and all: it cannot be reversed, and keeps a resent submission on its case.
  submissionFingerprint: 'keep',
  status: 'keep',
  receivedAt: 'keep',
  referral: 'anonymise',
  missing: 'keep',
  completenessChecks: 'keep',
  returnedAt: 'keep',
  referralCompleteAt: 'keep',
  rejectedAt: 'keep',
  deadlines: 'keep',
  awaiting: 'keep',
  decisions: 'anonymise',
  allocation: 'keep',
  complex: 'keep',
  suspended: 'keep',
  tracks: 'keep',
  outcome: 'keep',
  duties: 'keep',
  consultationOutcome: 'keep',
  closedAt: 'keep',
  closure: 'keep',
  deliveryProblems: 'remove',
  phase: 'keep',
  receiptRecordedAt: 'keep',
  owedEmails: 'keep',
  needsAttention: 'keep',
  disposedAt: 'keep',
  // Links this person to other cases: personal data, gone with the subject's keys (subject-match.ts).
  previouslyKnownCaseIds: 'remove',
  version: 'keep',
};

function anonymiseField<K extends keyof CaseFields>(field: K, value: CaseFields[K]): CaseFields[K] {
  if (field === 'referral') return referralFacts(value as CaseFields['referral']) as CaseFields[K];
  if (field === 'decisions') {
    return (value as CaseFields['decisions']).map((recorded) => ({ ...recorded, decision: { ...recorded.decision, rationale: DISPOSED_RATIONALE } })) as CaseFields[K];
  }
  throw new Error(`No anonymisation is written for ${field}`);
}

/**
 * The fields of a case, or any part of them (what one change set, as the
 * trail's events carry it), anonymised: kept, anonymised or left out by the
 * classification. A field it does not know is left out.
 */
export function anonymised<T extends Partial<CaseFields>>(fields: T): T {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    const rule = (CASE_FIELDS as Record<string, CaseRule | undefined>)[field];
    if (rule === 'keep') out[field] = value;
    else if (rule === 'anonymise' && value !== undefined) out[field] = anonymiseField(field as keyof CaseFields, value as never);
  }
  return out as T;
}

/**
 * What disposal rewrites in one event of the trail, or undefined when it holds
 * no personal data (any more): the fields it changed, anonymised, and its
 * rationale. Who, when, what kind and the details (identifiers and labels,
 * never referral content) stay as written.
 */
export function anonymisedEvent(event: Pick<TrailEvent, 'changes' | 'rationale'>): { changes?: Partial<CaseFields>; rationale?: string } | undefined {
  const update: { changes?: Partial<CaseFields>; rationale?: string } = {};
  if (event.changes) {
    const changes = anonymised(event.changes);
    if (JSON.stringify(changes) !== JSON.stringify(event.changes)) update.changes = changes;
  }
  if (event.rationale !== undefined && event.rationale !== DISPOSED_RATIONALE) update.rationale = DISPOSED_RATIONALE;
  return Object.keys(update).length ? update : undefined;
}

/** The date a closed case's or rejected referral's record is kept until, while its personal data is still held. */
export function keptUntil(record: Pick<CaseRecord, 'status' | 'closure' | 'disposedAt'>): string | undefined {
  return CLOSED_STATUSES.has(record.status) && record.disposedAt === undefined ? record.closure?.ladoRecordUntil : undefined;
}

/** Today's date in London: a retention date has passed once it is before it. */

/**
 * The retention job disposes of a case's personal data once its LADO
 * retention date has passed (the day after it, London time): the case keeps
 * its anonymous facts, and the trail records who (the job), when and why (the
 * date). A case disposed of already is left as it is; one that is open again
 * (reopened), not yet due, or still owes an email (sent first: it names the
 * case only, but its delivery is part of the record) is refused, to be taken
 * up by a later run.
 */
export function disposeOfPersonalData(record: CaseRecord, at: Date): Transition | Refusal {
  if (record.disposedAt !== undefined) return { next: record, events: [], emails: [] };
  const until = keptUntil(record);
  if (until === undefined) return { refused: 'conflict', message: `Case ${record.caseId} is ${record.status}: only a closed case or a rejected referral is disposed of.` };
  if (until >= londonDateOf(at)) return { refused: 'conflict', message: `Case ${record.caseId} is kept until ${until}.` };
  if (record.owedEmails?.length) return { refused: 'conflict', message: `Case ${record.caseId} still owes emails: it is disposed of once they are sent.` };
  const next: CaseRecord = { ...anonymised(record), disposedAt: at.toISOString() };
  const event: CaseEvent = {
    type: 'RecordsDisposed',
    actor: RETENTION_JOB_ACTOR,
    at: at.toISOString(),
    rationale: `The LADO retention date ${until} has passed`,
    details: { ladoRecordUntil: until },
  };
  return { next, events: [event], emails: [] };
}
