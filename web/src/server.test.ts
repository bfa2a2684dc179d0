// The web service in process, with a stand-in gateway: its security headers, its assets, and how
// it turns the gateway's answers (data, input problems, failures) into pages.
import { describe, expect, it } from 'vitest';
import { print, type DocumentNode } from 'graphql';
import type { GatewayClient, GatewayResult } from './gateway.ts';
import { GatewayError } from './gateway.ts';
import { createWebApp } from './server.ts';

const reasons = [{ kind: 'CRIME_TYPE', text: 'For burglary' }];
const help = {
  urgency: 'EMERGENCY',
  rural: false,
  crimeType: { code: 'burglary', name: 'Burglary' },
  district: { code: 'E07000197', name: 'Stafford' },
  reportingRoutes: [
    { id: 'r1', channel: 'PHONE', name: 'Police emergency (999)', contact: '999', url: null, urgency: 'EMERGENCY', whenToUse: 'Now.', reasons },
    { id: 'r2', channel: 'PHONE', name: 'Police non-emergency (101)', contact: '101', url: null, urgency: 'NON_EMERGENCY', whenToUse: 'Later.', reasons },
  ],
  supportOffers: [],
  supportOffersConnection: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null } },
  trainingSessions: [{ id: 's1', title: 'Lock up <well>', startsAt: '2026-12-07T09:30:00Z', venue: 'Stafford', seatsLeft: 3, reasons }],
  victimServices: [],
  victimsCodeRights: [{ number: 1, title: 'To be understood', forBusinesses: true, services: [] }],
};

/** A gateway that answers each operation by name from `answers`, and records what it was asked. */
function fakeGateway(answers: Record<string, (variables: any) => GatewayResult<unknown>>): GatewayClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async execute(document, variables) {
      const name = /(query|mutation) (\w+)/.exec(print(document as DocumentNode))![2]!;
      asked.push(name);
      const answer = answers[name];
      if (!answer) throw new GatewayError(`no answer for ${name}`);
      return answer(variables) as any;
    },
  };
}

const answerUrl = '/find-help/answer?postcode=ST16+2AB&sector=RETAIL&size=MICRO&crimeType=burglary&urgency=EMERGENCY';

