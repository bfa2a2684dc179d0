// One way every process logs its requests. Fastify's own request logging writes two lines a
// request at info level: at the hub's request rates that is a large part of a process's CPU
// (`npm run bench`), and the lines say nothing an operator acts on. Instead: "incoming request"
// and "request completed" at debug (LOG_LEVEL=debug shows them, with the same fields as before),
// and "request completed" at info for a refusal (4xx but 429, which a flood would multiply: the
// rate limiter counts those in its metrics) and at warn for a server error.
import type { FastifyInstance, FastifyServerOptions, LogLevel } from 'fastify';

/** Fastify's option that turns its own request lines off: pass it with requestLogging(app). */
export const ownRequestLogging = { disableRequestLogging: true } as const satisfies Partial<FastifyServerOptions>;

/** The level of a request's "request completed" line, by its status. */
export function requestLogLevel(statusCode: number): LogLevel {
  if (statusCode >= 500) return 'warn';
  if (statusCode >= 400 && statusCode !== 429) return 'info';
  return 'debug';
}

/** Logs each request as above; register it before the routes, with `ownRequestLogging` among Fastify's options. */
export function requestLogging(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    request.log.debug({ req: request }, 'incoming request');
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log[requestLogLevel(reply.statusCode)]({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });
}
