/** Tiny `{{variable}}` templates for flow answers. Variables are checked when flows load. */

export const TEMPLATE_VARIABLES = [
  'name', 'orderId', 'status', 'trackingNumber', 'placedAt', 'itemCount', 'query', 'productTitle', 'productPrice',
  'productDescription', 'maxChars', 'candidates', 'example',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string | number>>;

const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

export function templateVariables(template: string): string[] {
  return [...template.matchAll(VARIABLE)].map((m) => m[1] ?? '');
}

export function renderTemplate(template: string, values: TemplateValues): string {
  return template
    .replace(VARIABLE, (_whole, name: string) => {
      const value = values[name as TemplateVariable];
      return value === undefined ? '' : String(value);
    })
    .replace(/ {2,}/g, ' ')
    .replace(/ ([,.!?])/g, '$1')
    .trim();
}
