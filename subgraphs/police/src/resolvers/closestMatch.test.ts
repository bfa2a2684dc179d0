import { describe, expect, it } from 'vitest';
import { closestMatch } from './closestMatch.ts';

describe('closestMatch', () => {
  const codes = ['shoplifting', 'burglary', 'robbery', 'cyber-ransomware', 'cyber-phishing'];
  it.each([
    ['shop-lifting', 'shoplifting'],
    ['burglery', 'burglary'],
    ['cyber-ransomwear', 'cyber-ransomware'],
    ['shoplift', 'shoplifting'],
    ['cyber-ran', 'cyber-ransomware'],
  ])('suggests %s → %s', (input, expected) => expect(closestMatch(input, codes)).toBe(expected));

  it('suggests nothing for an unrelated word', () => expect(closestMatch('pizza', codes)).toBeUndefined());
});
