// The cyber subgraph's configuration (see readSubgraphConfig for the variables).
import { readSubgraphConfig } from '@crimehub/common';

export const readConfig = (env: NodeJS.ProcessEnv = process.env) => readSubgraphConfig('cyber', 4003, env);
