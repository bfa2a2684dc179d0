// `npm run token -- --role analyst`: prints a JWT for local use, signed with the development key
// the gateway trusts when no AUTH_JWKS_URL / AUTH_PUBLIC_KEY(_FILE) is set (the pair under
// .data/dev-keys, or DEV_KEYS_DIR, made here if missing). Only the token goes to stdout, so
// `TOKEN=$(npm run -s token -- --role police)` works; usage and warnings go to stderr.
import { parseArgs } from 'node:util';
// Only the roles table up front, so bad options are answered at once; the rest of
// @crimehub/common (databases, servers) loads, in seconds, only to mint a token.
import { roles, type Role } from '../common/src/identity.ts';

const usage = `Usage: npm run token -- --role <role> [options]

Prints a signed development token for the gateway (Authorization: Bearer <token>).

  --role <role>         ${roles.join(', ')} (required)
  --business <id>       the one business the token acts for (required with --role business);
                        \`new\` makes a new, unguessable id (biz_ + 128 random bits), shown on stderr
  --org <id>            the partner organisation, e.g. pabcis (required with --role partner)
  --sub <id>            the subject (default dev-<role>)
  --expires-in <time>   how long it lasts, e.g. 30m, 8h, 7d (default 8h)
  --help                show this message

Issuer and audience follow AUTH_ISSUER (its first issuer, when it lists several) and AUTH_AUDIENCE; the key lives in DEV_KEYS_DIR
(default .data/dev-keys).`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' },
      business: { type: 'string' },
      org: { type: 'string' },
      sub: { type: 'string' },
      'expires-in': { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail((error as Error).message);
}

if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const role = values.role;
if (role === undefined) fail('Missing --role.');
if (!(roles as readonly string[]).includes(role)) fail(`Unknown role "${role}": use one of ${roles.join(', ')}.`);
if (role === 'business' && !values.business) fail('--role business needs --business <id>: a business token acts for one business.');
if (role !== 'business' && values.business !== undefined) fail('--business only applies to --role business.');
if (role === 'partner' && !values.org) fail('--role partner needs --org <id>: a partner token acts for one organisation.');
if (role !== 'partner' && values.org !== undefined) fail('--org only applies to --role partner.');
if (values.sub !== undefined && values.sub.trim() === '') fail('--sub must not be empty.');
const expiresIn = values['expires-in'];
if (!/^\d+(\.\d+)? ?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|yrs?|years?)$/i.test(expiresIn)) {
  fail(`--expires-in "${expiresIn}" is not a duration such as 30m, 8h or 7d.`);
}

const { SignJWT } = await import('jose');
const { EnvReader } = await import('@crimehub/common');
const { devKeyAlgorithm, loadDevPrivateKey } = await import('../gateway/src/auth/devKeys.ts');
const { readAuthConfig, readDevKeysDir } = await import('../gateway/src/auth/identity.ts');

const read = new EnvReader(process.env);
const auth = readAuthConfig(read);
const devKeysDir = readDevKeysDir(read);
if (read.problems.length > 0) {
  process.stderr.write(`Invalid configuration:\n  - ${read.problems.join('\n  - ')}\n`);
  process.exit(1);
}
if (auth.key.kind !== 'devKeys') {
  process.stderr.write('Note: AUTH_JWKS_URL / AUTH_PUBLIC_KEY(_FILE) is set, so a gateway with this configuration will not accept a development token.\n');
}

const claims: Record<string, string> = { role: role as Role };
if (role === 'business') {
  if (values.business === 'new') {
    const { newBusinessId } = await import('@crimehub/common');
    claims.business_id = newBusinessId();
    process.stderr.write(`A token for a new business: business_id ${claims.business_id}\n`);
  } else claims.business_id = values.business!;
}
if (role === 'partner') claims.org_id = values.org!;

const token = await new SignJWT(claims)
  .setProtectedHeader({ alg: devKeyAlgorithm, typ: 'JWT' })
  .setIssuer(auth.issuers[0]!)
  .setAudience(auth.audience)
  .setSubject(values.sub ?? `dev-${role}`)
  .setIssuedAt()
  .setExpirationTime(expiresIn)
  .sign(await loadDevPrivateKey(devKeysDir));
process.stdout.write(`${token}\n`);
