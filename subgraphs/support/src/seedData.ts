// Demonstration data for the support subgraph: the synthetic business profiles (every one is
// obviously synthetic). The directory — partner organisations and their support offers — is
// reference data kept as Open Referral UK JSON in ../data/directory.oruk.json (see seed.ts).
import type { Prisma } from './generated/prisma/client.ts';

// ONS codes of the districts the businesses are in.
const CANNOCK_CHASE = 'E07000192';
const EAST_STAFFORDSHIRE = 'E07000193';
const LICHFIELD = 'E07000194';
const NEWCASTLE_UNDER_LYME = 'E07000195';
const SOUTH_STAFFORDSHIRE = 'E07000196';
const STAFFORD = 'E07000197';
const STAFFORDSHIRE_MOORLANDS = 'E07000198';
const TAMWORTH = 'E07000199';
const STOKE_ON_TRENT = 'E06000021';

// --- Business profiles (all synthetic) ---------------------------------------------------------

export const businesses: Prisma.BusinessCreateManyInput[] = [
  {
    id: 'biz-0001',
    name: 'Example Hardware Ltd (synthetic)',
    sector: 'RETAIL',
    size: 'SMALL',
    districtCode: STAFFORD,
    postcode: 'ST16 2QX',
    rural: false,
  },
  {
    id: 'biz-0002',
    name: 'Example Convenience Store (synthetic)',
    sector: 'RETAIL',
    size: 'MICRO',
    districtCode: TAMWORTH,
    postcode: 'B79 7NZ',
    rural: false,
  },
  {
    id: 'biz-0003',
    name: 'Example Hill Farm Partners (synthetic)',
    sector: 'AGRICULTURE',
    size: 'MICRO',
    districtCode: STAFFORDSHIRE_MOORLANDS,
    postcode: 'ST13 8ZX',
    rural: true,
  },
  {
    id: 'biz-0004',
    name: 'Example Accountants LLP (synthetic)',
    sector: 'PROFESSIONAL_SERVICES',
    size: 'MEDIUM',
    districtCode: NEWCASTLE_UNDER_LYME,
    postcode: 'ST5 1QZ',
    rural: false,
  },
  {
    id: 'biz-0005',
    name: 'The Example Arms (synthetic)',
    sector: 'HOSPITALITY',
    size: 'SMALL',
    districtCode: STOKE_ON_TRENT,
    postcode: 'ST1 1XZ',
    rural: false,
  },
  {
    id: 'biz-0006',
    name: 'Example Brewing Co Ltd (synthetic)',
    sector: 'MANUFACTURING',
    size: 'MEDIUM',
    districtCode: EAST_STAFFORDSHIRE,
    postcode: 'DE14 1ZX',
    rural: false,
  },
  {
    id: 'biz-0007',
    name: 'Example Logistics Ltd (synthetic)',
    sector: 'TRANSPORT_LOGISTICS',
    size: 'LARGE',
    districtCode: CANNOCK_CHASE,
    postcode: 'WS11 8XZ',
    rural: false,
  },
  {
    id: 'biz-0008',
    name: 'Example Digital Studio Ltd (synthetic)',
    sector: 'DIGITAL_TECH',
    size: 'MICRO',
    districtCode: LICHFIELD,
    postcode: 'WS13 6ZQ',
    rural: false,
  },
  {
    id: 'biz-0009',
    name: 'Example Garden Centre Ltd (synthetic)',
    sector: 'RETAIL',
    size: 'MEDIUM',
    districtCode: SOUTH_STAFFORDSHIRE,
    postcode: 'WV8 1XQ',
    rural: true,
  },
  {
    id: 'biz-0010',
    name: 'Example Superstore Tamworth (synthetic)',
    sector: 'RETAIL',
    size: 'LARGE',
    districtCode: TAMWORTH,
    postcode: 'B77 5ZX',
    rural: false,
  },
];
