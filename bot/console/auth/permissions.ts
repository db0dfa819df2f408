import type { ConsoleRole } from '../../../core/storage/consoleTypes.js';

/**
 * What each role may do. Route modules ask for a permission, never for a role, so a new role or a changed rule is
 * one edit here. API tokens act with the current role of the user who created them.
 */
export const PERMISSIONS = {
  /** The inbox, conversation views and transcripts. */
  'conversations:read': ['admin', 'agent', 'marketer'],
  /** Internal notes and tags. */
  'conversations:annotate': ['admin', 'agent'],
  /** Claim, reply, transfer, release and close a conversation (the agent API). */
  'conversations:reply': ['admin', 'agent'],
  /** The customer panel: profile, orders and interactions. */
  'customers:read': ['admin', 'agent'],
  /** Export or delete what is stored about a customer. */
  'customers:export': ['admin'],
  'customers:delete': ['admin'],
  'users:manage': ['admin'],
  'audit:read': ['admin'],
  /** One's own API tokens and password. */
  'account:self': ['admin', 'agent', 'marketer'],
} as const satisfies Record<string, readonly ConsoleRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: ConsoleRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly ConsoleRole[]).includes(role);
}

export function permissionsOf(role: ConsoleRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(role, permission));
}
