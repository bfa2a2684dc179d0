// Resolver types for the police subgraph, generated from its SDL (npm run codegen; also after install).
// Mappers: the object each type's resolvers receive as their parent (a Prisma row, or the shape a
// resolver builds), so that the resolver map is checked against what the resolvers really return.
import type { CodegenConfig } from '@graphql-codegen/cli';
import { subgraphCodegen } from '../../scripts/codegenConfig.ts';

const prisma = (model: string) => `./prisma/client.ts#${model}`;

const config: CodegenConfig = subgraphCodegen('police', {
  contextType: '../loaders.ts#Context',
  mappers: {
    CrimeType: prisma('CrimeType'),
    ReportingRoute: prisma('ReportingRoute'),
    EvidenceGuidance: prisma('EvidenceGuidance'),
    District: prisma('District'),
    PolicingTeam: prisma('PolicingTeam'),
    CrimeReport: prisma('CrimeReport'),
    ReportAccess: prisma('ReportAccess'),
    CrimeReportUpdate: '../resolvers/workflow.ts#TimelineEntry',
    CrimeOutcome: '../outcomes.ts#CrimeOutcome',
    CrimeStatistic: '../statistics.ts#StatisticCell',
    CrimeReportConnection: '../resolvers/reports.ts#CrimeReportPage',
    ReportAccessConnection: '../resolvers/reports.ts#ReportAccessPage',
    Viewer: '../resolvers/reports.ts#ViewerRef',
    Help: '../routes.ts#PoliceHelp',
    ReportingRouteConnection: '../routes.ts#RoutePage',
    Business: '../resolvers/reports.ts#BusinessRef',
  },
});
export default config;
