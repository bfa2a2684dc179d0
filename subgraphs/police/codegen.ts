// Resolver types for the police subgraph, generated from its SDL (npm run codegen; also after install).
import type { CodegenConfig } from '@graphql-codegen/cli';
import { subgraphCodegen } from '../../scripts/codegenConfig.ts';

const config: CodegenConfig = subgraphCodegen('police', {
  contextType: '../loaders.ts#Context',
  mappers: {},
});
export default config;
