import { createHash } from 'node:crypto';
import { z } from 'zod';
import { INTERACTION_KINDS, ORDER_STATUSES, type Customer, type Interaction, type Product } from '../storage/types.js';
import {
  optionalBoolean,
  optionalDate,
  optionalNumber,
  optionalText,
  requiredDate,
  requiredNumber,
  requiredText,
} from './fieldSchemas.js';
import type { EntityKind } from './types.js';

/** Values that are not in the file but every entity needs; fixed per run so re-runs produce the same rows. */
export interface ImportDefaults {
  currency: string;
  now: Date;
  source: string;
}

export const productRowSchema = z.object({
  id: requiredText,
  title: requiredText,
  description: optionalText,
  category: optionalText,
  price: optionalNumber.pipe(z.number().min(0).optional()),
  currency: optionalText.pipe(z.string().length(3).optional()),
  inStock: optionalBoolean,
  url: optionalText,
  imageUrl: optionalText,
});

export const customerRowSchema = z.object({
  id: requiredText,
  externalId: optionalText,
  name: optionalText,
  email: optionalText.pipe(z.email().optional()),
  locale: optionalText,
  country: optionalText,
  createdAt: optionalDate,
});

export const interactionRowSchema = z.object({
  id: optionalText,
  customerId: requiredText,
  productId: requiredText,
  kind: z.enum(INTERACTION_KINDS),
  value: optionalNumber,
  timestamp: requiredDate,
  source: optionalText,
});

const orderLineSchema = z.object({
  productId: requiredText,
  quantity: requiredNumber.pipe(z.number().positive()),
  unitPrice: requiredNumber.pipe(z.number().min(0)),
});

/** An order row is either a whole order with `lines` (JSONL) or one line of it (CSV: productId, quantity, unitPrice). */
export const orderRowSchema = z
  .object({
    id: requiredText,
    customerId: requiredText,
    status: z.enum(ORDER_STATUSES),
    currency: optionalText.pipe(z.string().length(3).optional()),
    trackingNumber: optionalText,
    placedAt: requiredDate,
    updatedAt: optionalDate,
    shippedAt: optionalDate,
    deliveredAt: optionalDate,
    lines: z.array(orderLineSchema).min(1).optional(),
    productId: optionalText,
    quantity: optionalNumber.pipe(z.number().positive().optional()),
    unitPrice: optionalNumber.pipe(z.number().min(0).optional()),
  })
  .refine((row) => row.lines !== undefined || (row.productId !== undefined && row.quantity !== undefined && row.unitPrice !== undefined), {
    message: 'an order row needs either lines, or productId + quantity + unitPrice',
  });

export type OrderRow = z.infer<typeof orderRowSchema>;

/** Field names per kind, and the ones a CSV header must contain. */
export const FIELDS: Record<EntityKind, { all: readonly string[]; required: readonly string[] }> = {
  products: { all: Object.keys(productRowSchema.shape), required: ['id', 'title'] },
  customers: { all: Object.keys(customerRowSchema.shape), required: ['id'] },
  interactions: { all: Object.keys(interactionRowSchema.shape), required: ['customerId', 'productId', 'kind', 'timestamp'] },
  orders: {
    all: ['id', 'customerId', 'status', 'currency', 'trackingNumber', 'placedAt', 'updatedAt', 'shippedAt', 'deliveredAt', 'lines', 'productId', 'quantity', 'unitPrice'],
    required: ['id', 'customerId', 'status', 'placedAt'],
  },
};

export function toProduct(row: z.infer<typeof productRowSchema>, defaults: ImportDefaults): Product {
  return {
    id: row.id,
    title: row.title,
    description: row.description ?? row.title,
    currency: (row.currency ?? defaults.currency).toUpperCase(),
    inStock: row.inStock ?? true,
    ...(row.category === undefined ? {} : { category: row.category }),
    ...(row.price === undefined ? {} : { price: row.price }),
    ...(row.url === undefined ? {} : { url: row.url }),
    ...(row.imageUrl === undefined ? {} : { imageUrl: row.imageUrl }),
  };
}

export function toCustomer(row: z.infer<typeof customerRowSchema>, defaults: ImportDefaults): Customer {
  const { createdAt, ...rest } = row;
  const customer: Customer = { id: rest.id, createdAt: createdAt ?? defaults.now };
  for (const key of ['externalId', 'name', 'email', 'locale', 'country'] as const) {
    const value = rest[key];
    if (value !== undefined) customer[key] = value;
  }
  return customer;
}

/** Interactions without an id get a stable one derived from their content, so re-imports update instead of duplicating. */
export function stableInteractionId(customerId: string, productId: string, kind: string, timestamp: Date): string {
  const digest = createHash('sha1').update(`${customerId}\u0000${productId}\u0000${kind}\u0000${timestamp.toISOString()}`).digest('hex');
  return `imp-${digest.slice(0, 20)}`;
}

export function toInteraction(row: z.infer<typeof interactionRowSchema>, defaults: ImportDefaults): Interaction {
  return {
    id: row.id ?? stableInteractionId(row.customerId, row.productId, row.kind, row.timestamp),
    customerId: row.customerId,
    productId: row.productId,
    kind: row.kind,
    value: row.value ?? 1,
    timestamp: row.timestamp,
    source: row.source ?? defaults.source,
  };
}
