import type { Logger } from '../../core/logger.js';
import type { Customer } from '../../core/storage/types.js';
import type { BotStore, Recommendations } from '../ports.js';
import type { DialogueState } from './conversationMemory.js';
import type { FlowBook, MessageKey } from './flowBook.js';
import { createShopFormat, type ShopFormat } from './shopFormat.js';
import { renderTemplate, type TemplateValues } from './templates.js';
import type { TurnInput } from './types.js';

/** Chooses one of several answer variants; `key` identifies the message (tests inject a deterministic picker). */
export type VariantPicker = (variants: readonly string[], key: string) => string;

export const randomVariant: VariantPicker = (variants) => variants[Math.floor(Math.random() * variants.length)] ?? '';
export const firstVariant: VariantPicker = (variants) => variants[0] ?? '';

/** What one turn's flow code can use. */
export interface FlowContext {
  readonly book: FlowBook;
  readonly input: TurnInput;
  readonly state: DialogueState;
  readonly store: BotStore;
  readonly recommendations: Recommendations;
  readonly logger: Logger;
  /** The shop's record of this customer; undefined for a guest (no verified id, or one the shop's data does not know). */
  readonly customer: Customer | undefined;
  readonly customerName: string | undefined;
  readonly format: ShopFormat;
  readonly now: Date;
  say(key: MessageKey, values?: TemplateValues): string;
  render(template: string, values?: TemplateValues): string;
}

/** A guest sees no account data: orders need proof, suggestions come from the session and popular items. */
export function isGuest(ctx: FlowContext): boolean {
  return ctx.customer === undefined;
}

type FlowContextParts = Omit<FlowContext, 'say' | 'render' | 'format'> & { pick: VariantPicker };

/** Formatters per loaded flows file (a reload brings a new FlowBook object, and new formatters). */
const formats = new WeakMap<FlowBook, ShopFormat>();

function formatFor(book: FlowBook): ShopFormat {
  let format = formats.get(book);
  if (format === undefined) {
    format = createShopFormat(book.shop, book.policy);
    formats.set(book, format);
  }
  return format;
}

export function createFlowContext(parts: FlowContextParts): FlowContext {
  const { pick, ...rest } = parts;
  const format = formatFor(parts.book);
  const base: TemplateValues = { ...format.policyValues, name: parts.customerName ?? '' };
  return {
    ...rest,
    format,
    say: (key, values = {}) => renderTemplate(pick(parts.book.messages[key], key), { ...base, ...values }),
    render: (template, values = {}) => renderTemplate(template, { ...base, ...values }),
  };
}
