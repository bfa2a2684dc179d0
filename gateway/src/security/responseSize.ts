// A bound on what one answer may weigh (`MAX_RESPONSE_BYTES`): cost estimates assume list sizes,
// and this is the backstop when the data is larger than assumed. An answer over the limit is
// replaced, whole, by a QUERY_TOO_COMPLEX error (`extensions.limit: 'responseBytes'`).
import { ErrorCode } from '@crimehub/common';
import type { FastifyInstance } from 'fastify';
import { tooComplexMessage } from './documentLimits.ts';

export function responseTooLargeBody(bytes: number, max: number): string {
  return JSON.stringify({
    errors: [
      {
        message: tooComplexMessage(
          `the answer has ${bytes} bytes, and an answer may have at most ${max}. Ask for fewer fields or fewer items (a write retried with the same idempotencyKey returns the same record).`,
        ),
        extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'responseBytes' },
      },
    ],
  });
}

/** Replaces any GraphQL answer over `maxResponseBytes` before it is sent. */
export function limitResponseSize(app: FastifyInstance, maxResponseBytes: number, graphqlPath = '/graphql'): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.url !== graphqlPath) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const bytes = Buffer.byteLength(payload);
    if (bytes <= maxResponseBytes) return payload;
    request.log.warn({ bytes, maxResponseBytes }, 'answer over MAX_RESPONSE_BYTES replaced by an error');
    reply.code(400).type('application/json; charset=utf-8').removeHeader('content-length');
    return responseTooLargeBody(bytes, maxResponseBytes);
  });
}
