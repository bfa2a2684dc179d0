// The public face of the directories' Open Referral UK APIs. Each directory subgraph serves its
// own API from its own database (common/src/oruk/api.ts) and, like every subgraph, answers only
// requests the gateway signed; the gateway is the one public endpoint, so it forwards
//   GET /openreferral/support/…   to the support subgraph's /openreferral/…
//   GET /openreferral/victims/…   to the victims subgraph's, except /organizations: the
//                                 organisations are support's, under the same ids,
// signed as an anonymous caller (the API is public: no token needed), with the subgraph's answer,
// status and caching headers as they are, and `Access-Control-Allow-Origin: *`, which the UK
// profile's compliance rules ask of every response.
import { anonymous, ErrorCode, pathOf, signRequest } from '@crimehub/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayConfig } from './config.ts';
import type { SubgraphName } from './composeSupergraph.ts';
import { sendRefusal } from './security/refusal.ts';

export const openReferralDirectories = ['support', 'victims'] as const;
type Directory = (typeof openReferralDirectories)[number];

/** The API's paths, after `/openreferral/<directory>`. */
const knownPath = /^(?:|\/(?:services|organizations|taxonomies|taxonomy_terms)(?:\/[A-Za-z0-9._~%-]{1,100})?)\/?$/;
/** The longest query string forwarded (paging needs a few characters). */
const maxQueryLength = 512;

/** Which subgraph answers this path of this directory's API. */
function ownerOf(directory: Directory, rest: string): SubgraphName {
  return directory === 'victims' && rest.startsWith('/organizations') ? 'support' : directory;
}

const answeredHeaders = ['content-type', 'cache-control', 'etag'];

export function registerOpenReferralProxy(app: FastifyInstance, config: GatewayConfig): void {
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('access-control-allow-origin', '*');
    const [pathname = '', query = ''] = request.url.split(/\?(.*)/s);
    const match = /^\/openreferral\/([^/]+)(.*)$/.exec(pathname);
    const directory = match?.[1] as Directory | undefined;
    const rest = (match?.[2] ?? '').replace(/\/$/, '');
    if (!directory || !openReferralDirectories.includes(directory) || !knownPath.test(rest)) {
      return sendRefusal(
        reply,
        404,
        `Not found: GET ${pathname}. The Open Referral UK APIs are /openreferral/support and /openreferral/victims, with /services, /services/{id}, /organizations, /organizations/{id}, /taxonomies and /taxonomy_terms.`,
        { code: ErrorCode.NOT_FOUND },
      );
    }
    if (query.length > maxQueryLength)
      return sendRefusal(reply, 400, `The query string is longer than ${maxQueryLength} characters: the API takes page and per_page.`, { code: ErrorCode.BAD_USER_INPUT });
    const owner = ownerOf(directory, rest);
    const target = new URL(`/openreferral${rest}${query ? `?${query}` : ''}`, config.subgraphUrls[owner]);
    const headers: Record<string, string> = { ...signRequest(config.signing, { audience: owner, method: 'GET', path: pathOf(target) }, anonymous, '') };
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof ifNoneMatch === 'string' && ifNoneMatch.length <= 200) headers['if-none-match'] = ifNoneMatch;
    let response: Response;
    let body: string;
    try {
      response = await fetch(target, { headers, signal: AbortSignal.timeout(config.subgraphTimeoutMs) });
      body = await response.text();
    } catch (error) {
      request.log.warn({ err: error, serviceName: owner }, 'subgraph unavailable for the Open Referral UK API');
      return sendRefusal(reply, 502, `The ${owner} directory could not be reached. Please try again later.`, { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName: owner });
    }
    if (response.status === 401) {
      request.log.error({ serviceName: owner, reason: body.slice(0, 500) }, 'a subgraph refused the gateway signature: HUB_SIGNING_SECRET must be the same for the gateway and every subgraph');
      return sendRefusal(reply, 502, `The ${owner} directory could not answer. Please try again later.`, { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName: owner });
    }
    for (const name of answeredHeaders) {
      const value = response.headers.get(name);
      if (value !== null) reply.header(name, value);
    }
    return reply.code(response.status).send(response.status === 304 ? undefined : body);
  };
  app.get('/openreferral/:directory', forward);
  app.get('/openreferral/:directory/*', forward);
}
