import { describe, expect, it } from 'vitest';
import { OVERFLOW_LABEL } from '../../../core/metrics/labelGuard.js';
import { PrometheusMetrics } from '../../../core/metrics/prometheusMetrics.js';
import { sample } from './exposition.js';

async function text(metrics: PrometheusMetrics): Promise<string> {
  return (await metrics.exposition()).body;
}

describe('PrometheusMetrics', () => {
  it('counts turns by channel and action and records their latency in the histogram', async () => {
    const metrics = new PrometheusMetrics();
    metrics.turnCompleted({ channel: 'directline', action: 'recommend', durationSeconds: 0.02 });
    metrics.turnCompleted({ channel: 'directline', action: 'recommend', durationSeconds: 3 });
    metrics.turnCompleted({ channel: 'emulator', action: 'fallback', durationSeconds: 0.004 });
    const body = await text(metrics);
    const recommend = { channel: 'directline', action: 'recommend' };
    expect(sample(body, 'csbot_turns_total', recommend)).toBe(2);
    expect(sample(body, 'csbot_turns_total', { channel: 'emulator', action: 'fallback' })).toBe(1);
    expect(sample(body, 'csbot_turn_duration_seconds_count', recommend)).toBe(2);
    expect(sample(body, 'csbot_turn_duration_seconds_sum', recommend)).toBeCloseTo(3.02);
    expect(sample(body, 'csbot_turn_duration_seconds_bucket', { ...recommend, le: '0.025' })).toBe(1);
    expect(sample(body, 'csbot_turn_duration_seconds_bucket', { ...recommend, le: '5' })).toBe(2);
  });

  it('counts intents, out-of-scope messages and sentiment', async () => {
    const metrics = new PrometheusMetrics();
    metrics.messageUnderstood({ intent: 'track_order', outOfScope: false, sentiment: 'neutral' });
    metrics.messageUnderstood({ intent: 'track_order', outOfScope: false, sentiment: 'negative' });
    metrics.messageUnderstood({ intent: 'get_refund', outOfScope: true, sentiment: 'negative' });
    metrics.messageUnderstood({ intent: null });
    const body = await text(metrics);
    expect(sample(body, 'csbot_intents_total', { intent: 'track_order' })).toBe(2);
    expect(sample(body, 'csbot_intents_total', { intent: 'get_refund' })).toBeUndefined();
    expect(sample(body, 'csbot_intents_total', { intent: 'none' })).toBe(2);
    expect(sample(body, 'csbot_out_of_scope_total')).toBe(1);
    expect(sample(body, 'csbot_sentiment_total', { sentiment: 'negative' })).toBe(2);
    expect(sample(body, 'csbot_sentiment_total', { sentiment: 'neutral' })).toBe(1);
  });

  it('counts handoffs by reason and store errors by operation and code', async () => {
    const metrics = new PrometheusMetrics();
    metrics.handoff('negative_sentiment');
    metrics.handoff('negative_sentiment');
    metrics.handoff('requested');
    metrics.storeError({ operation: 'conversations.update', code: 'STORAGE_UNAVAILABLE' });
    const body = await text(metrics);
    expect(sample(body, 'csbot_handoffs_total', { reason: 'negative_sentiment' })).toBe(2);
    expect(sample(body, 'csbot_handoffs_total', { reason: 'requested' })).toBe(1);
    expect(sample(body, 'csbot_store_errors_total', { operation: 'conversations.update', code: 'STORAGE_UNAVAILABLE' })).toBe(1);
  });

  it('records recommender latency by operation and outcome', async () => {
    const metrics = new PrometheusMetrics();
    metrics.recommenderCall({ operation: 'recommendForCustomer', outcome: 'ok', durationSeconds: 0.004 });
    metrics.recommenderCall({ operation: 'recommendForCustomer', outcome: 'error', durationSeconds: 0.5 });
    metrics.recommenderCall({ operation: 'similarProducts', outcome: 'ok', durationSeconds: -1 });
    const body = await text(metrics);
    const ok = { operation: 'recommendForCustomer', outcome: 'ok' };
    expect(sample(body, 'csbot_recommender_duration_seconds_count', ok)).toBe(1);
    expect(sample(body, 'csbot_recommender_duration_seconds_bucket', { ...ok, le: '0.005' })).toBe(1);
    expect(sample(body, 'csbot_recommender_duration_seconds_count', { operation: 'recommendForCustomer', outcome: 'error' })).toBe(1);
    expect(sample(body, 'csbot_recommender_duration_seconds_sum', { operation: 'similarProducts', outcome: 'ok' })).toBe(0);
  });

  it('shows one model-info series per component, replaced when the model changes', async () => {
    const metrics = new PrometheusMetrics();
    metrics.modelServing({ component: 'recommender', model: 'als', version: 'als-1' });
    metrics.modelServing({ component: 'intents', model: 'hybrid', version: 'v1' });
    metrics.modelServing({ component: 'recommender', model: 'ease', version: 'ease-2' });
    const body = await text(metrics);
    expect(sample(body, 'csbot_model_info', { component: 'recommender', model: 'als', version: 'als-1' })).toBeUndefined();
    expect(sample(body, 'csbot_model_info', { component: 'recommender', model: 'ease', version: 'ease-2' })).toBe(1);
    expect(sample(body, 'csbot_model_info', { component: 'intents', model: 'hybrid', version: 'v1' })).toBe(1);
  });

  it('caps the distinct values of a label so that unexpected input cannot grow the series without bound', async () => {
    const metrics = new PrometheusMetrics({ maxLabelValues: 2 });
    for (const channel of ['directline', 'emulator', 'forged-1', 'forged-2', 'directline']) {
      metrics.turnCompleted({ channel, action: 'answer', durationSeconds: 0.01 });
    }
    metrics.turnCompleted({ channel: 'x'.repeat(500), action: '', durationSeconds: 0.01 });
    const body = await text(metrics);
    expect(sample(body, 'csbot_turns_total', { channel: 'directline', action: 'answer' })).toBe(2);
    expect(sample(body, 'csbot_turns_total', { channel: OVERFLOW_LABEL, action: 'answer' })).toBe(2);
    expect(sample(body, 'csbot_turns_total', { channel: OVERFLOW_LABEL, action: 'none' })).toBe(1);
    expect(body).not.toContain('forged');
  });

  it('keeps each instance in its own registry: two servers in one process never share counts', async () => {
    const first = new PrometheusMetrics();
    const second = new PrometheusMetrics();
    first.handoff('requested');
    expect(sample(await text(first), 'csbot_handoffs_total', { reason: 'requested' })).toBe(1);
    expect(sample(await text(second), 'csbot_handoffs_total', { reason: 'requested' })).toBeUndefined();
  });

  it('serves the Prometheus text format, with process and event-loop metrics only when asked', async () => {
    const plain = await new PrometheusMetrics().exposition();
    expect(plain.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(plain.body).toContain('# TYPE csbot_turns_total counter');
    expect(plain.body).toContain('# TYPE csbot_turn_duration_seconds histogram');
    expect(plain.body).not.toContain('nodejs_eventloop_lag_seconds');
    const withProcess = await new PrometheusMetrics({ processMetrics: true }).exposition();
    expect(sample(withProcess.body, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(withProcess.body, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
