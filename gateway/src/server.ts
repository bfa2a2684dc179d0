// The gateway package's public surface.
export { createGateway } from './createGateway.ts';
export { readGatewayConfig, type GatewayConfig } from './config.ts';
export { composeSupergraph, subgraphs, supergraphPath, type SubgraphName } from './composeSupergraph.ts';