describe('the web service', () => {
  it('sends a CSP without unsafe-inline whose nonce is the inline script’s, and the other security headers', async () => {
    const app = await createWebApp({ gateway: fakeGateway({}), logLevel: 'silent' });
    const response = await app.inject('/');
    expect(response.statusCode).toBe(200);
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(response.body).toContain(`<script nonce="${nonce}">`);
    expect((await app.inject('/')).headers['content-security-policy']).not.toContain(nonce);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['set-cookie']).toBeUndefined();
    // Nothing from another site: every src and href is the service's own (or a fragment).
    for (const [, url] of response.body.matchAll(/(?:src|href)="([^"]*)"/g)) expect(url).toMatch(/^(\/|#)/);
    await app.close();
  });

  it('serves govuk-frontend’s CSS, JavaScript, fonts and images and accessible-autocomplete from itself, and nothing else of theirs', async () => {
    const app = await createWebApp({ gateway: fakeGateway({}), logLevel: 'silent' });
    for (const url of [
      '/assets/govuk/govuk-frontend.min.css',
      '/assets/govuk/govuk-frontend.min.js',
      '/assets/images/favicon.svg',
      '/assets/manifest.json',
      '/assets/autocomplete/accessible-autocomplete.min.js',
      '/assets/web/web.js',
      '/assets/web/web.css',
    ]) {
      expect((await app.inject(url)).statusCode, url).toBe(200);
    }
    const fonts = /url\((\/assets\/fonts\/[^)]+)\)/.exec((await app.inject('/assets/govuk/govuk-frontend.min.css')).body)?.[1];
    expect((await app.inject(fonts!)).statusCode).toBe(200);
    for (const url of ['/assets/govuk/all.mjs', '/assets/govuk/template.njk', '/assets/autocomplete/../package.json', '/nowhere']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(404);
    }
    expect((await app.inject('/nowhere')).body).toContain('Page not found');
    await app.close();
  });

  it('answers with the urgent route first, each item’s reasons, a Book link to the sign-in page, escaped text, and its server timing', async () => {
    const gateway = fakeGateway({ HelpAdvice: () => ({ data: { help } }) });
    const app = await createWebApp({ gateway, logLevel: 'silent' });
    const response = await app.inject(answerUrl);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body.indexOf('Police emergency (999)')).toBeLessThan(body.indexOf('Report it'));
    expect(body).toContain('Why we show this');
    expect(body).toContain('Lock up &lt;well&gt;');
    expect(body).toContain('/training/s1/book?from=%2Ffind-help%2Fanswer%3Fpostcode%3DST16%2B2AB');
    expect(body).toContain('There are no support offers');
    expect(response.headers['server-timing']).toMatch(/^gateway;dur=[\d.]+, render;dur=[\d.]+$/);
    expect(gateway.asked).toEqual(['HelpAdvice']);
    await app.close();
  });

  it('sends an ambiguous postcode to the district question, shows other input problems on their question, and a failure as the problem page', async () => {
    const ambiguous = fakeGateway({
      HelpAdvice: () => ({ problems: [{ code: 'AMBIGUOUS_POSTCODE', field: 'business.postcode', message: 'which?', candidates: [{ code: 'E07000192', name: 'Cannock Chase' }] }] }),
    });
    let app = await createWebApp({ gateway: ambiguous, logLevel: 'silent' });
    const redirect = await app.inject(answerUrl);
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toBe('/find-help/district?postcode=ST16+2AB&sector=RETAIL&size=MICRO&crimeType=burglary&urgency=EMERGENCY');
    await app.close();

    const unknown = fakeGateway({
      HelpAdvice: () => ({ problems: [{ code: 'UNKNOWN_CRIME_TYPE', field: 'crimeType', message: 'no such type' }] }),
      CrimeTypes: () => ({ data: { crimeTypes: [{ code: 'burglary', name: 'Burglary', description: '', cyber: false, fraud: false }] } }),
    });
    app = await createWebApp({ gateway: unknown, logLevel: 'silent' });
    const question = await app.inject(answerUrl);
    expect(question.body).toContain('There is a problem');
    expect(question.body).toContain('href="#crimeType"');
    expect(question.body).toContain('Select what happened from the list');
    await app.close();

    app = await createWebApp({ gateway: fakeGateway({}), logLevel: 'silent' });
    const failed = await app.inject(answerUrl);
    expect(failed.statusCode).toBe(500);
    expect(failed.body).toContain('Sorry, there is a problem with the service');
    await app.close();
  });

  it('sends an incomplete answer address to the first unanswered question, and refuses an answer a question does not offer', async () => {
    const app = await createWebApp({ gateway: fakeGateway({}), logLevel: 'silent' });
    const incomplete = await app.inject('/find-help/answer?postcode=ST16+2AB&sector=RETAIL');
    expect(incomplete.statusCode).toBe(303);
    expect(incomplete.headers.location).toBe('/find-help/size?postcode=ST16+2AB&sector=RETAIL');
    const bad = await app.inject('/find-help/size/continue?postcode=ST16+2AB&sector=RETAIL&size=ENORMOUS');
    expect(bad.body).toContain('Select how many people work for your business');
    const good = await app.inject('/find-help/size/continue?postcode=ST16+2AB&sector=RETAIL&size=SMALL');
    expect(good.headers.location).toBe('/find-help/crime?postcode=ST16+2AB&sector=RETAIL&size=SMALL');
    // No provider configured: signing in says it is unavailable, and never redirects elsewhere.
    const signIn = await app.inject('/sign-in?return=https://evil.example/');
    expect(signIn.statusCode).toBe(503);
    expect(signIn.body).toContain('Signing in is not available');
    expect(signIn.body).not.toContain('evil.example');
    await app.close();
  });
});

describe('dates on pages', () => {
  it('say the London time with a 12-hour clock, noon as 12 pm (not 0 pm)', async () => {
    const { createViews } = await import('./server.ts');
    const longDate = createViews().getFilter('longDate') as (iso: string) => string;
    expect(longDate('2026-11-28T12:48:00Z')).toBe('Saturday, 28 November 2026 at 12:48 pm');
    expect(longDate('2026-06-01T13:15:00Z')).toBe('Monday, 1 June 2026 at 2:15 pm');
    expect(longDate('2026-06-01T23:05:00Z')).toBe('Tuesday, 2 June 2026 at 12:05 am');
  });
});
