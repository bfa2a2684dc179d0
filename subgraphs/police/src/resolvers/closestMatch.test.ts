import { describe, expect, it } from 'vitest';
import { crimeTypes } from '../seedData.ts';
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

describe('closestMatch on long input', () => {
  const codes = crimeTypes.map((type) => type.code);

  it('suggests nothing for input longer than 40 characters, and does no edit-distance work on it', () => {
    const work = { cells: 0 };
    expect(closestMatch('x'.repeat(95_000), codes, work)).toBeUndefined();
    expect(closestMatch(`shoplifting${'x'.repeat(30)}`, codes, work)).toBeUndefined();
    expect(work.cells).toBe(0);
  });

  it('bounds the work for input up to 40 characters to a band around the diagonal, and still finds the typo', () => {
    const work = { cells: 0 };
    const input = 'cyber-ransomwear-atk';
    expect(closestMatch(input, codes, work)).toBe('cyber-ransomware');
    const band = 2 * Math.floor(input.length / 3) + 1;
    expect(work.cells).toBeGreaterThan(0);
    expect(work.cells).toBeLessThanOrEqual(codes.length * input.length * band);
  });
});
