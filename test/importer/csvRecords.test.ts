import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCsvFields, readCsvRecords, type CsvRecord } from '../../core/importer/csvRecords.js';
import { readLines } from '../../core/importer/lineReader.js';

async function records(text: string, maxRecordLines = 200): Promise<CsvRecord[]> {
  const lines = readLines(Readable.from([Buffer.from(text)]), { maxLineBytes: 1024, invalidUtf8: 'skip' });
  const out: CsvRecord[] = [];
  for await (const r of readCsvRecords(lines, { delimiter: ',', maxRecordBytes: 4096, maxRecordLines })) out.push(r);
  return out;
}

describe('parseCsvFields', () => {
  it('splits plain, quoted, escaped and empty fields', () => {
    expect(parseCsvFields('a,"b,c","say ""hi""",,e', ',')).toEqual(['a', 'b,c', 'say "hi"', '', 'e']);
    expect(parseCsvFields('"",x', ',')).toEqual(['', 'x']);
    expect(parseCsvFields('a\tb', '\t')).toEqual(['a', 'b']);
  });

  it('returns a message for text after a closing quote', () => {
    expect(parseCsvFields('"a"b,c', ',')).toMatch(/after closing quote/);
  });
});

describe('readCsvRecords', () => {
  it('joins a quoted field across lines and numbers records by their first line (CRLF too)', async () => {
    const out = await records('h1,h2\r\n1,"two\r\nlines"\r\n3,4\r\n');
    expect(out).toEqual([
      { ok: true, line: 1, fields: ['h1', 'h2'] },
      { ok: true, line: 2, fields: ['1', 'two\nlines'] },
      { ok: true, line: 4, fields: ['3', '4'] },
    ]);
  });

  it('gives up an unclosed quote at the line cap and reads the following lines again', async () => {
    const body = ['a,"never closed', ...Array.from({ length: 5 }, (_, i) => `${i},ok`)].join('\n');
    const out = await records(body, 3);
    expect(out[0]).toMatchObject({ ok: false, line: 1, reason: 'malformed' });
    expect(out.filter((r) => r.ok).map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it('reads a last line without a trailing newline', async () => {
    expect(await records('x,y\n1,2')).toHaveLength(2);
  });
});
