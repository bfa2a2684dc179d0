// Request lines (requestLog.ts): nothing at info for an answered request, a line for a refusal
// or a failure, both lines at debug.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ownRequestLogging, requestLogging } from './requestLog.ts';

async function linesFor(level: string, statusCodes: number[]): Promise<{ msg: string; level: number; res?: { statusCode: number } }[]> {
  const lines: string[] = [];
  const app = Fastify({ logger: { level, stream: { write: (line: string) => void lines.push(line) } }, ...ownRequestLogging });
  requestLogging(app);
  app.get('/status/:code', async (request, reply) => reply.code(Number((request.params as { code: string }).code)).send('x'));
  for (const code of statusCodes) await app.inject({ method: 'GET', url: `/status/${code}` });
  await app.close();
  return lines.map((line) => JSON.parse(line) as { msg: string; level: number; res?: { statusCode: number } }).filter((line) => /request/.test(line.msg));
}

describe('request lines', () => {
  it('at info: none for an answer or a rate-limit refusal, one for another refusal (info) and for a failure (warn)', async () => {
    const lines = await linesFor('info', [200, 304, 429, 404, 503]);
    expect(lines.map((line) => [line.msg, line.level, line.res?.statusCode])).toEqual([
      ['request completed', 30, 404],
      ['request completed', 40, 503],
    ]);
  });

  it('at debug: both lines for every request, as Fastify wrote them', async () => {
    const lines = await linesFor('debug', [200]);
    expect(lines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    expect(lines[1]).toMatchObject({ res: { statusCode: 200 }, responseTime: expect.any(Number) });
  });
});
