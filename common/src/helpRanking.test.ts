import { describe, expect, it } from 'vitest';
import { crimeTypeReason, helpConnection, rankHelpItems, requireHelpPage, scopeOfDistricts, scopeScore, serviceKey, topHelpItems, type HelpFit } from './helpRanking.ts';
import { districts } from './districts.ts';

interface Item {
  id: string;
  provider: string;
  title: string;
  specific: boolean;
  scope: 'LOCAL' | 'COUNTY' | 'NATIONAL';
  eligible?: boolean;
}

const items: Item[] = [
  { id: 'a', provider: 'p1', title: 'General local alerts', specific: false, scope: 'COUNTY' },
  { id: 'b', provider: 'p2', title: 'National ransomware guide', specific: true, scope: 'NATIONAL' },
  { id: 'c', provider: 'p3', title: 'Local ransomware review', specific: true, scope: 'LOCAL' },
  { id: 'd', provider: 'p3', title: 'Local ransomware review.', specific: true, scope: 'LOCAL' },
  { id: 'e', provider: 'p4', title: 'Not for this business', specific: true, scope: 'LOCAL', eligible: false },
];

const fit = (item: Item): HelpFit | null =>
  item.eligible === false ? null : { score: [item.specific ? 1 : 0, scopeScore[item.scope]], order: [item.title, item.id], reasons: item.specific ? [crimeTypeReason('cyber-ransomware')] : [] };

describe('rankHelpItems', () => {
  it('puts crime-specific before general and local before national, leaves out what does not apply, and keeps one item per service', () => {
    const ranked = rankHelpItems(items, fit, (item) => serviceKey(item.provider, item.title));
    expect(ranked.map((item) => item.id)).toEqual(['c', 'b', 'a']);
    expect(ranked[0]!.reasons).toEqual([{ kind: 'CRIME_TYPE', text: 'For ransomware' }]);
    expect(items[2]).not.toHaveProperty('reasons');
  });

  it('gives the top N and refuses an N out of range', () => {
    const ranked = rankHelpItems(items, fit);
    expect(topHelpItems(ranked, 2).map((item) => item.id)).toEqual(['c', 'd']);
    expect(topHelpItems(ranked, undefined)).toHaveLength(4);
    expect(() => topHelpItems(ranked, 0)).toThrow(/first must be from 1 to 50/);
    expect(() => topHelpItems(ranked, 51)).toThrow(/first must be from 1 to 50/);
  });

  it('pages the ranked list by cursor, without repeats or gaps, and refuses a cursor it did not give out', () => {
    const ranked = rankHelpItems(items, fit);
    const page1 = helpConnection(ranked, { first: 3 });
    expect(page1.nodes.map((item) => item.id)).toEqual(['c', 'd', 'b']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = helpConnection(ranked, { first: 3, after: page1.pageInfo.endCursor });
    expect(page2.nodes.map((item) => item.id)).toEqual(['a']);
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(page2.totalCount()).toBe(4);
    // The next page starts after the cursor's place even when the item it named has gone.
    const without = rankHelpItems(
      items.filter((item) => item.id !== 'b'),
      fit,
    );
    expect(helpConnection(without, { first: 3, after: page1.pageInfo.endCursor }).nodes.map((item) => item.id)).toEqual(['a']);
    expect(() => helpConnection(ranked, { after: 'bm90LWEtY3Vyc29y' })).toThrow(/not a cursor this list gave out/);
    expect(() => helpConnection(ranked, { first: 0 })).toThrow(/first must be from 1 to 50/);
  });

  it('checks first and the form of after before any work, and accepts the cursors a section gives out', () => {
    const ranked = rankHelpItems(items, fit);
    const cursor = helpConnection(ranked, { first: 1 }).pageInfo.endCursor!;
    expect(() => requireHelpPage({ first: 3, after: cursor })).not.toThrow();
    expect(() => requireHelpPage({})).not.toThrow();
    expect(() => requireHelpPage({ first: 0 })).toThrow(/first must be from 1 to 50/);
    expect(() => requireHelpPage({ after: 'not a cursor' })).toThrow(/not a cursor this list gave out/);
    expect(() => requireHelpPage({ after: Buffer.from(JSON.stringify(['k1', { a: 1 }])).toString('base64url') })).toThrow(/not a cursor/);
    expect(() => requireHelpPage({ after: Buffer.from(JSON.stringify(['k1'])).toString('base64url') })).toThrow(/not a cursor/);
  });

  it('says a service covering all 9 districts is county-wide and one covering some is local', () => {
    expect(scopeOfDistricts(districts.map((d) => d.code))).toBe('COUNTY');
    expect(scopeOfDistricts([])).toBe('COUNTY');
    expect(scopeOfDistricts(['E06000021', 'E07000195'])).toBe('LOCAL');
    expect(scopeOfDistricts(['E06000021'], 'NATIONAL')).toBe('NATIONAL');
  });
});
