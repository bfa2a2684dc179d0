// The web service's browser tests' shared parts: a fresh Chromium profile per journey whose every
// request outside the service (and, for sign-in, the identity provider) is aborted and recorded,
// console errors collected, and the checks every page gets — axe-core (WCAG 2.2 AA) with and
// without JavaScript, no sideways scroll at 320 px (the reflow that 400% zoom of a 1280 px window
// needs, WCAG 1.4.10), and screenshots at 320 and 1280 px under test-results/<folder>/.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '@crimehub/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { blockRequestsOutside } from './browser.ts';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface WebPages {
  /** A fresh profile and page, with or without JavaScript. */
  newPage(javaScriptEnabled: boolean): Promise<Page>;
  /** axe-core, the 320 px reflow and screenshots of the page as it is now. */
  checkPage(page: Page, name: string): Promise<void>;
  /** Asserts no request left the allowed origins and no page logged an error since the last check. */
  check(): void;
  /** Closes the profiles opened so far, then check(). */
  finish(): Promise<void>;
}

export async function webPages(browser: Browser, options: { origins: string[]; shots: string; ignoreConsole?: (text: string, url: string) => boolean }): Promise<WebPages> {
  const shots = path.join(repoRoot, 'test-results', options.shots);
  await mkdir(shots, { recursive: true });
  const contexts: BrowserContext[] = [];
  const elsewhere: string[] = [];
  const pageProblems: string[] = [];
  /** A page that runs JavaScript, where the HTML of a page without it is checked by axe-core. */
  let probe: Page | undefined;

  async function newPage(javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    await blockRequestsOutside(context, (url) => options.origins.some((origin) => url.startsWith(`${origin}/`)), elsewhere);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !options.ignoreConsole?.(message.text(), message.location().url)) pageProblems.push(message.text());
    });
    page.on('pageerror', (error) => pageProblems.push(error.message));
    return page;
  }

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
      await probe.goto(`${new URL(page.url()).origin}/health`);
      await probe.setContent(html, { waitUntil: 'load' });
      target = probe;
    }
    if (!(await target.evaluate('typeof window.axe === "object"'))) await target.evaluate(axeSource);
    const violations = await target.evaluate(async (tags) => {
      const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return result.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`);
    }, wcag);
    expect(violations, name).toEqual([]);
    await page.setViewportSize({ width: 320, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} scrolls sideways at 320 px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(shots, `${name}-320.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(shots, `${name}-1280.png`), fullPage: true });
  }

  function check(): void {
    expect(elsewhere.splice(0)).toEqual([]);
    expect(pageProblems.splice(0)).toEqual([]);
  }

  async function finish(): Promise<void> {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    probe = undefined;
    check();
  }

  return { newPage, checkPage, check, finish };
}

export const heading = (page: Page) => page.locator('h1').first().innerText();
