// The browser tests' Chromium: Debian's (`.ci/run` installs it when missing), headless, with the
// flags this machine needs, and every request outside what a test allows aborted and recorded, so
// that no test page reaches outside the machine and a test can assert none was attempted.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, unless CHROMIUM_PATH names another. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Aborts every request of the context whose URL `allowed` refuses, and records its URL in `blocked`. */
export async function blockRequestsOutside(context: BrowserContext, allowed: (url: string) => boolean, blocked: string[]): Promise<void> {
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
}
