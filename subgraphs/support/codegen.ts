// Resolver types for the support subgraph, generated from its SDL (npm run codegen; also after install).
import type { CodegenConfig } from '@graphql-codegen/cli';
import { subgraphCodegen } from '../../scripts/codegenConfig.ts';

const config: CodegenConfig = subgraphCodegen('support', {
  contextType: '../loaders.ts#Context',
  mappers: {
    Organization: './prisma/client.ts#Organization',
    SupportOffer: './prisma/client.ts#SupportOffer',
    Business: './prisma/client.ts#Business',
    Enquiry: './prisma/client.ts#Enquiry',
    Viewer: '../resolvers/viewer.ts#ViewerParent',
    Help: '@crimehub/common#HelpKey',
    OrganizationConnection: '@crimehub/common#Connection<OrganizationRow>',
    SupportOfferConnection: '@crimehub/common#Connection<SupportOfferRow>',
    EnquiryConnection: '@crimehub/common#Connection<EnquiryRow>',
  },
});
export default config;
