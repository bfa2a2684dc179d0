// A peer for `npm run bench:peers`: Hive Gateway's runtime (@graphql-hive/gateway-runtime, the
// engine of Hive Gateway 2.15) over the hub's committed supergraph and the same running
// subgraphs, with a plugin that signs every subgraph request exactly as the hub's gateway does
// (common/src/signing.ts, as an anonymous caller), and Hive's own defaults otherwise (it
// deduplicates identical subgraph requests in flight). `HIVE_PLANNER=rust` plans with the Rust
// query planner (@graphql-hive/router-runtime). Prints `[hive] ready at <url>` when listening.
// Only for the benchmark: it is a development dependency and never part of the hub.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { anonymous, encodeIdentity, EnvReader, pathOf, readSigningConfig, signEncoded, signingHeaders } from '@crimehub/common';
import { subgraphs, supergraphPath } from '../../gateway/src/composeSupergraph.ts';
import { loadSupergraph } from '../../gateway/src/loadSupergraph.ts';

const read = new EnvReader(process.env);
const signing = readSigningConfig(read);
const rust = read.oneOf('HIVE_PLANNER', ['js', 'rust'], 'js') === 'rust';
const port = read.port('PORT', 0);
const urls = Object.fromEntries(subgraphs.map(({ name, port: defaultPort }) => [name, read.url(`${name.toUpperCase()}_URL`, `http://127.0.0.1:${defaultPort}/graphql`)]));
read.done();

// The supergraph names each subgraph's default address: point it at the running ones.
let supergraph = (await loadSupergraph(supergraphPath)).forGateway;
for (const { name } of subgraphs) supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${urls[name]}$2`);
const byUrl = new Map(Object.entries(urls).map(([name, url]) => [url, name]));
const identity = encodeIdentity(anonymous);

/** Signs each subgraph request for its subgraph, method, path and exact body, as the hub does. */
const signRequests: GatewayPlugin = {
  onFetch({ url, options, setOptions }) {
    const audience = byUrl.get(url);
    if (!audience) return;
    const body = typeof options.body === 'string' ? options.body : '';
    const method = options.method ?? 'POST';
    const headers = {
      ...(options.headers as Record<string, string> | undefined),
      [signingHeaders.identity]: identity,
      ...signEncoded(signing, { audience, method, path: pathOf(url) }, identity, body),
    };
    setOptions({ ...options, headers });
  },
};

const gateway = createGatewayRuntime({
  supergraph,
  plugins: () => [signRequests],
  logging: false,
  landingPage: false,
  maskedErrors: process.env.HIVE_DEBUG !== '1',
  ...(rust ? { unifiedGraphHandler } : {}),
});
const server = createServer(gateway);
server.listen(port, '127.0.0.1', () => console.log(`[hive] ready at http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`));
const stop = () => server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
