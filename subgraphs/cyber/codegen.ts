// Resolver types for the cyber subgraph, generated from its SDL (npm run codegen; also after install).
import type { CodegenConfig } from '@graphql-codegen/cli';
import { subgraphCodegen } from '../../scripts/codegenConfig.ts';

const parents = ['Booking', 'Course', 'CyberChampion', 'TrainingSession', 'Help', 'Viewer'];
const shapes = ['CourseConnection', 'TrainingSessionConnection', 'BookingConnection', 'CyberChampionConnection', 'BookTrainingSessionPayload', 'CancelBookingPayload', 'RegisterCyberChampionPayload'];

const config: CodegenConfig = subgraphCodegen('cyber', {
  contextType: '../loaders.ts#Context',
  mappers: Object.fromEntries([...parents, ...shapes].map((name) => [name, `../parents.ts#${name}`])),
});

// typescript-resolvers types __resolveReference as Apollo calls it, (reference, context, info);
// @mercuriusjs/federation calls it (reference, {}, context, info). Type what runs.
const apolloReferenceResolver = /export type ReferenceResolver<TResult, TReference, TContext> = \(\s*reference: TReference,\s*context: TContext,/;
const mercuriusReferenceResolver = 'export type ReferenceResolver<TResult, TReference, TContext> = (\n      reference: TReference,\n      args: Record<string, never>,\n      context: TContext,';
for (const output of Object.values(config.generates)) {
  if (typeof output !== 'object' || Array.isArray(output)) continue;
  output.hooks = {
    beforeOneFileWrite: [
      (_path: string, content: string) => {
        if (!apolloReferenceResolver.test(content)) throw new Error('codegen: the ReferenceResolver type changed shape; update subgraphs/cyber/codegen.ts for mercurius.');
        return content.replace(apolloReferenceResolver, mercuriusReferenceResolver);
      },
    ],
  };
}
export default config;
