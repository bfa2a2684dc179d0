// The "Find help" journey's pure parts: what the address holds, the order of the questions, and
// where the API's input errors are shown.
import { describe, expect, it } from 'vitest';
import { answersQuery, groupCrimeTypes, messageForProblem, nextStep, normalisePostcode, parseAnswers, previousStep, stepForProblem, stepPath } from './findHelp.ts';

describe('answers in the address', () => {
  it('keeps each answer the question offers, writes postcodes the usual way and drops anything else', () => {
    expect(parseAnswers({ postcode: ' st162ab ', district: 'E07000197', sector: 'RETAIL', size: 'MICRO', crimeType: 'shoplifting', urgency: 'EMERGENCY' })).toEqual({
      postcode: 'ST16 2AB',
      district: 'E07000197',
      sector: 'RETAIL',
      size: 'MICRO',
      crimeType: 'shoplifting',
      urgency: 'EMERGENCY',
    });
    expect(parseAnswers({ postcode: 'not a postcode', district: 'Stafford', sector: 'retail', size: 'HUGE', crimeType: '<script>', urgency: 'SOON', other: 'x' })).toEqual({});
    expect(parseAnswers({ sector: ['RETAIL', 'OTHER'] })).toEqual({ sector: 'RETAIL' });
  });

  it('writes the answers back in the questions’ order, leaving out what is not answered', () => {
    expect(answersQuery({ urgency: 'URGENT', postcode: 'ST16 2AB', sector: 'RETAIL' })).toBe('postcode=ST16+2AB&sector=RETAIL&urgency=URGENT');
    expect(stepPath('size', {})).toBe('/find-help/size');
    expect(normalisePostcode('ws15 1aa')).toBe('WS15 1AA');
  });

  it('asks the first unanswered question next, and goes to the answer when all are answered', () => {
    expect(nextStep({})).toBe('where');
    expect(nextStep({ district: 'E07000197' })).toBe('sector');
    expect(nextStep({ postcode: 'ST16 2AB', sector: 'RETAIL' })).toBe('size');
    expect(nextStep({ postcode: 'ST16 2AB', sector: 'RETAIL', size: 'MICRO' })).toBe('crime');
    expect(nextStep({ postcode: 'ST16 2AB', sector: 'RETAIL', size: 'MICRO', crimeType: 'fraud' })).toBe('urgency');
    expect(nextStep({ postcode: 'ST16 2AB', sector: 'RETAIL', size: 'MICRO', crimeType: 'fraud', urgency: 'NON_EMERGENCY' })).toBe('answer');
  });

  it('goes back to the question before, the district one only when it was asked', () => {
    expect(previousStep('where', {})).toBe('start');
    expect(previousStep('sector', { postcode: 'ST16 2AB' })).toBe('where');
    expect(previousStep('sector', { postcode: 'WS15 1AA', district: 'E07000194' })).toBe('district');
    expect(previousStep('answer', {})).toBe('urgency');
  });
});

describe('API input errors on the right question', () => {
  it('maps extensions.field, or the code when no field is named', () => {
    expect(stepForProblem({ code: 'AMBIGUOUS_POSTCODE', field: 'business.postcode', message: '' })).toBe('district');
    expect(stepForProblem({ code: 'INVALID_POSTCODE', field: 'business.postcode', message: '' })).toBe('where');
    expect(stepForProblem({ code: 'POSTCODE_OUTSIDE_AREA', message: '' })).toBe('where');
    expect(stepForProblem({ code: 'BAD_USER_INPUT', field: 'business.district', message: '' })).toBe('district');
    expect(stepForProblem({ code: 'UNKNOWN_CRIME_TYPE', field: 'crimeType', message: '' })).toBe('crime');
    expect(stepForProblem({ code: 'UNKNOWN_CRIME_TYPE', message: '' })).toBe('crime');
    expect(stepForProblem({ code: 'BAD_USER_INPUT', field: 'business.size', message: '' })).toBe('size');
    expect(stepForProblem({ code: 'BAD_USER_INPUT', message: 'something else' })).toBeUndefined();
  });

  it('says it in plain words for the codes the journey knows, and the API’s words otherwise', () => {
    expect(messageForProblem({ code: 'POSTCODE_OUTSIDE_AREA', message: 'x' }, { postcode: 'B1 1AA' })).toMatch(/^B1 1AA is not in Staffordshire/);
    expect(messageForProblem({ code: 'INVALID_POSTCODE', message: 'x' }, {})).toBe('Enter a real postcode, like ST16 2AB');
    expect(messageForProblem({ code: 'BAD_USER_INPUT', field: 'business.district', message: 'ST16 2AB is in Stafford (E07000197)' }, {})).toBe('ST16 2AB is in Stafford (E07000197)');
  });
});

describe('crime types grouped', () => {
  it('puts cyber, fraud and the rest in their own groups, leaving out empty ones', () => {
    const groups = groupCrimeTypes([
      { code: 'shoplifting', name: 'Shoplifting', cyber: false, fraud: false },
      { code: 'fraud', name: 'Fraud', cyber: false, fraud: true },
      { code: 'cyber-phishing', name: 'Phishing', cyber: true, fraud: true },
    ]);
    expect(groups.map((g) => [g.label, g.types.map((t) => t.code)])).toEqual([
      ['Theft, break-ins, damage, violence and nuisance', ['shoplifting']],
      ['Fraud and scams', ['fraud']],
      ['Cyber attacks and online crime', ['cyber-phishing']],
    ]);
    expect(groupCrimeTypes([{ code: 'fraud', name: 'Fraud', cyber: false, fraud: true }])).toHaveLength(1);
  });
});
