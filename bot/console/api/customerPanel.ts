import type { Conversation, Customer, Interaction, Order } from '../../../core/storage/types.js';
import type { ConsoleStore } from '../consoleStore.js';

const RECENT_ORDERS = 5;
const RECENT_INTERACTIONS = 10;
const OTHER_CONVERSATIONS = 5;

export interface CustomerPanel {
  customer: Customer | null;
  orders: Array<Order & { total: number; titles: Record<string, string> }>;
  interactions: Array<Interaction & { title?: string }>;
  conversations: Array<Pick<Conversation, 'id' | 'status' | 'channel' | 'updatedAt'>>;
  /** The suggestions the bot showed and why need suggestion events the bot does not record yet: say so, show nothing. */
  suggestions: { recorded: false; message: string };
}

/** What the agent sees beside a transcript: the customer's profile, recent orders and interactions, other conversations. */
export async function customerPanel(store: Pick<ConsoleStore, 'customers' | 'orders' | 'interactions' | 'products' | 'inbox'>, conversation: Conversation): Promise<CustomerPanel> {
  const suggestions = { recorded: false as const, message: 'The bot does not record the suggestions it shows yet; they will be listed here, with the reason for each, once it does.' };
  const customerId = conversation.customerId;
  if (customerId === undefined) return { customer: null, orders: [], interactions: [], conversations: [], suggestions };
  const [customer, orders, interactions, others] = await Promise.all([
    store.customers.get(customerId),
    store.orders.listByCustomer(customerId, { limit: RECENT_ORDERS }),
    store.interactions.listByCustomer(customerId, { limit: RECENT_INTERACTIONS }),
    store.inbox.search({ customerId, limit: OTHER_CONVERSATIONS + 1 }),
  ]);
  const productIds = [...new Set([...orders.items.flatMap((o) => o.lines.map((l) => l.productId)), ...interactions.items.map((i) => i.productId)])];
  const titles = new Map((await store.products.getMany(productIds)).map((p) => [p.id, p.title]));
  return {
    customer: customer ?? null,
    orders: orders.items.map((order) => ({
      ...order,
      total: Math.round(order.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0) * 100) / 100,
      titles: Object.fromEntries(order.lines.flatMap((l) => (titles.has(l.productId) ? [[l.productId, titles.get(l.productId) as string]] : []))),
    })),
    interactions: interactions.items.map((i) => (titles.has(i.productId) ? { ...i, title: titles.get(i.productId) as string } : i)),
    conversations: others.items
      .filter((item) => item.conversation.id !== conversation.id)
      .slice(0, OTHER_CONVERSATIONS)
      .map(({ conversation: c }) => ({ id: c.id, status: c.status, channel: c.channel, updatedAt: c.updatedAt })),
    suggestions,
  };
}
