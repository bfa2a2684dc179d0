// The web service's "Find help" journey in a real browser (Debian's Chromium, driven by
// playwright-core) against the real hub on PGlite, with trusted documents required of anonymous
// callers (so the service can only be sending saved operations by id). The journey once with
// JavaScript and once without, each question's bad and empty answers, an ambiguous postcode, the
// urgent route first; axe-core (WCAG 2.2 AA) and a 320 px check on every page; a keyboard-only
// pass; screenshots at 320 and 1280 px under test-results/web/. Every request outside the
// service's origin is aborted and recorded, and none may be attempted.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '@crimehub/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blockRequestsOutside, launchChromium } from '../utils/browser.ts';
import { freePort, startHub, startProcess, type Hub, type Running } from '../utils/processes.ts';

const shots = path.join(repoRoot, 'test-results', 'web');
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let hub: Hub;
let web: Running;
let origin: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const elsewhere: string[] = [];
const pageProblems: string[] = [];
/** A page that runs JavaScript, where the HTML of a page without it is checked by axe-core (see checkPage). */
let probe: Page | undefined;

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  hub = await startHub('pglite', { TRUSTED_DOCUMENTS: 'anonymous' });
  web = await startProcess('web', 'web/src/main.ts', { GATEWAY_URL: hub.gateway.url });
  origin = new URL(web.url).origin;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await hub?.stop();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  probe = undefined;
  expect(elsewhere.splice(0)).toEqual([]);
  expect(pageProblems.splice(0)).toEqual([]);
});

/** A browser journey on a crowded 2-core machine: generous, as the hub's start is. */
const journeyTimeoutMs = 300_000;

/** A fresh browser profile whose every request outside the service is aborted and recorded. */
async function newPage(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  await blockRequestsOutside(context, (url) => url.startsWith(`${origin}/`), elsewhere);
  const page = await context.newPage();
  page.on('console', (message) => {
    // The 404 page is one on purpose: Chromium logs its status.
    if (message.type() === 'error' && !message.location().url.endsWith('/no-such-page')) pageProblems.push(message.text());
  });
  page.on('pageerror', (error) => pageProblems.push(error.message));
  return page;
}

/**
 * The checks every page gets: no axe-core violation of WCAG 2.2 AA, no horizontal scroll at
 * 320 px, and a screenshot at 320 and 1280 px (test-results/web/<name>-<width>.png).
 */
async function checkPage(page: Page, name: string): Promise<void> {
  // axe-core runs in the page, evaluated through the DevTools protocol, which the page's CSP (no
  // inline script without its nonce) does not govern. A page with JavaScript off runs no timers,
  // and axe needs them: its HTML, without scripts, is checked in a page of the same origin that
  // runs JavaScript, so the markup and styles checked are the ones a browser without it shows.
  const javaScript = await page.evaluate('document.body.classList.contains("js-enabled")');
  let target = page;
  if (!javaScript) {
    probe ??= await newPage(true);
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    await probe.goto(`${origin}/health`);
    await probe.setContent(html, { waitUntil: 'load' });
    target = probe;
  }
  {
    if (!(await target.evaluate('typeof window.axe === "object"'))) await target.evaluate(axeSource);
    const violations = await target.evaluate(async (tags) => {
      const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return result.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`);
    }, wcag);
    expect(violations, name).toEqual([]);
  }
  await page.setViewportSize({ width: 320, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at 320 px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(shots, `${name}-320.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(shots, `${name}-1280.png`), fullPage: true });
}

const heading = (page: Page) => page.locator('h1').first().innerText();
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
      'shows training with places and a Book button that says booking needs sign-in, and the footer pages',
      async () => {
        const page = await newPage(javaScript);
        await page.goto(`${origin}/find-help/answer?postcode=ST16+2AB&sector=DIGITAL_TECH&size=SMALL&crimeType=cyber-ransomware&urgency=URGENT`);
        expect(await page.locator('#urgent').innerText()).toContain('Report Fraud');
        const book = page.getByRole('button', { name: /^Book a place on / }).first();
        await book.click();
        expect(await heading(page)).toBe('Booking a place needs you to sign in');
        await checkPage(page, `${mode}-sign-in`);
        await page.getByRole('link', { name: 'Go back to the help for your business' }).click();
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
