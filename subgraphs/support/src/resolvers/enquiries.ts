// Enquiries: a business user asks the provider of a support offer for help; partner staff of
// that organisation see and answer the enquiries to their offers; administrators see all.
// Every input is checked before anything is written, and each write changes one row in one
// statement, so a refused or failed request leaves no partial record.
import {
  dateTimeRangeWhere,
  createOnce,
  ErrorCode,
  findPage,
  inputChecks,
  pageRequest,
  quoteInput,
  requireEmail,
  requireIdempotencyKey,
  requireText,
  requireUkPhone,
  userError,
  type Connection,
  type InputChecks,
  type KeyColumn,
} from '@crimehub/common';
import type { Enquiry, Prisma } from '../generated/prisma/client.ts';
import type { AnswerEnquiryInput, EnquiryFilter, RequestSupportInput, ViewerEnquiriesArgs } from '../generated/graphql.ts';
import type { Context } from '../loaders.ts';
import { isReadableEnquiry, readableEnquiries, requireOwnBusiness, requireOwnOrganization } from './access.ts';

/** Newest first, ending in the unique id: the keyset of me.enquiries (indexes in schema.prisma). */
const newestFirst: readonly KeyColumn[] = [
  { field: 'createdAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'string' },
];

export async function requestSupport(input: RequestSupportInput, ctx: Context): Promise<{ enquiry: Enquiry; replayed: boolean }> {
  const { businessId } = requireOwnBusiness(ctx.identity, 'send enquiries');
  const check = inputChecks();
  const offerId = check.run(() => requireText(input.offerId, 'input.offerId', { max: 100 }));
  const message = check.run(() => requireText(input.message, 'input.message', { max: 4000, multiline: true }));
  const contactName = check.run(() => requireText(input.contactName, 'input.contactName', { max: 100 }));
  const contactEmail = check.run(() => requireEmail(input.contactEmail ?? '', 'input.contactEmail'));
  const contactPhone = input.contactPhone == null || input.contactPhone.trim() === '' ? null : check.run(() => requireUkPhone(input.contactPhone!, 'input.contactPhone'));
  const idempotencyKey = check.run(() => requireIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey'));
  check.done();

  const offer = await ctx.prisma.supportOffer.findUnique({ where: { id: offerId } });
  if (!offer || !offer.active) {
    throw userError(ErrorCode.NOT_FOUND, `There is no support offer ${quoteInput(offerId)}. The supportOffers query lists every offer.`, { field: 'input.offerId' });
  }
  const business = await ctx.prisma.business.findUnique({ where: { id: businessId }, select: { id: true } });
  if (!business) throw userError(ErrorCode.FORBIDDEN, `Register business ${businessId} with registerBusiness before sending enquiries.`);

  const { record, created } = await createOnce(
    () =>
      ctx.prisma.enquiry.create({
        data: { offerId, organizationId: offer.organizationId, businessId, message, contactName, contactEmail, contactPhone, idempotencyKey },
      }),
    () => ctx.prisma.enquiry.findUnique({ where: { businessId_idempotencyKey: { businessId, idempotencyKey } } }),
  );
  return { enquiry: record, replayed: !created };
}

export async function answerEnquiry(input: AnswerEnquiryInput, ctx: Context): Promise<{ enquiry: Enquiry; replayed: boolean }> {
  const { user, organizationId } = requireOwnOrganization(ctx.identity, 'answer enquiries');
  const check = inputChecks();
  const id = check.run(() => requireText(input.enquiryId, 'input.enquiryId', { max: 100 }));
  const answer = check.run(() => requireText(input.answer, 'input.answer', { max: 4000, multiline: true }));
  const idempotencyKey = check.run(() => requireIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey'));
  check.done();
  const notFound = () => userError(ErrorCode.NOT_FOUND, `Your organisation has no enquiry ${quoteInput(id)}.`, { field: 'input.enquiryId' });
  const enquiry = await ctx.prisma.enquiry.findUnique({ where: { id } });
  // Another organisation's enquiry is as good as absent: its existence is not revealed.
  if (!enquiry || enquiry.organizationId !== organizationId) throw notFound();

  if (enquiry.status === 'OPEN') {
    // Answers only while still open, in one statement: of two racing answers, one wins.
    const { count } = await ctx.prisma.enquiry.updateMany({
      where: { id, organizationId, status: 'OPEN' },
      data: { status: 'ANSWERED', answer, answeredBy: user.subject, answeredAt: new Date(), answerIdempotencyKey: idempotencyKey },
    });
    if (count === 1) return { enquiry: (await ctx.prisma.enquiry.findUnique({ where: { id } }))!, replayed: false };
  }
  const current = (await ctx.prisma.enquiry.findUnique({ where: { id } })) ?? enquiry;
  if (current.status === 'ANSWERED' && current.answerIdempotencyKey === idempotencyKey) return { enquiry: current, replayed: true };
  throw userError(ErrorCode.BAD_USER_INPUT, current.status === 'CLOSED' ? `Enquiry ${quoteInput(id)} is closed.` : `Enquiry ${quoteInput(id)} has already been answered.`, {
    field: 'input.enquiryId',
    extensions: { reason: current.status === 'CLOSED' ? 'CLOSED' : 'ALREADY_ANSWERED' },
  });
}

/** The enquiry filter as a `where`, recording each invalid field in `check`. */
function enquiryFilterWhere(filter: EnquiryFilter | null | undefined, check: InputChecks): Prisma.EnquiryWhereInput {
  const where: Prisma.EnquiryWhereInput = {};
  if (filter?.status) where.status = { in: [...new Set(filter.status)] };
  if (filter?.createdAt) where.createdAt = check.run(() => dateTimeRangeWhere(filter.createdAt, 'filter.createdAt'));
  if (filter?.offer != null) where.offerId = check.run(() => requireText(filter.offer, 'filter.offer', { max: 100 }));
  return where;
}

/** A page of the enquiries the caller may read (see readableEnquiries), newest first; every invalid argument is refused in one error, before any query. */
export function enquiriesOf(ctx: Context, args: ViewerEnquiriesArgs): Promise<Connection<Enquiry>> {
  const readable = readableEnquiries(ctx.identity);
  const check = inputChecks();
  const page = check.run(() => pageRequest(args, newestFirst));
  const where = enquiryFilterWhere(args.filter, check);
  check.done();
  return findPage(ctx.prisma.enquiry, { ...where, ...readable }, newestFirst, page);
}

/** One enquiry, or null when there is none or the caller may not read it. */
export async function enquiry(ctx: Context, id: string): Promise<Enquiry | null> {
  const readable = readableEnquiries(ctx.identity);
  const found = await ctx.loaders.enquiry.load(id);
  return found && isReadableEnquiry(readable, found) ? found : null;
}
