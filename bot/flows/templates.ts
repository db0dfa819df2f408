/** Tiny `{{variable}}` templates for flow answers. Variables are checked when flows load. */

/** The shop's policy numbers (flows.yml `policy:`), usable in every answer. */
export const POLICY_VARIABLES = [
  'returnWindowDays', 'refundBusinessDays', 'freeDeliveryOver', 'standardDeliveryDays', 'expressDeliveryDays', 'sameDayDispatchBefore',
] as const;

export const TEMPLATE_VARIABLES = [
  'name', 'orderNumber', 'itemSummary', 'placedOn', 'shippedOn', 'deliveredOn', 'statusOn', 'returnBy', 'refundBy', 'orderTotal',
  'trackingNumber', 'triesLeft', 'query', 'productTitle', 'productPrice', 'productDescription', 'explanation', 'maxChars',
  'candidates', 'example', ...POLICY_VARIABLES,
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string | number>>;

const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

export function templateVariables(template: string): string[] {
  return [...template.matchAll(VARIABLE)].map((m) => m[1] ?? '');
}

/** Fills the variables; an empty one takes its separator with it ("Hi {{name}}!" without a name is "Hi!"). */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template
    .replace(VARIABLE, (_whole, name: string) => {
      const value = values[name as TemplateVariable];
      return value === undefined ? '' : String(value);
    })
    .replace(/ {2,}/g, ' ')
    .replace(/ ([,.!?:])/g, '$1')
    .replace(/,([:!?.])/g, '$1')
    .replace(/\.{2,}/g, '.')
    .trim();
}
