// Referrals from the police: the police subgraph's relay delivers each consented referral with
// the internal acceptReferral (signed as the police relay; never exposed by the gateway), which
// accepts it once per crime report however often it arrives. Victim-service staff (role
// `partner`, org_id = the organisation that provided the service when the referral arrived) see
// their organisation's referrals (`me.referrals`, `referral(id)`) and record contact made.
import {
  ErrorCode,
  createOnce,
  dateTimeRangeWhere,
  findPage,
  foundEntity,
  inputChecks,
  isCallersViewer,
  optionalText,
  pageRequest,
  requireDistrictCode,
  requireIdempotencyKey,
  requireRole,
  requireText,
  userError,
  type Connection,
  type Identity,
  type KeyColumn,
} from '@crimehub/common';
import type { Prisma, Referral } from '../generated/prisma/client.ts';
import type { AcceptReferralInput, MutationResolvers, QueryResolvers, RecordContactMadeInput, ReferralResolvers, ViewerReferralsArgs } from '../generated/graphql.ts';
import type { Context } from '../loaders.ts';
import type { VictimsResolvers } from './index.ts';

/** The subject the police subgraph's referral relay signs as. */
export const relaySubject = 'police-referral-relay';

/** Where a referral goes when no more specific service takes it. */
export const defaultServiceId = 'staffordshire-victim-gateway';

/** A Viewer representation this subgraph answers: the caller's own. */
export interface ViewerRef {
  id: string;
}

/** A page of referrals, as the ReferralConnection type's resolvers receive it. */
export type ReferralPage = Connection<Referral>;

/** What recordContactMade answers, as the RecordContactMadePayload type's resolvers receive it. */
export interface ContactRecorded {
  referral: Referral;
  replayed: boolean;
}

/** Newest first; ends in the unique id so a cursor names one place (index on organizationId, receivedAt, id). */
const referralKey: readonly KeyColumn[] = [
  { field: 'receivedAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'string' },
];

function requireRelay(identity: Identity): void {
  if (identity.kind !== 'user') throw userError(ErrorCode.UNAUTHENTICATED, 'Only the police referral relay may deliver referrals.');
  if (identity.role !== 'police' || identity.subject !== relaySubject) throw userError(ErrorCode.FORBIDDEN, 'Only the police referral relay may deliver referrals.');
}

function requireStaff(identity: Identity) {
  const staff = requireRole(identity, ['partner'], 'read or update referrals');
  if (!staff.organizationId) throw userError(ErrorCode.FORBIDDEN, 'Your sign-in does not name your organisation (org_id).');
  return { ...staff, organizationId: staff.organizationId };
}

/**
 * The service a referral goes to: the first (in directory order) that takes police referrals of
 * businesses for this crime type in this district, else the default. With neither in the
 * directory the referral is not accepted (an internal error): the relay keeps it and retries.
 */
async function serviceFor(ctx: Context, crimeTypeCode: string, districtCode: string) {
  const select = { id: true, providerId: true } as const;
  const service =
    (await ctx.prisma.victimService.findFirst({
      where: {
        servesBusinesses: true,
        referralRoute: { in: ['POLICE_REFERRAL', 'SELF_OR_POLICE'] },
        districtCodes: { has: districtCode },
        OR: [{ allCrimeTypes: true }, { crimeTypeCodes: { has: crimeTypeCode } }],
      },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      select,
    })) ?? (await ctx.prisma.victimService.findUnique({ where: { id: defaultServiceId }, select }));
  if (!service) throw new Error(`No victim service takes police referrals for ${crimeTypeCode} in ${districtCode}, and the default service ${defaultServiceId} is not in the directory.`);
  return service;
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
    // Referral.district is a District!: only one of the 9 is accepted.
    districtCode: check.run(() => requireDistrictCode(input.districtCode, 'input.districtCode')),
  };
  check.done();
  const findExisting = () => ctx.prisma.referral.findUnique({ where: { reportReference } });
  const { record } = await createOnce(async () => {
    const service = await serviceFor(ctx, data.crimeTypeCode, data.districtCode);
    return ctx.prisma.referral.create({ data: { ...data, serviceId: service.id, organizationId: service.providerId } });
  }, findExisting);
  return record;
}

