// Money as the graph carries it (schema/CONVENTIONS.md §3): `Money { amount: Decimal!, currencyCode }`
// out, `MoneyInput` in, whole pence (a BIGINT) in the database. Pounds sterling only.
import { ErrorCode, userError } from './errors.ts';
import { parseDecimalPence, penceToDecimal } from './scalars.ts';

/** The currencies the hub deals in (the schema's `CurrencyCode`). */
export type CurrencyCode = 'GBP';

export interface MoneyValue {
  amount: string;
  currencyCode: CurrencyCode;
}

export interface MoneyInputValue {
  /** A Decimal: the scalar has checked its form (digits, at most 2 places). */
  amount: string;
  currencyCode?: string | null;
}

/** The most any amount of money in the graph may be, in pounds (every such amount fits a BIGINT of pence). */
export const maxPounds = 100_000_000;

/**
 * A non-negative amount of money in pounds sterling, at most `max` pounds, as whole pence;
 * BAD_USER_INPUT naming `<field>.amount` (or `<field>.currencyCode`) otherwise.
 */
export function requireMoneyPence(money: MoneyInputValue, field: string, { max = maxPounds }: { max?: number } = {}): bigint {
  const amountField = `${field}.amount`;
  if ((money.currencyCode ?? 'GBP') !== 'GBP') {
    throw userError(ErrorCode.BAD_USER_INPUT, `${field}.currencyCode must be GBP: the hub deals in pounds sterling.`, { field: `${field}.currencyCode` });
  }
  let pence: bigint;
  try {
    pence = parseDecimalPence(money.amount);
  } catch {
    throw userError(ErrorCode.BAD_USER_INPUT, `${amountField} must be an amount with at most 2 decimal places, e.g. "240.50".`, { field: amountField });
  }
  if (pence < 0n) throw userError(ErrorCode.BAD_USER_INPUT, `${amountField} cannot be negative.`, { field: amountField });
  if (pence > BigInt(max) * 100n) throw userError(ErrorCode.BAD_USER_INPUT, `${amountField} must be at most ${max}.`, { field: amountField });
  return pence;
}

/** Whole pence as the schema's `Money`, e.g. 24050n → `{ amount: "240.50", currencyCode: "GBP" }`. */
export function moneyOf(pence: bigint | number): MoneyValue {
  return { amount: penceToDecimal(pence), currencyCode: 'GBP' };
}
