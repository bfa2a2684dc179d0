// Referrals from the police: the police subgraph's relay delivers each consented referral with
// the internal acceptReferral (signed as the police relay; never exposed by the gateway), which
// accepts it once per crime report however often it arrives. Victim-service staff (role
// `partner`, org_id = the service's provider) see their service's referrals and record contact.
import { ErrorCode, createOnce, inputChecks, optionalText, requireCount, requireIdempotencyKey, requireRole, requireText, userError, type Identity } from '@crimehub/common';
import type { Referral } from '../generated/prisma/client.ts';
import type { Context } from '../loaders.ts';

/** The subject the police subgraph's referral relay signs as. */
export const relaySubject = 'police-referral-relay';

/** Where a referral goes when no more specific service takes it. */
export const defaultServiceId = 'staffordshire-victim-gateway';

export interface AcceptReferralInput {
  reportReference: string;
  businessId: string;
  contactName: string;
  contactEmail?: string | null;
  contactPhone?: string | null;
  crimeTypeCode: string;
  districtCode: string;
}

function requireRelay(identity: Identity): void {
  if (identity.kind !== 'user') throw userError(ErrorCode.UNAUTHENTICATED, 'Only the police referral relay may deliver referrals.');
  if (identity.role !== 'police' || identity.subject !== relaySubject) throw userError(ErrorCode.FORBIDDEN, 'Only the police referral relay may deliver referrals.');
}

function requireStaff(identity: Identity) {
  const staff = requireRole(identity, ['partner'], 'read or update referrals');
  if (!staff.organizationId) throw userError(ErrorCode.FORBIDDEN, 'Your sign-in does not name your organisation (org_id).');
  return { ...staff, organizationId: staff.organizationId };
}

/** The service a referral goes to: the first (in directory order) that takes police referrals of businesses for this crime type in this district. */
async function serviceFor(ctx: Context, crimeTypeCode: string, districtCode: string): Promise<string> {
  const service = await ctx.prisma.victimService.findFirst({
    where: {
      servesBusinesses: true,
      referralRoute: { in: ['POLICE_REFERRAL', 'SELF_OR_POLICE'] },
      districtCodes: { has: districtCode },
      OR: [{ allCrimeTypes: true }, { crimeTypeCodes: { has: crimeTypeCode } }],
    },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
  });
  return service?.id ?? defaultServiceId;
}

async function acceptReferral(ctx: Context, input: AcceptReferralInput): Promise<Referral> {
  requireRelay(ctx.identity);
  const check = inputChecks();
  const reportReference = check.run(() => requireText(input.reportReference, 'input.reportReference', { max: 32 }));
  const data = {
    reportReference,
    businessId: check.run(() => requireText(input.businessId, 'input.businessId', { max: 64 })),
    contactName: check.run(() => requireText(input.contactName, 'input.contactName', { max: 120 })),
    contactEmail: check.run(() => optionalText(input.contactEmail, 'input.contactEmail', { max: 254 })) ?? null,
    contactPhone: check.run(() => optionalText(input.contactPhone, 'input.contactPhone', { max: 30 })) ?? null,
    crimeTypeCode: check.run(() => requireText(input.crimeTypeCode, 'input.crimeTypeCode', { max: 64 })),
    districtCode: check.run(() => requireText(input.districtCode, 'input.districtCode', { max: 16 })),
  };
  check.done();
  const findExisting = () => ctx.prisma.referral.findUnique({ where: { reportReference } });
  const { record } = await createOnce(async () => ctx.prisma.referral.create({ data: { ...data, serviceId: await serviceFor(ctx, data.crimeTypeCode, data.districtCode) } }), findExisting);
  return record;
}

async function recordContactMade(ctx: Context, args: { referralId: string; note: string; idempotencyKey: string }): Promise<Referral> {
  const staff = requireStaff(ctx.identity);
  const check = inputChecks();
  const referralId = check.run(() => requireText(args.referralId, 'referralId', { max: 100 }));
  const note = check.run(() => requireText(args.note, 'note', { max: 2000, multiline: true }));
  const idempotencyKey = check.run(() => requireIdempotencyKey(args.idempotencyKey, 'idempotencyKey'));
  check.done();
  const referral = await ctx.prisma.referral.findUnique({ where: { id: referralId } });
  const service = referral ? await ctx.loaders.service.load(referral.serviceId) : null;
  // Another service's referral is reported as not found: its existence is not disclosed.
  if (!referral || service?.providerId !== staff.organizationId) throw userError(ErrorCode.NOT_FOUND, 'No referral to your service has that id.', { field: 'referralId' });
  // Keys are the staff member's own: a colleague's key never answers for this one.
  const findContact = () => ctx.prisma.referralContact.findUnique({ where: { staffSubject_idempotencyKey: { staffSubject: staff.subject, idempotencyKey } } });
  const existing = await findContact();
  if (existing && existing.referralId !== referral.id) throw userError(ErrorCode.BAD_USER_INPUT, 'idempotencyKey has already been used for another referral; use a new key.', { field: 'idempotencyKey' });
  await createOnce(
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const contact = await tx.referralContact.create({ data: { referralId: referral.id, note, staffSubject: staff.subject, idempotencyKey } });
        // The first contact made is the one the referral records.
        await tx.referral.updateMany({ where: { id: referral.id, contactMadeAt: null }, data: { contactMadeAt: contact.madeAt, contactNote: note } });
        return contact;
      }),
    findContact,
  );
  return (await ctx.prisma.referral.findUnique({ where: { id: referral.id } }))!;
}

async function referralsForMyService(ctx: Context, args: { first?: number | null }): Promise<Referral[]> {
  const staff = requireStaff(ctx.identity);
  const take = requireCount(args.first, 'first', { fallback: 50, max: 200 });
  const services = await ctx.prisma.victimService.findMany({ where: { providerId: staff.organizationId }, select: { id: true } });
  return ctx.prisma.referral.findMany({ where: { serviceId: { in: services.map((s) => s.id) } }, orderBy: [{ receivedAt: 'desc' }, { id: 'asc' }], take });
}

export const referralResolvers = {
  Query: {
    referralsForMyService: (_: unknown, args: { first?: number | null }, ctx: Context) => referralsForMyService(ctx, args),
  },
  Mutation: {
    acceptReferral: (_: unknown, args: { input: AcceptReferralInput }, ctx: Context) => acceptReferral(ctx, args.input),
    recordContactMade: (_: unknown, args: { referralId: string; note: string; idempotencyKey: string }, ctx: Context) => recordContactMade(ctx, args),
  },
  Referral: {
    service: (referral: Referral, _: unknown, ctx: Context) => ctx.loaders.service.load(referral.serviceId),
    crimeType: (referral: Referral) => ({ code: referral.crimeTypeCode }),
    receivedAt: (referral: Referral) => referral.receivedAt.toISOString(),
    contactMadeAt: (referral: Referral) => referral.contactMadeAt?.toISOString() ?? null,
  },
};
