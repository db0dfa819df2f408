/**
 * The observability port. Services report what happened through these calls; an adapter turns them into
 * Prometheus series (prometheusMetrics.ts) or drops them (noopMetrics). Label values come from our own
 * enums and configuration (flow actions, intent names, handoff reasons, store operations, error codes);
 * the Prometheus adapter still caps how many distinct values a label may take.
 */

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export type RecommenderOperation = 'recommendForCustomer' | 'similarProducts' | 'recordInteraction' | 'train';

export type CallOutcome = 'ok' | 'error';

export interface TurnObservation {
  /** Bot Framework channel id of the turn (directline, msteams, emulator, …). */
  channel: string;
  /** What the turn did: the dialogue engine's TurnOutcome.action (answer, recommend, fallback, handoff, …). */
  action: string;
  durationSeconds: number;
}

/** What the NLU made of one customer message (the fields of a stored NluAnnotation). */
export interface UnderstandingObservation {
  /** The recognised intent; undefined or null when none was. */
  intent?: string | null;
  outOfScope?: boolean;
  sentiment?: SentimentLabel;
}

export interface RecommenderCallObservation {
  operation: RecommenderOperation;
  outcome: CallOutcome;
  durationSeconds: number;
}

/** A model now serving; one series per component, replaced when the component swaps models. */
export interface ModelObservation {
  component: 'recommender' | 'intents' | 'sentiment' | 'encoder';
  /** The model family or id (als, ease, use-lite@0.2.0, …). */
  model: string;
  version: string;
}

export interface StoreErrorObservation {
  /** Repository and method, e.g. `conversations.update`. */
  operation: string;
  /** The AppError code (STORAGE_UNAVAILABLE, CONFLICT, …), INTERNAL for anything else. */
  code: string;
}

export interface Metrics {
  turnCompleted(turn: TurnObservation): void;
  messageUnderstood(understanding: UnderstandingObservation): void;
  handoff(reason: string): void;
  recommenderCall(call: RecommenderCallObservation): void;
  modelServing(model: ModelObservation): void;
  storeError(error: StoreErrorObservation): void;
}

/** Drops every observation: the default for tests and for services built without metrics. */
export const noopMetrics: Metrics = Object.freeze({
  turnCompleted: () => undefined,
  messageUnderstood: () => undefined,
  handoff: () => undefined,
  recommenderCall: () => undefined,
  modelServing: () => undefined,
  storeError: () => undefined,
});
