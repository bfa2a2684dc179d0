// What a business does signed in, in a real browser (Debian's Chromium through playwright-core),
// once with JavaScript and once without, against the real hub on PGlite and the development
// identity provider: sign in with OpenID Connect (a wrong password first), register the business
// (empty, bad, outside and split postcodes first), report a crime through its question pages and
// "Check your answers" (each page's bad answers first, then a double submit that files one
// report), see the reports and a report's timeline, book a training session and cancel it, ask a
// partner for support from an offer and see the partner's answer, then sign out. axe-core, the
// 320 px reflow and screenshots on every page (test-results/web-account/); every request outside
// the service and the provider is aborted and recorded, and none may be attempted. The browser
// never sees a token: only the session cookie.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { repoRoot } from '@crimehub/common';
import { SignJWT } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDevPrivateKey } from '../../gateway/src/auth/devKeys.ts';
import { launchChromium } from '../utils/browser.ts';
import { freePort, startHub, startProcess, type Hub, type Running } from '../utils/processes.ts';
import { heading, webPages, type WebPages } from '../utils/webPages.ts';

let hub: Hub;
let idp: Running;
let web: Running;
let origin: string;
let idpOrigin: string;
let browser: Browser;
let pages: WebPages;

beforeAll(async () => {
  const [idpPort, webPort] = [await freePort(), await freePort()];
  idpOrigin = `http://127.0.0.1:${idpPort}`;
  origin = `http://127.0.0.1:${webPort}`;
  idp = await startProcess('idp', 'web/src/idp/main.ts', { IDP_PORT: String(idpPort), WEB_PUBLIC_URL: origin, WEB_OIDC_CLIENT_SECRET: 'test-web-secret' });
  hub = await startHub('pglite', { TRUSTED_DOCUMENTS: 'anonymous', AUTH_ISSUER: `business-crime-hub,${idpOrigin}` });
  web = await startProcess('web', 'web/src/main.ts', {
    WEB_PORT: String(webPort),
    GATEWAY_URL: hub.gateway.url,
    WEB_PUBLIC_URL: origin,
    WEB_OIDC_ISSUER: idpOrigin,
    WEB_OIDC_CLIENT_SECRET: 'test-web-secret',
  });
  browser = await launchChromium();
  // A form refused (400), a page for businesses only (403) and a missing report (404) are answered
  // with their status on purpose: Chromium logs it.
  pages = await webPages(browser, { origins: [origin, idpOrigin], shots: 'web-account', ignoreConsole: (text) => /the server responded with a status of 40[034]/.test(text) });
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await idp?.stop();
  await hub?.stop();
});

afterEach(() => {
  pages.check();
});

const journeyTimeoutMs = 400_000;
const button = (page: Page, name: string | RegExp) => page.getByRole('button', { name });
const errorSummary = (page: Page) => page.locator('.govuk-error-summary').innerText();

