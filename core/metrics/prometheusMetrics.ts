import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { LabelGuard } from './labelGuard.js';
import type {
  Metrics,
  ModelObservation,
  RecommenderCallObservation,
  StoreErrorObservation,
  TurnObservation,
  UnderstandingObservation,
} from './metrics.js';

export interface PrometheusMetricsOptions {
  /**
   * Also collect prom-client's process metrics (CPU, memory, GC, handles) and the event-loop delay
   * (`nodejs_eventloop_lag_*`, sampled by perf_hooks.monitorEventLoopDelay). They watch the whole process
   * for its lifetime, so a server turns them on and short-lived test registries leave them off.
   */
  processMetrics?: boolean;
  /** Distinct values kept per label before new ones read `other` (default 100). */
  maxLabelValues?: number;
}

/** Seconds: a turn includes NLU, a recommender call and store writes; 10 s means something is stuck. */
const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const RECOMMENDER_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600];

/** The Metrics port as Prometheus series in a registry of its own (never prom-client's global one). */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly labels: LabelGuard;
  private readonly turns: Counter<'channel' | 'action'>;
  private readonly turnDuration: Histogram<'channel' | 'action'>;
  private readonly intents: Counter<'intent'>;
  private readonly outOfScope: Counter<never>;
  private readonly sentiment: Counter<'sentiment'>;
  private readonly handoffs: Counter<'reason'>;
  private readonly recommenderDuration: Histogram<'operation' | 'outcome'>;
  private readonly modelInfo: Gauge<'component' | 'model' | 'version'>;
  private readonly servingModels = new Map<string, { model: string; version: string }>();
  private readonly storeErrors: Counter<'operation' | 'code'>;

  constructor(options: PrometheusMetricsOptions = {}) {
    this.labels = new LabelGuard(options.maxLabelValues ?? 100);
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      new Counter<L>({ name, help, labelNames, registers });
    const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
      new Histogram<L>({ name, help, labelNames, buckets, registers });
    this.turns = counter('csbot_turns_total', 'Bot turns handled, by channel and flow action', ['channel', 'action']);
    this.turnDuration = histogram(
      'csbot_turn_duration_seconds',
      'Time from a customer activity to the bot replies being handed to the channel',
      ['channel', 'action'],
      TURN_BUCKETS,
    );
    this.intents = counter('csbot_intents_total', 'Customer messages by recognised intent (none when out of scope)', ['intent']);
    this.outOfScope = counter('csbot_out_of_scope_total', 'Customer messages the NLU judged out of scope', []);
    this.sentiment = counter('csbot_sentiment_total', 'Customer messages by sentiment', ['sentiment']);
    this.handoffs = counter('csbot_handoffs_total', 'Conversations handed to a human, by reason', ['reason']);
    this.recommenderDuration = histogram(
      'csbot_recommender_duration_seconds',
      'Recommender calls by operation and outcome',
      ['operation', 'outcome'],
      RECOMMENDER_BUCKETS,
    );
    this.modelInfo = new Gauge({
      name: 'csbot_model_info',
      help: 'The model each component serves (value 1)',
      labelNames: ['component', 'model', 'version'],
      registers,
    });
    this.storeErrors = counter('csbot_store_errors_total', 'Failed store calls by operation and error code', ['operation', 'code']);
    if (options.processMetrics === true) collectDefaultMetrics({ register: this.registry });
  }

  turnCompleted(turn: TurnObservation): void {
    const labels = { channel: this.labels.value('channel', turn.channel), action: this.labels.value('action', turn.action) };
    this.turns.inc(labels);
    this.turnDuration.observe(labels, nonNegative(turn.durationSeconds));
  }

  messageUnderstood(understanding: UnderstandingObservation): void {
    this.intents.inc({ intent: this.labels.value('intent', understanding.outOfScope === true ? null : understanding.intent) });
    if (understanding.outOfScope === true) this.outOfScope.inc();
    if (understanding.sentiment !== undefined) this.sentiment.inc({ sentiment: understanding.sentiment });
  }

  handoff(reason: string): void {
    this.handoffs.inc({ reason: this.labels.value('reason', reason) });
  }

  recommenderCall(call: RecommenderCallObservation): void {
    this.recommenderDuration.observe({ operation: call.operation, outcome: call.outcome }, nonNegative(call.durationSeconds));
  }

  modelServing(model: ModelObservation): void {
    const previous = this.servingModels.get(model.component);
    if (previous !== undefined) this.modelInfo.remove({ component: model.component, ...previous });
    const current = { model: model.model.slice(0, 128), version: model.version.slice(0, 128) };
    this.servingModels.set(model.component, current);
    this.modelInfo.set({ component: model.component, ...current }, 1);
  }

  storeError(error: StoreErrorObservation): void {
    this.storeErrors.inc({ operation: this.labels.value('operation', error.operation), code: this.labels.value('code', error.code) });
  }

  /** The Prometheus text exposition of every series, with its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function nonNegative(seconds: number): number {
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}
