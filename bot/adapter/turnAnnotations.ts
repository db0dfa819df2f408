import type { NluAnnotation } from '../../core/storage/types.js';

/**
 * NLU annotations of incoming activities, handed from the bot to the transcript store (which logs after the
 * turn). Keyed by conversation and activity id; entries are taken once and the map is bounded.
 */
export class TurnAnnotations {
  private readonly byActivity = new Map<string, NluAnnotation>();

  constructor(private readonly maxEntries = 5000) {}

  record(conversationId: string, activityId: string | undefined, annotation: NluAnnotation): void {
    if (this.byActivity.size >= this.maxEntries) {
      const oldest = this.byActivity.keys().next().value;
      if (oldest !== undefined) this.byActivity.delete(oldest);
    }
    this.byActivity.set(`${conversationId}|${activityId ?? ''}`, annotation);
  }

  take(conversationId: string, activityId: string | undefined): NluAnnotation | undefined {
    const key = `${conversationId}|${activityId ?? ''}`;
    const annotation = this.byActivity.get(key);
    this.byActivity.delete(key);
    return annotation;
  }
}
