// The coverage check of the help question: every question of tests/e2e/helpCoverage.table.ts asked
// through the gateway, on fresh PGlite databases and again on PostgreSQL (when TEST_DATABASE_URL
// is set), with what must come first, be included and be left out; and for every answer, what
// any answer must keep: each item says why it is there, nothing appears twice, sessions are in
// date order, and the top N and the pages of a section are the ranked list itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../utils/graphql.ts';
import { startHub, type Backend, type Hub } from '../utils/processes.ts';
import { coverageCases, type CoverageCase, type ItemRef, type Section } from './helpCoverage.table.ts';

const backends: Backend[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];
const sections: Section[] = ['reportingRoutes', 'supportOffers', 'trainingSessions', 'victimServices'];

const coverageQuery = /* GraphQL */ `
  query Coverage($crimeType: ID!, $business: BusinessContext!, $urgency: Urgency) {
    help(crimeType: $crimeType, business: $business, urgency: $urgency) {
      districtCode
      rural
      reportingRoutes { id name url urgency reasons { kind text } }
      supportOffers { id title url workstream provider { id name } reasons { kind text } }
      trainingSessions { id title startsAt reasons { kind text } }
      victimServices { id name url provider { id name } reasons { kind text } }
      victimsCodeRights { number services { id } }
    }
  }
`;

/** One section's top N, its items of one workstream, and its pages, to compare with the whole ranked list. */
const sectionQuery = (section: Section, fields: string) => /* GraphQL */ `
  query Section($crimeType: ID!, $business: BusinessContext!, $after: String) {
    help(crimeType: $crimeType, business: $business) {
      all: ${section} { id ${fields} }
      top: ${section}(first: 2) { id }
      prevent: ${section}(workstream: PREVENT) { id }
      page: ${section}Connection(first: 2, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } }
    }
  }
`;

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const normaliseUrl = (url: string | null | undefined) =>
  url
    ? url
        .toLowerCase()
        .replace(/^https?:\/\/(www\.)?/, '')
        .replace(/\/+$/, '')
    : null;

function matches(item: any, ref: ItemRef): boolean {
  return ref.startsWith('provider:') ? String(item.provider?.name ?? '').startsWith(ref.slice('provider:'.length)) : item.id === ref;
}

function describeSection(items: any[]): string {
  return JSON.stringify(items.map((item) => item.id));
}

