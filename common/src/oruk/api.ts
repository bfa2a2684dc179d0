// The read-only Open Referral UK API a directory subgraph serves from its own database, under
// `/openreferral` on its Fastify app (the gateway proxies it to the public: see
// gateway/src/openReferral.ts). Paged as the UK profile pages (`page`, `per_page`), with its
// page envelope; cacheable (Cache-Control, ETag, 304); errors as JSON with a code.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '../errors.ts';
import { serviceListItem, type OrukOrganization, type OrukService } from './records.ts';
import { allTaxonomyRecords, allTermRecords } from './taxonomy.ts';

/** Where the API lives on a subgraph's app. */
export const openReferralPrefix = '/openreferral';

/** What every API's root says about it (the UK profile's `GET /`). */
export const apiInfo = {
  version: 'HSDS-UK-3.0',
  profile: 'https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md',
  openapi_url: 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json',
} as const;

export const paging = { defaultPerPage: 50, maxPerPage: 100, maxPage: 100_000 } as const;

/** One kind of record a directory lists and finds by its ORUK id. */
export interface OrukCollection<T> {
  count(): Promise<number>;
  /** The records from `offset`, at most `limit`, in the directory's order. */
  list(offset: number, limit: number): Promise<T[]>;
  find(id: string): Promise<T | undefined>;
}

export interface OrukDirectory {
  services: OrukCollection<OrukService>;
  /** Only the directory that owns the organisations (support) lists them. */
  organizations?: OrukCollection<OrukOrganization>;
}

export interface OrukPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Reads `page` and `per_page`: whole numbers in bounds, or a 400 naming the parameter. */
export function readPaging(query: unknown): { page: number; perPage: number } {
  const params = (query ?? {}) as Record<string, unknown>;
  const read = (name: string, fallback: number, max: number): number => {
    const raw = params[name];
    if (raw === undefined) return fallback;
    const value = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 1 || value > max) {
      throw new ApiError(400, `${name} must be a whole number from 1 to ${max}${Array.isArray(raw) ? ', given once' : ''}.`, ErrorCode.BAD_USER_INPUT, name);
    }
    return value;
  };
  return { page: read('page', 1, paging.maxPage), perPage: read('per_page', paging.defaultPerPage, paging.maxPerPage) };
}

export function pageOf<T>(contents: T[], total: number, page: number, perPage: number): OrukPage<T> {
  const totalPages = Math.ceil(total / perPage);
  return { total_items: total, total_pages: totalPages, page_number: page, size: contents.length, first_page: page === 1, last_page: page >= totalPages, empty: contents.length === 0, contents };
}

/** A page of a collection; a page past the last is empty, not an error. */
async function listPage<T, U>(collection: OrukCollection<T>, query: unknown, shape: (record: T) => U): Promise<OrukPage<U>> {
  const { page, perPage } = readPaging(query);
  const total = await collection.count();
  const offset = (page - 1) * perPage;
  const records = offset < total ? await collection.list(offset, perPage) : [];
  return pageOf(records.map(shape), total, page, perPage);
}

const staticCollection = <T extends { id: string }>(records: T[]): OrukCollection<T> => ({
  count: async () => records.length,
  list: async (offset, limit) => records.slice(offset, offset + limit),
  find: async (id) => records.find((record) => record.id === id),
});

function sendJson(request: FastifyRequest, reply: FastifyReply, statusCode: number, body: unknown): FastifyReply {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha1').update(text).digest('base64url')}"`;
  reply.header('content-type', 'application/json; charset=utf-8');
  if (statusCode !== 200) return reply.code(statusCode).header('cache-control', 'no-store').send(text);
  // Directory data changes rarely; a client may keep an answer 5 minutes and revalidate it by ETag.
  reply.header('cache-control', 'public, max-age=300').header('etag', etag);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.code(200).send(text);
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  const extensions = { code: error.code, ...(error.field ? { field: error.field } : {}) };
  return sendJson(request, reply, error.statusCode, { errors: [{ message: error.message, extensions }] });
}

/** Registers the API's GET routes on a subgraph's app. */
export function registerOpenReferralApi(app: FastifyInstance, directory: OrukDirectory): void {
  const route = (url: string, answer: (request: FastifyRequest<{ Params: { id?: string }; Querystring: unknown }>) => Promise<unknown>) =>
    app.get<{ Params: { id?: string }; Querystring: unknown }>(`${openReferralPrefix}${url}`, async (request, reply) => {
      try {
        return sendJson(request, reply, 200, await answer(request));
      } catch (error) {
        if (error instanceof ApiError) return sendError(request, reply, error);
        request.log.error({ err: error }, 'the Open Referral UK API failed');
        return sendError(request, reply, new ApiError(500, 'Internal error: the failure was logged; please try again later.', ErrorCode.INTERNAL_SERVER_ERROR));
      }
    });
  const found = async <T>(collection: OrukCollection<T>, kind: string, id: string | undefined): Promise<T> => {
    const record = id !== undefined && id.length <= 100 ? await collection.find(id.toLowerCase()) : undefined;
    if (record === undefined) throw new ApiError(404, `No ${kind} has the id ${JSON.stringify(id?.slice(0, 100))} in this directory.`, ErrorCode.NOT_FOUND);
    return record;
  };
  const taxonomies = staticCollection(allTaxonomyRecords);
  const terms = staticCollection(allTermRecords);

  route('', async () => apiInfo);
  route('/services', (request) => listPage(directory.services, request.query, serviceListItem));
  route('/services/:id', (request) => found(directory.services, 'service', request.params.id));
  const organizations = directory.organizations;
  if (organizations) {
    route('/organizations', (request) => listPage(organizations, request.query, (organization) => organization));
    route('/organizations/:id', (request) => found(organizations, 'organization', request.params.id));
  }
  route('/taxonomies', (request) => listPage(taxonomies, request.query, (taxonomy) => taxonomy));
  route('/taxonomies/:id', (request) => found(taxonomies, 'taxonomy', request.params.id));
  route('/taxonomy_terms', (request) => listPage(terms, request.query, (term) => term));
  route('/taxonomy_terms/:id', (request) => found(terms, 'taxonomy term', request.params.id));
}
