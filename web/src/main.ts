// Starts the web service: `npm start -w @crimehub/web` (default port 3000), or with the whole hub by `npm start`.
import { exitOnStartupError, serve } from '@crimehub/common';
import { readWebConfig } from './config.ts';
import { createGatewayClient } from './gateway.ts';
import { createWebApp } from './server.ts';

try {
  const config = readWebConfig();
  const app = await createWebApp({
    gateway: createGatewayClient(config.gatewayUrl, { timeoutMs: config.gatewayTimeoutMs }),
    logLevel: config.logLevel,
    timeouts: config.timeouts,
    metrics: config.metrics,
    publicUrl: config.publicUrl,
    oidc: config.oidc,
    sessions: config.sessions,
  });
  await serve(app, { name: 'web', host: config.host, port: config.port, path: '/' });
} catch (error) {
  exitOnStartupError('web', error);
}
