// One shape for every refusal the gateway makes before GraphQL runs: the same JSON body a
// GraphQL error has, `{"errors":[{"message":…,"extensions":{"code":…}}]}`, with an HTTP status.
import type { FastifyReply } from 'fastify';

export interface RefusalExtensions {
  /** A code from the ErrorCode table (common/src/errors.ts). */
  code: string;
  [key: string]: unknown;
}

/** Thrown from a Fastify hook; the gateway's error handler answers it as a GraphQL error. */
export class HttpRefusal extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly extensions: RefusalExtensions,
  ) {
    super(message);
    this.name = 'HttpRefusal';
  }
}

export function sendRefusal(reply: FastifyReply, statusCode: number, message: string, extensions: RefusalExtensions): FastifyReply {
  return reply
    .code(statusCode)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ errors: [{ message, extensions }] }));
}
