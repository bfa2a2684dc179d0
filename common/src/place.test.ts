// placeOfPostcode over the border postcodes of issue 9 and the rules for split, uncertain,
// missing and outward-only codes. The inward units (`7AA`) are only examples of their sector:
// the file resolves by sector, and lists full postcodes only for split sectors built from NSPL.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from './errors.ts';
import { ambiguousPostcodeError, districtOfBusinessPlace, placeOfPostcode, placeOfPostcodeSector, postcodeSector, postcodeSectorFile, type Place } from './place.ts';

const SOUTH_STAFFS = 'E07000196';
const LICHFIELD = 'E07000194';
const NEWCASTLE = 'E07000195';
const MOORLANDS = 'E07000198';
const EAST_STAFFS = 'E07000193';
const STAFFORD = 'E07000197';
const CANNOCK = 'E07000192';

const summary = (place: Place) =>
  place.kind === 'district'
    ? { kind: place.kind, district: place.district.code }
    : place.kind === 'ambiguous'
      ? { kind: place.kind, candidates: place.candidates.map((d) => d.code), outsideToo: place.outsideToo }
      : { kind: place.kind, localAuthorities: place.localAuthorities };

describe('the postcode sector file', () => {
  it('names its source, date, licence and method, and marks what it cannot confirm', () => {
    expect(postcodeSectorFile).toMatchObject({ source: expect.any(String), sourceUrl: expect.stringMatching(/^https:/), date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(postcodeSectorFile.licence).toMatch(/Open Government Licence/);
    expect(postcodeSectorFile.method).toMatch(/uncertain/);
    expect(postcodeSectorFile.sectors.some((s) => s.status === 'uncertain')).toBe(true);
    for (const s of postcodeSectorFile.sectors) {
      expect(s.sector).toMatch(/^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9]$/);
      expect(s.districts.length).toBeGreaterThan(0);
      for (const code of s.districts) expect(code).toMatch(/^E0[678]\d{6}$/);
    }
  });

  it('covers every ST postcode district', () => {
    for (let n = 1; n <= 21; n++) expect(postcodeSectorFile.sectors.some((s) => s.sector.startsWith(`ST${n} `))).toBe(true);
  });
});

describe('placeOfPostcode at the borders of issue 9', () => {
  it.each([
    // In the area, wholly in one district
    ['Perton', 'WV6 7AA', { kind: 'district', district: SOUTH_STAFFS }],
    ['Featherstone', 'WV10 7AA', { kind: 'district', district: SOUTH_STAFFS }],
    ['Armitage', 'WS15 4AA', { kind: 'district', district: LICHFIELD }],
    ['Alrewas', 'DE13 7AA', { kind: 'district', district: LICHFIELD }],
    // In the area, in a sector that also reaches outside it: the hub asks, with the one district it may be
    ['Loggerheads', 'TF9 4AA', { kind: 'ambiguous', candidates: [NEWCASTLE], outsideToo: true }],
    ['Madeley', 'CW3 9AA', { kind: 'ambiguous', candidates: [NEWCASTLE], outsideToo: true }],
    ['Little Aston', 'B74 3AA', { kind: 'ambiguous', candidates: [LICHFIELD], outsideToo: true }],
    ['Longnor', 'SK17 0AA', { kind: 'ambiguous', candidates: [MOORLANDS], outsideToo: true }],
    ['Essington', 'WV11 2AA', { kind: 'ambiguous', candidates: [SOUTH_STAFFS], outsideToo: true }],
    ['Stonnall', 'WS9 9AA', { kind: 'ambiguous', candidates: [LICHFIELD], outsideToo: true }],
    ['Mayfield', 'DE6 2AA', { kind: 'ambiguous', candidates: [EAST_STAFFS], outsideToo: true }],
    ['Forton', 'TF10 8AA', { kind: 'ambiguous', candidates: [STAFFORD], outsideToo: true }],
    // Outside
    ['Alsager (Cheshire East)', 'ST7 2AA', { kind: 'outside', localAuthorities: ['E06000049'] }],
    ['Polesworth (North Warwickshire)', 'B78 1AA', { kind: 'outside', localAuthorities: ['E07000218'] }],
  ])('%s (%s)', (_, postcode, expected) => {
    expect(summary(placeOfPostcode(postcode))).toEqual(expected);
  });

  it('never refuses an issue-9 place that is in the area, and each one can name its district', () => {
    const inArea: [string, string][] = [
      ['WV6 7AA', SOUTH_STAFFS],
      ['TF9 4AA', NEWCASTLE],
      ['CW3 9AA', NEWCASTLE],
      ['B74 3AA', LICHFIELD],
      ['SK17 0AA', MOORLANDS],
      ['WV11 2AA', SOUTH_STAFFS],
      ['WV10 7AA', SOUTH_STAFFS],
      ['WS9 9AA', LICHFIELD],
      ['DE6 2AA', EAST_STAFFS],
      ['TF10 8AA', STAFFORD],
      ['WS15 4AA', LICHFIELD],
      ['DE13 7AA', LICHFIELD],
    ];
    for (const [postcode, district] of inArea) {
      const place = placeOfPostcode(postcode);
      expect(place.kind, postcode).not.toBe('outside');
      expect(districtOfBusinessPlace(place, postcode, district, { postcode: 'business.postcode', district: 'business.district' }).districtCode).toBe(district);
    }
  });
});

describe('placeOfPostcode rules', () => {
  it('reads any case and spacing', () => {
    expect(summary(placeOfPostcode(' st16  2ab '))).toEqual({ kind: 'district', district: STAFFORD });
    expect(summary(placeOfPostcode('st162ab'))).toEqual({ kind: 'district', district: STAFFORD });
  });

  it('answers a split sector of ours as ambiguous between our districts', () => {
    expect(summary(placeOfPostcode('WS15 1AA'))).toEqual({ kind: 'ambiguous', candidates: [CANNOCK, LICHFIELD], outsideToo: false });
  });

  it('answers a sector wholly outside as outside, and an unknown outward code as outside', () => {
    expect(summary(placeOfPostcode('WV6 0AA'))).toEqual({ kind: 'outside', localAuthorities: ['E08000031'] });
    expect(summary(placeOfPostcode('M1 1AE'))).toEqual({ kind: 'outside', localAuthorities: [] });
    expect(summary(placeOfPostcode('SW1A 1AA'))).toEqual({ kind: 'outside', localAuthorities: [] });
  });

  it('answers a sector missing from the file as ambiguous over its outward code’s districts', () => {
    expect(postcodeSector('ST16 9')).toBeUndefined();
    expect(summary(placeOfPostcode('ST16 9ZZ'))).toEqual({ kind: 'ambiguous', candidates: [STAFFORD], outsideToo: true });
  });

  it('answers an outward code as a district only when all its sectors agree', () => {
    expect(summary(placeOfPostcode('ST16'))).toEqual({ kind: 'district', district: STAFFORD });
    expect(summary(placeOfPostcode('WS13'))).toEqual({ kind: 'district', district: LICHFIELD });
    expect(summary(placeOfPostcode('WS15'))).toMatchObject({ kind: 'ambiguous', candidates: expect.arrayContaining([CANNOCK, LICHFIELD, EAST_STAFFS]) });
    expect(summary(placeOfPostcode('CW12'))).toMatchObject({ kind: 'ambiguous', candidates: [MOORLANDS], outsideToo: true });
    expect(summary(placeOfPostcode('M1'))).toEqual({ kind: 'outside', localAuthorities: [] });
  });

  it('carries the sector’s rural-urban class', () => {
    expect(placeOfPostcode('ST1 1AA')).toMatchObject({ kind: 'district', ruralUrban: 'URBAN' });
    expect(placeOfPostcode('ST21 6AA')).toMatchObject({ kind: 'district', ruralUrban: 'RURAL' });
  });

  it.each(['', 'NOT A POSTCODE', '12345', 'ST16-2AB', 'ST16 2A'])('refuses %j with INVALID_POSTCODE naming the field', (raw) => {
    expect(() => placeOfPostcode(raw, 'business.postcode')).toThrow(expect.objectContaining({ extensions: { code: 'INVALID_POSTCODE', field: 'business.postcode' } }));
  });
});

describe('districtOfBusinessPlace and AMBIGUOUS_POSTCODE', () => {
  const fields = { postcode: 'business.postcode', district: 'business.district' };
  const tryPlace = (postcode: string, district?: string) => {
    try {
      return districtOfBusinessPlace(placeOfPostcode(postcode), postcode, district, fields);
    } catch (error) {
      return error as { message: string; extensions: Record<string, unknown> };
    }
  };

  it('asks which district for an ambiguous postcode, naming the sector and the candidates with their codes', () => {
    const error = tryPlace('WS15 1AA') as { message: string; extensions: Record<string, unknown> };
    expect(error.extensions).toMatchObject({
      code: ErrorCode.AMBIGUOUS_POSTCODE,
      field: 'business.postcode',
      candidates: [
        { code: CANNOCK, name: 'Cannock Chase' },
        { code: LICHFIELD, name: 'Lichfield' },
      ],
    });
    expect(error.message).toContain('"WS15 1"');
    expect(error.message).toContain('Cannock Chase (E07000192)');
    expect(error.message).toContain('Lichfield (E07000194)');
    expect(error.message).toMatch(/give business\.district too/i);
  });

  it('words a confirmed split as split', () => {
    const place = { kind: 'ambiguous', candidates: [], sector: 'WS15 4', outsideToo: false, uncertain: false, ruralUrban: null } as const;
    const error = ambiguousPostcodeError(
      { ...place, candidates: (['E07000192', 'E07000194'] as const).map((code) => ({ code, name: code === CANNOCK ? 'Cannock Chase' : 'Lichfield' }) as never) },
      'business.postcode',
      'business.district',
    );
    expect(error.message).toBe('"WS15 4" is split between Cannock Chase (E07000192) and Lichfield (E07000194): give business.district too.');
  });

  it('takes a district given that is among the candidates', () => {
    expect(tryPlace('WS15 1AA', LICHFIELD)).toEqual({ districtCode: LICHFIELD, ruralUrban: 'URBAN' });
    expect(tryPlace('SK17 0AA', MOORLANDS)).toEqual({ districtCode: MOORLANDS, ruralUrban: 'RURAL' });
  });

  it('refuses a district the postcode is not in, on the district field, saying where the postcode is', () => {
    const error = tryPlace('ST16 2AB', LICHFIELD) as { message: string; extensions: Record<string, unknown> };
    expect(error.extensions).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'business.district' });
    expect(error.message).toMatch(/is in Stafford \(E07000197\), not Lichfield \(E07000194\)/);
    const split = tryPlace('WS15 1AA', STAFFORD) as { message: string; extensions: Record<string, unknown> };
    expect(split.extensions).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'business.district' });
    expect(split.message).toMatch(/Cannock Chase \(E07000192\) or Lichfield \(E07000194\), not Stafford/);
  });

  it('refuses a postcode outside the area, district or not', () => {
    for (const district of [undefined, NEWCASTLE]) {
      const error = tryPlace('ST7 2AA', district) as { extensions: Record<string, unknown> };
      expect(error.extensions).toMatchObject({ code: ErrorCode.POSTCODE_OUTSIDE_AREA, field: 'business.postcode' });
    }
  });
});

describe('placeOfPostcodeSector', () => {
  it('reads a sector, an outward code (WS13 is not WS1 3) or a full postcode’s sector', () => {
    expect(placeOfPostcodeSector('ws15 1')).toMatchObject({ place: { kind: 'ambiguous', sector: 'WS15 1' }, uncertain: true });
    expect(placeOfPostcodeSector('WS13')).toMatchObject({ place: { kind: 'district', sector: 'WS13' }, uncertain: false });
    expect(placeOfPostcodeSector('ST162')).toMatchObject({ place: { kind: 'district', sector: 'ST16 2' } });
    expect(placeOfPostcodeSector('ST16 2AB')).toMatchObject({ place: { kind: 'district', sector: 'ST16 2' } });
    expect(placeOfPostcodeSector('WV6 0')).toMatchObject({ place: { kind: 'outside' }, uncertain: true });
  });
});
