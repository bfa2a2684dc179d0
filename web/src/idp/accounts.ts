// The development identity provider's test accounts: one or more for every role, each with the
// claims the gateway reads from an access token (gateway/src/auth/identity.ts): `role`, and
// `business_id` for a business, `org_id` for a partner. Development only: every password is
// `password`, and the sign-in page lists them.
import { timingSafeEqual } from 'node:crypto';
import type { Role } from '@crimehub/common';

export interface TestAccount {
  /** The subject (`sub`): stable, so a business's bookings and enquiries find their author again. */
  sub: string;
  email: string;
  name: string;
  role: Role;
  /** The one business a `business` account acts for. */
  businessId?: string;
  /** The organisation a `partner` account works for (a seeded organisation's id). */
  organizationId?: string;
  /** What the account is for, shown on the sign-in page. */
  use: string;
}

/** The one password every test account has. */
export const testPassword = 'password';

export const testAccounts: readonly TestAccount[] = [
  {
    sub: 'dev-business-new',
    email: 'new.business@example.org',
    name: 'Nadia Newcombe',
    role: 'business',
    businessId: 'biz-web-1',
    use: 'A business not yet registered with the hub: register it, then report a crime or book training',
  },
  {
    sub: 'dev-business-second',
    email: 'second.business@example.org',
    name: 'Sam Second',
    role: 'business',
    businessId: 'biz-web-2',
    use: 'A second business not yet registered, so the journeys can be tried twice (with and without JavaScript)',
  },
  {
    sub: 'dev-business-hardware',
    email: 'hardware@example.org',
    name: 'Harry Hardy',
    role: 'business',
    businessId: 'biz-0001',
    use: 'Example Hardware Ltd, registered in the demonstration data, with reports and bookings',
  },
  { sub: 'dev-police', email: 'police@example.org', name: 'Priya Patel', role: 'police', use: 'A Staffordshire Police officer: reads and triages reports' },
  {
    sub: 'dev-partner-growth-hub',
    email: 'growth-hub@example.org',
    name: 'Gareth Green',
    role: 'partner',
    organizationId: 'growth-hub',
    use: 'An adviser at the Stoke-on-Trent & Staffordshire Growth Hub: answers enquiries',
  },
  {
    sub: 'dev-partner-victim-gateway',
    email: 'victim-gateway@example.org',
    name: 'Vera Vaughan',
    role: 'partner',
    organizationId: 'victim-gateway',
    use: 'A caseworker at Staffordshire Victim Gateway: receives referrals',
  },
  { sub: 'dev-analyst', email: 'analyst@example.org', name: 'Ali Ahmed', role: 'analyst', use: 'An analyst: figures across the county, and the explorer' },
  { sub: 'dev-admin', email: 'admin@example.org', name: 'Ada Adeyemi', role: 'admin', use: 'An administrator of the hub' },
];

export function accountBySub(sub: string): TestAccount | undefined {
  return testAccounts.find((account) => account.sub === sub);
}

/** The account with this email address (any case, blanks around it ignored) and password, if both are right. */
export function authenticate(email: string, password: string): TestAccount | undefined {
  const account = testAccounts.find((candidate) => candidate.email === email.trim().toLowerCase());
  const given = Buffer.from(password);
  const expected = Buffer.from(testPassword);
  const passwordRight = given.length === expected.length && timingSafeEqual(given, expected);
  return account && passwordRight ? account : undefined;
}

/** The claims the gateway reads, for the access token; the same for the ID token, so the web can say who is signed in. */
export function hubClaims(account: TestAccount): Record<string, string> {
  return {
    role: account.role,
    ...(account.businessId ? { business_id: account.businessId } : {}),
    ...(account.organizationId ? { org_id: account.organizationId } : {}),
  };
}
