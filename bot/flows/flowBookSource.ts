import { unwatchFile, watchFile, type Stats } from 'node:fs';
import type { Logger } from '../../core/logger.js';
import { loadFlowBook, type FlowBook } from './flowBook.js';

/**
 * Holds the current FlowBook and reloads it when the file changes. A broken edit keeps the previous flows and
 * logs the error (with file and entry); a good edit swaps in atomically.
 */
export class FlowBookSource {
  private book: FlowBook;
  private watching = false;

  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {
    this.book = loadFlowBook(file);
    logger.info({ file, version: this.book.version }, 'flows loaded');
  }

  current(): FlowBook {
    return this.book;
  }

  /** Re-reads the file; returns true when the new flows were taken, false when the old ones were kept. */
  reload(): boolean {
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

  /** Polls the file for changes (robust to editors that replace the file). */
  watch(intervalMs = 1000): void {
    if (this.watching) return;
    this.watching = true;
    watchFile(this.file, { interval: intervalMs, persistent: false }, this.onChange);
  }

  close(): void {
    if (!this.watching) return;
    unwatchFile(this.file, this.onChange);
    this.watching = false;
  }

  private readonly onChange = (current: Stats, previous: Stats): void => {
    if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size) this.reload();
  };
}
