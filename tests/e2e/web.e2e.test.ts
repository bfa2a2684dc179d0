// The web service's "Find help" journey in a real browser (Debian's Chromium, driven by
// playwright-core) against the real hub on PGlite, with trusted documents required of anonymous
// callers (so the service can only be sending saved operations by id). The journey once with
// JavaScript and once without, each question's bad and empty answers, an ambiguous postcode, the
// urgent route first; axe-core (WCAG 2.2 AA) and a 320 px check on every page; a keyboard-only
// pass; screenshots at 320 and 1280 px under test-results/web/. Every request outside the
// service's origin is aborted and recorded, and none may be attempted.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../utils/browser.ts';
import { freePort, startHub, startProcess, type Hub, type Running } from '../utils/processes.ts';
import { heading, webPages, type WebPages } from '../utils/webPages.ts';

let hub: Hub;
let web: Running;
let origin: string;
let browser: Browser;
let pages: WebPages;

beforeAll(async () => {
  hub = await startHub('pglite', { TRUSTED_DOCUMENTS: 'anonymous' });
  web = await startProcess('web', 'web/src/main.ts', { GATEWAY_URL: hub.gateway.url });
  origin = new URL(web.url).origin;
  browser = await launchChromium();
  // The 404 page is one on purpose, and signing in answers 503 here (no provider): Chromium logs their status.
  pages = await webPages(browser, { origins: [origin], shots: 'web', ignoreConsole: (_text, url) => url.endsWith('/no-such-page') || url.includes('/training/') });
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await hub?.stop();
});

afterEach(async () => {
  await pages.finish();
});

/** A browser journey on a crowded 2-core machine: generous, as the hub's start is. */
const journeyTimeoutMs = 300_000;

const newPage = (javaScript: boolean) => pages.newPage(javaScript);
const checkPage = (page: Page, name: string) => pages.checkPage(page, name);
const continueButton = (page: Page) => page.getByRole('button', { name: 'Continue' });

