import type { ConversationStatus, Sentiment } from './types';

/** "4 min", "2 h 5 min", "3 d" between two instants. */
export function duration(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function time(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export const STATUS_LABEL: Record<ConversationStatus, string> = { pending: 'Waiting for an agent', agent: 'With an agent', bot: 'With the bot', closed: 'Closed' };
/** Short forms for badges in lists. */
export const STATUS_SHORT: Record<ConversationStatus, string> = { pending: 'Pending', agent: 'With agent', bot: 'Bot', closed: 'Closed' };
export const STATUS_COLOR: Record<ConversationStatus, string> = { pending: 'orange', agent: 'blue', bot: 'gray', closed: 'dark' };
export const SENTIMENT_COLOR: Record<Sentiment, string> = { negative: 'red', neutral: 'gray', positive: 'teal' };

export function percent(value: number | undefined): string {
  return value === undefined ? '' : `${Math.round(value * 100)}%`;
}

/** `track_order` → "track order". */
export function intentLabel(intent: string): string {
  return intent.replaceAll('_', ' ');
}
