// The development identity provider's pages in a real browser (Debian's Chromium, driven by
// playwright-core), as `npm run idp` serves them: the sign-in page, its error, the sign-out
// confirmation and the error pages each pass axe-core (WCAG 2.2 AA) and fit 320 px; the browser is
// sent back to the web service's addresses (where nothing listens). Every other request outside
// the provider's origin is aborted and recorded, and none may be attempted: the pages load
// everything from the provider. Screenshots under test-results/idp/.
import { mkdtemp, rm } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockRequestsOutside, launchChromium } from '../utils/browser.ts';
import { freePort, startProcess, type Running } from '../utils/processes.ts';
import { webPages, type WebPages } from '../utils/webPages.ts';

let idp: Running;
let issuer: string;
let webUrl: string;
let keysDir: string;
let browser: Browser;
let pages: WebPages;

beforeAll(async () => {
  keysDir = await mkdtemp(path.join(tmpdir(), 'crimehub-idp-e2e-'));
  // Nothing listens there: the browser's return to the web service fails, and the test reads where it went.
  webUrl = `http://127.0.0.1:${await freePort()}`;
  idp = await startProcess('idp', 'web/src/idp/main.ts', { DEV_KEYS_DIR: keysDir, WEB_PUBLIC_URL: webUrl });
  issuer = idp.url;
  browser = await launchChromium();
  pages = await webPages(browser, { origins: [issuer], shots: 'idp' });
});

afterAll(async () => {
  await browser?.close();
  await idp?.stop();
  if (keysDir) await rm(keysDir, { recursive: true, force: true });
});

/** No axe-core violation of WCAG 2.2 AA, no sideways scroll at 320 px; screenshots at 320 and 1280 px (tests/utils/webPages.ts). */
const checkPage = (page: Page, name: string): Promise<void> => pages.checkPage(page, name);

function signInUrl(redirectUri = `${webUrl}/auth/callback`): string {
  const verifier = randomBytes(32).toString('base64url');
  return `${issuer}/auth?${new URLSearchParams({
    client_id: 'hub-web',
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: redirectUri,
    state: 'journey',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  })}`;
}

describe('the development identity provider in a browser', () => {
  it('signs in (after a wrong password) and out with accessible pages, sending the browser back to the web service only', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const elsewhere: string[] = [];
    await blockRequestsOutside(context, (url) => url.startsWith(`${issuer}/`), elsewhere);
    const problems: string[] = [];
    // A page per step: a return to the web service ends in the browser's error page.
    const newPage = async () => {
      const opened = await context.newPage();
      opened.on('pageerror', (error) => problems.push(error.message));
      return opened;
    };
    let page = await newPage();

    await page.goto(signInUrl());
    expect(await page.locator('h1').innerText()).toBe('Sign in');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('hardware@example.org');
    await checkPage(page, 'sign-in');

    await page.getByLabel('Email address').fill('hardware@example.org');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.title()).toMatch(/^Error: Sign in/);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The email address or password is not right');
    await checkPage(page, 'sign-in-error');

    await page.getByLabel('Password').fill('password');
    // Nothing listens at the web service's address: the return ends there, refused.
    const [signedIn] = await Promise.all([page.waitForEvent('requestfailed'), page.getByRole('button', { name: 'Sign in' }).click()]);
    const back = new URL(signedIn.url());
    expect(back.origin + back.pathname).toBe(`${webUrl}/auth/callback`);
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(back.searchParams.get('state')).toBe('journey');

    page = await newPage();
    await page.goto(`${issuer}/session/end?${new URLSearchParams({ client_id: 'hub-web', post_logout_redirect_uri: `${webUrl}/signed-out` })}`);
    expect(await page.locator('h1').innerText()).toBe('Sign out');
    await checkPage(page, 'sign-out');
    const [signedOut] = await Promise.all([page.waitForEvent('requestfailed'), page.getByRole('button', { name: 'Sign out', exact: true }).click()]);
    expect(signedOut.url()).toBe(`${webUrl}/signed-out`);

    // A redirect_uri the client did not register: the provider's own error page, and no return.
    page = await newPage();
    await page.goto(signInUrl('http://127.0.0.1:9/elsewhere'));
    expect(await page.locator('h1').innerText()).toBe('There is a problem with signing in');
    await checkPage(page, 'error');

    // A sign-in page whose sign-in is over.
    await page.goto(`${issuer}/interaction/finished`);
    expect(await page.locator('h1').innerText()).toBe('Your sign-in has expired');
    await checkPage(page, 'expired');

    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);
});
