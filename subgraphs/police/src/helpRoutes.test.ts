// The reporting routes of a help answer, in process on in-memory PGlite with the reference data:
// for each urgency and for a cyber, a fraud and an ordinary crime type, what comes first, what
// follows and why (reasons); the top N and the pages behind a cursor; bad `first` and `after`
// refused with BAD_USER_INPUT and the field named; the queries a help answer costs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signRequest, type SigningConfig } from '@crimehub/common';
import { openPoliceDatabase, type PoliceDb } from './db.ts';
import { seed } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'police-help-routes-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const STAFFORD = 'E07000197';

type Answer = { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };

const helpQuery = /* GraphQL */ `
  query ($crimeType: ID!, $urgency: Urgency, $first: Int, $workstream: Workstream) {
    help(crimeType: $crimeType, business: { district: "${STAFFORD}", sector: RETAIL, size: SMALL }, urgency: $urgency) {
      urgency
      reportingRoutes(first: $first, workstream: $workstream) { id urgency anonymous reasons { kind text } }
    }
  }
`;

const pageQuery = /* GraphQL */ `
  query ($crimeType: ID!, $urgency: Urgency, $first: Int, $after: String) {
    help(crimeType: $crimeType, business: { district: "${STAFFORD}", sector: RETAIL, size: SMALL }, urgency: $urgency) {
      reportingRoutesConnection(first: $first, after: $after) {
        totalCount
        edges { cursor node { id } }
        nodes { id }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }
`;

