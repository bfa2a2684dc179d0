import { readFile } from 'node:fs/promises';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { anonymous, type Identity } from '@crimehub/common';
import { supergraphPath } from '../composeSupergraph.ts';
import { allows, applyDenials, authorizeOperation, readAccessRules } from './authorize.ts';
import { policies } from './policies.ts';

const access = readAccessRules(await readFile(supergraphPath, 'utf8'));
const user = (role: 'business' | 'police' | 'partner' | 'analyst' | 'admin'): Identity => ({ kind: 'user', subject: `test-${role}`, role, businessId: 'biz-0001', organizationId: 'pabcis' });

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
  const query = parse('query Register { cyberChampions { trainedOn business { id name } course { title } } }');

  it.each([
    ['anonymous', anonymous, 'UNAUTHENTICATED'],
    ['an analyst', user('analyst'), 'FORBIDDEN'],
  ] as const)('takes business profiles out of the register for %s', (_label, identity, code) => {
    const { document, denials } = authorizeOperation(access, query, 'Register', identity, policies);
    expect(denials).toEqual([{ path: ['cyberChampions', 'business'], coordinate: 'CyberChampion.business', code }]);
    expect(print(document)).not.toContain('business');
    expect(print(document)).toContain('trainedOn');
  });

  it.each(['business', 'police', 'partner', 'admin'] as const)('leaves the operation untouched for a %s user', (role) => {
    const result = authorizeOperation(access, query, 'Register', user(role), policies);
    expect(result.denials).toEqual([]);
    expect(result.document).toBe(query);
  });

  it('follows aliases and fragments, and keeps a selection set valid when all of it is denied', () => {
    const doc = parse('query { ...Reg } fragment Reg on Query { cyberChampions { who: business { name } } }');
    const { document, denials } = authorizeOperation(access, doc, undefined, anonymous, policies);
    expect(denials.map((d) => d.path)).toEqual([['cyberChampions', 'who']]);
    expect(print(document).replace(/\s+/g, ' ')).toContain('cyberChampions { __typename }');
    expect(print(document)).not.toContain('fragment');
  });

  it('leaves public operations alone', () => {
    const doc = parse('{ crimeTypes { code } districts { name } }');
    expect(authorizeOperation(access, doc, undefined, anonymous)).toEqual({ document: doc, denials: [] });
  });
});

describe('applyDenials', () => {
  it('nulls each denied field where it stands and reports its concrete path', () => {
    const data = { cyberChampions: [{ trainedOn: '2026-01-02' }, { trainedOn: '2026-02-03' }] };
    const errors = applyDenials(data, [{ path: ['cyberChampions', 'business'], coordinate: 'CyberChampion.business', code: 'FORBIDDEN' }]);
    expect(data.cyberChampions).toEqual([{ trainedOn: '2026-01-02', business: null }, { trainedOn: '2026-02-03', business: null }]);
    expect(errors.map((e) => e.toJSON())).toEqual([
      { message: 'Your role may not read CyberChampion.business.', path: ['cyberChampions', 0, 'business'], extensions: { code: 'FORBIDDEN' } },
      { message: 'Your role may not read CyberChampion.business.', path: ['cyberChampions', 1, 'business'], extensions: { code: 'FORBIDDEN' } },
    ]);
  });
});