describe.each(backends)('help coverage on %s', (backend) => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startHub(backend);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it(`the table holds at least 30 questions (${coverageCases.length})`, () => {
    expect(coverageCases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(coverageCases.map((c) => [c.question, c] as const))('%s', async (_, c: CoverageCase) => {
    const response = await graphql(hub.gateway.url, coverageQuery, { crimeType: c.crimeType, business: c.business, urgency: c.urgency ?? null });
    if (c.error) {
      expect(response.data?.help ?? null).toBeNull();
      const error = response.errors?.[0];
      expect(error?.extensions?.code, JSON.stringify(response.errors)).toBe(c.error.code);
      if (c.error.field) expect(error?.extensions?.field).toBe(c.error.field);
      if (c.error.candidates) expect((error?.extensions?.candidates as { code: string }[]).map((d) => d.code).sort()).toEqual([...c.error.candidates].sort());
      return;
    }
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const help = response.data.help;
    if (c.district) expect(help.districtCode).toBe(c.district);

    for (const section of sections) {
      const items: any[] = help[section];
      const first = c.first?.[section];
      if (first)
        expect(
          first.some((ref) => items[0] && matches(items[0], ref)),
          `${section} starts with one of ${first.join(', ')}: ${describeSection(items)}`,
        ).toBe(true);
      for (const ref of c.include?.[section] ?? [])
        expect(
          items.some((item) => matches(item, ref)),
          `${section} includes ${ref}: ${describeSection(items)}`,
        ).toBe(true);
      for (const ref of c.exclude?.[section] ?? [])
        expect(
          items.some((item) => matches(item, ref)),
          `${section} leaves out ${ref}: ${describeSection(items)}`,
        ).toBe(false);
    }
    for (const { section, first, then } of c.before ?? []) {
      const items: any[] = help[section];
      const a = items.findIndex((item) => matches(item, first));
      const b = items.findIndex((item) => matches(item, then));
      expect(a, `${first} is in ${section}: ${describeSection(items)}`).toBeGreaterThanOrEqual(0);
      if (b >= 0) expect(a, `${first} comes before ${then} in ${section}: ${describeSection(items)}`).toBeLessThan(b);
    }
    for (const ref of c.underRights ?? []) {
      expect(help.victimServices.some((item: any) => matches(item, ref))).toBe(false);
      expect(
        help.victimsCodeRights.some((right: any) => right.services.some((item: any) => matches(item, ref))),
        `${ref} is under a Victims' Code right`,
      ).toBe(true);
    }
    // Urgent first when it is urgent; otherwise a route for what has already happened comes first (999 stays, further down).
    if (c.urgency === 'EMERGENCY' || c.urgency === 'URGENT') expect(['EMERGENCY', 'URGENT']).toContain(help.reportingRoutes[0]?.urgency);
    else expect(help.reportingRoutes[0]?.urgency).toBe('NON_EMERGENCY');

    // What every answer keeps.
    for (const section of sections) {
      const items: any[] = help[section];
      expect(new Set(items.map((item) => item.id)).size, `${section} lists each item once`).toBe(items.length);
      for (const item of items) expect(item.reasons.length, `${section} ${item.id} says why it is shown`).toBeGreaterThan(0);
    }
    const starts = help.trainingSessions.map((s: any) => s.startsAt);
    expect(starts, 'sessions in date order').toEqual([...starts].sort());
    // Nothing twice: the directories' items (offers, sessions, victim services) by web address and
    // by provider and name; reporting routes, which name no provider, by name.
    const seen = new Map<string, string>();
    for (const section of sections) {
      for (const item of help[section] as any[]) {
        const name = normalise(item.title ?? item.name);
        const keys = section === 'reportingRoutes' ? [`name|${name}`] : [normaliseUrl(item.url), item.provider ? `${item.provider.id}|${name}` : null, `name|${name}`];
        for (const key of keys.filter((k): k is string => k !== null)) {
          const where = seen.get(key);
          expect(where === undefined || where === section, `${item.id} in ${section} repeats an item of ${where} (${key})`).toBe(true);
          seen.set(key, section);
        }
      }
    }
  });

  it.each(sections)('%s: the top N are the first N of the ranked list, a workstream keeps the order, and the pages give the whole list once', async (section) => {
    // A question with a long answer in every section.
    const question = { crimeType: 'cyber-ransomware', business: { district: 'E07000197', sector: 'RETAIL', size: 'SMALL' } };
    const query = sectionQuery(section, 'workstream');
    const firstPage = await graphql(hub.gateway.url, query, question);
    expect(firstPage.errors, JSON.stringify(firstPage.errors)).toBeUndefined();
    const { all, top, prevent } = firstPage.data.help;
    const ids = all.map((item: any) => item.id);
    expect(top.map((item: any) => item.id)).toEqual(ids.slice(0, 2));
    expect(prevent.map((item: any) => item.id)).toEqual(all.filter((item: any) => item.workstream === 'PREVENT').map((item: any) => item.id));
    const paged: string[] = [];
    let page = firstPage.data.help.page;
    expect(page.totalCount).toBe(ids.length);
    for (let i = 0; i < 30; i++) {
      paged.push(...page.edges.map((edge: any) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      const next = await graphql(hub.gateway.url, query, { ...question, after: page.pageInfo.endCursor });
      expect(next.errors, JSON.stringify(next.errors)).toBeUndefined();
      page = next.data.help.page;
      expect(page.pageInfo.hasPreviousPage).toBe(true);
    }
    expect(paged).toEqual(ids);
  });

  it('refuses a cursor a section did not give out, and a top N out of range, with the field named', async () => {
    const question = { crimeType: 'shoplifting', business: { district: 'E07000197', sector: 'RETAIL', size: 'SMALL' } };
    const badCursor = await graphql(hub.gateway.url, sectionQuery('supportOffers', ''), { ...question, after: 'bm90LWEtY3Vyc29y' });
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const tooMany = await graphql(hub.gateway.url, `query($b: BusinessContext!) { help(crimeType: "shoplifting", business: $b) { supportOffers(first: 51) { id } } }`, { b: question.business });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
