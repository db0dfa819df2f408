import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { DEFAULT_PII_PHONE_REGIONS } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { findPhones } from './phoneNumbers.js';
import { findCards, findEmails, findIbans, type PiiKind, type PiiSpan } from './piiDetectors.js';

export { passesIbanCheck, passesLuhn, type PiiKind } from './piiDetectors.js';

/**
 * The one PII policy for stored conversation text (transcripts, and the persisted Direct Line activity log):
 * emails, IBANs (mod-97), card numbers (Luhn) and phone numbers (libphonenumber) become `[email]`, `[iban]`,
 * `[card]`, `[phone]`. Shop identifiers survive: a number after "order"/"#", the shop's ORDER_NUMBER_PATTERN and
 * PII_KEEP_PATTERNS are kept verbatim even when they look like one of the above (a pattern with a capture group
 * keeps just that group). Names and street addresses are not
 * detected (that needs a named-entity model).
 */
/** What was found: its kind and offsets in the original text (the value itself is never returned). */
export type PiiFinding = PiiSpan;

export interface PiiRedaction {
  text: string;
  found: PiiFinding[];
}

export interface PiiPolicy {
  redact(text: string): PiiRedaction;
}

export interface PiiPolicyOptions {
  /** The shop's order number format (a regular expression source), kept wherever it matches. */
  orderNumberPattern?: string | undefined;
  /** More identifiers to keep (regular expression sources). */
  keepPatterns?: readonly string[];
  /** ISO 3166 countries whose national phone formats are recognised; international (+/00) numbers always are. */
  phoneRegions?: readonly string[];
}

/** A number introduced as an order ("order 3707955617", "order no. 536365", "my order is ORD-1042") or by "#". */
const ORDER_CONTEXT = [
  /\b(?:order|orders|ord|bestellung|commande|pedido)(?:\s+(?:number|no\.?|nr\.?|num|id|is|was|ref|reference)){0,2}\s*[:#]?\s*([A-Za-z]{0,4}-?\d{4,12})\b/dgi,
  /#([A-Za-z]{0,4}-?\d{4,12})\b/dg,
];

/** The span a keep pattern protects: its first capture group when it has one, else the whole match. */
function keptSpans(text: string, pattern: RegExp): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const match of text.matchAll(pattern)) {
    const [start, end] = match.indices?.[1] ?? [match.index, match.index + match[0].length];
    if (end > start) spans.push({ start, end });
  }
  return spans;
}

/** When two findings overlap, the stronger evidence wins: an email contains digits, an IBAN contains a card-length run. */
const PRIORITY: readonly PiiKind[] = ['email', 'iban', 'card', 'phone'];
const PLACEHOLDER: Record<PiiKind, string> = { email: '[email]', iban: '[iban]', card: '[card]', phone: '[phone]' };

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function phoneRegions(regions: readonly string[]): CountryCode[] {
  return regions.map((region) => {
    const code = region.toUpperCase();
    if (!isSupportedCountry(code)) throw new ConfigError(`Invalid configuration: PII_PHONE_REGIONS: '${region}' is not a supported country code`);
    return code;
  });
}

export function createPiiPolicy(options: PiiPolicyOptions = {}): PiiPolicy {
  const keep = [
    ...ORDER_CONTEXT,
    ...[options.orderNumberPattern, ...(options.keepPatterns ?? [])].filter((p): p is string => p !== undefined).map((p) => new RegExp(p, 'dgi')),
  ];
  const regions = phoneRegions(options.phoneRegions ?? []);
  return {
    redact(text: string): PiiRedaction {
      const kept = keep.flatMap((pattern) => keptSpans(text, pattern));
      const candidates: PiiSpan[] = [...findEmails(text), ...findIbans(text), ...findCards(text), ...findPhones(text, regions)];
      candidates.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || b.end - b.start - (a.end - a.start));
      const accepted: PiiSpan[] = [];
      for (const span of candidates) {
        if (kept.some((k) => overlaps(k, span)) || accepted.some((a) => overlaps(a, span))) continue;
        accepted.push(span);
      }
      accepted.sort((a, b) => a.start - b.start);
      let out = '';
      let cursor = 0;
      for (const span of accepted) {
        out += text.slice(cursor, span.start) + PLACEHOLDER[span.kind];
        cursor = span.end;
      }
      out += text.slice(cursor);
      return { text: out, found: accepted };
    },
  };
}

/** The policy with the default settings (PII_PHONE_REGIONS' default countries, no shop patterns). */
export const DEFAULT_PII_POLICY: PiiPolicy = createPiiPolicy({ phoneRegions: DEFAULT_PII_PHONE_REGIONS });

export function redactPii(text: string, policy: PiiPolicy = DEFAULT_PII_POLICY): string {
  return policy.redact(text).text;
}
