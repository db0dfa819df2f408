import { z } from 'zod';

/**
 * Field parsers shared by the entity schemas. CSV gives every value as a string and JSONL gives typed
 * values, so each parser accepts both; an empty string counts as absent.
 */

const blankToUndefined = (value: unknown): unknown =>
  value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;

const numberToString = (value: unknown): unknown => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value);

export const requiredText = z.preprocess((v) => numberToString(blankToUndefined(v)), z.string().trim().min(1));
export const optionalText = z.preprocess((v) => numberToString(blankToUndefined(v)), z.string().trim().optional());

const toNumber = (value: unknown): unknown => {
  const v = blankToUndefined(value);
  return typeof v === 'string' ? Number(v.trim()) : v;
};
export const requiredNumber = z.preprocess(toNumber, z.number().finite());
export const optionalNumber = z.preprocess(toNumber, z.number().finite().optional());

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'off']);
const toBoolean = (value: unknown): unknown => {
  const v = blankToUndefined(value);
  if (typeof v !== 'string') return v;
  const word = v.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return v;
};
export const optionalBoolean = z.preprocess(toBoolean, z.boolean().optional());

/** Strings without a zone (`2011-12-09 12:50:00`) are read as UTC, so imports do not depend on the machine's zone. */
const toDate = (value: unknown): unknown => {
  const v = blankToUndefined(value);
  if (typeof v === 'number') return new Date(v);
  if (typeof v !== 'string') return v;
  const text = v.trim();
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/\d\d:\d\d/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  return new Date(zoned);
};
export const requiredDate = z.preprocess(toDate, z.date());
export const optionalDate = z.preprocess(toDate, z.date().optional());

/** One line per problem: `field: message`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(row)'}: ${issue.message}`).join('; ');
}