describe('police help: reporting routes ranked by urgency', () => {
  let db: PoliceDb;
  let app: Awaited<ReturnType<typeof createServer>>;

  async function ask(query: string, variables: Record<string, unknown>): Promise<Answer & { queries: number }> {
    const payload = JSON.stringify({ query, variables });
    const before = db.queries.count;
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'police' }, anonymous, payload) },
      payload,
    });
    return { ...(response.json() as Answer), queries: db.queries.count - before };
  }

  async function routes(crimeType: string, urgency?: string, more: Record<string, unknown> = {}) {
    const answer = await ask(helpQuery, { crimeType, urgency, ...more });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.help.urgency).toBe(urgency ?? 'NON_EMERGENCY');
    return answer.data.help.reportingRoutes as { id: string; urgency: string; anonymous: boolean; reasons: { kind: string; text: string }[] }[];
  }
  const ids = (list: { id: string }[]) => list.map((r) => r.id);

  beforeAll(async () => {
    db = await openPoliceDatabase({ kind: 'pglite', dir: 'memory://' });
    await seed(db.prisma);
    app = await createServer(db, { signing, logLevel: 'silent' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  describe('EMERGENCY: 999 first, for every crime type', () => {
    it('burglary: 999 first, then the non-emergency police routes, anonymous Crimestoppers last', async () => {
      const list = await routes('burglary', 'EMERGENCY');
      expect(ids(list)).toEqual(['police-999', 'police-101', 'police-online', 'police-live-chat', 'crimestoppers-phone', 'crimestoppers-online']);
      expect(list[0]!.reasons).toEqual([
        { kind: 'URGENCY', text: 'When someone is in danger' },
        { kind: 'AREA', text: 'Across Staffordshire and Stoke-on-Trent' },
      ]);
    });

    it('ransomware: 999 added first, then the live cyber attack line, then Report Fraud', async () => {
      const list = await routes('cyber-ransomware', 'EMERGENCY');
      expect(ids(list)).toEqual(['police-999', 'report-fraud-live-cyber-attack', 'report-fraud-online', 'report-fraud-phone', 'police-101']);
      expect(list[1]!.reasons.map((r) => r.kind)).toEqual(['URGENCY', 'CRIME_TYPE', 'AREA']);
      expect(list[1]!.reasons[0]!.text).toBe('For a crime happening now');
    });

    it('fraud: 999 added first although the fraud list lacks it', async () => {
      const list = await routes('fraud', 'EMERGENCY');
      expect(ids(list)).toEqual(['police-999', 'report-fraud-online', 'report-fraud-phone', 'police-101', 'crimestoppers-online']);
    });
  });

  describe('URGENT: the live cyber attack line first for cyber crime, 999 for the rest', () => {
    it('ransomware: the live cyber attack line first, nothing before it', async () => {
      const list = await routes('cyber-ransomware', 'URGENT');
      expect(ids(list)).toEqual(['report-fraud-live-cyber-attack', 'report-fraud-online', 'report-fraud-phone', 'police-101']);
      expect(list[0]!.reasons).toEqual([
        { kind: 'URGENCY', text: 'For a crime happening now' },
        { kind: 'CRIME_TYPE', text: 'For ransomware' },
        { kind: 'AREA', text: 'National service' },
      ]);
    });

    it('phishing: the live cyber attack line added first, then NCSC and 7726', async () => {
      const list = await routes('cyber-phishing', 'URGENT');
      expect(ids(list)).toEqual(['report-fraud-live-cyber-attack', 'ncsc-phishing-email', 'scam-text-7726', 'report-fraud-online', 'report-fraud-phone']);
    });

    it('shoplifting happening now: 999 first', async () => {
      const list = await routes('shoplifting', 'URGENT');
      expect(ids(list)[0]).toBe('police-999');
      expect(list[0]!.reasons[0]).toEqual({ kind: 'URGENCY', text: 'For a crime happening now' });
    });

    it('fraud happening now: 999 added first, then Report Fraud', async () => {
      const list = await routes('fraud', 'URGENT');
      expect(ids(list)).toEqual(['police-999', 'report-fraud-online', 'report-fraud-phone', 'police-101', 'crimestoppers-online']);
    });
  });

  describe('NON_EMERGENCY (the default): crime-specific routes first, 999 kept, after', () => {
    it('ransomware that has already happened: Report Fraud online first, the live line after the non-emergency routes', async () => {
      const list = await routes('cyber-ransomware');
      expect(ids(list)).toEqual(['report-fraud-online', 'report-fraud-phone', 'police-101', 'report-fraud-live-cyber-attack']);
      expect(list[0]!.reasons).toEqual([
        { kind: 'CRIME_TYPE', text: 'For ransomware' },
        { kind: 'AREA', text: 'National service' },
      ]);
      expect(list.every((r) => r.reasons.every((reason) => reason.kind !== 'URGENCY'))).toBe(true);
    });

    it('burglary: 101 first, anonymous Crimestoppers after the police routes, 999 last', async () => {
      const list = await routes('burglary', 'NON_EMERGENCY');
      expect(ids(list)).toEqual(['police-101', 'police-online', 'police-live-chat', 'crimestoppers-phone', 'crimestoppers-online', 'police-999']);
      expect(list[0]!.reasons).toEqual([{ kind: 'AREA', text: 'Across Staffordshire and Stoke-on-Trent' }]);
    });

    it('hate crime: True Vision before the general police routes', async () => {
      const list = await routes('hate-crime');
      expect(ids(list)).toEqual(['true-vision-online', 'police-101', 'police-online', 'police-live-chat', 'crimestoppers-phone', 'crimestoppers-online', 'police-999']);
      expect(list[0]!.reasons.map((r) => r.kind)).toEqual(['CRIME_TYPE', 'AREA']);
    });

    it('fraud: Report Fraud first, no 999 added, Crimestoppers last', async () => {
      const list = await routes('fraud');
      expect(ids(list)).toEqual(['report-fraud-online', 'report-fraud-phone', 'police-101', 'crimestoppers-online']);
    });

    it('phishing: NCSC and 7726 first', async () => {
      const list = await routes('cyber-phishing');
      expect(ids(list).slice(0, 2)).toEqual(['ncsc-phishing-email', 'scam-text-7726']);
    });
  });

  it('every route has an AREA reason', async () => {
    for (const urgency of ['EMERGENCY', 'URGENT', 'NON_EMERGENCY']) {
      for (const crimeType of ['burglary', 'fraud', 'cyber-hacking', 'hate-crime']) {
        for (const route of await routes(crimeType, urgency)) expect(route.reasons.some((r) => r.kind === 'AREA')).toBe(true);
      }
    }
  });

  it('first: the top N; workstream: only its routes (reporting is PURSUE)', async () => {
    expect(ids(await routes('cyber-ransomware', 'URGENT', { first: 2 }))).toEqual(['report-fraud-live-cyber-attack', 'report-fraud-online']);
    expect(await routes('burglary', undefined, { workstream: 'PREVENT' })).toEqual([]);
    expect(await routes('burglary', undefined, { workstream: 'PURSUE' })).toHaveLength(6);
  });

  it('the routes outside a help answer have no reasons', async () => {
    const answer = await ask(`{ crimeType(code: "burglary") { reportingRoutes { id reasons { kind } } } reportingRoute(id: "police-101") { reasons { kind } } }`, {});
    expect(answer.errors).toBeUndefined();
    expect(answer.data.crimeType.reportingRoutes[0]).toEqual({ id: 'police-999', reasons: null });
    expect(answer.data.reportingRoute.reasons).toBeNull();
  });

  it('pages the ranked list 2 at a time, without repeats, to the same list `reportingRoutes` gives', async () => {
    const whole = ids(await routes('hate-crime', 'EMERGENCY'));
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const answer = await ask(pageQuery, { crimeType: 'hate-crime', urgency: 'EMERGENCY', first: 2, after });
      expect(answer.errors).toBeUndefined();
      const page = answer.data.help.reportingRoutesConnection;
      expect(page.totalCount).toBe(whole.length);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.edges.map((e: any) => e.node)).toEqual(page.nodes);
      seen.push(...ids(page.nodes));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.nodes).toHaveLength(2);
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(whole);
    expect(seen[0]).toBe('police-999');
  });

  it('the connection gives 5 by default', async () => {
    const answer = await ask(pageQuery, { crimeType: 'burglary' });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.help.reportingRoutesConnection.nodes).toHaveLength(5);
    expect(answer.data.help.reportingRoutesConnection.pageInfo.hasNextPage).toBe(true);
  });

  it.each([
    ['reportingRoutes first 0', helpQuery, { first: 0 }, 'first'],
    ['reportingRoutes first 51', helpQuery, { first: 51 }, 'first'],
    ['connection first -1', pageQuery, { first: -1 }, 'first'],
    ['connection first 51', pageQuery, { first: 51 }, 'first'],
    ['connection after not a cursor', pageQuery, { after: 'not-a-cursor' }, 'after'],
    ['connection after a cursor of another list', pageQuery, { after: Buffer.from(JSON.stringify(['x'])).toString('base64url') }, 'after'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_, query, variables, field) => {
    const answer = await ask(query, { crimeType: 'burglary', ...variables });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.extensions?.field).toBe(field);
  });

  it('an urgent answer costs no more queries whatever its urgency, beyond one to add a missing urgent route', async () => {
    const cost = async (crimeType: string, urgency: string) => {
      const answer = await ask(helpQuery, { crimeType, urgency });
      expect(answer.errors).toBeUndefined();
      return answer.queries;
    };
    const base = await cost('burglary', 'NON_EMERGENCY');
    expect(await cost('burglary', 'EMERGENCY')).toBe(base);
    expect(await cost('cyber-ransomware', 'URGENT')).toBe(base);
    expect(await cost('fraud', 'EMERGENCY')).toBe(base + 1);
  });
});
