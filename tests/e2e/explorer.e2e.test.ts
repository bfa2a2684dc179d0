// The explorer in a real browser (Debian's Chromium, driven by playwright-core) against a real
// hub: every request to anywhere but the hub's origin is aborted and recorded, and none may be
// attempted. Then what an analyst does: read the docs, sign in with a token, open a saved
// operation, run it, see its figures as a chart, download them as CSV; what an anonymous caller
// sees when asking for personal fields; and that the token stays in its tab.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { exportJWK, importSPKI } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blockRequestsOutside, launchChromium } from '../utils/browser.ts';
import { freePort, startHub, type Hub } from '../utils/processes.ts';
import { createTestTokens, type TestTokens } from '../utils/tokens.ts';

let hub: Hub;
let tokens: TestTokens;
let browser: Browser;
let origin: string;
let provider: { origin: string; close: () => Promise<void> };
/** Every request the pages attempted outside the hub's origin. */
const elsewhere: string[] = [];
/** Every CSP violation or page error the pages reported. */
const pageProblems: string[] = [];
const contexts: BrowserContext[] = [];

/**
 * A small OpenID Connect provider on 127.0.0.1: discovery, an authorization endpoint that signs
 * everyone in at once (redirecting back with a code), a token endpoint that checks the PKCE
 * verifier and issues an ES256 access token for an analyst, and the key set the gateway trusts
 * (AUTH_JWKS_URL): the test tokens' key, so pasted tokens are accepted too.
 */
async function startProvider(testTokens: TestTokens): Promise<{ origin: string; close: () => Promise<void> }> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const jwk = { ...(await exportJWK(await importSPKI(testTokens.gatewayEnv.AUTH_PUBLIC_KEY!, 'ES256', { extractable: true }))), alg: 'ES256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, code_challenge_methods_supported: ['S256'] });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      if (url.searchParams.get('client_id') !== 'explorer' || url.searchParams.get('code_challenge_method') !== 'S256' || !redirectUri.startsWith(`${origin}/explorer`))
        return json(400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('hex');
      codes.set(code, { challenge: url.searchParams.get('code_challenge') ?? '', redirectUri });
      response.writeHead(302, { location: `${redirectUri}?code=${code}&state=${encodeURIComponent(url.searchParams.get('state') ?? '')}` });
      return response.end();
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', async () => {
        const form = new URLSearchParams(body);
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        if (!grant || grant.redirectUri !== form.get('redirect_uri') || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return json(400, { error: 'invalid_grant' });
        json(200, { access_token: await testTokens.token({ sub: 'oidc-analyst', role: 'analyst' }), token_type: 'Bearer', expires_in: 600 });
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { origin: issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  tokens = await createTestTokens();
  provider = await startProvider(tokens);
  hub = await startHub('pglite', { AUTH_JWKS_URL: `${provider.origin}/jwks`, EXPLORER_OIDC_ISSUER: provider.origin, EXPLORER_OIDC_CLIENT_ID: 'explorer' });
  origin = new URL(hub.gateway.url).origin;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await provider?.close();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  expect(elsewhere).toEqual([]);
  expect(pageProblems).toEqual([]);
});

/** A fresh browser profile whose every request outside the hub (and the sign-in provider, when allowed) is aborted and recorded. */
async function newContext({ allowProvider = false } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ acceptDownloads: true });
  contexts.push(context);
  // The hub itself, and the CSV the page makes in memory (a blob: URL of the hub's origin).
  await blockRequestsOutside(context, (url) => url.startsWith(`${origin}/`) || url.startsWith(`blob:${origin}/`) || (allowProvider && url.startsWith(`${provider.origin}/`)), elsewhere);
  return context;
}

async function openExplorer(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) pageProblems.push(message.text());
  });
  page.on('pageerror', (error) => pageProblems.push(error.message));
  const response = await page.goto(`${origin}/explorer`);
  expect(response?.status()).toBe(200);
  await page.locator('.graphiql-container').waitFor();
  return page;
}

/** Opens a GraphiQL plugin by its title, unless it is open already. */
async function showPlugin(page: Page, title: string): Promise<void> {
  const button = page.getByRole('button', { name: `Show ${title}` });
  if (await button.count()) await button.click();
}

