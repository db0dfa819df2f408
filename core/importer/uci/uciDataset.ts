import type { Customer, Interaction, Order, Product } from '../../storage/types.js';
import { classifyUciRow, uciCustomerId, uciInteractionId, uciOrderId, type UciClassification, type UciLine } from './uciRows.js';

export interface WithLine<T> {
  item: T;
  line: number;
}

/** What one day file adds: entities to write, referenced products and customers first. */
export interface UciDayBatch {
  products: Product[];
  customers: Customer[];
  interactions: WithLine<Interaction>[];
  orders: WithLine<Order>[];
}

export const UCI_CURRENCY = 'GBP';
export const UCI_SOURCE = 'import:uci';

/**
 * Turns UCI invoice lines into products, customers, purchases and orders, one day at a time. Only the
 * catalog (about 4k products) and the customer list (about 4.4k) are kept across days; everything else is
 * per day, so memory stays bounded by the largest day file.
 */
export class UciDataset {
  readonly products = new Map<string, Product>();
  readonly customers = new Map<string, Customer>();
  private dayProducts = new Set<string>();
  private dayCustomers = new Set<string>();
  private dayInteractions: WithLine<Interaction>[] = [];
  private dayOrders = new Map<string, WithLine<Order>>();
  private rowsPerInvoice = new Map<string, number>();

  /** Classifies one row and records what it contributes; the caller counts drops and invalid rows. */
  addRow(values: Record<string, unknown>, line: number): UciClassification {
    const invoiceKey = typeof values.InvoiceNo === 'string' ? values.InvoiceNo.trim() : '';
    const indexInInvoice = this.rowsPerInvoice.get(invoiceKey) ?? 0;
    this.rowsPerInvoice.set(invoiceKey, indexInInvoice + 1);
    const result = classifyUciRow(values);
    if (result.kind === 'purchase' || result.kind === 'catalog-only') {
      this.addProduct(result.line.stockCode, result.line.description, result.line.unitPrice);
      if (result.kind === 'purchase') this.addPurchase(result.line, indexInInvoice, line);
    }
    return result;
  }

  private addProduct(stockCode: string, description: string, unitPrice: number): void {
    const known = this.products.get(stockCode);
    const title = description !== '' ? description : (known?.title ?? stockCode);
    if (known !== undefined && known.title === title && known.price === unitPrice) return; // written already, unchanged
    this.products.set(stockCode, { id: stockCode, title, description: title, price: unitPrice, currency: UCI_CURRENCY, inStock: true });
    this.dayProducts.add(stockCode);
  }

  private addPurchase(row: Extract<UciClassification, { kind: 'purchase' }>['line'], indexInInvoice: number, line: number): void {
    const customerId = uciCustomerId(row.customerId);
    const known = this.customers.get(customerId);
    if (known === undefined || (row.country !== '' && known.country !== row.country)) this.setCustomer(customerId, row, known);
    this.dayInteractions.push({
      line,
      item: {
        id: uciInteractionId(row.invoiceNo, row.stockCode, indexInInvoice),
        customerId,
        productId: row.stockCode,
        kind: 'purchase',
        value: row.quantity,
        timestamp: row.invoiceDate,
        source: UCI_SOURCE,
      },
    });
    const orderLine = { productId: row.stockCode, quantity: row.quantity, unitPrice: row.unitPrice };
    const order = this.dayOrders.get(row.invoiceNo);
    if (order !== undefined) {
      order.item.lines.push(orderLine);
      return;
    }
    this.dayOrders.set(row.invoiceNo, {
      line,
      item: {
        id: uciOrderId(row.invoiceNo),
        customerId,
        lines: [orderLine],
        status: 'delivered',
        currency: UCI_CURRENCY,
        placedAt: row.invoiceDate,
        updatedAt: row.invoiceDate,
      },
    });
  }

  private setCustomer(customerId: string, row: UciLine & { customerId: string }, known: Customer | undefined): void {
    this.customers.set(customerId, {
      id: customerId,
      externalId: row.customerId,
      createdAt: known?.createdAt ?? row.invoiceDate,
      ...(row.country === '' ? {} : { country: row.country }),
    });
    this.dayCustomers.add(customerId);
  }

  /** Hands over the day's entities (products and customers only when new or changed) and starts a new day. */
  endDay(): UciDayBatch {
    const batch: UciDayBatch = {
      products: [...this.dayProducts].map((id) => this.products.get(id)).filter((p): p is Product => p !== undefined),
      customers: [...this.dayCustomers].map((id) => this.customers.get(id)).filter((c): c is Customer => c !== undefined),
      interactions: this.dayInteractions,
      orders: [...this.dayOrders.values()],
    };
    this.dayProducts = new Set();
    this.dayCustomers = new Set();
    this.dayInteractions = [];
    this.dayOrders = new Map();
    this.rowsPerInvoice = new Map();
    return batch;
  }
}
