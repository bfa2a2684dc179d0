import { describe, expect, it } from 'vitest';
import { moneyOf, requireMoneyPence } from './money.ts';

const refusal = (field: string, message: RegExp) => expect.objectContaining({ message: expect.stringMatching(message), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) });

describe('money', () => {
  it('turns a MoneyInput into whole pence, exactly, GBP by default', () => {
    expect(requireMoneyPence({ amount: '240.5' }, 'input.loss')).toBe(24050n);
    expect(requireMoneyPence({ amount: '0.01', currencyCode: 'GBP' }, 'input.loss')).toBe(1n);
    expect(requireMoneyPence({ amount: '100000000' }, 'input.loss')).toBe(10_000_000_000n);
    // A float would lose this penny: 0.1 + 0.2 pounds is 30 pence, not 30.000000000000004.
    expect(requireMoneyPence({ amount: '0.30' }, 'input.loss')).toBe(30n);
  });

  it('refuses a negative, too large or malformed amount, and any currency but GBP, naming the field', () => {
    expect(() => requireMoneyPence({ amount: '-0.01' }, 'input.loss')).toThrow(refusal('input.loss.amount', /cannot be negative/));
    expect(() => requireMoneyPence({ amount: '100000000.01' }, 'input.loss')).toThrow(refusal('input.loss.amount', /at most 100000000/));
    expect(() => requireMoneyPence({ amount: '5.00' }, 'input.loss', { max: 4 })).toThrow(refusal('input.loss.amount', /at most 4/));
    expect(() => requireMoneyPence({ amount: '1e5' }, 'input.loss')).toThrow(refusal('input.loss.amount', /at most 2 decimal places/));
    expect(() => requireMoneyPence({ amount: '10', currencyCode: 'EUR' }, 'input.loss')).toThrow(refusal('input.loss.currencyCode', /GBP/));
  });

  it('answers pence as Money', () => {
    expect(moneyOf(24050n)).toEqual({ amount: '240.50', currencyCode: 'GBP' });
    expect(moneyOf(7)).toEqual({ amount: '0.07', currencyCode: 'GBP' });
  });
});
