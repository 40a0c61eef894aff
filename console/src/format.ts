/** How moments and identifiers read on the page: London time, and words for the API's codes. */
const SERVICE_ZONE = 'Europe/London';

const dateTime = new Intl.DateTimeFormat('en-GB', { timeZone: SERVICE_ZONE, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: SERVICE_ZONE, day: 'numeric', month: 'short', year: 'numeric' });

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

/** A <time> element's machine-readable value and its words. */
export function timeElement(iso: string | null | undefined): HTMLTimeElement | string {
  if (!iso) return '—';
  const element = document.createElement('time');
  element.dateTime = iso;
  element.textContent = when(iso);
  return element;
}

/** AWAITING_THRESHOLD_DECISION → "Awaiting threshold decision"; consultationReview → "Consultation review"; no-further-action → "No further action". */
export function words(code: string | null | undefined): string {
  if (!code) return '—';
  const spaced = code
    .replace(/^Officer:/, '')
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return OVERRIDES[code] ?? spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const OVERRIDES: Record<string, string> = {
  lado: 'LADO',
  dbsReferral: 'DBS referral',
  'dbs-referral-confirmed': 'DBS referral confirmed',
  'Officer:dbs-referral-confirmed': 'DBS referral confirmed',
  ladoReview: 'LADO review',
  ladoReviewComplex: 'LADO review (complex case)',
  dutyLado: 'Duty LADO',
  allocatedLado: 'Allocated LADO',
  ladoManager: 'LADO manager',
  receivingLado: 'Receiving LADO',
  section47: 'Section 47',
};

/** A value that is already words ('referred to DBS', 'action-without-disciplinary') as a label: capitalised, hyphens spaced, nothing lowered. */
export function label(value: string): string {
  if (OVERRIDES[value]) return OVERRIDES[value];
  const spaced = value.replace(/-/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
