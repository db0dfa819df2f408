import type mongoose from 'mongoose';
import { BulkResultBuilder, planBulk } from '../bulk.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { BulkResult, Order, OrderRepository, Page, PageRequest } from '../types.js';
import { assertId, problemInOrder } from '../validation.js';
import { existingIds, replaceGroups } from './mongoBulk.js';
import type { MongoGate } from './mongoGate.js';
import { withoutUndefined, type CustomerDoc, type OrderDoc } from './mongoModels.js';

function toDoc(o: Order): OrderDoc {
  const { id, lines, ...rest } = o;
  return withoutUndefined({ _id: id, ...rest, lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice })) });
}

function toOrder(doc: OrderDoc): Order {
  const { _id, lines, ...rest } = doc;
  return withoutUndefined({ id: _id, ...rest, lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice })) });
}

export class MongoOrderRepository implements OrderRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly collection: mongoose.mongo.Collection<OrderDoc>,
    private readonly customers: mongoose.mongo.Collection<CustomerDoc>,
  ) {}

  async upsertMany(orders: Order[]): Promise<BulkResult> {
    this.gate.assertOpen('orders.upsertMany');
    const plan = planBulk(orders, problemInOrder);
    const result = new BulkResultBuilder(plan.rejected);
    await this.gate.run('orders.upsertMany', async () => {
      const knownCustomers = await existingIds(this.customers, plan.groups.map((g) => g.row.customerId));
      const writable = plan.groups.filter((group) => {
        if (knownCustomers.has(group.row.customerId)) return true;
        result.reject(group, 'NOT_FOUND', `unknown customer ${group.row.customerId}`);
        return false;
      });
      await replaceGroups(this.collection, writable, toDoc, result);
    });
    return result.result();
  }

  async get(id: string): Promise<Order | undefined> {
    assertId(id);
    const doc = await this.gate.run('orders.get', () => this.collection.findOne({ _id: id }));
    return doc === null ? undefined : toOrder(doc);
  }

  async listByCustomer(customerId: string, page: PageRequest = {}): Promise<Page<Order>> {
    assertId(customerId, 'customerId');
    const limit = resolvePageLimit(page.limit);
    let filter: mongoose.mongo.Filter<OrderDoc> = { customerId };
    if (page.cursor !== undefined) {
      const [ms, id] = decodeCursor(page.cursor, ['number', 'string']);
      const at = new Date(ms as number);
      filter = { customerId, $or: [{ placedAt: { $lt: at } }, { placedAt: at, _id: { $lt: id as string } }] };
    }
    const docs = await this.gate.run('orders.listByCustomer', () => this.collection.find(filter).sort({ placedAt: -1, _id: -1 }).limit(limit + 1).toArray());
    return toPage(docs.map(toOrder), limit, (o) => [o.placedAt.getTime(), o.id]);
  }

  async count(): Promise<number> {
    return this.gate.run('orders.count', () => this.collection.countDocuments());
  }
}
