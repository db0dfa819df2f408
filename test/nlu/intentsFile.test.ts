import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFileError } from '../../core/errors.js';
import { calibrationExamples, defaultIntentsFile, loadIntentsFile, parseIntentsYaml, testExamples, trainingExamples } from '../../nlu/data/intentsFile.js';

const FILE = 'intents-under-test.yml';

function problemOf(text: string): DataFileError {
  try {
    parseIntentsYaml(text, FILE);
  } catch (error) {
    if (error instanceof DataFileError) return error;
    throw error;
  }
  throw new Error('expected a DataFileError');
}

const valid = `version: 1
intents:
  - name: greet
    examples: [hello, hi there]
    tests: [hey]
  - name: thanks
    examples:
      - thank you
      - cheers
out_of_scope_tests: [what is the weather]
`;

describe('intents YAML loader', () => {
  it('reads out-of-scope calibration examples as validation texts outside every intent', () => {
    const data = parseIntentsYaml(`${valid}out_of_scope_examples: [tell me a joke, who won the match]\n`, FILE);
    const calibration = calibrationExamples(data);
    expect(calibration.map((e) => e.text)).toEqual(['tell me a joke', 'who won the match']);
    expect(calibration.every((e) => !data.intents.some((i) => i.name === e.intent))).toBe(true);
  });

  it('rejects an out-of-scope text that is also an intent example, or listed twice, naming the entry', () => {
    const clash = problemOf(`${valid}out_of_scope_examples: [tell me a joke, Hello]\n`);
    expect(clash.message).toContain('out_of_scope_examples.1');
    expect(clash.message).toContain("intent 'greet'");
    const twice = problemOf(`${valid}out_of_scope_examples: [What is the weather?]\n`);
    expect(twice.message).toContain('listed twice');
  });

  it('reads intents, examples, tests and out-of-scope tests with a content hash', () => {
    const data = parseIntentsYaml(valid, FILE);
    expect(data.intents.map((i) => i.name)).toEqual(['greet', 'thanks']);
    expect(trainingExamples(data)).toHaveLength(4);
    expect(testExamples(data)).toEqual([{ text: 'hey', intent: 'greet' }]);
    expect(data.outOfScopeTests).toEqual(['what is the weather']);
    expect(data.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(parseIntentsYaml(`${valid}\n`, FILE).contentHash).not.toBe(data.contentHash);
  });

  it('names the file, intent and line of an unknown key', () => {
    const error = problemOf(valid.replace('    tests: [hey]', '    tests: [hey]\n    synonyms: [hullo]'));
    expect(error.code).toBe('DATA_FILE_INVALID');
    expect(error.file).toBe(FILE);
    expect(error.entry).toContain("intent 'greet'");
    expect(error.entry).toMatch(/line \d+/);
  });

  it('names the entry of an empty example', () => {
    const error = problemOf(valid.replace('      - cheers', "      - ''"));
    expect(error.entry).toContain("intent 'thanks'");
    expect(error.entry).toContain('examples[1]');
    expect(error.entry).toContain('line 9');
  });

  it('rejects an intent without examples', () => {
    const error = problemOf(valid.replace('    examples: [hello, hi there]', '    examples: []'));
    expect(error.entry).toContain("intent 'greet'");
  });

  it('rejects duplicate intent names, naming the second one', () => {
    const error = problemOf(valid.replace('  - name: thanks', '  - name: greet'));
    expect(error.message).toContain("duplicate intent name 'greet'");
    expect(error.entry).toContain('line 6');
  });

  it('rejects a text listed under two intents (case and punctuation do not matter)', () => {
    const error = problemOf(valid.replace('      - cheers', '      - Hello!'));
    expect(error.message).toContain("also listed under intent 'greet'");
    expect(error.entry).toContain("intent 'thanks'");
  });

  it('reports broken YAML and a wrong version with the file name', () => {
    expect(problemOf('version: 1\nintents: [\n').file).toBe(FILE);
    expect(problemOf(valid.replace('version: 1', 'version: 2')).entry).toContain('version');
  });

  it('reports a missing file as a DataFileError', async () => {
    await expect(loadIntentsFile(path.resolve('does-not-exist.yml'))).rejects.toBeInstanceOf(DataFileError);
  });

  it('ships a valid intents file with the 35 shared intents and held-out tests', async () => {
    expect(existsSync(defaultIntentsFile())).toBe(true);
    const data = await loadIntentsFile(defaultIntentsFile());
    expect(data.intents).toHaveLength(35);
    expect(data.intents.map((i) => i.name)).toEqual(expect.arrayContaining(['track_order', 'return_item', 'recommend_products', 'greet', 'deny']));
    for (const intent of data.intents) {
      expect(intent.examples.length).toBeGreaterThanOrEqual(25);
      expect(intent.tests.length).toBeGreaterThanOrEqual(10);
    }
    expect(data.outOfScopeTests.length).toBeGreaterThanOrEqual(20);
  });
});
