// `npm run idp`: the development OpenID Connect identity provider (default http://127.0.0.1:4100),
// started by `npm start` before the gateway. Never in production: there, configure your own
// provider (README, "Signing in").
import { exitOnStartupError, readNodeEnvironment, serve } from '@crimehub/common';
import { productionRefusal, readIdpConfig } from './config.ts';
import { createIdp } from './server.ts';

let environment: string;
try {
  environment = readNodeEnvironment();
} catch (error) {
  console.error(`[idp] could not start: ${(error as Error).message}`);
  process.exit(2);
}
if (environment === 'production') {
  console.error(`[idp] ${productionRefusal}`);
  process.exit(2);
}

try {
  const config = readIdpConfig();
  const idp = await createIdp(config);
  await serve(idp.app, { name: 'idp', host: config.host, port: config.port, path: '' });
} catch (error) {
  exitOnStartupError('idp', error);
}
