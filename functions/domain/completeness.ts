import type { Referral } from './referral-schema';

/**
 * The key demographics without which the LADO cannot check whether the person is
 * already known, nor share correct details with the police (000; 004 para 20).
 * Each item is named so that a referrer knows what to add.
 */
export interface MissingItem {
  /** Where the item lives in the referral, e.g. "subject.dateOfBirth". */
  field: string;
  /** What the referrer reads, e.g. "The subject's date of birth". */
  label: string;
}

type Check = MissingItem & { present: (referral: Referral) => boolean };

const KEY_DEMOGRAPHICS: readonly Check[] = [
  { field: 'subject.firstName', label: "The subject's first name", present: (r) => !!r.subject.firstName },
  { field: 'subject.lastName', label: "The subject's last name", present: (r) => !!r.subject.lastName },
  { field: 'subject.dateOfBirth', label: "The subject's date of birth", present: (r) => !!r.subject.dateOfBirth },
  { field: 'subject.address', label: "The subject's home address", present: (r) => !!r.subject.address },
  { field: 'subject.role', label: "The subject's role", present: (r) => !!r.subject.role },
  { field: 'employer.name', label: "The employer's or setting's name", present: (r) => !!r.employer.name },
  { field: 'employer.address', label: "The employer's or setting's address", present: (r) => !!r.employer.address },
  { field: 'referrer.phone', label: 'Your telephone number', present: (r) => !!r.referrer.phone },
];

function childChecks(referral: Referral): MissingItem[] {
  if (!referral.children.identified) return [];
  return referral.children.children.flatMap((child, index) => {
    const which = referral.children.identified && referral.children.children.length > 1 ? `child ${index + 1}'s` : "the child's";
    const missing: MissingItem[] = [];
    if (!child.firstName || !child.lastName) {
      missing.push({ field: `children.children.${index}.name`, label: capitalise(`${which} full name`) });
    }
    if (!child.dateOfBirth) {
      missing.push({ field: `children.children.${index}.dateOfBirth`, label: capitalise(`${which} date of birth`) });
    }
    return missing;
  });
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The key demographics a referral lacks, in the order a referrer would fill them in. Empty means complete. */
export function missingKeyDemographics(referral: Referral): MissingItem[] {
  const missing: MissingItem[] = KEY_DEMOGRAPHICS.filter((check) => !check.present(referral)).map(({ field, label }) => ({ field, label }));
  return [...missing, ...childChecks(referral)];
}
