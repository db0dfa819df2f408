import type mongoose from 'mongoose';
import { BulkResultBuilder, planBulk } from '../bulk.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { BulkResult, Interaction, InteractionRepository, InteractionStreamOptions, Page, PageRequest } from '../types.js';
import { assertBatchSize, assertId, assertInteractionKinds, assertOptionalDate, problemInInteraction } from '../validation.js';
import { existingIds, replaceGroups } from './mongoBulk.js';
import type { MongoGate } from './mongoGate.js';
import type { CustomerDoc, InteractionDoc, ProductDoc } from './mongoModels.js';

type Filter = mongoose.mongo.Filter<InteractionDoc>;

function toDoc(i: Interaction): InteractionDoc {
  return { _id: i.id, customerId: i.customerId, productId: i.productId, kind: i.kind, value: i.value, timestamp: i.timestamp, source: i.source };
}

function toInteraction(doc: InteractionDoc): Interaction {
  return { id: doc._id, customerId: doc.customerId, productId: doc.productId, kind: doc.kind, value: doc.value, timestamp: doc.timestamp, source: doc.source };
}

export class MongoInteractionRepository implements InteractionRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly collection: mongoose.mongo.Collection<InteractionDoc>,
    private readonly customers: mongoose.mongo.Collection<CustomerDoc>,
    private readonly products: mongoose.mongo.Collection<ProductDoc>,
  ) {}

  async upsertMany(interactions: Interaction[]): Promise<BulkResult> {
    this.gate.assertOpen('interactions.upsertMany');
    const plan = planBulk(interactions, problemInInteraction);
    const result = new BulkResultBuilder(plan.rejected);
    await this.gate.run('interactions.upsertMany', async () => {
      const knownCustomers = await existingIds(this.customers, plan.groups.map((g) => g.row.customerId));
      const knownProducts = await existingIds(this.products, plan.groups.map((g) => g.row.productId));
      const writable = plan.groups.filter((group) => {
        const { customerId, productId } = group.row;
        if (!knownCustomers.has(customerId)) result.reject(group, 'NOT_FOUND', `unknown customer ${customerId}`);
        else if (!knownProducts.has(productId)) result.reject(group, 'NOT_FOUND', `unknown product ${productId}`);
        else return true;
        return false;
      });
      await replaceGroups(this.collection, writable, toDoc, result);
    });
    return result.result();
  }

  async listByCustomer(customerId: string, page: PageRequest = {}): Promise<Page<Interaction>> {
    assertId(customerId, 'customerId');
    const limit = resolvePageLimit(page.limit);
    let filter: Filter = { customerId };
    if (page.cursor !== undefined) {
      const [ms, id] = decodeCursor(page.cursor, ['number', 'string']);
      const at = new Date(ms as number);
      filter = { customerId, $or: [{ timestamp: { $lt: at } }, { timestamp: at, _id: { $lt: id as string } }] };
    }
    const docs = await this.gate.run('interactions.listByCustomer', () =>
      this.collection.find(filter).sort({ timestamp: -1, _id: -1 }).limit(limit + 1).toArray(),
    );
    return toPage(docs.map(toInteraction), limit, (i) => [i.timestamp.getTime(), i.id]);
  }

  async *stream(options: InteractionStreamOptions = {}): AsyncIterable<Interaction> {
    const batchSize = assertBatchSize(options.batchSize);
    assertOptionalDate(options.since, 'since');
    assertOptionalDate(options.until, 'until');
    assertInteractionKinds(options.kinds);
    this.gate.assertOpen('interactions.stream');
    if (options.kinds !== undefined && options.kinds.length === 0) return;
    const window: Filter = {};
    if (options.since !== undefined || options.until !== undefined) {
      window.timestamp = { ...(options.since === undefined ? {} : { $gte: options.since }), ...(options.until === undefined ? {} : { $lt: options.until }) };
    }
    if (options.kinds !== undefined) window.kind = { $in: options.kinds };
    let last: InteractionDoc | undefined;
    for (;;) {
      const after = last;
      const filter: Filter =
        after === undefined ? window : { $and: [window, { $or: [{ timestamp: { $gt: after.timestamp } }, { timestamp: after.timestamp, _id: { $gt: after._id } }] }] };
      const docs = await this.gate.run('interactions.stream', () => this.collection.find(filter).sort({ timestamp: 1, _id: 1 }).limit(batchSize).toArray());
      for (const doc of docs) yield toInteraction(doc);
      if (docs.length < batchSize) return;
      last = docs[docs.length - 1];
    }
  }

  async count(): Promise<number> {
    return this.gate.run('interactions.count', () => this.collection.countDocuments());
  }
}
