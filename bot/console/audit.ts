import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditDetails, AuditTargetType } from '../../core/storage/consoleTypes.js';
import type { ConsoleStore, Principal } from './consoleStore.js';

/** Writes audit entries for what people do in the console and through the agent API. */
export class AuditRecorder {
  constructor(
    private readonly store: Pick<ConsoleStore, 'auditLog'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(actor: Principal, action: AuditAction, target: { type: AuditTargetType; id: string }, details?: AuditDetails): Promise<void> {
    await this.store.auditLog.append({
      id: randomUUID(),
      at: this.now(),
      actorId: actor.user.id,
      actorEmail: actor.user.email,
      action,
      targetType: target.type,
      targetId: target.id,
      details: { ...details, via: actor.via },
    });
  }
}
