/**
 * Minimal XML well-formedness check for the charts' output: balanced tags, quoted attributes, escaped text.
 * Returns the element names in document order; throws an Error describing the first problem.
 */
export function parseXmlElements(xml: string): string[] {
  const stack: string[] = [];
  const names: string[] = [];
  const tagPattern = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt === -1 ? xml.slice(i) : xml.slice(i, lt);
    if (/&(?!(amp|lt|gt|quot|#39|#\d+);)/.test(text)) throw new Error(`unescaped & in text near offset ${i}`);
    if (text.includes('>')) throw new Error(`stray > in text near offset ${i}`);
    if (lt === -1) break;
    if (xml.startsWith('<!DOCTYPE', lt)) {
      i = xml.indexOf('>', lt) + 1;
      continue;
    }
    tagPattern.lastIndex = lt;
    const match = tagPattern.exec(xml);
    if (match === null) throw new Error(`malformed tag at offset ${lt}: ${xml.slice(lt, lt + 60)}`);
    const [, closing, name, , selfClosing] = match;
    if (closing === '/') {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open ?? 'nothing'}> at offset ${lt}`);
    } else {
      names.push(name);
      if (selfClosing !== '/') stack.push(name);
    }
    i = tagPattern.lastIndex;
  }
  if (stack.length > 0) throw new Error(`unclosed elements: ${stack.join(', ')}`);
  return names;
}
