import type { Enquiry } from '../../../functions/domain/report/annual-report';
import { lado, referralAbout, thresholdDecision, TrailBuilder } from './trails';

/**
 * A small county year, 1 April 2026 to 31 March 2027, made with the real
 * lifecycle rules: referrals on either side of Christmas 2026 (25 and 28
 * December are bank holidays) and of Easter 2027 (26 and 29 March), one
 * received before the year and concluded in it, two open across its end,
 * a return, a rejection, a keyed-in telephone referral, an escalated
 * consultation and an email that could not be delivered.
 */
export const YEAR = { from: '2026-04-01', to: '2027-03-31' };

const substantiatedDismissal = { outcome: 'substantiated', subOutcome: 'dismissal', conclusions: ['dismissed', 'referred to DBS'], investigationCompleted: true };

export function countyYear() {
  // 1. An allegation in a primary school, two children named: the strategy meeting held in time, the employer's action late.
  const allegation = TrailBuilder.firstDays(
    referralAbout({
      category: 'physical intervention',
      children: {
        identified: true,
        children: [
          { firstName: 'Jonah', lastName: 'Bramley', dateOfBirth: '2016-06-05', gender: 'Male', ethnicity: 'White British', disability: 'autism', status: 'looked after' },
          { firstName: 'Jonah', lastName: 'Bramley', dateOfBirth: '2016-06-05', gender: 'F', status: 'child in need' },
        ],
      },
    }),
    '2026-11-23T10:00:00Z',
    { decision: thresholdDecision('allegation', 'lado.7'), at: '2026-11-23T15:00:00Z' },
  )
    .officer({ kind: 'tracks', police: false, section47: true, employer: 'action-without-disciplinary' }, '2026-11-24T10:00:00Z')
    .fire('officerEvent', '2026-11-26T17:00:00Z')
    .officer({ kind: 'employer-action-taken' }, '2026-11-27T10:00:00Z')
    .officer({ kind: 'strategy-meeting-held' }, '2026-12-01T10:00:00Z')
    .officer({ kind: 'outcome', result: substantiatedDismissal }, '2026-12-10T10:00:00Z')
    .officer({ kind: 'dbs-referral-confirmed' }, '2026-12-14T10:00:00Z')
    .officer({ kind: 'regulator-referral-considered', referred: false }, '2026-12-14T10:05:00Z')
    .officer({ kind: 'lessons-learned-done' }, '2026-12-14T10:10:00Z')
    .officer({ kind: 'feedback-given', givenBy: 'employer' }, '2026-12-14T10:15:00Z')
    .officer({ kind: 'close' }, '2026-12-15T10:00:00Z');

  // 2. Received on Christmas Eve, decided a consultation on Tuesday 29 December: working day 1, in time.
  const consultation = TrailBuilder.firstDays(
    referralAbout({ sector: 'early years', subsector: 'Nursery', category: 'inappropriate conduct' }),
    '2026-12-24T11:00:00Z',
    { decision: thresholdDecision('consultation', 'lado.8'), at: '2026-12-29T16:00:00Z' },
  ).officer({ kind: 'close-consultation', outcome: 'management action' }, '2027-01-20T10:00:00Z', 'lado.8');

  // 3. Received on Christmas Eve, no further action on Wednesday 30 December: working day 2, late.
  const lateDecision = TrailBuilder.firstDays(
    referralAbout({ sector: 'wider workforce', subsector: "Residential Children's Homes", category: 'physical abuse' }),
    '2026-12-24T11:00:00Z',
    { decision: thresholdDecision('no-further-action'), at: '2026-12-30T10:00:00Z' },
  );

  // 4. Received and decided in March 2026, before the year; concluded in April, within a month.
  const beforeYear = TrailBuilder.firstDays(
    referralAbout({ sector: 'fostering', subsector: 'independent fostering agency', category: 'physical abuse' }),
    '2026-03-20T10:00:00Z',
    { decision: thresholdDecision('allegation', 'lado.8'), at: '2026-03-20T14:00:00Z' },
  )
    .officer({ kind: 'tracks', police: false, section47: false, employer: 'investigation' }, '2026-03-23T10:00:00Z', 'lado.8')
    .officer(
      { kind: 'outcome', result: { outcome: 'unsubstantiated', subOutcome: 'management action', conclusions: ['remained in post', 'management action'], investigationCompleted: true } },
      '2026-04-15T10:00:00Z',
      'lado.8',
    )
    .officer({ kind: 'regulator-referral-considered', referred: false }, '2026-04-16T10:00:00Z', 'lado.8')
    .officer({ kind: 'feedback-given', givenBy: 'social worker' }, '2026-04-16T10:05:00Z', 'lado.8')
    .officer({ kind: 'close' }, '2026-04-20T10:00:00Z', 'lado.8');

  // 5. Open across the year's end: decided on 10 March 2027, recorded on since (13 working days to the end, Easter excluded).
  const openAcrossEnd = TrailBuilder.firstDays(
    referralAbout({ subsector: 'secondary', category: 'sexual abuse' }),
    '2027-03-10T10:00:00Z',
    { decision: thresholdDecision('allegation', 'lado.7'), at: '2027-03-10T12:00:00Z' },
  );

  // 6. Open across the year's end with nothing recorded since January: drift.
  const drifting = TrailBuilder.firstDays(
    referralAbout({ sector: 'wider workforce', subsector: 'sports clubs', category: 'suitability' }),
    '2027-01-04T10:00:00Z',
    { decision: thresholdDecision('allegation', 'lado.8'), at: '2027-01-04T15:00:00Z' },
  );

  // 7. A transfer; the referral named no sector.
  const transfer = TrailBuilder.firstDays(referralAbout({ noSector: true, category: 'online safety' }), '2026-06-15T09:30:00Z', {
    decision: thresholdDecision('transfer'),
    at: '2026-06-15T14:00:00Z',
  });

  // 8. Returned for its missing date of birth, never resubmitted: rejected at the cut-off, Friday 8 May 2026 (4 May a bank holiday).
  const rejected = TrailBuilder.firstDays(referralAbout({ withoutDateOfBirth: true, category: 'neglect' }), '2026-05-05T09:00:00Z').fire('resubmission', '2026-05-08T16:00:00Z');

  // 9. Returned on Monday 1 June 2026, resubmitted on Wednesday: two working days; a consultation, closed.
  const resubmitted = TrailBuilder.firstDays(
    referralAbout({ withoutDateOfBirth: true, sector: 'fostering', subsector: 'local authority', category: 'emotional abuse' }),
    '2026-06-01T09:00:00Z',
  )
    .resubmit({ subject: { dateOfBirth: '1984-03-17' } }, '2026-06-03T09:00:00Z')
    .completeness('2026-06-03T09:00:30Z')
    .decide(thresholdDecision('consultation', 'lado.8'), '2026-06-03T14:00:00Z')
    .officer({ kind: 'close-consultation', outcome: 'risk assessment' }, '2026-06-20T10:00:00Z', 'lado.8');

  // 10. Keyed in from a parent's telephone call; no child identified; no further action.
  const { submissionId, ...portal } = referralAbout({ sector: 'early years', subsector: 'childminder', category: 'physical abuse', children: { identified: false } });
  const keyed = TrailBuilder.firstDays(
    { ...portal, submissionId: `keyed:${submissionId}`, referrer: { kind: 'parent or carer', name: 'Priya Okonkwo-Hale', phone: '01632 960 123' } },
    '2026-09-10T10:00:00Z',
    { decision: thresholdDecision('no-further-action'), at: '2026-09-10T15:00:00Z' },
    { channel: 'phone', keyedBy: lado('lado.9') },
  );

  // 11. Received on the year's last afternoon: its acknowledgement still owed at the end, its decision awaited.
  const lastDay = TrailBuilder.receive(referralAbout({ category: 'transfer of risk' }), '2027-03-31T15:00:00Z');
  lastDay.autoSend = false;
  lastDay.receipt('2027-03-31T15:00:05Z').completeness('2027-03-31T15:00:30Z');

  // 12. Its acknowledgement could not be delivered; a consultation, closed.
  const undelivered = TrailBuilder.receive(referralAbout({ sector: 'wider workforce', subsector: 'Health', category: 'risk by association' }), '2026-10-05T10:00:00Z');
  undelivered.autoSend = false;
  undelivered.receipt('2026-10-05T10:00:05Z').undeliverable('acknowledgement', '2026-10-05T10:00:30Z');
  undelivered.autoSend = true;
  undelivered
    .completeness('2026-10-05T10:01:00Z')
    .decide(thresholdDecision('consultation', 'lado.9'), '2026-10-05T15:00:00Z')
    .officer({ kind: 'close-consultation', outcome: 'advice or signposting' }, '2026-10-20T10:00:00Z', 'lado.9');

  // 13. A consultation escalated to an allegation on 1 October, concluded on 20 November: late for one month, in time for three.
  const escalated = TrailBuilder.firstDays(referralAbout({ category: 'inappropriate conduct' }), '2026-09-07T10:00:00Z', {
    decision: thresholdDecision('consultation', 'lado.7'),
    at: '2026-09-07T15:00:00Z',
  })
    .officer({ kind: 'escalate-to-allegation', harmCriteria: ['risk-of-harm'] }, '2026-10-01T10:00:00Z')
    .officer({ kind: 'outcome', result: { outcome: 'unfounded', conclusions: ['remained in post'], investigationCompleted: true } }, '2026-11-20T10:00:00Z')
    .officer({ kind: 'regulator-referral-considered', referred: false }, '2026-11-23T10:00:00Z')
    .officer({ kind: 'feedback-given', givenBy: 'lado' }, '2026-11-23T10:05:00Z')
    .officer({ kind: 'close' }, '2026-11-24T10:00:00Z');

  const cases = { allegation, consultation, lateDecision, beforeYear, openAcrossEnd, drifting, transfer, rejected, resubmitted, keyed, lastDay, undelivered, escalated };
  return { cases, trails: Object.values(cases).map((builder) => builder.trail()) };
}

const enquiry = (enquiryId: string, receivedAt: string, sector: string, outcome: Enquiry['outcome'], extra: Partial<Enquiry> = {}): Enquiry => ({
  enquiryId,
  receivedAt,
  sector,
  askedBy: 'employer',
  topic: 'allegation advice',
  outcome,
  officerId: 'lado.9',
  ...extra,
});

export function countyEnquiries(linkedCaseId: string): Enquiry[] {
  return [
    enquiry('ENQ-1', '2026-11-20T10:00:00Z', 'education', 'advised to refer', { subsector: 'primary school', linkedCaseId }),
    enquiry('ENQ-2', '2026-07-01T10:00:00Z', 'education', 'managed by the agency', { subsector: 'secondary school', askedBy: 'Ofsted' }),
    enquiry('ENQ-3', '2026-10-01T10:00:00Z', 'wider workforce', 'signposted', { subsector: 'health agency' }),
    enquiry('ENQ-4', '2027-02-01T10:00:00Z', 'early years', 'sent to the Front Door'),
    // After the year: not counted.
    enquiry('ENQ-5', '2027-04-02T10:00:00Z', 'education', 'signposted'),
  ];
}
