import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { PiiSpan } from './piiDetectors.js';

/**
 * Phone numbers, validated by libphonenumber (max metadata) from phone-shaped candidates:
 * - international form, `+44 20 7946 0958` or `0044 20 7946 0958`: any country;
 * - national form in one of `regions`, written with the trunk prefix 0 (`020 7946 0958`, `06 12 34 56 78`,
 *   `0170 1234567`) or in the North American layout (`(202) 555-0123`, `202-555-0123`, `1 202 555 0123`).
 * Bare digit runs without either (`3707955617`) are left alone: they are far more often order or customer numbers.
 * libphonenumber's parser costs a fraction of a millisecond per call, so calls per text are capped; candidates
 * beyond the cap are redacted unvalidated (over-redact rather than leak).
 */

/** Digits with the characters phone numbers are written with, 7..26 characters. */
const CANDIDATE = /(?:\+|(?<![\d+])00)?\(?\d[\d \t().\-/]{5,22}\d\)?/g;
const GROUP = /[^\s().\-/]+/g;
const NANP_SHAPE = /^(?:\+?1[\s.-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[\s.-])\d{3}[\s.-]\d{4}$/;
const DATE_OR_TIME = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;
const MAX_PARSES = 120;
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

interface Budget {
  parses: number;
}

function digitCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) count += 1;
  return count;
}

function isValidIn(candidate: string, region: CountryCode | undefined, budget: Budget): boolean {
  budget.parses += 1;
  return parsePhoneNumberFromString(candidate, region)?.isValid() === true;
}

/** Is this exact string (no trailing garbage) a phone number of the kinds described above? */
function isPhone(candidate: string, regions: readonly CountryCode[], budget: Budget): boolean {
  if (DATE_OR_TIME.test(candidate)) return false;
  if (candidate.startsWith('+')) return isValidIn(candidate, undefined, budget);
  if (candidate.startsWith('00')) return isValidIn(`+${candidate.slice(2)}`, undefined, budget);
  const trunk = candidate.replace(/^\(/, '').startsWith('0');
  const nanp = NANP_SHAPE.test(candidate);
  if (!trunk && !nanp) return false;
  return regions.some((region) => isValidIn(candidate, region, budget));
}

/** The longest run of leading groups of `match` that is a phone number, if any. */
function phoneIn(match: RegExpMatchArray, regions: readonly CountryCode[], budget: Budget): PiiSpan | undefined {
  const raw = match[0];
  const start = match.index ?? 0;
  const ends = [...raw.matchAll(GROUP)].map((g) => (g.index ?? 0) + g[0].length);
  for (let i = ends.length - 1; i >= 0; i -= 1) {
    const candidate = raw.slice(0, ends[i]);
    const digits = digitCount(candidate);
    if (digits > MAX_DIGITS) continue;
    if (digits < MIN_DIGITS) break;
    if (budget.parses >= MAX_PARSES) return { kind: 'phone', start, end: start + raw.length };
    if (isPhone(candidate, regions, budget)) return { kind: 'phone', start, end: start + candidate.length };
  }
  return undefined;
}

export function findPhones(text: string, regions: readonly CountryCode[]): PiiSpan[] {
  const budget: Budget = { parses: 0 };
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const span = phoneIn(match, regions, budget);
    if (span !== undefined) spans.push(span);
  }
  return spans;
}
