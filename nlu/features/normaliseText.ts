/**
 * One normal form for every text the NLU sees (training data, evaluation sets, live messages): it undoes PTB
 * tokenisation (`does n't`, `-lrb-`, `moore 's`, spaces before punctuation) so tokenised corpora and chat text meet.
 * Case is kept: the encoder may use it; n-gram features lowercase on their own.
 */
const PTB_BRACKETS: Record<string, string> = { '-lrb-': '(', '-rrb-': ')', '-lsb-': '[', '-rsb-': ']', '-lcb-': '{', '-rcb-': '}' };

export function normaliseText(text: string): string {
  return text
    .replace(/-[lr][rsc]b-/giu, (token) => PTB_BRACKETS[token.toLowerCase()] ?? token)
    .replace(/``|''/gu, '"')
    .replace(/(^|\s)`(?=\s)/gu, "$1'")
    .replace(/ (n't|'s|'re|'ve|'ll|'d|'m)\b/giu, '$1')
    .replace(/ ([.,!?;:%)\]}])/gu, '$1')
    .replace(/([([{]) /gu, '$1')
    .replace(/\s+/gu, ' ')
    .trim();
}
