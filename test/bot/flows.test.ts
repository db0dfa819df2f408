import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFileError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { loadFlowBook, parseFlowBook } from '../../bot/flows/flowBook.js';
import { FlowBookSource } from '../../bot/flows/flowBookSource.js';
import { BOT_INTENTS } from '../../bot/flows/intents.js';
import { extractOrderNumber, extractProductQuery } from '../../bot/flows/textExtraction.js';

const FLOWS = 'bot/data/flows.yml';
const original = readFileSync(FLOWS, 'utf8');
const dirs: string[] = [];

function tempFlows(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flows-'));
  dirs.push(dir);
  const file = join(dir, 'flows.yml');
  writeFileSync(file, text);
  return file;
}

function caught(fn: () => unknown): DataFileError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DataFileError) return error;
    throw error;
  }
  throw new Error('expected a DataFileError');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('flows.yml', () => {
  it('defines a flow for every shared intent', () => {
    const book = loadFlowBook(FLOWS);
    expect(Object.keys(book.intents).sort()).toEqual([...BOT_INTENTS].sort());
    expect(book.intents.track_order.action).toBe('order_status');
    expect(book.intents.contact_human_agent.action).toBe('handoff');
  });

  it('names the file and the entry when an edit is invalid', () => {
    const raw = parseYaml(original) as { intents: Record<string, Record<string, unknown>>; messages: Record<string, unknown> };
    const noAnswers = structuredClone(raw);
    noAnswers.intents.track_order = { label: 'Track', answers: [] };
    const e1 = caught(() => parseFlowBook('flows.yml', noAnswers));
    expect([e1.code, e1.file, e1.entry]).toEqual(['DATA_FILE_INVALID', 'flows.yml', 'intents.track_order.answers']);

    const badAction = structuredClone(raw);
    badAction.intents.greet = { label: 'Hi', answers: ['hi'], action: 'dance' };
    expect(caught(() => parseFlowBook('flows.yml', badAction)).entry).toBe('intents.greet.action');

    const unknownIntent = structuredClone(raw);
    unknownIntent.intents.order_pizza = { label: 'Pizza', answers: ['no'] };
    expect(caught(() => parseFlowBook('flows.yml', unknownIntent)).entry).toBe('intents.order_pizza');

    const missing = structuredClone(raw);
    delete missing.intents.goodbye;
    expect(caught(() => parseFlowBook('flows.yml', missing)).entry).toBe('intents.goodbye');

    const badTemplate = structuredClone(raw);
    badTemplate.messages.welcome = ['Hi {{firstName}}'];
    const e2 = caught(() => parseFlowBook('flows.yml', badTemplate));
    expect(e2.entry).toBe('messages.welcome.0');

    expect(caught(() => loadFlowBook(tempFlows('version: [1\n'))).code).toBe('DATA_FILE_INVALID');
  });

  it('hot-reloads: a broken edit keeps the previous flows, a good edit is taken', async () => {
    const at = (version: number): string => original.replace(/^version: \d+$/m, `version: ${version}`);
    const file = tempFlows(at(1));
    const source = new FlowBookSource(file, silentLogger());
    expect(source.current().version).toBe(1);

    writeFileSync(file, at(2).replace('label: Track my order', 'label: ""'));
    expect(source.reload()).toBe(false);
    expect(source.current().version).toBe(1);

    writeFileSync(file, at(3));
    expect(source.reload()).toBe(true);
    expect(source.current().version).toBe(3);

    source.watch(50);
    // A different size as well as a new mtime: file-system timestamps can be coarser than the edits of a fast test.
    writeFileSync(file, `${at(4)}\n# edited by the test\n`);
    await expect.poll(() => source.current().version, { timeout: 5000 }).toBe(4);
    source.close();
  });
});

describe('text extraction', () => {
  it('finds order numbers and product queries', () => {
    expect(extractOrderNumber('where is order #536365?')).toBe('536365');
    expect(extractOrderNumber('ORD-1042 please')).toBe('ORD-1042');
    expect(extractOrderNumber('the blue one')).toBeUndefined();
    expect(extractProductQuery("I'm looking for candles")).toBe('candles');
    expect(extractProductQuery('can you recommend something?')).toBeUndefined();
  });
});
