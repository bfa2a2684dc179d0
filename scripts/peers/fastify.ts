// A peer for `npm run bench:peers`: the ceiling. Plain Fastify answering POST /graphql with the
// exact bytes the hub answers for the help question (`ANSWER_FILE`), doing no GraphQL at all:
// what one Node.js process on this machine can serve. Prints `[fastify] ready at <url>`.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { EnvReader } from '@crimehub/common';

const read = new EnvReader(process.env);
const answer = readFileSync(read.string('ANSWER_FILE', ''));
const port = read.port('PORT', 0);
read.done();

const app = Fastify({ logger: false });
app.post('/graphql', async (_request, reply) => reply.type('application/json; charset=utf-8').send(answer));
const url = await app.listen({ host: '127.0.0.1', port });
console.log(`[fastify] ready at ${url}/graphql`);
const stop = () => void app.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
