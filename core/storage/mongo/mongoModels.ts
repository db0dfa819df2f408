import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import type { ConversationStatus, InteractionKind, NluAnnotation, OrderLine, OrderStatus, TranscriptRole } from '../types.js';

/**
 * Document shapes and mongoose schemas. `_id` is our own string id, so records keep their ids when moved
 * between SQLite and MongoDB. Schemas exist for indexes (synced at open); reads and writes go through the
 * same connection's driver collections with documents built by the repositories.
 */

export interface CustomerDoc {
  _id: string;
  externalId?: string;
  name?: string;
  email?: string;
  locale?: string;
  country?: string;
  createdAt: Date;
}

export interface ProductDoc {
  _id: string;
  title: string;
  description: string;
  category?: string;
  price?: number;
  currency: string;
  inStock: boolean;
  url?: string;
  imageUrl?: string;
}

export interface InteractionDoc {
  _id: string;
  customerId: string;
  productId: string;
  kind: InteractionKind;
  value: number;
  timestamp: Date;
  source: string;
}

export interface OrderDoc {
  _id: string;
  customerId: string;
  lines: OrderLine[];
  status: OrderStatus;
  currency: string;
  trackingNumber?: string;
  placedAt: Date;
  updatedAt: Date;
  shippedAt?: Date;
  deliveredAt?: Date;
}

export interface ConversationDoc {
  _id: string;
  channel: string;
  customerId?: string;
  status: ConversationStatus;
  assignedAgent?: string;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface TranscriptDoc {
  _id: string;
  conversationId: string;
  activityId?: string;
  role: TranscriptRole;
  text: string;
  nlu?: NluAnnotation;
  timestamp: Date;
}

const options = { versionKey: false, autoCreate: false, autoIndex: false, bufferCommands: false } as const;

const customerSchema = new Schema<CustomerDoc>(
  { _id: String, externalId: String, name: String, email: String, locale: String, country: String, createdAt: Date },
  { ...options, collection: 'customers' },
);
customerSchema.index({ externalId: 1 }, { unique: true, sparse: true });

const productSchema = new Schema<ProductDoc>(
  { _id: String, title: String, description: String, category: String, price: Number, currency: String, inStock: Boolean, url: String, imageUrl: String },
  { ...options, collection: 'products' },
);
productSchema.index({ category: 1, _id: 1 });
productSchema.index({ inStock: 1, _id: 1 });

const interactionSchema = new Schema<InteractionDoc>(
  { _id: String, customerId: String, productId: String, kind: String, value: Number, timestamp: Date, source: String },
  { ...options, collection: 'interactions' },
);
interactionSchema.index({ timestamp: 1, _id: 1 });
interactionSchema.index({ customerId: 1, timestamp: -1, _id: -1 });

const orderSchema = new Schema<OrderDoc>(
  {
    _id: String,
    customerId: String,
    lines: [new Schema<OrderLine>({ productId: String, quantity: Number, unitPrice: Number }, { _id: false })],
    status: String,
    currency: String,
    trackingNumber: String,
    placedAt: Date,
    updatedAt: Date,
    shippedAt: Date,
    deliveredAt: Date,
  },
  { ...options, collection: 'orders' },
);
orderSchema.index({ customerId: 1, placedAt: -1, _id: -1 });

const conversationSchema = new Schema<ConversationDoc>(
  { _id: String, channel: String, customerId: String, status: String, assignedAgent: String, tags: [String], createdAt: Date, updatedAt: Date },
  { ...options, collection: 'conversations' },
);
conversationSchema.index({ updatedAt: -1, _id: -1 });
conversationSchema.index({ status: 1, updatedAt: -1, _id: -1 });
conversationSchema.index({ channel: 1, updatedAt: -1, _id: -1 });
conversationSchema.index({ customerId: 1, updatedAt: -1, _id: -1 });

const transcriptSchema = new Schema<TranscriptDoc>(
  { _id: String, conversationId: String, activityId: String, role: String, text: String, nlu: Schema.Types.Mixed, timestamp: Date },
  { ...options, collection: 'transcripts' },
);
transcriptSchema.index({ conversationId: 1, timestamp: 1, _id: 1 });
// The console inbox: filters by intent and sentiment, and full-text search (a MongoDB text index, English stemming).
transcriptSchema.index({ 'nlu.intent': 1, conversationId: 1 });
transcriptSchema.index({ 'nlu.sentiment': 1, conversationId: 1 });
transcriptSchema.index({ text: 'text' }, { default_language: 'english', name: 'transcripts_text' });

export interface StoreModels {
  customers: Model<CustomerDoc>;
  products: Model<ProductDoc>;
  interactions: Model<InteractionDoc>;
  orders: Model<OrderDoc>;
  conversations: Model<ConversationDoc>;
  transcripts: Model<TranscriptDoc>;
}

/** Registers the models on a dedicated connection (never the global mongoose one). */
export function registerModels(connection: Connection): StoreModels {
  return {
    customers: connection.model<CustomerDoc>('Customer', customerSchema),
    products: connection.model<ProductDoc>('Product', productSchema),
    interactions: connection.model<InteractionDoc>('Interaction', interactionSchema),
    orders: connection.model<OrderDoc>('Order', orderSchema),
    conversations: connection.model<ConversationDoc>('Conversation', conversationSchema),
    transcripts: connection.model<TranscriptDoc>('Transcript', transcriptSchema),
  };
}

/** The driver collection behind a model, typed with our document shape. */
export function collectionOf<T extends { _id: string }>(model: Model<T>): mongoose.mongo.Collection<T> {
  return model.collection as unknown as mongoose.mongo.Collection<T>;
}

/** Copies `value` without its undefined properties (the driver would store them as null). */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
