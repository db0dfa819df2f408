import type { ShopPolicy, ShopSettings } from './flowBook.js';
import type { TemplateValues } from './templates.js';

/** Dates, prices and policy values as a shopper reads them, in the shop's locale and time zone. */

const DAY_MS = 86_400_000;

export interface ShopFormat {
  /** "9 December 2011" */
  date(value: Date): string;
  /** "9 Dec 2011", for button titles */
  shortDate(value: Date): string;
  /** "£2.95", "£12.00"; "12.00 XYZ" when the runtime does not know the currency */
  money(amount: number, currency: string): string;
  /** The policy numbers as template values (amounts formatted). */
  readonly policyValues: TemplateValues;
}

export function createShopFormat(shop: ShopSettings, policy: ShopPolicy): ShopFormat {
  const long = new Intl.DateTimeFormat(shop.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: shop.timeZone });
  const short = new Intl.DateTimeFormat(shop.locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: shop.timeZone });
  const money = (amount: number, currency: string, whole = false): string => formatMoney(shop.locale, amount, currency, whole);
  return {
    date: (value) => long.format(value),
    shortDate: (value) => short.format(value).replace(/\./g, ''),
    money: (amount, currency) => money(amount, currency),
    policyValues: {
      returnWindowDays: policy.returnWindowDays,
      refundBusinessDays: policy.refundBusinessDays,
      freeDeliveryOver: money(policy.freeDeliveryOver, shop.currency, Number.isInteger(policy.freeDeliveryOver)),
      standardDeliveryDays: policy.standardDeliveryDays,
      expressDeliveryDays: policy.expressDeliveryDays,
      sameDayDispatchBefore: policy.sameDayDispatchBefore,
    },
  };
}

/** "£2.95"; `whole`: without pennies ("£50"); "2.95 XYZ" when the runtime does not know the currency. */
export function formatMoney(locale: string, amount: number, currency: string, whole = false): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount.toFixed(whole ? 0 : 2)} ${currency}`;
  }
}

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** `days` working days (Monday to Friday) after `from`; public holidays are not known here. */
export function addBusinessDays(from: Date, days: number): Date {
  let date = from;
  let left = days;
  while (left > 0) {
    date = addDays(date, 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return date;
}
