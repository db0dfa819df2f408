import type { Order } from '../storage/types.js';
import type { ImportDefaults, OrderRow } from './entitySchemas.js';

export interface AssembledOrder {
  order: Order;
  line: number; // line of the order's first row
}

export type OrderRowOutcome = { kind: 'ok'; completed?: AssembledOrder } | { kind: 'duplicate'; firstLine: number; completed?: AssembledOrder };

/**
 * Builds orders from rows: a JSONL row is a whole order (`lines`), CSV rows are one order line each and
 * rows of one order must be contiguous. An order id seen again after other orders is a duplicate.
 */
export class OrderAssembler {
  private current: AssembledOrder | undefined;
  private readonly firstLineById = new Map<string, number>();

  constructor(private readonly defaults: ImportDefaults) {}

  accept(row: OrderRow, line: number): OrderRowOutcome {
    const rowLines = row.lines ?? [{ productId: row.productId ?? '', quantity: row.quantity ?? 0, unitPrice: row.unitPrice ?? 0 }];
    if (this.current !== undefined && this.current.order.id === row.id && row.lines === undefined) {
      this.current.order.lines.push(...rowLines);
      return { kind: 'ok' };
    }
    const completed = this.take();
    const firstLine = this.firstLineById.get(row.id);
    if (firstLine !== undefined) {
      return completed === undefined ? { kind: 'duplicate', firstLine } : { kind: 'duplicate', firstLine, completed };
    }
    this.firstLineById.set(row.id, line);
    const order: Order = {
      id: row.id,
      customerId: row.customerId,
      lines: [...rowLines],
      status: row.status,
      currency: (row.currency ?? this.defaults.currency).toUpperCase(),
      placedAt: row.placedAt,
      updatedAt: row.updatedAt ?? row.shippedAt ?? row.placedAt,
      ...(row.trackingNumber === undefined ? {} : { trackingNumber: row.trackingNumber }),
      ...(row.shippedAt === undefined ? {} : { shippedAt: row.shippedAt }),
      ...(row.deliveredAt === undefined ? {} : { deliveredAt: row.deliveredAt }),
    };
    this.current = { order, line };
    return completed === undefined ? { kind: 'ok' } : { kind: 'ok', completed };
  }

  /** The order being built, if any (call at the end of each file). */
  take(): AssembledOrder | undefined {
    const current = this.current;
    this.current = undefined;
    return current;
  }
}
