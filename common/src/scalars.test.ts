import { describe, expect, it } from 'vitest';
import { DateScalar, DateTimeScalar, DecimalScalar, PostcodeScalar, parseDecimalPence, penceToDecimal, scalarsDeclaredIn } from './scalars.ts';

describe('scalars', () => {
  it('reads RFC 3339 date-times with an offset and answers them in UTC', () => {
    expect(DateTimeScalar.parseValue('2026-11-20T14:30:00+01:00')).toEqual(new Date('2026-11-20T13:30:00Z'));
    expect(DateTimeScalar.serialize(new Date('2026-11-20T13:30:00Z'))).toBe('2026-11-20T13:30:00.000Z');
  });

  it.each(['2026-11-20', '2026-11-20T14:30:00', 'yesterday', '2026-13-40T00:00:00Z', '2026-02-30T00:00:00Z', '2026-11-20T24:00:00Z', '2026-11-20T12:60:00+01:00', 'x'.repeat(41)])(
    'refuses the date-time %j with BAD_USER_INPUT',
    (value) => {
      expect(() => DateTimeScalar.parseValue(value)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }));
    },
  );

  it('reads calendar dates and refuses impossible ones', () => {
    expect(DateScalar.parseValue('2024-02-29')).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(() => DateScalar.parseValue('2025-02-29')).toThrow(/YYYY-MM-DD/);
    expect(DateScalar.serialize(new Date('2026-11-20T23:59:00Z'))).toBe('2026-11-20');
  });

  it('keeps money exact to the penny', () => {
    expect(parseDecimalPence('1250.5')).toBe(125050n);
    expect(parseDecimalPence('0.07')).toBe(7n);
    expect(penceToDecimal(125050n)).toBe('1250.50');
    expect(penceToDecimal(7)).toBe('0.07');
    expect(DecimalScalar.serialize(900719925474099312n)).toBe('9007199254740993.12');
    expect(() => DecimalScalar.parseValue(12.5)).toThrow(/string/);
    expect(() => DecimalScalar.parseValue('1.234')).toThrow(/2 decimal places/);
  });

  it('normalises postcodes and refuses malformed ones with INVALID_POSTCODE', () => {
    expect(PostcodeScalar.parseValue('st16  2ab')).toBe('ST16 2AB');
    expect(() => PostcodeScalar.parseValue('ST16')).toThrow(expect.objectContaining({ extensions: { code: 'INVALID_POSTCODE' } }));
  });

  it('gives a subgraph only the scalars its SDL declares', () => {
    expect(Object.keys(scalarsDeclaredIn('"An instant."\nscalar DateTime\nscalar Postcode\n'))).toEqual(['DateTime', 'Postcode']);
  });
});
