import mongoose from 'mongoose';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { ConsoleRole, ConsoleUser, ConsoleUserPatch, ConsoleUserRepository } from '../consoleTypes.js';
import { applyUserPatch, assertConsoleUser, normalizeEmail } from '../consoleValidation.js';
import { decodeCursor, resolvePageLimit, toPage } from '../cursor.js';
import type { Page, PageRequest } from '../types.js';
import { assertId } from '../validation.js';
import type { ConsoleUserDoc } from './mongoConsoleModels.js';
import { isDuplicateKeyCode, type MongoGate } from './mongoGate.js';
import { withoutUndefined } from './mongoModels.js';

/** Runs a write through the gate, turning a duplicate-key failure into a ConflictError. */
export async function runWithConflict<T>(gate: MongoGate, operation: string, write: () => Promise<T>, conflict: () => ConflictError): Promise<T> {
  return gate.run(operation, async () => {
    try {
      return await write();
    } catch (error) {
      if (error instanceof mongoose.mongo.MongoServerError && isDuplicateKeyCode(error.code)) throw conflict();
      throw error;
    }
  });
}

function toDoc(user: ConsoleUser): ConsoleUserDoc {
  const { id, ...rest } = user;
  return withoutUndefined({ _id: id, ...rest });
}

function toUser(doc: ConsoleUserDoc): ConsoleUser {
  const { _id, ...rest } = doc;
  return withoutUndefined({ id: _id, ...rest });
}

export class MongoConsoleUserRepository implements ConsoleUserRepository {
  constructor(
    private readonly gate: MongoGate,
    private readonly collection: mongoose.mongo.Collection<ConsoleUserDoc>,
  ) {}

  async create(user: ConsoleUser): Promise<void> {
    const u = { ...user, email: normalizeEmail(user.email) };
    assertConsoleUser(u);
    await runWithConflict(
      this.gate,
      'consoleUsers.create',
      () => this.collection.insertOne(toDoc(u)),
      () => new ConflictError(`A console user with id ${u.id} or e-mail ${u.email} exists`, { details: { email: u.email } }),
    );
  }

  async get(id: string): Promise<ConsoleUser | undefined> {
    assertId(id);
    const doc = await this.gate.run('consoleUsers.get', () => this.collection.findOne({ _id: id }));
    return doc === null ? undefined : toUser(doc);
  }

  async getByEmail(email: string): Promise<ConsoleUser | undefined> {
    assertId(email, 'email');
    const doc = await this.gate.run('consoleUsers.getByEmail', () => this.collection.findOne({ email: normalizeEmail(email) }));
    return doc === null ? undefined : toUser(doc);
  }

  async list(page: PageRequest = {}): Promise<Page<ConsoleUser>> {
    const limit = resolvePageLimit(page.limit);
    const filter: mongoose.mongo.Filter<ConsoleUserDoc> = page.cursor === undefined ? {} : { email: { $gt: decodeCursor(page.cursor, ['string'])[0] as string } };
    const docs = await this.gate.run('consoleUsers.list', () => this.collection.find(filter).sort({ email: 1 }).limit(limit + 1).toArray());
    return toPage(docs.map(toUser), limit, (u) => [u.email]);
  }

  async update(id: string, patch: ConsoleUserPatch): Promise<ConsoleUser> {
    assertId(id);
    return runWithConflict(
      this.gate,
      'consoleUsers.update',
      async () => {
        const doc = await this.collection.findOne({ _id: id });
        if (doc === null) throw new NotFoundError(`Console user ${id} not found`, { details: { id } });
        const merged = applyUserPatch(toUser(doc), patch);
        const written = await this.collection.replaceOne({ _id: id }, toDoc(merged));
        if (written.matchedCount === 0) throw new NotFoundError(`Console user ${id} not found`, { details: { id } });
        return merged;
      },
      () => new ConflictError(`E-mail ${patch.email ?? ''} belongs to another console user`, { details: { email: patch.email } }),
    );
  }

  async countEnabled(role: ConsoleRole): Promise<number> {
    return this.gate.run('consoleUsers.countEnabled', () => this.collection.countDocuments({ role, disabled: false }));
  }
}
