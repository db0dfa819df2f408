import type mongoose from 'mongoose';
import { BulkResultBuilder, planBulk } from '../bulk.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { BulkResult, Page, Product, ProductQuery, ProductRepository } from '../types.js';
import { assertId, problemInProduct } from '../validation.js';
import { replaceGroups } from './mongoBulk.js';
import type { MongoGate } from './mongoGate.js';
import { withoutUndefined, type ProductDoc } from './mongoModels.js';

function toDoc(p: Product): ProductDoc {
  const { id, ...rest } = p;
  return withoutUndefined({ _id: id, ...rest });
}

function toProduct(doc: ProductDoc): Product {
  const { _id, ...rest } = doc;
  return withoutUndefined({ id: _id, ...rest });
}

export class MongoProductRepository implements ProductRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly collection: mongoose.mongo.Collection<ProductDoc>,
  ) {}

  async upsertMany(products: Product[]): Promise<BulkResult> {
    this.gate.assertOpen('products.upsertMany');
    const plan = planBulk(products, problemInProduct);
    const result = new BulkResultBuilder(plan.rejected);
    await this.gate.run('products.upsertMany', () => replaceGroups(this.collection, plan.groups, toDoc, result));
    return result.result();
  }

  async get(id: string): Promise<Product | undefined> {
    assertId(id);
    const doc = await this.gate.run('products.get', () => this.collection.findOne({ _id: id }));
    return doc === null ? undefined : toProduct(doc);
  }

  async getMany(ids: string[]): Promise<Product[]> {
    ids.forEach((id) => assertId(id));
    this.gate.assertOpen('products.getMany');
    if (ids.length === 0) return [];
    const docs = await this.gate.run('products.getMany', () => this.collection.find({ _id: { $in: [...new Set(ids)] } }).toArray());
    const found = new Map(docs.map((doc) => [doc._id, toProduct(doc)]));
    return ids.flatMap((id) => {
      const product = found.get(id);
      return product === undefined ? [] : [product];
    });
  }

  async list(query: ProductQuery = {}): Promise<Page<Product>> {
    const limit = resolvePageLimit(query.limit);
    const filter: mongoose.mongo.Filter<ProductDoc> = {};
    if (query.category !== undefined) filter.category = query.category;
    if (query.inStock !== undefined) filter.inStock = query.inStock;
    if (query.cursor !== undefined) filter._id = { $gt: decodeCursor(query.cursor, ['string'])[0] as string };
    const docs = await this.gate.run('products.list', () => this.collection.find(filter).sort({ _id: 1 }).limit(limit + 1).toArray());
    return toPage(docs.map(toProduct), limit, (p) => [p.id]);
  }

  async count(): Promise<number> {
    return this.gate.run('products.count', () => this.collection.countDocuments());
  }
}