/** Signs in at the provider's page as `email` (after a wrong password), and lands back on the service. */
async function signIn(page: Page, email: string, check: (name: string) => Promise<void>): Promise<void> {
  expect(new URL(page.url()).origin).toBe(idpOrigin);
  expect(await heading(page)).toBe('Sign in');
  await check('idp-sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill('wrong');
  await button(page, 'Sign in').click();
  expect(await page.locator('.govuk-error-summary').count()).toBe(1);
  await check('idp-sign-in-wrong');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill('password');
  await button(page, 'Sign in').click();
  await page.waitForURL((url) => url.origin === origin);
}

/** A token for the gateway, signed with the development key as the provider's are. */
async function devToken(claims: Record<string, string>): Promise<string> {
  const key = await loadDevPrivateKey(path.join(repoRoot, '.data', 'dev-keys'));
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer('business-crime-hub')
    .setAudience('business-crime-hub')
    .setSubject('test-partner')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}

async function gateway(query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const response = await fetch(hub.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

for (const [javaScript, email] of [
  [true, 'new.business@example.org'],
  [false, 'second.business@example.org'],
] as const) {
  const mode = javaScript ? 'js' : 'nojs';
  describe(`A business signed in, ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    let page: Page;
    const check = (name: string) => pages.checkPage(page, `${mode}-${name}`);
    // One browser profile for the whole journey: its tests run in order, each where the last left off.
    afterAll(async () => {
      await pages.finish();
    });

    it(
      'signs in with OpenID Connect and registers the business, refusing empty, bad, outside and split postcodes first',
      async () => {
        page = await pages.newPage(javaScript);
        await page.goto(`${origin}/`);
        await page.getByRole('link', { name: 'Sign in' }).first().click();
        await signIn(page, email, check);
        expect(new URL(page.url()).pathname).toBe('/account');
        expect(await page.locator('.govuk-notification-banner').innerText()).toContain('You are signed in');
        // The browser holds a session cookie, HttpOnly, and never a token.
        // (Cookies are per host, not per port: the provider's, on the same 127.0.0.1, are listed too.)
        const cookies = await page.context().cookies(origin);
        const session = cookies.filter((cookie) => cookie.name === 'session');
        expect(session).toHaveLength(1);
        expect(session[0]!.httpOnly).toBe(true);
        expect(session[0]!.sameSite).toBe('Lax');
        for (const cookie of cookies) expect(cookie.value).not.toMatch(/eyJ/);
        await check('account-unregistered');

        await page.getByRole('button', { name: 'Register your business' }).click();
        expect(await heading(page)).toBe('Register your business');
        await page.getByLabel('Contact email address (optional)').fill('');
        await button(page, 'Register').click();
        const empty = await errorSummary(page);
        for (const message of ['Enter the name of your business', 'Enter the postcode of your business', 'Select what your business does', 'Select how many people work there']) {
          expect(empty).toContain(message);
        }
        expect(await page.title()).toMatch(/^Error: /);
        await check('register-empty');
        await page.locator('.govuk-error-summary a').first().click();
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('name');

        await page.getByLabel('Name of your business').fill('Leek Corner Shop');
        await page.getByLabel('Postcode').fill('nonsense');
        await page.getByLabel('Shop or retail').check();
        await page.getByLabel('Fewer than 10 people').check();
        await page.getByLabel('Contact telephone number (optional)').fill('12');
        await button(page, 'Register').click();
        expect(await errorSummary(page)).toContain('Enter a real postcode, like ST16 2AB');
        expect(await errorSummary(page)).toContain('Enter a UK telephone number');
        // What was typed and chosen is kept.
        expect(await page.getByLabel('Postcode').inputValue()).toBe('nonsense');
        expect(await page.getByLabel('Name of your business').inputValue()).toBe('Leek Corner Shop');
        expect(await page.getByLabel('Shop or retail').isChecked()).toBe(true);
        await page.getByLabel('Contact telephone number (optional)').fill('01538 000 111');
        await page.getByLabel('Postcode').fill('B1 1AA');
        await button(page, 'Register').click();
        expect(await errorSummary(page)).toContain('Enter a postcode in Staffordshire or Stoke-on-Trent');
        await check('register-outside');
        // WS15 1 is split between Cannock Chase and Lichfield: the API asks which.
        await page.getByLabel('Postcode').fill('WS15 1AA');
        await button(page, 'Register').click();
        expect(await errorSummary(page)).toContain('select the one your business is in');
        await check('register-district');
        await page.getByLabel('Lichfield').check();
        await button(page, 'Register').click();
        expect(new URL(page.url()).pathname).toBe('/account');
        expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Your business is registered');
        expect(await page.locator('.govuk-summary-list').innerText()).toContain('WS15 1AA, Lichfield');
        await check('account');
      },
      journeyTimeoutMs,
    );

    let reference = '';
    it(
      'reports a crime through question pages and "Check your answers", refusing bad answers, and a double submit files one report',
      async () => {
        await page.getByRole('link', { name: 'Report a crime' }).first().click();
        expect(await heading(page)).toBe('Report a crime against your business');
        await check('report-start');
        await button(page, /Start/).click();

        expect(await heading(page)).toBe('What happened?');
        await button(page, 'Continue').click();
        expect(await errorSummary(page)).toContain('Select what happened');
        expect(await errorSummary(page)).toContain('Select whether it is still happening');
        await check('report-what-empty');
        if (javaScript) {
          await page.locator('input#crimeType').fill('shop');
          await page.locator('.autocomplete__option', { hasText: 'Shoplifting' }).first().click();
        } else {
          await page.locator('#crimeType').selectOption('shoplifting');
        }
        await page.getByLabel('No').check();
        await button(page, 'Continue').click();

        expect(await heading(page)).toBe('When did it happen?');
        await page.getByLabel('Day').fill('31');
        await page.getByLabel('Month').fill('2');
        await page.getByLabel('Year').fill('2026');
        await button(page, 'Continue').click();
        expect(await errorSummary(page)).toContain('must be a real date');
        await check('report-when-bad');
        const nextYear = new Date().getUTCFullYear() + 1;
        await page.getByLabel('Day').fill('1');
        await page.getByLabel('Month').fill('6');
        await page.getByLabel('Year').fill(String(nextYear));
        await button(page, 'Continue').click();
        expect(await errorSummary(page)).toContain('must be in the past');
        await page.getByLabel('Year').fill('2026');
        await page.getByLabel('Time (optional)').fill('2:15pm');
        await button(page, 'Continue').click();

        expect(await heading(page)).toBe('What is the postcode where it happened?');
        await page.getByLabel('What is the postcode where it happened?').fill('ST13 5AA');
        await button(page, 'Continue').click();

        expect(await heading(page)).toBe('Tell us what happened');
        await page.getByLabel('Tell us what happened').fill('Stolen');
        await page.getByLabel(/How much money/).fill('lots');
        await button(page, 'Continue').click();
        expect(await errorSummary(page)).toContain('at least 10 characters');
        expect(await errorSummary(page)).toContain('Enter the loss in pounds');
        await check('report-details-bad');
        await page.getByLabel('Tell us what happened').fill('A man took six bottles of spirits from the shelf behind the till and ran towards the bus station.');
        await page.getByLabel(/How much money/).fill('£185.40');
        await button(page, 'Continue').click();

        expect(await heading(page)).toBe('Who should the police contact?');
        await page.getByLabel('Full name').fill('Lena Leek');
        await button(page, 'Continue').click();
        expect(await errorSummary(page)).toContain('Enter an email address or a telephone number');
        expect(await errorSummary(page)).toContain('Select whether victim services may contact you');
        await check('report-contact-empty');
        await page.getByLabel('Email address').fill('lena@leek-corner.example');
        await page.locator('#referralConsent').check();
        await page.locator('#impactStatementWanted-2').check();
        await button(page, 'Continue').click();

        expect(await heading(page)).toBe('Check your answers before sending your report');
        const answers = await page.locator('.govuk-summary-list').innerText();
        expect(answers).toContain('Shoplifting');
        expect(answers).toContain('1 June 2026 at 14:15');
        expect(answers).toContain('ST13 5AA');
        expect(answers).toContain('£185.40');
        await check('report-check');
        // Change an answer: its page, then straight back to the check.
        await page.getByRole('link', { name: 'Change the money lost' }).click();
        expect(await page.getByLabel(/How much money/).inputValue()).toBe('£185.40');
        await page.getByLabel(/How much money/).fill('190');
        await button(page, 'Continue').click();
        expect(await heading(page)).toBe('Check your answers before sending your report');
        expect(await page.locator('.govuk-summary-list').innerText()).toContain('£190');

        // A double submit: the same form posted twice at once (a double click, a retry) files one report.
        const form = await page
          .locator('form[action="/report/check"]')
          .evaluate((element) => Object.fromEntries(Array.from(element.querySelectorAll('input')).map((input) => [input.name, input.value])));
        const cookie = (await page.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
        const send = () =>
          fetch(`${origin}/report/check`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams(form).toString(), redirect: 'manual' });
        const sent = await Promise.all([send(), send()]);
        expect(sent.map((response) => [response.status, response.headers.get('location')])).toEqual([
          [303, '/report/confirmation'],
          [303, '/report/confirmation'],
        ]);
        // And once more from the page, after both: the report is sent, so its confirmation again.
        await button(page, 'Send report').click();
        expect(await page.locator('.govuk-panel').innerText()).toMatch(/Crime reported[\s\S]*Your crime reference\s*\S+/);
        reference = (await page.locator('.govuk-panel strong').innerText()).trim();
        expect(reference).toMatch(/^BCH-\d{2}-\d+$/);
        expect(await page.locator('main').innerText()).toContain('Evidence to keep');
        await check('report-confirmation');

        await page.getByRole('link', { name: "your report's page" }).click();
        expect(await heading(page)).toBe(reference);
        expect(await page.locator('.app-timeline').innerText()).toContain('Report received');
        await check('report-detail');
        await page.goto(`${origin}/account/reports`);
        expect(await page.locator('main').innerText()).toContain(reference);
        expect(await page.locator('main').innerText()).toContain('1 report, newest first');
        await check('reports');
        const missing = await page.goto(`${origin}/account/reports/ZZ-00-000000`);
        expect(missing?.status()).toBe(404);
      },
      journeyTimeoutMs,
    );

    it(
      'books a place on a training session from the help answer, refusing a bad email first, cancels it, and joins a full session’s waiting list',
      async () => {
        await page.goto(`${origin}/find-help/answer?postcode=ST16+2AB&sector=DIGITAL_TECH&size=SMALL&crimeType=cyber-ransomware&urgency=NON_EMERGENCY`);
        const title = (await page.locator('#train ~ .app-item h3').first().innerText()).trim();
        await page
          .getByRole('button', { name: /^Book a place on / })
          .first()
          .click();
        expect(await heading(page)).toBe(title);
        expect(await page.getByLabel('Full name').inputValue()).not.toBe('');
        await page.getByLabel('Email address').fill('not-an-email');
        await button(page, /Book the place|Join the waiting list/).click();
        expect(await errorSummary(page)).toContain('Enter an email address in the correct format');
        expect(await page.getByLabel('Email address').inputValue()).toBe('not-an-email');
        await check('book-bad');
        await page.getByLabel('Email address').fill('lena@leek-corner.example');
        await button(page, /Book the place|Join the waiting list/).click();
        expect(new URL(page.url()).pathname).toBe('/account/bookings');
        expect(await page.locator('.govuk-notification-banner').innerText()).toMatch(/Your place is booked|You are on the waiting list/);
        expect(await page.locator('main').innerText()).toContain(title);
        await check('bookings');
        await page.getByRole('link', { name: `Cancel the booking for ${title}` }).click();
        expect(await heading(page)).toBe('Are you sure you want to cancel this booking?');
        await check('cancel');
        await button(page, 'Yes, cancel the booking').click();
        expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Your booking is cancelled');
        expect(await page.locator('main').innerText()).toContain('Cancelled');
        expect(await page.getByRole('link', { name: `Cancel the booking for ${title}` }).count()).toBe(0);

        // A full session (sess-intro-01 is booked out in the demonstration data): the waiting list instead.
        await page.goto(`${origin}/training/sess-intro-01/book`);
        expect(await page.locator('.govuk-caption-l').innerText()).toBe('Join the waiting list');
        await check('waiting-list');
        await button(page, 'Join the waiting list').click();
        expect(await page.locator('.govuk-notification-banner').innerText()).toMatch(/You are on the waiting list[\s\S]*you are number \d+ on the waiting list/);
        expect(await page.locator('main').innerText()).toMatch(/On the waiting list, number \d+/);
      },
      journeyTimeoutMs,
    );

    it(
      'asks a partner for support from an offer, refusing an empty question first, and sees the partner’s answer',
      async () => {
        await page.goto(`${origin}/find-help/answer?postcode=ST16+2AB&sector=RETAIL&size=MICRO&crimeType=shoplifting&urgency=NON_EMERGENCY`);
        const ask = page.locator('#protect ~ .app-item a[href^="/support/"]').first();
        const offerId = decodeURIComponent(/\/support\/([^/]+)\/ask/.exec((await ask.getAttribute('href'))!)![1]!);
        await ask.click();
        expect(await page.locator('.govuk-caption-l').innerText()).toMatch(/^Ask /);
        await button(page, 'Send').click();
        expect(await errorSummary(page)).toContain('Enter what you would like help with');
        await check('ask-empty');
        const question = `We have had three shoplifting incidents this month. Could you advise on CCTV? (${randomUUID().slice(0, 8)})`;
        await page.getByLabel('What would you like help with?').fill(question);
        await button(page, 'Send').click();
        expect(new URL(page.url()).pathname).toBe('/account/enquiries');
        expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Your question is sent');
        expect(await page.locator('main').innerText()).toContain(question);
        expect(await page.locator('main').innerText()).toContain('Waiting for an answer');
        await check('enquiries-open');

        // The partner answers (as its staff would, through the hub), and the business sees it.
        const offer = await gateway('query ($id: ID!) { supportOffer(id: $id) { provider { id } } }', { id: offerId }, await devToken({ role: 'analyst' }));
        const token = await devToken({ role: 'partner', org_id: offer.data.supportOffer.provider.id });
        const open = await gateway('{ me { enquiries(first: 50) { nodes { id message } } } }', {}, token);
        const enquiry = open.data.me.enquiries.nodes.find((node: { message: string }) => node.message === question);
        const answered = await gateway(
          'mutation ($input: AnswerEnquiryInput!) { answerEnquiry(input: $input) { enquiry { status } } }',
          { input: { enquiryId: enquiry.id, answer: 'Yes: book a free security survey with our adviser, and see our CCTV guide.', idempotencyKey: randomUUID() } },
          token,
        );
        expect(answered.data.answerEnquiry.enquiry.status).toBe('ANSWERED');
        await page.reload();
        expect(await page.locator('main').innerText()).toContain('book a free security survey');
        await check('enquiries-answered');
      },
      journeyTimeoutMs,
    );

    it(
      'signs out at the service and the provider',
      async () => {
        await button(page, 'Sign out').click();
        if (new URL(page.url()).origin === idpOrigin) {
          await check('idp-sign-out');
          await page.getByRole('button', { name: 'Sign out', exact: true }).click();
        }
        await page.waitForURL(`${origin}/signed-out`);
        expect(await heading(page)).toBe('You have signed out');
        expect((await page.context().cookies(origin)).filter((cookie) => cookie.name === 'session')).toEqual([]);
        await page.goto(`${origin}/account`);
        expect(new URL(page.url()).origin).toBe(idpOrigin);
      },
      journeyTimeoutMs,
    );
  });
}

describe('keyboard only', () => {
  /** Presses Tab until the focused element matches `selector` (at most 80 times). */
  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  it(
    'signs in, books a place from the help answer and cancels it with Tab, Enter and typing only',
    async () => {
      const page = await pages.newPage(true);
      await page.goto(`${origin}/find-help/answer?postcode=ST16+2AB&sector=DIGITAL_TECH&size=SMALL&crimeType=cyber-ransomware&urgency=NON_EMERGENCY`);
      await tabTo(page, 'a[href^="/training/"]');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.origin === idpOrigin);
      await tabTo(page, '#email');
      await page.keyboard.type('hardware@example.org');
      await page.keyboard.press('Tab');
      await page.keyboard.type('password');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/training\/[^/]+\/book/);
      await tabTo(page, 'form button.govuk-button');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${origin}/account/bookings`);
      expect(await page.locator('.govuk-notification-banner').innerText()).toMatch(/Your place is booked|You are on the waiting list/);
      await tabTo(page, 'a[href$="/cancel"]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/cancel$/);
      await tabTo(page, 'button.govuk-button--warning');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${origin}/account/bookings`);
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Your booking is cancelled');
      await pages.finish();
    },
    journeyTimeoutMs,
  );
});

describe('other accounts', () => {
  it(
    'tells a police officer that this part of the service is for businesses',
    async () => {
      const page = await pages.newPage(false);
      await page.goto(`${origin}/account`);
      await signIn(page, 'police@example.org', (name) => pages.checkPage(page, `other-${name}`));
      expect(await heading(page)).toBe('This part of the service is for businesses');
      await pages.checkPage(page, 'other-not-a-business');
    },
    journeyTimeoutMs,
  );
});
