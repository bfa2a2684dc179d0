// Limits and hygiene at the public endpoint. The pieces live in security/:
//   config.ts          the settings (MAX_DEPTH, RATE_LIMIT_MAX, CORS_ORIGINS, INTROSPECTION, …)
//   http.ts            headers, CORS, rate limits, body size, batching and token rules, log hygiene
//   documentLimits.ts  depth, alias, cost and directive limits (graphql-armor), hidden suggestions
//   introspection.ts   who may introspect
import type { ApolloServerPlugin } from '@apollo/server';
import type { Identity } from '@crimehub/common';
import type { SecurityConfig } from './security/config.ts';
import { documentLimitsPlugin, hideSuggestionsPlugin } from './security/documentLimits.ts';
import { introspectionPlugin } from './security/introspection.ts';

export { readSecurityConfig, type SecurityConfig, type IntrospectionPolicy } from './security/config.ts';
/** Fastify-level protections (headers, CORS, rate limits, body and batch rules); registered before the GraphQL route. */
export { registerSecurity } from './security/http.ts';

/** Apollo-level protections for the gateway's Apollo Server: document limits and introspection. */
export function securityPlugins(config: SecurityConfig): ApolloServerPlugin<{ identity: Identity }>[] {
  return [
    documentLimitsPlugin(config) as ApolloServerPlugin<{ identity: Identity }>,
    introspectionPlugin(config.introspection),
    ...(config.production ? [hideSuggestionsPlugin() as ApolloServerPlugin<{ identity: Identity }>] : []),
  ];
}