/** Continue with nothing answered: the error summary links to the field, which shows the error inline. */
async function expectEmptyError(page: Page, field: string, message: string, name: string): Promise<void> {
  await continueButton(page).click();
  const summary = page.locator('.govuk-error-summary');
  await expect(summary.innerText()).resolves.toContain(message);
  await expect(summary.locator('a').getAttribute('href')).resolves.toBe(`#${field}`);
  await expect(page.locator('.govuk-error-message').first().innerText()).resolves.toContain(message);
  expect(await page.title()).toMatch(/^Error: /);
  await checkPage(page, name);
  await summary.locator('a').click();
  await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(field);
}

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'js' : 'nojs';
  describe(`Find help ${javaScript ? 'with' : 'without'} JavaScript`, () => {
    it(
      'asks each question, refuses empty and bad answers keeping what was typed, asks which district for a split postcode, and answers with 999 first when it is happening now',
      async () => {
        const page = await newPage(javaScript);
        await page.goto(`${origin}/`);
        expect(await heading(page)).toBe('Get help with business crime in Staffordshire');
        await checkPage(page, `${mode}-start`);
        await page.getByRole('button', { name: 'Start now' }).click();

        expect(await heading(page)).toBe('What is the postcode of your business?');
        await checkPage(page, `${mode}-where`);
        await expectEmptyError(page, 'postcode', 'Enter the postcode of your business', `${mode}-where-empty`);
        await page.getByLabel('What is the postcode of your business?').fill('not a postcode');
        await continueButton(page).click();
        expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter a real postcode, like ST16 2AB');
        expect(await page.locator('#postcode').inputValue()).toBe('not a postcode');
        await page.locator('#postcode').fill('b1 1aa');
        await continueButton(page).click();
        expect(await page.locator('.govuk-error-summary').innerText()).toContain('B1 1AA is not in Staffordshire or Stoke-on-Trent');
        expect(await page.locator('#postcode').inputValue()).toBe('b1 1aa');
        await checkPage(page, `${mode}-where-outside`);

        // WS15 1 is split between Cannock Chase and Lichfield: the API says AMBIGUOUS_POSTCODE.
        await page.locator('#postcode').fill('ws15 1aa');
        await continueButton(page).click();
        expect(await heading(page)).toBe('Which area is your business in?');
        expect(await page.locator('.govuk-radios__label').allInnerTexts()).toEqual(['Cannock Chase', 'Lichfield']);
        await checkPage(page, `${mode}-district`);
        await expectEmptyError(page, 'district', 'Select the area your business is in', `${mode}-district-empty`);
        await page.getByLabel('Lichfield').check();
        await continueButton(page).click();

        expect(await heading(page)).toBe('What does your business do?');
        await checkPage(page, `${mode}-sector`);
        await expectEmptyError(page, 'sector', 'Select what your business does', `${mode}-sector-empty`);
        await page.getByLabel('Shop or retail').check();
        await continueButton(page).click();

        expect(await heading(page)).toBe('How many people work for your business?');
        await checkPage(page, `${mode}-size`);
        await expectEmptyError(page, 'size', 'Select how many people work for your business', `${mode}-size-empty`);
        await page.getByLabel('Fewer than 10 people').check();
        await continueButton(page).click();

        expect(await heading(page)).toBe('What happened, or what are you worried about?');
        await checkPage(page, `${mode}-crime`);
        await expectEmptyError(page, 'crimeType', 'Select what happened', `${mode}-crime-empty`);
        if (javaScript) {
          // The accessible autocomplete replaces the select: type, then choose from what it lists.
          await page.locator('input#crimeType').fill('burg');
          await page.locator('.autocomplete__option', { hasText: 'Burglary' }).first().click();
          await checkPage(page, `${mode}-crime-autocomplete`);
        } else {
          expect(await page.locator('#crimeType optgroup').evaluateAll((groups) => groups.map((g) => (g as HTMLOptGroupElement).label))).toEqual([
            'Theft, break-ins, damage, violence and nuisance',
            'Fraud and scams',
            'Cyber attacks and online crime',
          ]);
          await page.locator('#crimeType').selectOption('burglary');
        }
        await continueButton(page).click();

        expect(await heading(page)).toBe('Is it happening now?');
        await checkPage(page, `${mode}-urgency`);
        await expectEmptyError(page, 'urgency', 'Select whether it is happening now', `${mode}-urgency-empty`);
        await page.getByLabel(/someone is in danger/).check();
        await continueButton(page).click();

        // The answer: its address holds the whole question.
        const answer = new URL(page.url());
        expect(answer.pathname).toBe('/find-help/answer');
        expect(Object.fromEntries(answer.searchParams)).toEqual({ postcode: 'WS15 1AA', district: 'E07000194', sector: 'RETAIL', size: 'MICRO', crimeType: 'burglary', urgency: 'EMERGENCY' });
        expect(await heading(page)).toBe('Burglary');
        const urgent = page.locator('#urgent');
        expect(await urgent.innerText()).toContain('999');
        const order = await page.locator('h2').allInnerTexts();
        expect(order.slice(0, 5)).toEqual(['Do this now', 'Report it', 'Protect your business', 'Train your staff', 'Support after a crime']);
        expect(await page.getByText('Why we show this').count()).toBeGreaterThan(0);
        expect(await page.locator('.govuk-summary-list').innerText()).toContain('WS15 1AA, Lichfield');
        await checkPage(page, `${mode}-answer`);

        // Change an answer: back to that question, then straight back to the answer.
        await page.getByRole('link', { name: 'Change how many people work there' }).click();
        expect(await heading(page)).toBe('How many people work for your business?');
        expect(await page.getByLabel('Fewer than 10 people').isChecked()).toBe(true);
        await page.getByLabel('10 to 49 people').check();
        await continueButton(page).click();
        expect(new URL(page.url()).searchParams.get('size')).toBe('SMALL');
        expect(await heading(page)).toBe('Burglary');

        // Back links go to the question before.
        await page.getByRole('link', { name: 'Back' }).click();
        expect(await heading(page)).toBe('Is it happening now?');
      },
      journeyTimeoutMs,
    );

    it(
      'shows training with places and a Book button that needs signing in (not set up here), and the footer pages',
      async () => {
        const page = await newPage(javaScript);
        await page.goto(`${origin}/find-help/answer?postcode=ST16+2AB&sector=DIGITAL_TECH&size=SMALL&crimeType=cyber-ransomware&urgency=URGENT`);
        expect(await page.locator('#urgent').innerText()).toContain('Report Fraud');
        const book = page.getByRole('button', { name: /^Book a place on / }).first();
        await book.click();
        expect(await heading(page)).toBe('Signing in is not available');
        await checkPage(page, `${mode}-sign-in-unavailable`);
        await page.goBack();
        expect(new URL(page.url()).pathname).toBe('/find-help/answer');
        expect(await checkPageAndFollow(page, 'Cookies', `${mode}-cookies`)).toBe('Cookies');
        expect(await checkPageAndFollow(page, 'Accessibility statement', `${mode}-accessibility`)).toMatch(/^Accessibility statement/);
        const missing = await page.goto(`${origin}/no-such-page`);
        expect(missing?.status()).toBe(404);
        expect(await heading(page)).toBe('Page not found');
        await checkPage(page, `${mode}-not-found`);
      },
      journeyTimeoutMs,
    );
  });
}

