import { createHmac } from 'node:crypto';
import type { Referral } from './referral-schema';

/**
 * "Previously known": whether the person a referral is about was the subject
 * of an earlier referral. The portal demands key demographics so that the LADO
 * can check exactly this (seeds/000, "Important information about making a
 * referral", reason 1: "if details are incorrect or missing, the LADO Education
 * Advisor is unable to check if the member of staff has previously been known
 * to the service"; reason 3: false details risk "that a member of staff that may
 * pose a safeguarding risk is overlooked").
 *
 * The rule (docs/previously-known.md): two referrals are about the same person
 * when one of the names each gives (the name, or a known-as name), normalised
 * as below, is the same, and the dates of birth are the same. Exact equality,
 * after normalisation, of both: no fuzzy matching. It misses typing mistakes,
 * a changed surname not given as a known-as name, and a wrong date of birth;
 * and two people who share a name and a date of birth are matched, so every
 * match is for the officer to check, never a conclusion.
 *
 * A referral without a date of birth gives no keys and is matched against
 * nothing: a name alone is shared by too many people (a county's workforce
 * holds many of each common name), so its matches would mostly be other
 * people, and would put their cases in front of the officer. The referral is
 * returned for its missing date of birth anyway (seeds/000, the three-working-
 * day return), and matched when the date comes.
 *
 * Pure: no AWS, no environment. The HMAC key is a parameter.
 */

/** Letters that Unicode does not decompose into a base letter and a mark, folded by hand as they are usually written in English records. */
const FOLDED: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * A name as it is compared: Unicode NFKD with the diacritics dropped ("Zoë" is
 * "zoe"), lower case, apostrophes dropped ("O'Brien" is "obrien", whichever
 * apostrophe was typed), hyphens and full stops read as spaces ("Okonkwo-Hale"
 * is "okonkwo hale", "St. John" is "st john"), spaces collapsed and trimmed,
 * and its words put in order, since forms and people give the parts of a name
 * in different orders ("Whitcombe Eleanor" is "Eleanor Whitcombe"); the date
 * of birth must agree as well, which keeps a reordered name from matching a
 * stranger.
 */
export function normaliseName(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => FOLDED[letter] ?? letter)
    // Apostrophes of every kind: straight, right single quotation mark, modifier letter, backtick, acute.
    .replace(/['’‘ʼ`´]/g, '')
    // Hyphens and dashes of every kind, and full stops, separate words.
    .replace(/[-‐‑‒–—.]/g, ' ')
    // Anything else that is neither letter nor digit separates words too.
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return folded === '' ? '' : folded.split(' ').sort().join(' ');
}

type Subject = Pick<Referral['subject'], 'firstName' | 'lastName' | 'knownAs' | 'dateOfBirth'>;

/**
 * The distinct normalised names a subject is known by: the name (first and
 * last together) and each known-as name. None without a date of birth, since
 * no key is made from a name alone.
 */
export function matchableNames(subject: Subject): string[] {
  if (!subject.dateOfBirth) return [];
  const name = [subject.firstName, subject.lastName].filter((part) => part !== undefined).join(' ');
  const names = [name, ...(subject.knownAs ?? [])].map(normaliseName).filter((normalised) => normalised !== '');
  return [...new Set(names)];
}

/** Changes the keys whenever the normalisation or the way a key is made changes, so that keys of two rules never meet. */
const KEY_VERSION = 'subject-match-v1';

/**
 * The keys a subject is matched under: one for each distinct normalised name,
 * joined with the date of birth, as a keyed hash (HMAC-SHA256, base64url).
 * The index holds these, never a name or a date: without the HMAC key no one
 * can test a guessed name and date against it. A key is still personal data
 * (pseudonymous): it is disposed of with the case (retention.ts).
 */
export function subjectMatchKeys(subject: Subject, hmacKey: string | Uint8Array): string[] {
  return matchableNames(subject).map((name) => createHmac('sha256', hmacKey).update(`${KEY_VERSION}\n${name}\n${subject.dateOfBirth}`).digest('base64url'));
}
