// The support subgraph's configuration (see readSubgraphConfig for the variables).
import { readSubgraphConfig } from '@crimehub/common';

export const readConfig = (env: NodeJS.ProcessEnv = process.env) => readSubgraphConfig('support', 4002, env);
