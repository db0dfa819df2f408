import mongoose from 'mongoose';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { Page, PageRequest, TranscriptEntry, TranscriptRepository } from '../types.js';
import { assertId, assertTranscriptEntries } from '../validation.js';
import { isDuplicateKeyCode, writeErrorsOf, type MongoGate } from './mongoGate.js';
import { withoutUndefined, type TranscriptDoc } from './mongoModels.js';

function toDoc(e: TranscriptEntry): TranscriptDoc {
  const { id, nlu, ...rest } = e;
  return withoutUndefined({ _id: id, ...rest, nlu: nlu === undefined ? undefined : withoutUndefined({ ...nlu }) });
}

function toEntry(doc: TranscriptDoc): TranscriptEntry {
  const { _id, ...rest } = doc;
  return withoutUndefined({ id: _id, ...rest });
}

export class MongoTranscriptRepository implements TranscriptRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly collection: mongoose.mongo.Collection<TranscriptDoc>,
  ) {}

  /** Unordered insert: entries already stored (duplicate _id) are skipped, so appending twice changes nothing. */
  async append(entries: TranscriptEntry[]): Promise<void> {
    assertTranscriptEntries(entries);
    this.gate.assertOpen('transcripts.append');
    if (entries.length === 0) return;
    await this.gate.run('transcripts.append', async () => {
      try {
        await this.collection.insertMany(entries.map(toDoc) as mongoose.mongo.OptionalUnlessRequiredId<TranscriptDoc>[], { ordered: false });
      } catch (error) {
        if (!(error instanceof mongoose.mongo.MongoBulkWriteError) || error.err !== undefined) throw error;
        const writeErrors = writeErrorsOf(error);
        if (writeErrors.length === 0 || !writeErrors.every((w) => isDuplicateKeyCode(w.code))) throw error;
      }
    });
  }

  async list(conversationId: string, page: PageRequest = {}): Promise<Page<TranscriptEntry>> {
    assertId(conversationId, 'conversationId');
    const limit = resolvePageLimit(page.limit);
    let filter: mongoose.mongo.Filter<TranscriptDoc> = { conversationId };
    if (page.cursor !== undefined) {
      const [ms, id] = decodeCursor(page.cursor, ['number', 'string']);
      const at = new Date(ms as number);
      filter = { conversationId, $or: [{ timestamp: { $gt: at } }, { timestamp: at, _id: { $gt: id as string } }] };
    }
    const docs = await this.gate.run('transcripts.list', () => this.collection.find(filter).sort({ timestamp: 1, _id: 1 }).limit(limit + 1).toArray());
    return toPage(docs.map(toEntry), limit, (e) => [e.timestamp.getTime(), e.id]);
  }
}
