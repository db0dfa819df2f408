import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../core/config.js';
import { ModelNotTrainedError, NotFoundError, TrainingError, ValidationError, toAppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Interaction, InteractionKind, Product, Store } from '../core/storage/types.js';
import type { Encoder } from '../nlu/types.js';
import { blendColdStart } from './content/coldStart.js';
import { ContentIndex } from './content/contentIndex.js';
import { createConfiguredRecommender } from './models/index.js';
import type { FitReport, InteractionRecord, Recommendation, Recommender } from './types.js';

/**
 * The recommender as the bot sees it: CF model + content index over the store's catalogue, products hydrated from the
 * store, out-of-stock filtered. The serving model is replaced atomically by retrain(); a failed fit keeps the old one.
 * Models are saved as versions under `${dataDir}/models/recommender/<version>/`, `current.json` names the live one.
 */
export interface ProductSuggestion {
  product: Product;
  score: number;
  reason: string;
}

export interface RecommenderStatus {
  fitted: boolean;
  model: string;
  backend: string;
  trainedAt?: string;
}

export interface RecommenderService {
  recommendForCustomer(customerId: string, options?: { n?: number; query?: string; excludeSeen?: boolean }): Promise<ProductSuggestion[]>;
  similarProducts(productId: string, n?: number): Promise<ProductSuggestion[]>;
  recordInteraction(customerId: string, productId: string, kind: InteractionKind): Promise<void>;
  retrain(): Promise<FitReport>;
  readonly status: RecommenderStatus;
}

export interface RecommenderServiceDeps {
  config: Config;
  store: Store;
  encoder: Encoder;
  logger: Logger;
  /** Model factory (default: the configured model); tests pass fakes. */
  createModel?: () => Recommender;
  /** Train at start when no saved model exists (default true; the `train` CLI turns it off and retrains itself). */
  trainIfMissing?: boolean;
}

const HISTORY_LIMIT = 1000;
/** Weight of the query's text similarity against CF scores: more for customers the model does not know. */
const QUERY_WEIGHT_KNOWN = 0.5;
const QUERY_WEIGHT_NEW = 0.7;
const KEPT_VERSIONS = 2;

function toRecord(interaction: Interaction): InteractionRecord {
  return {
    userId: interaction.customerId,
    itemId: interaction.productId,
    kind: interaction.kind,
    value: interaction.value,
    timestamp: interaction.timestamp.getTime(),
  };
}

class StoreBackedRecommenderService implements RecommenderService {
  private model: Recommender;
  private backend = 'none';
  private trainedAt: string | undefined;
  private training: Promise<FitReport> | undefined;
  private readonly modelRoot: string;

  constructor(
    private readonly deps: RecommenderServiceDeps & { createModel: () => Recommender },
    private readonly content: ContentIndex,
  ) {
    this.model = deps.createModel();
    this.modelRoot = path.join(deps.config.storage.dataDir, 'models', 'recommender');
  }

  get status(): RecommenderStatus {
    const status: RecommenderStatus = { fitted: this.model.fitted, model: this.model.name, backend: this.backend };
    if (this.trainedAt !== undefined) status.trainedAt = this.trainedAt;
    return status;
  }

  /** Loads the saved current version; false when there is none or it cannot be read (logged). */
  async loadSaved(): Promise<boolean> {
    let version: string;
    try {
      version = (JSON.parse(await readFile(path.join(this.modelRoot, 'current.json'), 'utf8')) as { version: string }).version;
    } catch {
      return false;
    }
    const candidate = this.deps.createModel();
    try {
      await candidate.load(path.join(this.modelRoot, version));
    } catch (error) {
      this.deps.logger.warn({ err: error, version }, 'saved recommender model unreadable: retraining');
      return false;
    }
    this.swap(candidate, 'loaded', undefined);
    this.deps.logger.info({ version, model: candidate.name }, 'recommender model loaded');
    return true;
  }

