// Starts the gateway: `npm start -w @crimehub/gateway` (default port 4000).
import { exitOnStartupError, serve, startTracing } from '@crimehub/common';
import { readGatewayConfig } from './config.ts';
import { createGateway } from './createGateway.ts';

try {
  // Before the app is built: its logger and hooks depend on whether tracing is on.
  startTracing('gateway');
  const config = readGatewayConfig();
  await serve(await createGateway(config), { name: 'gateway', host: config.host, port: config.port });
} catch (error) {
  exitOnStartupError('gateway', error);
}
