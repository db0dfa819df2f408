import { TranscriptLoggerMiddleware, type Activity } from 'botbuilder';
import { CustomerServiceBot } from './adapter/customerServiceBot.js';
import { TurnAnnotations } from './adapter/turnAnnotations.js';
import { DialogueEngine, type DialogueLimits } from './flows/dialogueEngine.js';
import type { FlowBook } from './flows/flowBook.js';
import type { VariantPicker } from './flows/flowContext.js';
import type { BotPorts } from './ports.js';
import type { PiiPolicy } from './transcripts/redactPii.js';
import { StoreTranscriptStore } from './transcripts/storeTranscriptStore.js';

export interface BotRuntimeOptions extends BotPorts {
  flows: () => FlowBook;
  limits: DialogueLimits;
  redactPii: boolean;
  piiPolicy?: PiiPolicy;
  pickVariant?: VariantPicker;
  now?: () => Date;
}

/** The bot and what sits around it, independent of channels: one instance serves every adapter. */
export interface BotRuntime {
  bot: CustomerServiceBot;
  engine: DialogueEngine;
  transcriptStore: StoreTranscriptStore;
  /** Add to every adapter: `adapter.use(runtime.transcriptMiddleware)`. */
  transcriptMiddleware: TranscriptLoggerMiddleware;
}

const HANDOFF_TRANSCRIPT_LIMIT = 200;

export function createBotRuntime(options: BotRuntimeOptions): BotRuntime {
  const annotations = new TurnAnnotations();
  const engineOptions = {
    flows: options.flows,
    nlu: options.nlu,
    recommendations: options.recommendations,
    store: options.store,
    logger: options.logger,
    limits: options.limits,
    ...(options.pickVariant === undefined ? {} : { pickVariant: options.pickVariant }),
    ...(options.now === undefined ? {} : { now: options.now }),
  };
  const engine = new DialogueEngine(engineOptions);
  const transcriptStore = new StoreTranscriptStore({
    transcripts: options.store.transcripts,
    conversations: options.store.conversations,
    annotations,
    redactPii: options.redactPii,
    piiPolicy: options.piiPolicy,
    logger: options.logger,
  });
  const transcriptFor = async (conversationId: string): Promise<Activity[]> => {
    await transcriptStore.flush();
    const page = await transcriptStore.getTranscriptActivities('handoff', conversationId);
    return page.items.slice(-HANDOFF_TRANSCRIPT_LIMIT);
  };
  const bot = new CustomerServiceBot({ engine, annotations, transcriptFor, logger: options.logger });
  return { bot, engine, transcriptStore, transcriptMiddleware: new TranscriptLoggerMiddleware(transcriptStore) };
}