async function checkPageAndFollow(page: Page, footerLink: string, name: string): Promise<string> {
  await page.locator('footer').getByRole('link', { name: footerLink }).click();
  await checkPage(page, name);
  return heading(page);
}

describe('keyboard only', () => {
  /** Presses Tab until the focused element matches `selector` (at most 60 times). */
  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  it(
    'completes the journey with Tab, Enter, Space and typing only',
    async () => {
      const page = await newPage(true);
      await page.goto(`${origin}/`);
      await tabTo(page, 'a.govuk-button--start');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/find-help\/where/);
      await tabTo(page, '#postcode');
      await page.keyboard.type('ST16 2AB');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/find-help\/sector/);
      for (const [step, radio] of [
        ['sector', '#sector'],
        ['size', '#size'],
      ] as const) {
        await tabTo(page, radio);
        await page.keyboard.press('Space');
        await tabTo(page, 'button.govuk-button');
        await page.keyboard.press('Enter');
        await page.waitForURL((url) => !url.pathname.endsWith(`/${step}`) && !url.pathname.endsWith(`/${step}/continue`));
      }
      await tabTo(page, 'input#crimeType');
      await page.keyboard.type('shop');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await tabTo(page, 'button.govuk-button');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/find-help\/urgency/);
      await tabTo(page, '#urgency');
      await page.keyboard.press('Space');
      await tabTo(page, 'button.govuk-button');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/find-help\/answer/);
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ postcode: 'ST16 2AB', sector: 'RETAIL', size: 'MICRO', crimeType: 'shoplifting', urgency: 'EMERGENCY' });
      expect(await heading(page)).toBe('Shoplifting');
    },
    journeyTimeoutMs,
  );
});

describe('when the hub fails', () => {
  it('shows "Sorry, there is a problem with the service" when the gateway cannot be reached', async () => {
    const down = await startProcess('web-down', 'web/src/main.ts', { GATEWAY_URL: `http://127.0.0.1:${await freePort()}/graphql` });
    try {
      const response = await fetch(new URL('/find-help/crime?postcode=ST16+2AB&sector=RETAIL&size=MICRO', down.url));
      expect(response.status).toBe(500);
      expect(await response.text()).toContain('Sorry, there is a problem with the service');
      const start = await fetch(new URL('/', down.url));
      expect(start.status).toBe(200);
    } finally {
      await down.stop();
    }
  });
});
