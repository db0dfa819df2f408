import type { LanguageResult } from '../types.js';

/**
 * Language identification with eld (Efficient Language Detector, offline n-gram tables, 60 languages; the 'small'
 * table: 1.6 MB, loads in about a second, ~0.15 ms a message). A message is `unsupported` only when the detector is
 * reliable about a language outside `languages`: short replies ("ok", "no", "refund") are often unreliable and then
 * count as supported, so the bot never refuses a plain English answer because it is too short to tell.
 */
interface Eld {
  detect(text: string): { language: string; isReliable(): boolean };
}

export class LanguageDetector {
  private readonly languages: ReadonlySet<string>;

  private constructor(
    private readonly eld: Eld,
    languages: readonly string[],
  ) {
    this.languages = new Set(languages.map((l) => l.toLowerCase()));
  }

  /** `languages`: ISO 639-1 codes the intents and encoder cover (e.g. ['en']). */
  static async load(languages: readonly string[]): Promise<LanguageDetector> {
    const { eld } = await import('eld/small');
    return new LanguageDetector(eld, languages);
  }

  detect(text: string): LanguageResult {
    const result = this.eld.detect(text);
    const reliable = result.language !== '' && result.isReliable();
    const code = reliable ? result.language : 'und';
    return { code, reliable, unsupported: reliable && !this.languages.has(code) };
  }
}