async function recordContactMade(ctx: Context, input: RecordContactMadeInput): Promise<ContactRecorded> {
  const staff = requireStaff(ctx.identity);
  const check = inputChecks();
  const referralId = check.run(() => requireText(input.referralId, 'input.referralId', { max: 128 }));
  const note = check.run(() => requireText(input.note, 'input.note', { max: 2000, multiline: true }));
  const idempotencyKey = check.run(() => requireIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey'));
  check.done();
  const referral = await ctx.prisma.referral.findUnique({ where: { id: referralId } });
  // Another organisation's referral is reported as not found: its existence is not disclosed.
  if (!referral || referral.organizationId !== staff.organizationId) throw userError(ErrorCode.NOT_FOUND, 'No referral to your organisation has that id.', { field: 'input.referralId' });
  // Keys are the staff member's own: a colleague's key never answers for this one.
  const findContact = () => ctx.prisma.referralContact.findUnique({ where: { staffSubject_idempotencyKey: { staffSubject: staff.subject, idempotencyKey } } });
  const existing = await findContact();
  if (existing && existing.referralId !== referral.id)
    throw userError(ErrorCode.BAD_USER_INPUT, 'input.idempotencyKey has already been used for another referral; use a new key.', { field: 'input.idempotencyKey' });
  const { created } = await createOnce(
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const contact = await tx.referralContact.create({ data: { referralId: referral.id, note, staffSubject: staff.subject, idempotencyKey } });
        // The first contact made is the one the referral records.
        await tx.referral.updateMany({ where: { id: referral.id, contactMadeAt: null }, data: { contactMadeAt: contact.madeAt, contactNote: note } });
        return contact;
      }),
    findContact,
  );
  return { referral: await ctx.prisma.referral.findUniqueOrThrow({ where: { id: referral.id } }), replayed: !created };
}

/** The caller's organisation's referrals, a page at a time; every argument checked before any query runs. */
async function referralsOf(ctx: Context, args: ViewerReferralsArgs): Promise<ReferralPage> {
  const staff = requireStaff(ctx.identity);
  const check = inputChecks();
  const page = check.run(() => pageRequest(args, referralKey));
  const receivedAt = check.run(() => dateTimeRangeWhere(args.filter?.receivedAt, 'filter.receivedAt'));
  check.done();
  const contactMade = args.filter?.contactMade;
  const where: Prisma.ReferralWhereInput = {
    organizationId: staff.organizationId,
    ...(contactMade == null ? {} : { contactMadeAt: contactMade ? { not: null } : null }),
    ...(receivedAt ? { receivedAt } : {}),
  };
  return findPage(ctx.prisma.referral, where, referralKey, page);
}

/** One referral, or null when there is none or it is another organisation's. */
async function referral(ctx: Context, id: string): Promise<Referral | null> {
  const staff = requireStaff(ctx.identity);
  const row = await ctx.prisma.referral.findUnique({ where: { id: requireText(id, 'id', { max: 128 }) } });
  return row?.organizationId === staff.organizationId ? row : null;
}

export const referralQueries: QueryResolvers<Context> = {
  referral: (_, args, ctx) => referral(ctx, args.id),
};

export const referralMutations: MutationResolvers<Context> = {
  acceptReferral: (_, args, ctx) => acceptReferral(ctx, args.input),
  recordContactMade: (_, args, ctx) => recordContactMade(ctx, args.input),
};

export const viewerResolvers: VictimsResolvers['Viewer'] = {
  // The gateway builds the representation from `me`: any other id did not come from the caller.
  __resolveReference: (ref, _, ctx) => (isCallersViewer(ref, ctx.identity) ? { id: ref.id } : null),
  referrals: (_, args, ctx) => referralsOf(ctx, args),
};

export const referralResolvers: ReferralResolvers<Context> = {
  crimeReference: (row) => row.reportReference,
  service: async (row, _, ctx) => foundEntity(await ctx.loaders.service.load(row.serviceId), `Victim service ${row.serviceId} is no longer in the directory.`),
  business: (row) => ({ id: row.businessId }),
  crimeType: (row) => ({ code: row.crimeTypeCode }),
  district: (row) => ({ code: row.districtCode }),
};
