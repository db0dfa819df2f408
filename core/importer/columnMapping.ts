import { ValidationError } from '../errors.js';

/** `field -> source column`, from `--map field=Column` flags. Fields not mapped are looked up by their own name. */
export type ColumnMapping = Readonly<Record<string, string>>;

/** Parses `field=Column` pairs; a pair without `=` or with an empty side is a ValidationError. */
export function parseColumnMapping(pairs: readonly string[]): ColumnMapping {
  const mapping: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const field = eq === -1 ? '' : pair.slice(0, eq).trim();
    const column = eq === -1 ? '' : pair.slice(eq + 1).trim();
    if (field === '' || column === '') {
      throw new ValidationError(`--map expects field=Column, got "${pair}"`, { details: { pair } });
    }
    mapping[field] = column;
  }
  return mapping;
}

export function sourceColumnFor(field: string, mapping: ColumnMapping): string {
  return mapping[field] ?? field;
}

function describeSource(field: string, mapping: ColumnMapping): string {
  const column = mapping[field];
  return column === undefined ? `"${field}" (no --map given for it)` : `"${column}" (mapped from --map ${field}=${column})`;
}

export interface ResolvedColumns {
  /** field -> index in the CSV header, for every known field that is present */
  indexByField: Map<string, number>;
  /** required fields whose column is absent, each described with the mapping that was tried */
  missing: string[];
}

/**
 * Matches the known fields against a CSV header: exact column name first, then case-insensitive.
 * Required fields that are absent are returned in `missing` with a message naming column and mapping.
 */
export function resolveColumns(
  header: readonly string[],
  fields: readonly string[],
  required: readonly string[],
  mapping: ColumnMapping,
): ResolvedColumns {
  const trimmed = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  const indexByField = new Map<string, number>();
  const missing: string[] = [];
  for (const field of fields) {
    const column = sourceColumnFor(field, mapping);
    let index = trimmed.indexOf(column);
    if (index === -1) index = trimmed.findIndex((h) => h.toLowerCase() === column.toLowerCase());
    if (index !== -1) indexByField.set(field, index);
    else if (required.includes(field)) {
      missing.push(`missing column for required field "${field}": looked for column ${describeSource(field, mapping)}`);
    }
  }
  return { indexByField, missing };
}

/** Renames the keys of a JSON object according to the mapping (source column -> field). */
export function applyMappingToObject(value: Record<string, unknown>, fields: readonly string[], mapping: ColumnMapping): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const column = sourceColumnFor(field, mapping);
    if (Object.hasOwn(value, column)) out[field] = value[column];
  }
  return out;
}
