import type mongoose from 'mongoose';
import { BulkResultBuilder, planBulk } from '../bulk.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { BulkResult, Customer, CustomerRepository, Page, PageRequest } from '../types.js';
import { assertId, problemInCustomer } from '../validation.js';
import { replaceGroups } from './mongoBulk.js';
import type { MongoGate } from './mongoGate.js';
import { withoutUndefined, type CustomerDoc } from './mongoModels.js';

function toDoc(c: Customer): CustomerDoc {
  return withoutUndefined({ _id: c.id, externalId: c.externalId, name: c.name, email: c.email, locale: c.locale, country: c.country, createdAt: c.createdAt });
}

function toCustomer(doc: CustomerDoc): Customer {
  const { _id, ...rest } = doc;
  return withoutUndefined({ id: _id, ...rest });
}

export class MongoCustomerRepository implements CustomerRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly collection: mongoose.mongo.Collection<CustomerDoc>,
  ) {}

  async upsertMany(customers: Customer[]): Promise<BulkResult> {
    this.gate.assertOpen('customers.upsertMany');
    const plan = planBulk(customers, problemInCustomer);
    const result = new BulkResultBuilder(plan.rejected);
    await this.gate.run('customers.upsertMany', () => replaceGroups(this.collection, plan.groups, toDoc, result));
    return result.result();
  }

  async get(id: string): Promise<Customer | undefined> {
    assertId(id);
    const doc = await this.gate.run('customers.get', () => this.collection.findOne({ _id: id }));
    return doc === null ? undefined : toCustomer(doc);
  }

  async getByExternalId(externalId: string): Promise<Customer | undefined> {
    assertId(externalId, 'externalId');
    const doc = await this.gate.run('customers.getByExternalId', () => this.collection.findOne({ externalId }));
    return doc === null ? undefined : toCustomer(doc);
  }

  async list(page: PageRequest = {}): Promise<Page<Customer>> {
    const limit = resolvePageLimit(page.limit);
    const filter = page.cursor === undefined ? {} : { _id: { $gt: decodeCursor(page.cursor, ['string'])[0] as string } };
    const docs = await this.gate.run('customers.list', () => this.collection.find(filter).sort({ _id: 1 }).limit(limit + 1).toArray());
    return toPage(docs.map(toCustomer), limit, (c) => [c.id]);
  }

  async count(): Promise<number> {
    return this.gate.run('customers.count', () => this.collection.countDocuments());
  }
}
