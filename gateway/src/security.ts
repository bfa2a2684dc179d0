// Limits and hygiene at the public endpoint. The pieces live in security/:
//   config.ts          the settings (MAX_DEPTH, RATE_LIMIT_MAX, CORS_ORIGINS, INTROSPECTION, …)
//   http.ts            headers, CORS, rate limits, body size, batching and token rules, log hygiene
//   documentLimits.ts  depth, alias, directive and cost limits (one linear validation rule), hidden suggestions
//   operations.ts      which operation a request runs (unknown names, several unnamed, subscriptions)
//   responseSize.ts    the answer size limit
//   introspection.ts   who may introspect
import type { ApolloServerPlugin } from '@apollo/server';
import type { Identity } from '@crimehub/common';
import type { FastifyInstance } from 'fastify';
import type { ValidationRule } from 'graphql';
import type { SecurityConfig } from './security/config.ts';
import { documentLimitsRule, hideSuggestionsPlugin, readCostRules } from './security/documentLimits.ts';
import { registerSecurity as registerHttpSecurity } from './security/http.ts';
import { introspectionPlugin } from './security/introspection.ts';
import { operationResolutionPlugin } from './security/operations.ts';
import { limitResponseSize } from './security/responseSize.ts';

export { readSecurityConfig, type SecurityConfig, type IntrospectionPolicy } from './security/config.ts';
export { restoreLimitCode } from './security/documentLimits.ts';

/** Fastify-level protections (headers, CORS, rate limits, body, batch and answer size rules); registered before the GraphQL route. */
export async function registerSecurity(app: FastifyInstance, config: SecurityConfig): Promise<void> {
  await registerHttpSecurity(app, config);
  limitResponseSize(app, config.maxResponseBytes);
}

/**
 * Validation rules for the gateway's Apollo Server: the document limits run with GraphQL's own
 * validation, so a refused document never reaches a plugin or the query planner.
 */
export function securityValidationRules(config: SecurityConfig, supergraphSdl: string): ValidationRule[] {
  return [documentLimitsRule(config, readCostRules(supergraphSdl))];
}

/** Apollo-level protections for the gateway's Apollo Server: which operation runs, and introspection. */
export function securityPlugins(config: SecurityConfig): ApolloServerPlugin<{ identity: Identity }>[] {
  return [
    operationResolutionPlugin() as ApolloServerPlugin<{ identity: Identity }>,
    introspectionPlugin(config.introspection),
    ...(config.production ? [hideSuggestionsPlugin() as ApolloServerPlugin<{ identity: Identity }>] : []),
  ];
}
