// Reads an Open Referral UK feed for `npm run import:oruk` and the seeds: a JSON file or a URL,
// in one of the accepted forms, within bounds checked before the work that grows with them.
//
// Accepted forms (the JSON at the top level):
//   - an array of fully nested services;
//   - a page, as ORUK's `/services` answers: { total_items, …, contents: [services] }; from a
//     URL, the following pages are fetched too (`page=2`, `3`, … until `last_page`);
//   - a bundle: { organizations?: [organizations], services: [services] } (the seed files; an
//     `about` object saying where the data comes from is allowed and ignored).
// A listed service that carries no nested parts (no service_areas, attributes, phones or
// schedules: a list page's short form) is fetched whole from `…/services/{id}` when the feed came
// from a URL ending in `/services`.
import { readFile, stat } from 'node:fs/promises';

export interface OrukFeed {
  organizations: unknown[];
  services: unknown[];
}

export interface FeedLimits {
  /** The most bytes read, from a file or from all the pages of a URL together. */
  maxBytes: number;
  /** The most services (and, separately, organisations) one import takes. */
  maxRecords: number;
  /** The most pages followed from a URL. */
  maxPages: number;
  /** How long one HTTP request may take. */
  timeoutMs: number;
}

export const defaultFeedLimits: FeedLimits = { maxBytes: 20 * 1024 * 1024, maxRecords: 10_000, maxPages: 200, timeoutMs: 30_000 };

/** A feed the importer cannot take at all: nothing is written. */
export class FeedError extends Error {
  override name = 'FeedError';
}

const megabytes = (bytes: number) => (bytes < 1024 * 1024 ? `${bytes} bytes` : `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`);

function checkCount(kind: string, count: number, limits: FeedLimits): void {
  if (count > limits.maxRecords) throw new FeedError(`the feed holds ${count} ${kind}, more than the ${limits.maxRecords} one import takes: split it`);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FeedError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One document of a feed in one of the accepted forms; `page` when it is a page envelope. */
function readForm(document: unknown, where: string, limits: FeedLimits): OrukFeed & { page?: Record<string, unknown> } {
  if (Array.isArray(document)) {
    checkCount('services', document.length, limits);
    return { organizations: [], services: document };
  }
  if (isObject(document) && Array.isArray(document.contents)) {
    checkCount('services', document.contents.length, limits);
    return { organizations: [], services: document.contents, page: document };
  }
  if (isObject(document) && Array.isArray(document.services)) {
    if (document.organizations !== undefined && !Array.isArray(document.organizations)) throw new FeedError(`${where}: "organizations" must be an array of organisations`);
    const organizations = (document.organizations as unknown[] | undefined) ?? [];
    checkCount('services', document.services.length, limits);
    checkCount('organisations', organizations.length, limits);
    return { organizations, services: document.services };
  }
  throw new FeedError(
    `${where} is not an Open Referral UK feed the importer accepts: expected an array of services, a page ({"contents": [...]}) or a bundle ({"organizations": [...], "services": [...]})`,
  );
}

/** Parses a feed's text (already within the size bound). */
export function parseFeed(text: string, where = 'the feed', limits: FeedLimits = defaultFeedLimits): OrukFeed {
  const { organizations, services } = readForm(parseJson(text, where), where, limits);
  return { organizations, services };
}

export async function readFeedFile(file: string, limits: FeedLimits = defaultFeedLimits): Promise<OrukFeed> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new FeedError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (size > limits.maxBytes) throw new FeedError(`${file} is ${megabytes(size)}, more than the ${megabytes(limits.maxBytes)} one import reads`);
  return parseFeed(await readFile(file, 'utf8'), file, limits);
}

/** Fetches one URL's JSON within the time bound and what is left of the byte budget. */
async function fetchJson(url: URL, limits: FeedLimits, budget: { bytes: number }, fetchImpl: typeof fetch): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/json' }, redirect: 'follow', signal: AbortSignal.timeout(limits.timeoutMs) });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new FeedError(`${url} ${timedOut ? `did not answer within ${limits.timeoutMs / 1000} s` : `could not be fetched: ${(error as Error).message}`}`);
  }
  if (!response.ok) throw new FeedError(`${url} answered HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > budget.bytes) {
    await response.body?.cancel();
    throw new FeedError(`${url} is larger than the ${megabytes(limits.maxBytes)} one import reads`);
  }
  const chunks: Uint8Array[] = [];
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read().catch((error: Error) => {
      throw new FeedError(`${url} stopped sending: ${error.name === 'TimeoutError' ? `not finished within ${limits.timeoutMs / 1000} s` : error.message}`);
    });
    if (done) break;
    budget.bytes -= value.byteLength;
    if (budget.bytes < 0) {
      await reader.cancel();
      throw new FeedError(`${url} is larger than the ${megabytes(limits.maxBytes)} one import reads`);
    }
    chunks.push(value);
  }
  return parseJson(Buffer.concat(chunks).toString('utf8'), String(url));
}

const nestedParts = ['service_areas', 'attributes', 'phones', 'schedules', 'contacts', 'service_at_locations'];

/** Fetches a feed from a URL: every page of a paged feed, and the full record of each listed-only service. */
export async function fetchFeed(source: string, limits: FeedLimits = defaultFeedLimits, fetchImpl: typeof fetch = fetch): Promise<OrukFeed> {
  const first = new URL(source);
  if (first.protocol !== 'https:' && first.protocol !== 'http:') throw new FeedError(`${source} is not an http(s) URL`);
  const budget = { bytes: limits.maxBytes };
  const feed = readForm(await fetchJson(first, limits, budget, fetchImpl), source, limits);
  const services = [...feed.services];
  let page = feed.page;
  let pages = 1;
  while (page && page.last_page === false && Array.isArray(page.contents) && page.contents.length > 0) {
    if (pages >= limits.maxPages) throw new FeedError(`${source} has more than ${limits.maxPages} pages: the importer follows at most that many`);
    const next = new URL(first);
    next.searchParams.set('page', String((Number(page.page_number) || pages) + 1));
    const form = readForm(await fetchJson(next, limits, budget, fetchImpl), String(next), limits);
    if (!form.page) throw new FeedError(`${next} is not a page like the first one`);
    services.push(...form.services);
    checkCount('services', services.length, limits);
    page = form.page;
    pages += 1;
  }
  if (first.pathname.replace(/\/+$/, '').endsWith('/services')) {
    const base = first.pathname.replace(/\/+$/, '');
    for (const [index, service] of services.entries()) {
      if (!isObject(service) || typeof service.id !== 'string' || nestedParts.some((part) => part in service)) continue;
      const full = new URL(`${base}/${encodeURIComponent(service.id)}`, first);
      services[index] = await fetchJson(full, limits, budget, fetchImpl);
    }
  }
  return { organizations: feed.organizations, services };
}

/** A feed from a file path or an http(s) URL. */
export function loadFeed(source: string, limits: FeedLimits = defaultFeedLimits, fetchImpl: typeof fetch = fetch): Promise<OrukFeed> {
  return /^https?:\/\//i.test(source) ? fetchFeed(source, limits, fetchImpl) : readFeedFile(source, limits);
}
