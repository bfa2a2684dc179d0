// Limits and hygiene at the public endpoint.
// PLACEHOLDER: request limits, rate limiting, CORS, CSRF and security headers are built here.
import type { ApolloServerPlugin } from '@apollo/server';
import type { EnvReader } from '@crimehub/common';
import type { FastifyInstance } from 'fastify';

export interface SecurityConfig {}

export function readSecurityConfig(_read: EnvReader): SecurityConfig {
  return {};
}

/** Fastify-level protections (headers, CORS, rate limits); registered before the GraphQL route. */
export async function registerSecurity(_app: FastifyInstance, _config: SecurityConfig): Promise<void> {}

/** Apollo-level protections (document limits) for the gateway's Apollo Server. */
export function securityPlugins(_config: SecurityConfig): ApolloServerPlugin[] {
  return [];
}