  async refreshCatalogue(): Promise<void> {
    const products: Product[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.products.list({ limit: 1000, cursor });
      products.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    await this.content.build(products, (p) => this.deps.logger.info(p, 'embedding product texts'));
  }

  retrain(): Promise<FitReport> {
    // One training at a time: a second caller shares the running one.
    this.training ??= this.train().finally(() => {
      this.training = undefined;
    });
    return this.training;
  }

  private async train(): Promise<FitReport> {
    const { logger, store } = this.deps;
    const candidate = this.deps.createModel();
    const source = (async function* records(): AsyncGenerator<InteractionRecord> {
      for await (const interaction of store.interactions.stream()) yield toRecord(interaction);
    })();
    let report: FitReport;
    try {
      report = await candidate.fit(source, {
        onProgress: (p) => logger.info({ ...p, model: candidate.name }, `recommender training ${p.iteration}/${p.iterations}`),
      });
      if (!candidate.fitted) throw new TrainingError(`${candidate.name}: fit finished without a fitted model`);
    } catch (error) {
      logger.error({ err: error, model: candidate.name }, 'recommender training failed: the previous model stays in service');
      throw error instanceof TrainingError ? error : new TrainingError(`recommender training failed: ${toAppError(error).message}`, { cause: error });
    }
    const version = `${candidate.name}-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    try {
      await mkdir(this.modelRoot, { recursive: true });
      await candidate.save(path.join(this.modelRoot, version));
      const pointer = path.join(this.modelRoot, 'current.json.tmp');
      await writeFile(pointer, JSON.stringify({ version, model: candidate.name, trainedAt: new Date().toISOString() }));
      await rename(pointer, path.join(this.modelRoot, 'current.json'));
      await this.pruneVersions(version);
    } catch (error) {
      logger.warn({ err: error, version }, 'recommender model could not be saved; serving it from memory');
    }
    await this.refreshCatalogue().catch((error: unknown) => logger.warn({ err: error }, 'product catalogue refresh failed'));
    this.swap(candidate, report.backend, new Date().toISOString());
    logger.info({ ...report, version }, 'recommender model swapped in');
    return report;
  }

  private swap(model: Recommender, backend: string, trainedAt: string | undefined): void {
    this.model = model;
    const withBackend = model as Recommender & { backend?: unknown; trainedAt?: unknown };
    this.backend = typeof withBackend.backend === 'string' ? withBackend.backend : backend;
    this.trainedAt = typeof withBackend.trainedAt === 'string' ? withBackend.trainedAt : trainedAt;
  }

  private async pruneVersions(current: string): Promise<void> {
    const entries = await readdir(this.modelRoot, { withFileTypes: true });
    const versions = entries.filter((e) => e.isDirectory() && e.name !== current).map((e) => e.name).sort();
    for (const old of versions.slice(0, Math.max(0, versions.length - (KEPT_VERSIONS - 1)))) {
      await rm(path.join(this.modelRoot, old), { recursive: true, force: true });
    }
  }

  async recommendForCustomer(customerId: string, options: { n?: number; query?: string; excludeSeen?: boolean } = {}): Promise<ProductSuggestion[]> {
    const n = options.n ?? 5;
    if (!Number.isInteger(n) || n < 1 || n > 100) throw new ValidationError(`recommendForCustomer: n must be an integer 1..100, got ${n}`);
    const query = options.query?.trim() === '' ? undefined : options.query?.trim();
    const queryScores = query === undefined || this.content.size === 0 ? undefined : await this.content.queryScores(query);
    const model = this.model;
    const fetch = n * 3 + 10; // over-fetch: out-of-stock products are dropped after hydration
    let ranked: Recommendation[];
    let known = false;
    if (model.fitted) {
      known = model.hasUser(customerId);
      ranked = model.recommend(customerId, { n: fetch, excludeSeen: options.excludeSeen ?? true, queryScores, queryWeight: known ? QUERY_WEIGHT_KNOWN : QUERY_WEIGHT_NEW });
    } else if (queryScores !== undefined) {
      ranked = blendColdStart(new Map(), queryScores, { n: fetch, queryWeight: 1 });
    } else {
      throw new ModelNotTrainedError('recommender');
    }
    const suggestions = await this.hydrate(ranked, n);
    const reasons = await this.reasons(model, customerId, known, suggestions.map((s) => s.product.id), query);
    return suggestions.map((s, k) => ({ ...s, reason: reasons[k] }));
  }

  /** One reason per product; the model explains them all in one call (its per-customer work is done once). */
  private async reasons(model: Recommender, customerId: string, known: boolean, productIds: string[], query: string | undefined): Promise<string[]> {
    const matches = query === undefined ? '' : `matches "${query}"`;
    if (!known || !model.fitted) {
      const generic = query === undefined ? 'popular with other customers' : `${model.fitted ? 'popular and ' : ''}${matches}`;
      return productIds.map(() => generic);
    }
    const topItems = new Map<string, string | undefined>();
    try {
      for (const e of model.explainMany(customerId, productIds.filter((id) => model.hasItem(id)))) topItems.set(e.itemId, e.because[0]?.itemId);
    } catch {
      topItems.clear(); // a customer the model cannot explain still gets generic reasons
    }
    const wanted = [...new Set([...topItems.values()].filter((id): id is string => id !== undefined))];
    const titles = new Map((await this.deps.store.products.getMany(wanted)).map((p) => [p.id, p.title]));
    return productIds.map((id) => {
      const because = titles.get(topItems.get(id) ?? '');
      const history = because === undefined ? 'based on your past purchases' : `because you liked ${because}`;
      return query === undefined ? history : `${matches}, ${history}`;
    });
  }

  async similarProducts(productId: string, n = 5): Promise<ProductSuggestion[]> {
    if (!Number.isInteger(n) || n < 1 || n > 100) throw new ValidationError(`similarProducts: n must be an integer 1..100, got ${n}`);
    const source = await this.deps.store.products.get(productId);
    if (source === undefined) throw new NotFoundError(`unknown product '${productId}'`, { details: { productId } });
    const model = this.model;
    const useModel = model.fitted && model.hasItem(productId);
    if (!useModel && !this.content.has(productId)) await this.content.upsert([source]);
    const ranked = useModel ? model.similarItems(productId, n * 3 + 10) : this.content.similarItems(productId, n * 3 + 10);
    const reason = useModel ? `often bought together with ${source.title}` : `similar to ${source.title}`;
    return (await this.hydrate(ranked, n)).map((s) => ({ ...s, reason }));
  }

  async recordInteraction(customerId: string, productId: string, kind: InteractionKind): Promise<void> {
    const interaction: Interaction = {
      id: `chat-${randomUUID()}`,
      customerId,
      productId,
      kind,
      value: 1,
      timestamp: new Date(),
      source: 'chat',
    };
    const result = await this.deps.store.interactions.upsertMany([interaction]);
    const rejection = result.rejected[0];
    if (rejection !== undefined) {
      if (rejection.code === 'NOT_FOUND') throw new NotFoundError(rejection.message, { details: { customerId, productId } });
      throw new ValidationError(rejection.message, { details: { customerId, productId, code: rejection.code } });
    }
    const model = this.model;
    if (!model.fitted) return;
    const page = await this.deps.store.interactions.listByCustomer(customerId, { limit: HISTORY_LIMIT });
    model.updateUser(customerId, page.items.map(toRecord).reverse());
  }

  /** Products for ranked ids, in rank order, in stock only, at most n. */
  private async hydrate(ranked: readonly Recommendation[], n: number): Promise<ProductSuggestion[]> {
    const products = await this.deps.store.products.getMany(ranked.map((r) => r.itemId));
    const byId = new Map(products.map((p) => [p.id, p]));
    const out: ProductSuggestion[] = [];
    for (const r of ranked) {
      const product = byId.get(r.itemId);
      if (product === undefined || !product.inStock) continue;
      out.push({ product, score: r.score, reason: '' });
      if (out.length === n) break;
    }
    return out;
  }
}

/**
 * Builds the service: indexes the catalogue's texts, loads the saved model or, when there is none and the store has
 * interactions, trains one (awaited, progress logged). With no interactions (or a failed first fit) it starts unfitted: query-only
 * recommendations work, anything else throws ModelNotTrainedError until retrain().
 */
export async function createRecommenderService(deps: RecommenderServiceDeps): Promise<RecommenderService> {
  const createModel = deps.createModel ?? ((): Recommender => createConfiguredRecommender(deps.config, deps.logger));
  const content = new ContentIndex({
    encoder: deps.encoder,
    logger: deps.logger,
    cacheDir: path.join(deps.config.storage.dataDir, 'models', 'content'),
  });
  const service = new StoreBackedRecommenderService({ ...deps, createModel }, content);
  await service.refreshCatalogue();
  if (!(await service.loadSaved()) && deps.trainIfMissing !== false && (await deps.store.interactions.count()) > 0) {
    // A failed first fit is logged by retrain(); the service starts unfitted rather than not at all.
    await service.retrain().catch(() => undefined);
  }
  return service;
}
