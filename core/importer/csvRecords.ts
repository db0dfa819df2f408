import type { RawLine } from './lineReader.js';
import type { SkipReason } from './types.js';

export type CsvRecord =
  | { ok: true; line: number; fields: string[] }
  | { ok: false; line: number; reason: SkipReason; message: string };

export interface CsvRecordOptions {
  delimiter: string;
  /** A quoted field may span lines; a record larger than this is given up as an unclosed quote. */
  maxRecordBytes: number;
  maxRecordLines: number;
}

const QUOTE = '"';

function countQuotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf(QUOTE); i !== -1; i = text.indexOf(QUOTE, i + 1)) count += 1;
  return count;
}

/** Splits one CSV record (RFC 4180 quoting, `""` escapes a quote) into fields; returns a message when quoting is broken. */
export function parseCsvFields(text: string, delimiter: string): string[] | string {
  if (!text.includes(QUOTE)) return text.split(delimiter);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === QUOTE) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const close = text.indexOf(QUOTE, j);
        if (close === -1) return `unclosed quote in field ${fields.length + 1}`;
        value += text.slice(j, close);
        if (text[close + 1] === QUOTE) {
          value += QUOTE;
          j = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (!text.startsWith(delimiter, i)) return `unexpected character after closing quote in field ${fields.length}`;
      i += delimiter.length;
    } else {
      const next = text.indexOf(delimiter, i);
      const value = next === -1 ? text.slice(i) : text.slice(i, next);
      fields.push(value);
      if (next === -1) return fields;
      i = next + delimiter.length;
    }
  }
}

/**
 * Turns lines into CSV records. A record whose quote never closes (within the size and line caps, or
 * before the end of the file) is reported once, at its first line, and the lines after it are read again
 * as records of their own, so one broken quote does not swallow the good rows behind it.
 */
export async function* readCsvRecords(lines: AsyncIterable<RawLine>, options: CsvRecordOptions): AsyncGenerator<CsvRecord> {
  const { delimiter, maxRecordBytes, maxRecordLines } = options;
  const replay: RawLine[] = [];
  const iterator = lines[Symbol.asyncIterator]();
  let held: Extract<RawLine, { ok: true }>[] = [];
  let heldBytes = 0;
  let quotes = 0;

  const next = async (): Promise<RawLine | undefined> => {
    const replayed = replay.shift();
    if (replayed !== undefined) return replayed;
    const result = await iterator.next();
    return result.done === true ? undefined : result.value;
  };

  const giveUp = (trailing: RawLine | undefined): CsvRecord => {
    const first = held[0];
    replay.unshift(...held.slice(1), ...(trailing === undefined ? [] : [trailing]));
    held = [];
    heldBytes = 0;
    quotes = 0;
    return {
      ok: false,
      line: first?.line ?? 0,
      reason: 'malformed',
      message: 'unclosed quote: the quoted field never ends (record skipped, reading resumes on the next line)',
    };
  };

  for (;;) {
    const raw = await next();
    if (raw === undefined) {
      if (held.length > 0) {
        yield giveUp(undefined);
        continue;
      }
      return;
    }
    if (!raw.ok) {
      if (held.length > 0) yield giveUp(raw);
      else yield raw;
      continue;
    }
    held.push(raw);
    heldBytes += raw.text.length + 1;
    quotes += countQuotes(raw.text);
    if (quotes % 2 === 1) {
      if (heldBytes > maxRecordBytes || held.length > maxRecordLines) yield giveUp(undefined);
      continue;
    }
    const first = held[0] as Extract<RawLine, { ok: true }>;
    const text = held.length === 1 ? first.text : held.map((l) => l.text).join('\n');
    held = [];
    heldBytes = 0;
    quotes = 0;
    if (text.trim() === '') continue;
    const fields = parseCsvFields(text, delimiter);
    yield typeof fields === 'string'
      ? { ok: false, line: first.line, reason: 'malformed', message: fields }
      : { ok: true, line: first.line, fields };
  }
}
