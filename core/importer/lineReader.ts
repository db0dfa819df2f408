import type { Readable } from 'node:stream';
import type { InvalidUtf8Policy, SkipReason } from './types.js';

export type RawLine =
  | { ok: true; line: number; text: string; replacedInvalidBytes: boolean }
  | { ok: false; line: number; reason: SkipReason; message: string };

export interface LineReaderOptions {
  /** Lines longer than this many bytes are reported as `too-large` and skipped without being buffered. */
  maxLineBytes: number;
  invalidUtf8: InvalidUtf8Policy;
  onBytes?: (bytesRead: number) => void;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8', { fatal: false });

function decodeLine(bytes: Buffer, line: number, policy: InvalidUtf8Policy): RawLine {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === CARRIAGE_RETURN) end -= 1;
  const body = bytes.subarray(0, end);
  try {
    return { ok: true, line, text: strictDecoder.decode(body), replacedInvalidBytes: false };
  } catch {
    if (policy === 'replace') {
      return { ok: true, line, text: lenientDecoder.decode(body), replacedInvalidBytes: true };
    }
    return {
      ok: false,
      line,
      reason: 'invalid-encoding',
      message: 'invalid UTF-8 bytes: line skipped (re-encode the file as UTF-8, or pass --invalid-utf8 replace)',
    };
  }
}

/**
 * Splits a byte stream into lines with a hard cap on line length: memory stays bounded even for a
 * single 100 MB line, which is reported as one `too-large` line and skipped up to the next newline.
 */
export async function* readLines(input: Readable, options: LineReaderOptions): AsyncGenerator<RawLine> {
  const { maxLineBytes, invalidUtf8, onBytes } = options;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversized = false;
  let line = 1;
  let bytesRead = 0;

  const finishLine = (): RawLine => {
    const current = line;
    line += 1;
    if (oversized) {
      const skipped = pendingBytes;
      oversized = false;
      pending = [];
      pendingBytes = 0;
      return {
        ok: false,
        line: current,
        reason: 'too-large',
        message: `line longer than ${maxLineBytes} bytes (${skipped} bytes): skipped`,
      };
    }
    const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    return decodeLine(bytes ?? Buffer.alloc(0), current, invalidUtf8);
  };

  const append = (part: Buffer): void => {
    pendingBytes += part.length;
    if (oversized) return;
    if (pendingBytes > maxLineBytes) {
      oversized = true;
      pending = [];
      return;
    }
    pending.push(part);
  };

  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytesRead += buffer.length;
    let start = 0;
    for (;;) {
      const newline = buffer.indexOf(NEWLINE, start);
      if (newline === -1) break;
      append(buffer.subarray(start, newline));
      yield finishLine();
      start = newline + 1;
    }
    // Copy the tail: the chunk buffer may be reused by the stream.
    if (start < buffer.length) append(Buffer.from(buffer.subarray(start)));
    onBytes?.(bytesRead);
  }
  if (pendingBytes > 0 || oversized) yield finishLine();
}
