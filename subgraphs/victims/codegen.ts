// Resolver types for the victims subgraph, generated from its SDL (npm run codegen; also after install).
// Mappers name what each resolver receives as its parent: Prisma rows, the help question, the
// caller's Viewer reference, and the connections common/src/connections.ts builds.
import type { CodegenConfig } from '@graphql-codegen/cli';
import { subgraphCodegen } from '../../scripts/codegenConfig.ts';

const prisma = './prisma/client.ts';
const config: CodegenConfig = subgraphCodegen('victims', {
  contextType: '../loaders.ts#Context',
  mappers: {
    VictimService: '../resolvers/services.ts#VictimServiceRow',
    VictimsCodeRight: '../resolvers/services.ts#VictimsCodeRightRow',
    Referral: `${prisma}#Referral`,
    VictimServiceConnection: '../resolvers/services.ts#VictimServicePage',
    ReferralConnection: '../resolvers/referrals.ts#ReferralPage',
    RecordContactMadePayload: '../resolvers/referrals.ts#ContactRecorded',
    Help: '@crimehub/common#HelpKey',
    Viewer: '../resolvers/referrals.ts#ViewerRef',
  },
});
export default config;
