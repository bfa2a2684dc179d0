// Enquiries: a business user asks the provider of a support offer for help; partner staff of
// that organisation see and answer the enquiries to their offers; administrators see all.
// Every input is checked before anything is written, and each write changes one row in one
// statement, so a refused or failed request leaves no partial record.
import {
  createOnce,
  ErrorCode,
  inputChecks,
  quoteInput,
  requireEmail,
  requireIdempotencyKey,
  requireRole,
  requireText,
  requireUkPhone,
  userError,
} from '@crimehub/common';
import type { Enquiry, EnquiryStatus, Prisma } from '../generated/prisma/client.ts';
import type { Context } from '../loaders.ts';
import { requireOwnBusiness, requireOwnOrganization } from './access.ts';

export interface RequestSupportInput {
  offerId: string;
  message: string;
  contactName: string;
  contactEmail: string;
  contactPhone?: string | null;
  idempotencyKey: string;
}

export interface AnswerEnquiryArgs {
  id: string;
  answer: string;
  idempotencyKey: string;
}

const newestFirst: Prisma.EnquiryOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'asc' }];

export async function requestSupport(input: RequestSupportInput, ctx: Context): Promise<Enquiry> {
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

  const { record } = await createOnce(
    () =>
      ctx.prisma.enquiry.create({
        data: { offerId, organizationId: offer.organizationId, businessId, message, contactName, contactEmail, contactPhone, idempotencyKey },
      }),
    () => ctx.prisma.enquiry.findUnique({ where: { businessId_idempotencyKey: { businessId, idempotencyKey } } }),
  );
  return record;
}

export async function answerEnquiry(args: AnswerEnquiryArgs, ctx: Context): Promise<Enquiry> {
  const { user, organizationId } = requireOwnOrganization(ctx.identity, 'answer enquiries');
  const check = inputChecks();
  const id = check.run(() => requireText(args.id, 'id', { max: 100 }));
  const answer = check.run(() => requireText(args.answer, 'answer', { max: 4000, multiline: true }));
  const idempotencyKey = check.run(() => requireIdempotencyKey(args.idempotencyKey, 'idempotencyKey'));
  check.done();
  const notFound = () => userError(ErrorCode.NOT_FOUND, `Your organisation has no enquiry ${quoteInput(id)}.`, { field: 'id' });
  const enquiry = await ctx.prisma.enquiry.findUnique({ where: { id } });
  // Another organisation's enquiry is as good as absent: its existence is not revealed.
  if (!enquiry || enquiry.organizationId !== organizationId) throw notFound();

  if (enquiry.status === 'OPEN') {
    // Answers only while still open, in one statement: of two racing answers, one wins.
    const { count } = await ctx.prisma.enquiry.updateMany({
      where: { id, organizationId, status: 'OPEN' },
      data: { status: 'ANSWERED', answer, answeredBy: user.subject, answeredAt: new Date(), answerIdempotencyKey: idempotencyKey },
    });
    if (count === 1) return (await ctx.prisma.enquiry.findUnique({ where: { id } }))!;
  }
  const current = (await ctx.prisma.enquiry.findUnique({ where: { id } })) ?? enquiry;
  if (current.status === 'ANSWERED' && current.answerIdempotencyKey === idempotencyKey) return current; // a retry
  throw userError(
    ErrorCode.BAD_USER_INPUT,
    current.status === 'CLOSED' ? `Enquiry ${quoteInput(id)} is closed.` : `Enquiry ${quoteInput(id)} has already been answered.`,
    { field: 'id', extensions: { reason: current.status === 'CLOSED' ? 'CLOSED' : 'ALREADY_ANSWERED' } },
  );
}

/** The enquiries of the caller's own business, newest first. */
export function myEnquiries(ctx: Context): Promise<Enquiry[]> {
  const { businessId } = requireOwnBusiness(ctx.identity, 'read enquiries');
  return ctx.prisma.enquiry.findMany({ where: { businessId }, orderBy: newestFirst });
}

/** Partner staff: the enquiries to their organisation's offers; administrators: all. */
export function enquiriesForOrganization(status: EnquiryStatus | null | undefined, ctx: Context): Promise<Enquiry[]> {
  const user = requireRole(ctx.identity, ['partner', 'admin'], "read organisations' enquiries");
  const where: Prisma.EnquiryWhereInput = status ? { status } : {};
  if (user.role === 'partner') where.organizationId = requireOwnOrganization(ctx.identity, 'read enquiries').organizationId;
  return ctx.prisma.enquiry.findMany({ where, orderBy: newestFirst });
}
