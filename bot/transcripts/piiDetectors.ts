/**
 * Finders for emails, IBANs and card numbers (phone numbers: phoneNumbers.ts). Each returns spans of the original
 * text; the checksums (mod-97 for IBANs, Luhn for cards) keep false positives down.
 */
export type PiiKind = 'email' | 'iban' | 'card' | 'phone';

export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
}

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/g;
/** Two letters, two check digits, then 11..30 letters/digits, optionally grouped by single spaces. */
const IBAN_CANDIDATE = /\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}\b/g;
/** 13..19 digits, optionally grouped by single spaces or dashes. */
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g;

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616 check: move the first four characters to the end, letters to 10..35, the number mod 97 must be 1. */
export function passesIbanCheck(iban: string): boolean {
  const compact = iban.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    remainder = (value > 9 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** Separators that may group the characters of a candidate: `group` finds the groups, `strip` removes separators. */
interface Grouping {
  group: RegExp;
  strip: RegExp;
}

const SPACE_GROUPS: Grouping = { group: /[^ ]+/g, strip: / /g };
const SPACE_OR_DASH_GROUPS: Grouping = { group: /[^ -]+/g, strip: /[ -]/g };

/**
 * A candidate may run into the next word or group ("…0130 00 from"): try the groups from the longest prefix down
 * and keep the first that passes the check.
 */
function longestValidPrefix(match: RegExpMatchArray, grouping: Grouping, valid: (compact: string) => boolean): { start: number; end: number } | undefined {
  const raw = match[0];
  const start = match.index ?? 0;
  const ends = [...raw.matchAll(grouping.group)].map((g) => (g.index ?? 0) + g[0].length);
  for (let i = ends.length - 1; i >= 0; i -= 1) {
    const end = ends[i] ?? 0;
    if (valid(raw.slice(0, end).replace(grouping.strip, ''))) return { start, end: start + end };
  }
  return undefined;
}

function findAll(text: string, pattern: RegExp, kind: PiiKind, grouping: Grouping, valid: (compact: string) => boolean): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    const span = longestValidPrefix(match, grouping, valid);
    if (span !== undefined) spans.push({ kind, ...span });
  }
  return spans;
}

export function findEmails(text: string): PiiSpan[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ kind: 'email' as const, start: m.index, end: m.index + m[0].length }));
}

export function findIbans(text: string): PiiSpan[] {
  return findAll(text, IBAN_CANDIDATE, 'iban', SPACE_GROUPS, passesIbanCheck);
}

export function findCards(text: string): PiiSpan[] {
  return findAll(text, CARD_CANDIDATE, 'card', SPACE_OR_DASH_GROUPS, (digits) => digits.length >= 13 && passesLuhn(digits));
}
