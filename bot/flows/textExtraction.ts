/** Small, explainable text helpers the flows use on customer messages. */

const ORDER_NUMBER = /(?:^|[\s#:(])([A-Za-z]{0,4}-?\d{4,12})(?=$|[\s.,!?)])/;

/** Finds an order-number-like token ("536365", "#536365", "uci-536365", "ORD-1042") as typed, or undefined. */
export function extractOrderNumber(text: string): string | undefined {
  const match = ORDER_NUMBER.exec(text.trim());
  return match?.[1];
}

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+/;

/** The first email address in the text, or undefined. */
export function extractEmail(text: string): string | undefined {
  return EMAIL.exec(text)?.[0];
}

const FILLER = new Set(
  (
    'i im i\'m am a an the me my for to some any something anything please can could you would like want need ' +
    'looking look search find show recommend recommendation recommendations suggest suggestion suggestions buy ' +
    'get give got have do does what which good nice new products product items item stuff things thing ' +
    'with of in on and or us we our is are be maybe perhaps also too really just sell sold ' +
    // who it is for says nothing about what it is
    'mum mom dad mother father wife husband partner friend friends girlfriend boyfriend son daughter kid kids child children'
  ).split(/\s+/),
);

/** Keeps the content words of a product request: "I'm looking for candles" → "candles". */
export function extractProductQuery(text: string): string | undefined {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9'\s-]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 1 && !FILLER.has(w));
  return words.length === 0 ? undefined : words.join(' ');
}
