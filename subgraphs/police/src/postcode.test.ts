import { describe, expect, it } from 'vitest';
import { outwardCodeOf } from './postcode.ts';

describe('outwardCodeOf', () => {
  it.each([
    ['ST16 2AB', 'ST16'],
    ['st162ab', 'ST16'],
    ['  b79 7aa ', 'B79'],
    ['WS11', 'WS11'],
    ['DE14 1AA', 'DE14'],
  ])('reads %j as %s', (raw, outward) => {
    expect(outwardCodeOf(raw, 'postcode')).toBe(outward);
  });

  it.each(['', 'NOT A POSTCODE', '12345', 'ST16 2A', 'ST16-2AB'])('refuses %j with INVALID_POSTCODE naming the field', (raw) => {
    expect(() => outwardCodeOf(raw, 'business.postcode')).toThrow(expect.objectContaining({ extensions: { code: 'INVALID_POSTCODE', field: 'business.postcode' } }));
  });
});
