import { randomUUID } from 'node:crypto';
import type { PortalReferral } from '../../functions/domain/referral-schema';

/**
 * Referrals for tests, fictional throughout. Each call gets its own submission
 * id and referrer address, so tests sharing one SES can tell their emails apart.
 */
export const PERSONAL_DATA = ['Eleanor', 'Whitcombe', 'Priya', 'Okonkwo-Hale', 'Jonah', 'Bramley', '1984-03-17', '2016-06-05', 'Larkspur'];

export function completeReferral(overrides: Partial<PortalReferral> = {}): PortalReferral {
  const unique = randomUUID().slice(0, 8);
  return {
    submissionId: `portal-${randomUUID()}`,
    referrer: {
      name: 'Priya Okonkwo-Hale',
      organisation: 'Larkspur Primary School',
      role: 'Designated safeguarding lead',
      email: `dsl-${unique}@larkspur.example.sch.uk`,
      phone: '01632 960 123',
    },
    subject: {
      firstName: 'Eleanor',
      lastName: 'Whitcombe',
      dateOfBirth: '1984-03-17',
      gender: 'female',
      address: { line1: '12 Larkspur Lane', town: 'Maidstone', postcode: 'ME14 1AA' },
      role: 'Class teacher',
      employmentBasis: 'paid',
    },
    employer: {
      name: 'Larkspur Primary School',
      address: { line1: '1 School Road', town: 'Maidstone', postcode: 'ME14 2BB' },
      sector: 'education',
      subsector: 'primary',
    },
    children: {
      identified: true,
      children: [{ firstName: 'Jonah', lastName: 'Bramley', dateOfBirth: '2016-06-05', status: 'universal services' }],
    },
    allegation: {
      arose: '2026-08-20',
      category: 'physical intervention',
      description: 'A pupil reported being grabbed by the arm in the corridor.',
      immediateRisk: false,
      policeInvolved: false,
      socialCareInvolved: false,
      subjectSuspended: false,
      subjectAware: false,
    },
    ...overrides,
  };
}

/** A referral without the subject's date of birth and home address. */
export function referralMissingDateOfBirthAndAddress(): PortalReferral {
  const referral = completeReferral();
  const { dateOfBirth: _dateOfBirth, address: _address, ...subject } = referral.subject;
  return { ...referral, subject };
}
