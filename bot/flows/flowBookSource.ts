import { statSync } from 'node:fs';
import type { Logger } from '../../core/logger.js';
import { loadFlowBook, type FlowBook } from './flowBook.js';

/**
 * Holds the current FlowBook and reloads it when the file changes. A broken edit keeps the previous flows and
 * logs the error (with file and entry); a good edit swaps in atomically.
 */
export class FlowBookSource {
  private book: FlowBook;
  private timer: NodeJS.Timeout | undefined;
  /** Stat of the file as last read (good or broken), so an edit made at any time after it is seen. */
  private seen: string;

  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {
    this.seen = this.fingerprint();
    this.book = loadFlowBook(file);
    logger.info({ file, version: this.book.version }, 'flows loaded');
  }

  current(): FlowBook {
    return this.book;
  }

  /** Re-reads the file; returns true when the new flows were taken, false when the old ones were kept. */
  reload(): boolean {
    this.seen = this.fingerprint();
    try {
      const next = loadFlowBook(this.file);
      this.book = next;
      this.logger.info({ file: this.file, version: next.version }, 'flows reloaded');
      return true;
    } catch (error) {
      this.logger.error({ err: error, file: this.file }, 'flows reload failed: keeping the previous flows');
      return false;
    }
  }

  /**
   * Polls the file for changes (robust to editors that replace the file). Compares with the file as last read, not
   * with the first poll, so an edit made between loading and watching is not missed.
   */
  watch(intervalMs = 1000): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      if (this.fingerprint() !== this.seen) this.reload();
    }, intervalMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private fingerprint(): string {
    try {
      const stat = statSync(this.file);
      return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      return 'missing';
    }
  }
}
