import type { Logger } from '../../core/logger.js';
import type { BotStore, Recommendations } from '../ports.js';
import type { DialogueState } from './conversationMemory.js';
import type { FlowBook, MessageKey } from './flowBook.js';
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
  readonly customerName: string | undefined;
  say(key: MessageKey, values?: TemplateValues): string;
  render(template: string, values?: TemplateValues): string;
}

export function createFlowContext(parts: Omit<FlowContext, 'say' | 'render'> & { pick: VariantPicker }): FlowContext {
  const { pick, ...rest } = parts;
  const base: TemplateValues = { name: parts.customerName ?? 'there' };
  return {
    ...rest,
    say: (key, values = {}) => renderTemplate(pick(parts.book.messages[key], key), { ...base, ...values }),
    render: (template, values = {}) => renderTemplate(template, { ...base, ...values }),
  };
}
