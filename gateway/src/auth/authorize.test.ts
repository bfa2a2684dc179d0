import { readFile } from 'node:fs/promises';
import { getOperationAST, parse, print, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { anonymous, type Identity } from '@crimehub/common';
import { supergraphPath } from '../composeSupergraph.ts';
import { allows, applyDenials, authorizeOperation, callerKind, placeholderKey, readAccessRules } from './authorize.ts';
import { policies } from './policies.ts';

const access = readAccessRules(await readFile(supergraphPath, 'utf8'));
const operationOf = (doc: DocumentNode, name?: string) => getOperationAST(doc, name) ?? undefined;
const user = (role: 'business' | 'police' | 'partner' | 'analyst' | 'admin'): Identity => ({ kind: 'user', subject: `test-${role}`, role, businessId: 'biz-0001', organizationId: 'pabcis' });

describe("callerKind: what the plugin caches an operation's authorization by", () => {
  it('every policy, and every rule, judges two callers of the same kind alike (other subjects, other business or organisation ids)', () => {
    const roles = ['business', 'police', 'partner', 'analyst', 'admin'] as const;
    const callers: Identity[] = [anonymous];
    for (const role of roles) {
      for (const businessId of [undefined, 'biz-0001', 'biz-0002']) {
        for (const organizationId of [undefined, 'pabcis', 'victim-gateway']) {
          callers.push({ kind: 'user', subject: `s-${role}-${businessId}-${organizationId}`, role, ...(businessId ? { businessId } : {}), ...(organizationId ? { organizationId } : {}) });
        }
      }
    }
    const verdicts = (identity: Identity) => [...Object.values(policies).map((policy) => policy(identity)), ...[...access.rules.values()].map((rule) => allows(rule, identity, policies))];
    const byKind = new Map<string, boolean[]>();
    for (const caller of callers) {
      const seen = byKind.get(callerKind(caller));
      if (seen) expect(verdicts(caller)).toEqual(seen);
      else byKind.set(callerKind(caller), verdicts(caller));
    }
    expect(byKind.size).toBe(1 + roles.length * 4);
  });
});

describe('access rules from the supergraph', () => {
  it('reads the rules the subgraphs declare', () => {
    expect(access.rules.get('Business')).toEqual({ authenticated: false, policies: [['business-profile-reader']] });
    expect(access.rules.get('CrimeReport')).toEqual({ authenticated: false, policies: [['crime-report-reader']] });
    expect(access.rules.get('Query.crimeReportStatistics')).toEqual({ authenticated: false, scopes: [['analyst'], ['police'], ['admin']] });
  });

  it('treats scopes as OR of ANDs and never lets an anonymous caller through a rule', () => {
    const rule = { authenticated: false, scopes: [['police', 'admin'], ['analyst']] };
    expect(allows(rule, user('analyst'), {})).toBe(true);
    expect(allows(rule, user('police'), {})).toBe(false);
    expect(allows(rule, anonymous, {})).toBe(false);
    expect(allows({ authenticated: true }, user('business'), {})).toBe(true);
    expect(allows({ authenticated: false, policies: [['own-business']] }, user('business'), { 'own-business': (id) => id.kind === 'user' && id.role === 'business' })).toBe(true);
    expect(allows({ authenticated: false, policies: [['undefined-policy']] }, user('admin'), {})).toBe(false);
  });
});

describe('authorizeOperation', () => {
  const query = parse('query Register { cyberChampions { nodes { trainedOn business { id name } course { title } } } }');

  it.each([
    ['anonymous', anonymous, 'UNAUTHENTICATED'],
    ['an analyst', user('analyst'), 'FORBIDDEN'],
  ] as const)('takes business profiles out of the register for %s', (_label, identity, code) => {
    const { document, denials } = authorizeOperation(access, query, operationOf(query), identity, policies);
    expect(denials).toEqual([{ path: ['cyberChampions', 'nodes', 'business'], coordinate: 'CyberChampion.business', code, message: expect.stringContaining('CyberChampion.business') }]);
    expect(print(document)).not.toContain('business');
    expect(print(document)).toContain('trainedOn');
  });

  it.each(['business', 'police', 'partner', 'admin'] as const)('leaves the operation untouched for a %s user', (role) => {
    const result = authorizeOperation(access, query, operationOf(query), user(role), policies);
    expect(result.denials).toEqual([]);
    expect(result.document).toBe(query);
  });

  it('follows aliases into fragments, keeps the spreads, and keeps a selection set valid when all of it is denied', () => {
    const doc = parse('query { ...Reg } fragment Reg on Query { cyberChampions { nodes { who: business { name } } } }');
    const { document, denials } = authorizeOperation(access, doc, operationOf(doc), anonymous, policies);
    expect(denials.map((d) => [d.fragment, d.path])).toEqual([['Reg', ['cyberChampions', 'nodes', 'who']]]);
    const printed = print(document).replace(/\s+/g, ' ');
    expect(printed).toContain(`cyberChampions { nodes { ${placeholderKey}: __typename } }`);
    expect(printed).toMatch(/^{ ...Reg } fragment Reg on Query/);
  });

  it('prunes only the operation the request names', () => {
    const doc = parse('query A { crimeTypes { code } } query B { crimeReportStatistics { count } }');
    expect(authorizeOperation(access, doc, operationOf(doc, 'A'), anonymous, policies).denials).toEqual([]);
    const b = authorizeOperation(access, doc, operationOf(doc, 'B'), anonymous, policies);
    expect(b.denials.map((d) => d.coordinate)).toEqual(['Query.crimeReportStatistics']);
    expect(print(b.document)).not.toContain('query A');
  });

  it('is linear in the document: 60 fragments that each spread the next twice are pruned once each', () => {
    let text = 'query { ...F0 }';
    for (let i = 0; i < 59; i++) text += ` fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`;
    text += ' fragment F59 on Query { cyberChampions { nodes { trainedOn business { name } } } }';
    const doc = parse(text);
    const started = performance.now();
    const { document, denials, plan } = authorizeOperation(access, doc, operationOf(doc), anonymous, policies);
    // 2^59 copies before; a bound that proves the blow-up is gone, not a benchmark.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(denials).toEqual([{ path: ['cyberChampions', 'nodes', 'business'], fragment: 'F59', coordinate: 'CyberChampion.business', code: 'UNAUTHENTICATED', message: expect.any(String) }]);
    expect(document.definitions).toHaveLength(61);
    const data = { cyberChampions: { nodes: [{ trainedOn: '2026-01-02' }] } };
    const errors = applyDenials(data, plan);
    expect(data).toEqual({ cyberChampions: { nodes: [{ trainedOn: '2026-01-02', business: null }] } });
    expect(errors.map((e) => e.path)).toEqual([['cyberChampions', 'nodes', 0, 'business']]);
  });

  it('says which roles may call a refused mutation', () => {
    const doc = parse('mutation { registerCyberChampion(input: { bookingId: "b", idempotencyKey: "k-123456" }) { cyberChampion { id } } }');
    const [denial] = authorizeOperation(access, doc, operationOf(doc), user('business'), policies).denials;
    expect(denial?.message).toBe('Only signed-in users with one of these roles: partner, admin may call Mutation.registerCyberChampion.');
    const report = parse('mutation { reportBusinessCrime(input: $input) { crimeReport { reference } } }');
    const [anonymousDenial] = authorizeOperation(access, report, operationOf(report), anonymous, policies).denials;
    expect(anonymousDenial).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Only signed-in business users may call Mutation.reportBusinessCrime.' });
  });

  it('leaves public operations alone', () => {
    const doc = parse('{ crimeTypes { code } districts { name } }');
    const result = authorizeOperation(access, doc, operationOf(doc), anonymous);
    expect(result.document).toBe(doc);
    expect(result.denials).toEqual([]);
  });
});

describe('applyDenials', () => {
  const planFor = (text: string, identity: Identity) => {
    const doc = parse(text);
    return authorizeOperation(access, doc, operationOf(doc), identity, policies).plan;
  };

  it('nulls each denied field where it stands and reports its concrete path', () => {
    const data = { cyberChampions: { nodes: [{ trainedOn: '2026-01-02' }, { trainedOn: '2026-02-03' }] } };
    const errors = applyDenials(data, planFor('{ cyberChampions { nodes { trainedOn business { name } } } }', user('analyst')));
    expect(data.cyberChampions.nodes).toEqual([
      { trainedOn: '2026-01-02', business: null },
      { trainedOn: '2026-02-03', business: null },
    ]);
    expect(errors.map((e) => e.toJSON())).toEqual([
      { message: 'Your role may not read CyberChampion.business.', path: ['cyberChampions', 'nodes', 0, 'business'], extensions: { code: 'FORBIDDEN' } },
      { message: 'Your role may not read CyberChampion.business.', path: ['cyberChampions', 'nodes', 1, 'business'], extensions: { code: 'FORBIDDEN' } },
    ]);
  });

  it('adds no key nobody asked for when every requested field is denied', () => {
    const data: Record<string, unknown> = { [placeholderKey]: 'Query' };
    const errors = applyDenials(data, planFor('{ crimeReportStatistics { count } stats: reportAccessLog { totalCount } }', anonymous));
    expect(data).toEqual({ crimeReportStatistics: null, stats: null });
    expect(errors.map((e) => [e.path, e.extensions.code])).toEqual([
      [['crimeReportStatistics'], 'UNAUTHENTICATED'],
      [['stats'], 'UNAUTHENTICATED'],
    ]);
  });

  it('reports a field denied in a fragment spread many times over once per object', () => {
    const data = { cyberChampions: { nodes: [{ [placeholderKey]: 'CyberChampion' }] } };
    const errors = applyDenials(data, planFor('{ cyberChampions { nodes { ...C ...C ... on CyberChampion { ...C } } } } fragment C on CyberChampion { business { id } }', anonymous));
    expect(data).toEqual({ cyberChampions: { nodes: [{ business: null }] } });
    expect(errors.map((e) => e.path)).toEqual([['cyberChampions', 'nodes', 0, 'business']]);
  });
});
