/**
 * Cleaning rules for the UCI Online Retail invoice lines. One place, shared by the importer, the demo
 * data builder and the tests' expectations.
 */

export const UCI_COLUMNS = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'] as const;

/** Why an invoice line gives no purchase, checked in this order (a row is counted under the first rule it breaks). */
export const UCI_DROP_REASONS = ['cancellation', 'non-product-code', 'non-positive-quantity', 'non-positive-price', 'no-customer-id'] as const;
export type UciDropReason = (typeof UCI_DROP_REASONS)[number];

/** Postage, fees, manual adjustments, samples, bad debt, pads and gift vouchers: not products (matched case-insensitively). */
const NON_PRODUCT_CODES = new Set(['POST', 'D', 'M', 'BANK CHARGES', 'DOT', 'CRUK', 'C2', 'PADS', 'AMAZONFEE', 'S', 'B']);
const GIFT_VOUCHER = /^gift_\d+_\d+$/i;

export function isNonProductCode(stockCode: string): boolean {
  const code = stockCode.trim().toUpperCase();
  return NON_PRODUCT_CODES.has(code) || GIFT_VOUCHER.test(code);
}

export interface UciLine {
  invoiceNo: string;
  stockCode: string;
  description: string;
  quantity: number;
  invoiceDate: Date;
  unitPrice: number;
  customerId: string | undefined; // `17850`, from `17850.0`
  country: string;
}

export type UciClassification =
  | { kind: 'purchase'; line: UciLine & { customerId: string } }
  | { kind: 'catalog-only'; line: UciLine } // a real product sale without a customer: feeds the catalog only
  | { kind: 'dropped'; reason: UciDropReason }
  | { kind: 'invalid'; message: string };

function text(values: Record<string, unknown>, column: string): string {
  const value = values[column];
  return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value).trim();
}

/** `2011-12-09 12:50:00` (UK local time, no zone in the data) is stored as that wall-clock time in UTC. */
function parseInvoiceDate(value: string): Date {
  return new Date(`${value.replace(' ', 'T')}Z`);
}

export function classifyUciRow(values: Record<string, unknown>): UciClassification {
  const invoiceNo = text(values, 'InvoiceNo');
  const stockCode = text(values, 'StockCode');
  if (invoiceNo === '' || stockCode === '') return { kind: 'invalid', message: 'InvoiceNo and StockCode are required' };
  if (invoiceNo.toUpperCase().startsWith('C')) return { kind: 'dropped', reason: 'cancellation' };
  if (isNonProductCode(stockCode)) return { kind: 'dropped', reason: 'non-product-code' };
  const quantity = Number(text(values, 'Quantity'));
  const unitPrice = Number(text(values, 'UnitPrice'));
  const invoiceDate = parseInvoiceDate(text(values, 'InvoiceDate'));
  if (!Number.isFinite(quantity) || text(values, 'Quantity') === '') return { kind: 'invalid', message: 'Quantity: expected a number' };
  if (!Number.isFinite(unitPrice) || text(values, 'UnitPrice') === '') return { kind: 'invalid', message: 'UnitPrice: expected a number' };
  if (Number.isNaN(invoiceDate.getTime())) return { kind: 'invalid', message: 'InvoiceDate: expected YYYY-MM-DD HH:MM:SS' };
  if (quantity <= 0) return { kind: 'dropped', reason: 'non-positive-quantity' };
  if (unitPrice <= 0) return { kind: 'dropped', reason: 'non-positive-price' };
  const rawCustomer = text(values, 'CustomerID');
  const customerId = rawCustomer === '' ? undefined : rawCustomer.replace(/\.0+$/, '');
  const line: UciLine = {
    invoiceNo,
    stockCode,
    description: text(values, 'Description'),
    quantity,
    invoiceDate,
    unitPrice,
    customerId,
    country: text(values, 'Country'),
  };
  if (customerId === undefined) return { kind: 'catalog-only', line };
  return { kind: 'purchase', line: { ...line, customerId } };
}

export const uciCustomerId = (rawId: string): string => `uci-${rawId}`;
export const uciOrderId = (invoiceNo: string): string => `uci-${invoiceNo}`;
/** Stable across re-runs: invoice, stock code and the row's position within its invoice. */
export const uciInteractionId = (invoiceNo: string, stockCode: string, indexInInvoice: number): string =>
  `uci-${invoiceNo}-${stockCode}-${indexInInvoice}`;
