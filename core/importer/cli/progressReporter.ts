import type { ImportProgress } from '../importStats.js';

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressReporter {
  update(progress: ImportProgress): void;
  /** Ends a TTY bar with a newline; nothing for plain lines. */
  finish(): void;
}

const MB = 1024 * 1024;

function rate(progress: ImportProgress): number {
  return progress.elapsedMs > 0 ? Math.round((progress.rowsRead * 1000) / progress.elapsedMs) : 0;
}

function describe(progress: ImportProgress): string {
  const percent = progress.totalBytes > 0 ? (100 * progress.bytesRead) / progress.totalBytes : 100;
  return (
    `${percent.toFixed(1).padStart(5)}% ${(progress.bytesRead / MB).toFixed(1)}/${(progress.totalBytes / MB).toFixed(1)} MB ` +
    `${progress.rowsRead.toLocaleString('en-US')} rows ${rate(progress).toLocaleString('en-US')} rows/s`
  );
}

/**
 * On a TTY: one redrawn bar line (bytes read / total, rows/s). Otherwise: a plain line at most every
 * `minIntervalMs`, so CI logs stay short.
 */
export function createProgressReporter(sink: ProgressSink, minIntervalMs = 2000): ProgressReporter {
  const tty = sink.isTTY === true;
  let lastDrawn = 0;
  let drewBar = false;
  return {
    update(progress) {
      const now = Date.now();
      const done = progress.bytesRead >= progress.totalBytes;
      if (!done && now - lastDrawn < (tty ? 100 : minIntervalMs)) return;
      lastDrawn = now;
      if (!tty) {
        sink.write(`progress: ${describe(progress)}\n`);
        return;
      }
      const width = 30;
      const fraction = progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : 1;
      const filled = Math.round(fraction * width);
      sink.write(`\r\u001b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${describe(progress)}`);
      drewBar = true;
    },
    finish() {
      if (drewBar) sink.write('\n');
      drewBar = false;
    },
  };
}
