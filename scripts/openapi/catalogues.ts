import { caseStageSchema } from '../../functions/get-case/case-view';

/**
 * The catalogues the document lists, from the core's typed constants: every
 * import of one is in this file. Most come from the lifecycle contract; the
 * stages and the deadlines have their own tables.
 */
export {
  AWAITED_INPUTS,
  CASE_EVENT_MEANING,
  CASE_EVENT_TYPES,
  CASE_STATUSES,
  MORNING_LIST,
  NOTIFICATION_KINDS,
  OFFICER_RECORD_EVENT_PREFIX,
  OFFICER_RECORD_KINDS,
  recipientRoles,
  type NotificationKind,
  type RecipientRole,
} from '../../functions/domain/lifecycle-contract';
export { DEADLINE_KINDS, DEADLINE_POLICY } from '../../functions/domain/deadline-policy';
/** Which records each status accepts: the rule's own table. */
export { RECORDS_BY_STATUS } from '../../functions/domain/officer-records';

/** The stages: CaseStage is a type only, and the case view lists the values of STAGE_OF, in the order of the procedure. */
export const CASE_STAGES = caseStageSchema.options;
