// Subgraphs trust only the gateway: it signs each subgraph request and the identity it forwards.
// PLACEHOLDER: signing and verification are built here.
import type { EnvReader } from './config.ts';

export interface SigningConfig {}

export function readSigningConfig(_read: EnvReader): SigningConfig {
  return {};
}
