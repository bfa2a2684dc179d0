// `npm run sign -- <subgraph> <query>`: calls one subgraph directly, signed as the gateway signs
// (common/src/signing.ts: the identity, a timestamp, a fresh nonce and an HMAC over the
// subgraph's name, the method, the path and the exact body), at the URL the gateway would use
// (`<NAME>_URL`), with the secret it would use (HUB_SIGNING_SECRET, or the development secret).
// For partner developers debugging their own subgraph; refused with NODE_ENV=production.
// The answer goes to stdout, anything else to stderr.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { roles, type Identity, type Role } from '../common/src/identity.ts';

const subgraphNames = ['police', 'support', 'cyber', 'victims'] as const;
/** The largest document read from a file: the gateway's default MAX_BODY_BYTES. */
const maxDocumentBytes = 102_400;

const usage = `Usage: npm run sign -- <subgraph> <query> [options]

Sends a GraphQL request straight to one subgraph, signed as the gateway signs it, and prints the
answer. Development only: refused with NODE_ENV=production.

  <subgraph>              ${subgraphNames.join(', ')}; sent to <NAME>_URL (default http://127.0.0.1:4001-4004/graphql)
  <query>                 the document, or @<file> to read it from a file, e.g. @operations/public/Help.graphql
  --variables <json>      the variables, as a JSON object
  --operation-name <name> which operation of the document to run
  --role <role>           act for a signed-in user with this role: ${roles.join(', ')} (default: an anonymous caller)
  --business <id>         the business a --role business user acts for (required with it)
  --org <id>              the organisation a --role partner user works for (required with it)
  --sub <id>              the user's subject (default dev-<role>)
  --print-headers         print a curl command with the signed headers instead of sending the request:
                          it works once (the nonce), within HUB_SIGNATURE_MAX_AGE_SECONDS (30 s by default)
  --help                  show this message

The secret is HUB_SIGNING_SECRET, or the development secret in .data/dev-keys that npm start uses.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

/** Quoted for a POSIX shell. */
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

let parsed;
try {
  parsed = parseArgs({
    options: {
      variables: { type: 'string' },
      'operation-name': { type: 'string' },
      role: { type: 'string' },
      business: { type: 'string' },
      org: { type: 'string' },
      sub: { type: 'string' },
      'print-headers': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
} catch (error) {
  fail((error as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

// Before anything else: a production process must never hold a tool that signs as the gateway.
const { readNodeEnvironment } = await import('../common/src/config.ts');
let environment;
try {
  environment = readNodeEnvironment(process.env);
} catch (error) {
  fail((error as Error).message);
}
if (environment === 'production') {
  process.stderr.write('npm run sign refuses to run with NODE_ENV=production: it signs requests as the gateway does, which only the gateway may do in production.\n');
  process.exit(2);
}

if (positionals.length !== 2) fail(`Expected a subgraph and a query, got ${positionals.length} argument(s).`);
const [subgraph, queryArgument] = positionals as [string, string];
if (!(subgraphNames as readonly string[]).includes(subgraph)) fail(`Unknown subgraph "${subgraph.slice(0, 40)}": use one of ${subgraphNames.join(', ')}.`);

let query = queryArgument;
if (queryArgument.startsWith('@')) {
  const file = path.resolve(queryArgument.slice(1));
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    fail(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  if (size > maxDocumentBytes) fail(`${file} is ${size} bytes; a document may be at most ${maxDocumentBytes}.`);
  query = readFileSync(file, 'utf8');
}
if (query.trim() === '') fail('The query is empty.');

let variables: Record<string, unknown> | undefined;
if (values.variables !== undefined) {
  try {
    variables = JSON.parse(values.variables);
  } catch (error) {
    fail(`--variables is not JSON: ${(error as Error).message}`);
  }
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) fail('--variables must be a JSON object, e.g. {"crimeType": "burglary"}.');
}

let identity: Identity = { kind: 'anonymous' };
const role = values.role;
if (role === undefined) {
  for (const option of ['business', 'org', 'sub'] as const) if (values[option] !== undefined) fail(`--${option} needs --role: without one the request is an anonymous caller's.`);
} else {
  if (!(roles as readonly string[]).includes(role)) fail(`Unknown role "${role.slice(0, 40)}": use one of ${roles.join(', ')}.`);
  if (role === 'business' && !values.business) fail('--role business needs --business <id>: a business user acts for one business.');
  if (role !== 'business' && values.business !== undefined) fail('--business only applies to --role business.');
  if (role === 'partner' && !values.org) fail('--role partner needs --org <id>: a partner user works for one organisation.');
  if (role !== 'partner' && values.org !== undefined) fail('--org only applies to --role partner.');
  if (values.sub !== undefined && values.sub.trim() === '') fail('--sub must not be empty.');
  identity = {
    kind: 'user',
    subject: values.sub ?? `dev-${role}`,
    role: role as Role,
    ...(role === 'business' ? { businessId: values.business! } : {}),
    ...(role === 'partner' ? { organizationId: values.org! } : {}),
  };
}

// The gateway's own configuration: the subgraph's URL and the signing secret, as `npm start` has them.
const { ConfigError, pathOf, signRequest } = await import('@crimehub/common');
const { readGatewayConfig } = await import('../gateway/src/config.ts');
let config;
try {
  config = readGatewayConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const url = config.subgraphUrls[subgraph as (typeof subgraphNames)[number]];
const body = JSON.stringify({ query, ...(values['operation-name'] ? { operationName: values['operation-name'] } : {}), ...(variables ? { variables } : {}) });
const headers = { 'content-type': 'application/json', ...signRequest(config.signing, { audience: subgraph, method: 'POST', path: pathOf(url) }, identity, body) };

if (values['print-headers']) {
  const lines = [`curl -sS ${shellQuote(url)}`, ...Object.entries(headers).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`), `--data-raw ${shellQuote(body)}`];
  process.stdout.write(`${lines.join(' \\\n  ')}\n`);
  process.stderr.write(`Valid once, for ${config.signing.maxAgeSeconds} s: the subgraph refuses a nonce it has seen and an old signature.\n`);
  process.exit(0);
}

let response: Response;
try {
  response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(config.subgraphTimeoutMs) });
} catch (error) {
  process.stderr.write(`The ${subgraph} subgraph at ${url} could not be reached: ${(error as Error).message}. Is it running (npm start)? Is ${subgraph.toUpperCase()}_URL right?\n`);
  process.exit(1);
}
const text = await response.text();
let answer: { errors?: unknown[] } | undefined;
try {
  answer = JSON.parse(text);
} catch {
  answer = undefined;
}
process.stdout.write(`${answer === undefined ? text : JSON.stringify(answer, null, 2)}\n`);
if (response.status === 401) process.stderr.write(`HTTP 401: the ${subgraph} subgraph refused the signature. Does it share this HUB_SIGNING_SECRET (${config.signing.source})?\n`);
else if (response.status !== 200) process.stderr.write(`HTTP ${response.status}\n`);
process.exit(response.status === 200 && !answer?.errors ? 0 : 1);
