import type { CaseReading } from './cases';
import type { ReportContext } from './context';
import type { SettingFlag, SettingsWindow } from './output';
import { rollingYearTo } from './period';

/**
 * Settings intelligence (003 §11.10: "assess and record patterns and themes
 * of concern relating to settings"; §11.19: the Provider Sanctions Group;
 * recommendation 10: "record, and report, settings"): the referrals about
 * each employer or setting over the rolling 12 months to the period's end,
 * grouped by its normalised name and postcode, and flagged at or above the
 * threshold.
 *
 * The setting is named only while the referral's personal data is held:
 * disposal (retention.ts, EMPLOYER_FIELDS) keeps the employer's sector and
 * subsector and removes its name and address. A disposed referral counts in
 * the window's `settingNotHeld`, never in a setting's group. No referral is
 * disposed of within 12 months of its receipt in practice (a rejected
 * referral is kept 6 years, a closed case 25: outcome.ts, DEFAULT_RETENTION),
 * so the rolling window is whole while the policy stands.
 */

/**
 * Referrals about one setting in a rolling 12 months that flag it. One
 * referral is an incident and two may be coincidence; a third within a year
 * is a pattern worth the Provider Sanctions Group's look (003 §11.19), and
 * the point at which Kent's report asks for "patterns and intelligence from
 * Settings data" to be triangulated (003 §3.8, §11.10). A policy value: the
 * reader passes it, an authority may change it.
 */
export const DEFAULT_SETTINGS_THRESHOLD = 3;

/** Settings with at least this many referrals in the window are listed, flagged or not: the ones to watch. */
export const SETTINGS_LISTED_FROM = 2;

/** An employer's name as grouped: lower case, accents, apostrophes and punctuation dropped, "&" as "and", a leading "the" dropped. */
export function normaliseSettingName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

/** A UK postcode as grouped: upper case, one space before its inward code. */
export function normalisePostcode(postcode: string): string {
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

interface Named {
  reading: CaseReading;
  name: string;
  key: string;
  postcode: string | null;
}

function employerOf(reading: CaseReading): Named | undefined {
  const employer = reading.referral.employer as { name?: string; address?: { postcode?: string } };
  if (!employer.name) return undefined;
  const key = normaliseSettingName(employer.name);
  if (!key) return undefined;
  return { reading, name: employer.name.trim(), key, postcode: employer.address?.postcode ? normalisePostcode(employer.address.postcode) : null };
}

/**
 * The settings referred about in the rolling 12 months to the period's end,
 * most referred first. Referrals group by name and postcode; one without a
 * postcode joins its name's group when the name is held at one postcode
 * only, and otherwise stands with the others of its name held without one
 * (a chain's sites are told apart by their postcodes).
 */
export function computeSettings(context: ReportContext, threshold: number): { settings: SettingFlag[]; window: SettingsWindow } {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`The settings threshold is a whole number of referrals, at least 1, not ${threshold}`);
  const window = rollingYearTo(context.period.to);
  const computedAt = context.period.computedAt.getTime();
  const inWindow = context.cases.filter((reading) => {
    const date = context.period.dateOf(reading.receivedAt);
    return date >= window.from && date <= window.to && Date.parse(reading.receivedAt) <= computedAt;
  });
  const named = inWindow.map(employerOf).filter((entry): entry is Named => entry !== undefined);
  const postcodesOf = new Map<string, Set<string>>();
  for (const entry of named) if (entry.postcode) postcodesOf.set(entry.key, (postcodesOf.get(entry.key) ?? new Set()).add(entry.postcode));

  const groups = new Map<string, Named[]>();
  for (const entry of named) {
    const known = postcodesOf.get(entry.key);
    const postcode = entry.postcode ?? (known?.size === 1 ? [...known][0]! : null);
    const groupKey = `${entry.key}|${postcode ?? ''}`;
    groups.set(groupKey, [...(groups.get(groupKey) ?? []), { ...entry, postcode }]);
  }

  const settings: SettingFlag[] = [...groups.values()]
    .filter((members) => members.length >= Math.min(SETTINGS_LISTED_FROM, threshold))
    .map((members) => {
      const byReceipt = [...members].sort((a, b) => a.reading.receivedAt.localeCompare(b.reading.receivedAt));
      const latest = byReceipt.at(-1)!;
      const sectors = [...new Set(byReceipt.map((m) => m.reading.sector))];
      return {
        setting: latest.name,
        key: latest.key,
        postcode: latest.postcode,
        sector: sectors.length === 1 ? sectors[0]! : sectors.join(', '),
        subsectors: [...new Set(byReceipt.map((m) => m.reading.subsector))].sort(),
        referrals: members.length,
        caseIds: byReceipt.map((m) => m.reading.caseId),
        firstReceived: byReceipt[0]!.reading.receivedAt,
        lastReceived: latest.reading.receivedAt,
        flagged: members.length >= threshold,
      };
    })
    .sort((a, b) => b.referrals - a.referrals || a.key.localeCompare(b.key) || (a.postcode ?? '').localeCompare(b.postcode ?? ''));

  return {
    settings,
    window: {
      ...window,
      threshold,
      referrals: inWindow.length,
      settingNotHeld: inWindow.length - named.length,
      flagged: settings.filter((s) => s.flagged).length,
    },
  };
}
