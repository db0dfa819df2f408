import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { DataFileError } from '../../core/errors.js';
import type { IntentExample } from '../types.js';

/** The intents file people edit: `version: 1`, intents with training `examples` and held-out `tests`. */
const intentSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'intent names are snake_case'),
    examples: z.array(z.string().trim().min(1, 'empty example')).min(1, 'an intent needs at least one example'),
    tests: z.array(z.string().trim().min(1, 'empty test')).default([]),
  })
  .strict();

const intentsFileSchema = z
  .object({
    version: z.literal(1),
    intents: z.array(intentSchema).min(2, 'at least two intents are needed'),
    /** Off-topic messages used only to calibrate the out-of-scope threshold (never as a class). */
    out_of_scope_examples: z.array(z.string().trim().min(1, 'empty example')).default([]),
    out_of_scope_tests: z.array(z.string().trim().min(1, 'empty test')).default([]),
  })
  .strict();

export interface IntentDefinition {
  name: string;
  examples: string[];
  tests: string[];
}

export interface IntentsData {
  file: string;
  version: number;
  /** sha256 of the file's bytes: a saved model trained from other content is retrained. */
  contentHash: string;
  intents: IntentDefinition[];
  outOfScopeExamples: string[];
  outOfScopeTests: string[];
}

/** The intent label calibration examples carry: not an intent of the file, so the classifier treats them as out of scope. */
export const OUT_OF_SCOPE_CALIBRATION_LABEL = 'oos';

/** The intents file shipped with the product. */
export function defaultIntentsFile(): string {
  return fileURLToPath(new URL('./intents.yml', import.meta.url));
}

/** Same text for duplicate detection: case, spacing and trailing punctuation do not make a new example. */
export function normaliseForDuplicates(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').replace(/[\s.!?]+$/u, '').trim();
}

function describePath(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  const intentIndex = path[0] === 'intents' && typeof path[1] === 'number' ? path[1] : undefined;
  if (intentIndex !== undefined) {
    const name: unknown = doc.getIn(['intents', intentIndex, 'name']);
    parts.push(typeof name === 'string' ? `intent '${name}'` : `intent #${intentIndex + 1}`);
    if (typeof path[2] === 'string') parts.push(typeof path[3] === 'number' ? `${path[2]}[${path[3]}]` : path[2]);
  } else if (path.length > 0) {
    parts.push(path.map(String).join('.'));
  }
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      parts.push(`line ${lines.linePos(node.range[0]).line}`);
      break;
    }
  }
  return parts.length > 0 ? parts.join(', ') : '(root)';
}

/** Parses and validates intents YAML text; every problem is a DataFileError naming the file and the entry. */
export function parseIntentsYaml(text: string, file: string): IntentsData {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const line = yamlError.linePos?.[0].line;
    throw new DataFileError(file, line === undefined ? undefined : `line ${line}`, `invalid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const parsed = intentsFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    throw new DataFileError(file, describePath(doc, lines, path), issue?.message ?? 'invalid content', {
      details: { problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
    });
  }
  const seenNames = new Map<string, number>();
  const owner = new Map<string, string>();
  parsed.data.intents.forEach((intent, index) => {
    const previous = seenNames.get(intent.name);
    if (previous !== undefined) {
      throw new DataFileError(file, describePath(doc, lines, ['intents', index, 'name']), `duplicate intent name '${intent.name}' (first at intent #${previous + 1})`);
    }
    seenNames.set(intent.name, index);
    [...intent.examples, ...intent.tests].forEach((text, position) => {
      const key = normaliseForDuplicates(text);
      const other = owner.get(key);
      if (other !== undefined && other !== intent.name) {
        const inTests = position >= intent.examples.length;
        const where = inTests ? ['intents', index, 'tests', position - intent.examples.length] : ['intents', index, 'examples', position];
        throw new DataFileError(file, describePath(doc, lines, where), `'${text}' is also listed under intent '${other}'`);
      }
      owner.set(key, intent.name);
    });
  });
  const outOfScope = new Set<string>();
  (['out_of_scope_examples', 'out_of_scope_tests'] as const).forEach((list) => {
    parsed.data[list].forEach((text, position) => {
      const key = normaliseForDuplicates(text);
      const other = owner.get(key);
      if (other !== undefined) {
        throw new DataFileError(file, describePath(doc, lines, [list, position]), `'${text}' is also listed under intent '${other}'`);
      }
      if (outOfScope.has(key)) {
        throw new DataFileError(file, describePath(doc, lines, [list, position]), `'${text}' is listed twice among the out-of-scope texts`);
      }
      outOfScope.add(key);
    });
  });
  return {
    file,
    version: parsed.data.version,
    contentHash: createHash('sha256').update(text).digest('hex'),
    intents: parsed.data.intents.map((i) => ({ name: i.name, examples: i.examples, tests: i.tests })),
    outOfScopeExamples: parsed.data.out_of_scope_examples,
    outOfScopeTests: parsed.data.out_of_scope_tests,
  };
}

export async function loadIntentsFile(file: string): Promise<IntentsData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataFileError(file, undefined, 'cannot read the intents file', { cause: error });
  }
  return parseIntentsYaml(text, file);
}

export function trainingExamples(data: IntentsData): IntentExample[] {
  return data.intents.flatMap((intent) => intent.examples.map((text) => ({ text, intent: intent.name })));
}

/** Validation examples for threshold calibration: the file's off-topic examples, labelled out of scope. */
export function calibrationExamples(data: IntentsData): IntentExample[] {
  return data.outOfScopeExamples.map((text) => ({ text, intent: OUT_OF_SCOPE_CALIBRATION_LABEL }));
}

export function testExamples(data: IntentsData): IntentExample[] {
  return data.intents.flatMap((intent) => intent.tests.map((text) => ({ text, intent: intent.name })));
}
