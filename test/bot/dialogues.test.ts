import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDialogue, replayDialogue } from './support/dialogueRunner.js';

const DIR = 'test/fixtures/bot/dialogues';
const files = readdirSync(DIR).filter((f) => f.endsWith('.yml')).sort();

describe('scripted dialogues through TestAdapter', () => {
  it('has dialogue fixtures, at least 12 of them shopper journeys', () => {
    expect(files.filter((f) => f.startsWith('journey-')).length).toBeGreaterThanOrEqual(12);
  });

  for (const file of files) {
    it(file, async () => {
      const dialogue = loadDialogue(join(DIR, file));
      const harness = await replayDialogue(dialogue);
      const after = dialogue.after;
      if (after === undefined) return;
      const conversation = [...harness.store.conversationRows.values()][0];
      if (after.conversationStatus !== undefined) expect(conversation?.status).toBe(after.conversationStatus);
      for (const tag of after.conversationTags ?? []) expect(conversation?.tags).toContain(tag);
      for (const interaction of after.interactions ?? []) {
        expect(harness.recommendations.recorded).toContainEqual({ customerId: dialogue.customer, ...interaction });
      }
      if (after.transcriptRoles !== undefined) {
        expect(harness.store.transcriptRows.map((e) => e.role)).toEqual(after.transcriptRoles);
      }
    });
  }
});