async function setQuery(page: Page, query: string): Promise<void> {
  await page.evaluate((text) => (document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(text), query);
}

const queryText = (page: Page) => page.evaluate(() => (document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
const variablesText = (page: Page) => page.evaluate(() => (document.querySelector('.graphiql-editor-tool .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
const responseText = (page: Page) => page.evaluate(() => (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());

/** The operation GraphiQL will run: it reads the editor's text a moment after each change. */
const editorOperation = (page: Page) =>
  page.evaluate(() => (document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { operationName?: string | null } }).CodeMirror.operationName ?? null);

/** Runs the editor's operation and answers the request the page sent and the JSON the hub answered. */
async function run(page: Page, operationName: string): Promise<{ authorization: string | undefined; body: any }> {
  await expect.poll(() => editorOperation(page)).toBe(operationName);
  // Generous: the first query of a fresh hub on a crowded two-core machine can be slow.
  const answered = page.waitForResponse((response) => response.url() === `${origin}/graphql` && response.request().postDataJSON()?.operationName === operationName, {
    timeout: 90_000,
  });
  await page.locator('.graphiql-execute-button').click();
  const response = await answered;
  return { authorization: response.request().headers().authorization, body: await response.json() };
}

/** The fields of one CSV line (RFC 4180 quoting; no line breaks inside fields here). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (const match of line.matchAll(pattern)) {
    const raw = match[1]!;
    fields.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (match[2] === '') break;
  }
  return fields;
}

async function signIn(page: Page, role: 'analyst' | 'business' = 'analyst'): Promise<string> {
  const token = await tokens.token({ sub: `explorer-${role}`, role });
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Use token' }).click();
  await page.locator('.bch-who[data-signed-in="true"]').waitFor();
  return token;
}

async function openSaved(page: Page, name: string): Promise<void> {
  await showPlugin(page, 'Saved operations');
  await page.locator(`[data-operation="${name}"]`).click();
  await expect.poll(() => queryText(page)).toContain(`query ${name}`);
}

describe('the explorer in Chromium, offline', { timeout: 180_000 }, () => {
  it('loads from the hub alone and lists help, then the figures, first in the docs', async () => {
    const page = await openExplorer(await newContext());
    await showPlugin(page, 'Documentation Explorer');
    await page.locator('.graphiql-doc-explorer').getByRole('link', { name: 'Query', exact: true }).click();
    const fields = await page.locator('.graphiql-doc-explorer-field-name').allTextContents();
    expect(fields[0]).toBe('help');
    const firstOther = fields.findIndex((name) => !name.startsWith('help') && !name.endsWith('Statistics'));
    const statistics = fields.filter((name) => name.endsWith('Statistics'));
    expect(statistics.length).toBeGreaterThan(0);
    expect(fields.slice(0, firstOther).filter((name) => name.endsWith('Statistics'))).toEqual(statistics);
  });

  it('starts a new tab on the central question, which runs as it stands', async () => {
    const page = await openExplorer(await newContext());
    const { body } = await run(page, 'Help');
    expect(body.errors).toBeUndefined();
    expect(body.data.help.crimeType.name).toBe('Shoplifting');
    expect(body.data.help.reportingRoutes.length).toBeGreaterThan(0);
  });

  it('signs an analyst in with a pasted token, opens a saved operation in a new tab with its variables and runs it', async () => {
    const page = await openExplorer(await newContext());
    await signIn(page);
    await showPlugin(page, 'Saved operations');
    await page.locator('[data-folder]').first().waitFor();
    expect(await page.locator('[data-folder]').evaluateAll((sections) => sections.map((s) => s.getAttribute('data-folder')))).toEqual(['analyst', 'public', 'police', 'partner', 'business']);
    const tabsBefore = await page.locator('.graphiql-tab').count();
    await openSaved(page, 'CrimeReportStatistics');
    expect(await page.locator('.graphiql-tab').count()).toBeGreaterThan(tabsBefore);
    const { authorization, body } = await run(page, 'CrimeReportStatistics');
    expect(authorization).toMatch(/^Bearer ey/);
    expect(body.errors).toBeUndefined();
    expect(Array.isArray(body.data.crimeReportStatistics)).toBe(true);
    await expect.poll(() => responseText(page)).toContain('"crimeReportStatistics"');
    // A saved operation with variables opens with them.
    await openSaved(page, 'Help');
    expect(JSON.parse(await variablesText(page))).toEqual({});
  });

  it('shows a statistics answer as a chart and downloads it as CSV', async () => {
    const page = await openExplorer(await newContext());
    await signIn(page);
    await openSaved(page, 'CrimeStatistics');
    const { body } = await run(page, 'CrimeStatistics');
    expect(body.errors).toBeUndefined();
    const answer = body.data.crimeStatistics;
    const figure = page.locator('.bch-figure');
    await figure.waitFor();
    const shown = answer.cells.filter((cell: any) => !cell.suppressed);
    const withheld = answer.cells.filter((cell: any) => cell.suppressed);
    const kind = answer.cells.every((cell: any) => /^\d{4}-\d{2}$/.test(cell.key)) ? 'line' : 'bar';
    expect(await figure.locator('svg.bch-chart').getAttribute('data-kind')).toBe(kind);
    expect(await figure.locator(kind === 'line' ? '.bch-point' : '.bch-bar').count()).toBe(shown.length);
    expect(await figure.locator('.bch-withheld').count()).toBe(withheld.length);
    expect(await figure.locator('.bch-table tbody tr').count()).toBe(answer.cells.length);

    const [download] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^crimeStatistics-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('# CrimeStatistics');
    expect(lines.slice(1, 5).join('\n')).toContain(answer.definition.slice(0, 20));
    expect(lines).toContain(`# Period: from ${answer.period.from} until ${answer.period.to} (not included)`);
    expect(lines.some((line) => line.startsWith('# Last updated: '))).toBe(true);
    expect(lines.some((line) => line.includes(answer.disclosure.description.slice(0, 20)))).toBe(true);
    const header = lines.indexOf('key,label,count,suppressed,median_days,p90_days');
    expect(header).toBeGreaterThan(0);
    const rows = lines.slice(header + 1, header + 1 + answer.cells.length);
    answer.cells.forEach((cell: any, index: number) => {
      const fields = csvFields(rows[index]!);
      expect(fields[0]).toBe(cell.key);
      expect(fields[1]).toBe(cell.label);
      expect(fields[2]).toBe(cell.suppressed ? '' : String(cell.count));
      expect(fields[3]).toBe(String(cell.suppressed));
    });
    expect(lines[header + 1 + answer.cells.length]!.startsWith(`${answer.total.key},`)).toBe(true);
  });

  it('shows an anonymous caller the API’s UNAUTHENTICATED error for personal fields', async () => {
    const page = await openExplorer(await newContext());
    await page.locator('.bch-who[data-signed-in="false"]').waitFor();
    await setQuery(page, 'query Mine { me { business { name } } }');
    const { authorization, body } = await run(page, 'Mine');
    expect(authorization).toBeUndefined();
    expect(body.errors.map((error: any) => error.extensions.code)).toContain('UNAUTHENTICATED');
    await expect.poll(() => responseText(page)).toContain('UNAUTHENTICATED');
  });

  it('keeps the token in its tab: a new tab starts signed out, and signing out forgets it', async () => {
    const context = await newContext();
    const page = await openExplorer(context);
    const token = await signIn(page);
    expect(await page.evaluate(() => sessionStorage.getItem('bch.explorer.token'))).toBe(token);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(token);

    const other = await openExplorer(context);
    await other.locator('.bch-who[data-signed-in="false"]').waitFor();
    await setQuery(other, 'query Who { __typename }');
    expect((await run(other, 'Who')).authorization).toBeUndefined();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('.bch-who[data-signed-in="false"]').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('bch.explorer.token'))).toBeNull();
    await setQuery(page, 'query Who { __typename }');
    expect((await run(page, 'Who')).authorization).toBeUndefined();
  });

  it('signs an analyst in through the OpenID Connect provider (authorization code with PKCE), the token kept for the tab', async () => {
    const page = await openExplorer(await newContext({ allowProvider: true }));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('.bch-who[data-signed-in="true"]').waitFor();
    expect(await page.locator('.bch-who').textContent()).toContain('oidc-analyst (analyst)');
    // The code is gone from the address bar; the token is in this tab's storage only.
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => sessionStorage.getItem('bch.explorer.token'))).toMatch(/^ey/);
    await setQuery(page, 'query Who { __typename }');
    expect((await run(page, 'Who')).authorization).toMatch(/^Bearer ey/);
  });
});
