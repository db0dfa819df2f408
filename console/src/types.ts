/** The console API's answers as the browser receives them (dates are ISO strings). */

export type Role = 'admin' | 'agent' | 'marketer';
export type ConversationStatus = 'bot' | 'pending' | 'agent' | 'closed';
export type Sentiment = 'negative' | 'neutral' | 'positive';
export type Permission =
  | 'conversations:read'
  | 'conversations:annotate'
  | 'conversations:reply'
  | 'customers:read'
  | 'customers:export'
  | 'customers:delete'
  | 'users:manage'
  | 'audit:read'
  | 'account:self';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastLoginAt?: string;
}

export interface SessionInfo {
  user: User;
  permissions: Permission[];
  csrfToken: string | null;
}

export interface Conversation {
  id: string;
  channel: string;
  customerId?: string;
  status: ConversationStatus;
  assignedAgent?: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface NluAnnotation {
  intent?: string;
  confidence?: number;
  outOfScope?: boolean;
  sentiment?: Sentiment;
  sentimentScore?: number;
}

export interface InboxMessage {
  entryId: string;
  role: 'customer' | 'bot' | 'agent';
  text: string;
  timestamp: string;
}

export interface InboxItem {
  conversation: Conversation;
  customerName?: string;
  messageCount: number;
  lastMessage?: InboxMessage;
  lastNlu?: NluAnnotation;
  match?: InboxMessage;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  serverTime: string;
}

export interface InboxSummary {
  counts: Record<ConversationStatus, number>;
  facets: { intents: string[]; tags: string[]; channels: string[] };
}

export interface TranscriptEntry {
  id: string;
  conversationId: string;
  role: 'customer' | 'bot' | 'agent';
  text: string;
  nlu?: NluAnnotation;
  timestamp: string;
}

export interface ConversationView {
  conversation: Conversation;
  handoffReasons: string[];
  transcript: { items: TranscriptEntry[]; nextCursor: string | null };
  serverTime: string;
}

export interface Note {
  id: string;
  conversationId: string;
  authorName: string;
  text: string;
  createdAt: string;
}

export interface OrderLine {
  productId: string;
  quantity: number;
  unitPrice: number;
}

export interface CustomerPanelData {
  customer: { id: string; name?: string; email?: string; locale?: string; country?: string; createdAt: string } | null;
  orders: Array<{ id: string; status: string; currency: string; placedAt: string; trackingNumber?: string; total: number; lines: OrderLine[]; titles: Record<string, string> }>;
  interactions: Array<{ id: string; kind: string; productId: string; title?: string; timestamp: string; value: number }>;
  conversations: Array<{ id: string; status: ConversationStatus; channel: string; updatedAt: string }>;
  suggestions: { recorded: false; message: string };
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorEmail: string;
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, string | number | boolean | null>;
}
