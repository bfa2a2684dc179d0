// What a signed-in business does: register the business, see its crime reports and each one's
// timeline, book a training session (or join its waiting list) and cancel, and ask a partner for
// support from an offer and see the answers. Every page calls the gateway as the person (their
// access token from the session); every form posts with the session's CSRF token and an
// idempotency key, and shows the GOV.UK error summary with what was typed kept.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  BookTrainingSessionDocument,
  CancelBookingDocument,
  MyBookingDocument,
  MyBookingsDocument,
  MyBusinessDocument,
  MyCrimeReportDocument,
  MyCrimeReportsDocument,
  MyEnquiriesDocument,
  RegisterBusinessDocument,
  RequestSupportDocument,
  SupportOfferDocument,
  TrainingSessionDocument,
  type BusinessSize,
  type Sector,
} from '../../operations/generated/graphql.ts';
import { safeReturnTo, type Authentication } from './auth.ts';
import { isPostcode, normalisePostcode, sectors, sizes } from './findHelp.ts';
import { apiProblemsOnForm, check, FormErrors, idempotencyKeyOf, newIdempotencyKey, readPosted, type Posted } from './forms.ts';
import type { GatewayClient, GatewayResult } from './gateway.ts';
import { reportCrimeRoutes } from './reportCrime.ts';
import type { SessionData, SignedInUser } from './sessions.ts';

/** A signed-in business user, with the token its pages call the gateway with. */
export interface SignedInBusiness {
  user: SignedInUser;
  accessToken: string;
  session: SessionData;
}

/** Page and cursor parameters from the address: bounded before they reach the API. */
const cursorOf = (query: unknown): string | undefined => {
  const after = (query as Record<string, unknown>).after;
  return typeof after === 'string' && after.length > 0 && after.length <= 200 ? after : undefined;
};

/** Where a page reached from the help answer goes back to: that answer, or the account. */
const fromOf = (query: unknown, fallback = '/account'): string => safeReturnTo((query as Record<string, unknown>).from, fallback);

export function accountRoutes(gateway: GatewayClient, auth: Authentication): FastifyPluginAsync {
  return async (app) => {
    /** The signed-in business user, or undefined after the reply was sent (to sign in, or a page saying the service is for businesses). */
    async function business(request: FastifyRequest, reply: FastifyReply): Promise<SignedInBusiness | undefined> {
      const signed = await auth.require(request, reply);
      if (!signed) return undefined;
      if (signed.user.role !== 'business') {
        await reply.code(403).page('not-a-business.njk', { role: signed.user.role });
        return undefined;
      }
      return signed;
    }

    /**
     * Runs a saved operation as the person. A token the gateway no longer accepts sends them to sign
     * in again (undefined: the reply is the redirect); other problems are the page's to show.
     */
    async function call<R, V extends Record<string, unknown>>(
      request: FastifyRequest,
      reply: FastifyReply,
      signed: SignedInBusiness,
      document: TypedDocumentNode<R, V>,
      variables: V,
    ): Promise<GatewayResult<R> | undefined> {
      const result = await gateway.execute(document, variables, { accessToken: signed.accessToken });
      if (result.problems?.some((problem) => problem.code === 'UNAUTHENTICATED')) {
        request.log.info('the gateway refused the session’s token: signing in again');
        await request.saveSession({ ...signed.session, user: undefined, tokens: undefined });
        await reply.redirect(`/sign-in?${new URLSearchParams({ return: safeReturnTo(request.method === 'GET' ? request.url : '/account') })}`, 303);
        return undefined;
      }
      return result;
    }

    /** Data, or a GatewayError-like failure for problems a read page cannot show on a form. */
    function dataOf<R>(result: GatewayResult<R>, what: string): R {
      if (result.data) return result.data;
      throw new Error(`${what} failed: ${(result.problems ?? []).map((problem) => `${problem.code} ${problem.message}`).join('; ')}`);
    }

    /** Takes the one-off message for this page out of the session. */
    async function takeFlash(request: FastifyRequest, session: SessionData): Promise<SessionData['flash']> {
      const flash = session.flash;
      if (flash) await request.saveSession({ ...session, flash: undefined });
      return flash;
    }

    async function myBusiness(request: FastifyRequest, reply: FastifyReply, signed: SignedInBusiness) {
      const result = await call(request, reply, signed, MyBusinessDocument, {});
      if (!result) return undefined;
      return { business: dataOf(result, 'MyBusiness').me.business ?? null };
    }

    app.get('/account', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      const mine = await myBusiness(request, reply, signed);
      if (!mine) return reply;
      return reply.page('account.njk', { business: mine.business, flash: await takeFlash(request, signed.session), sectorText: textOf(sectors), sizeText: textOf(sizes) });
    });

    // ---- Register the business -------------------------------------------------------------
    const registerFields = ['name', 'postcode', 'district', 'sector', 'size', 'contactEmail', 'contactPhone'] as const;

    function renderRegister(reply: FastifyReply, posted: Posted, errors = new FormErrors(), districts?: { code: string; name: string }[]) {
      return reply.page('register.njk', {
        values: posted,
        errors: errors.inline(),
        errorList: errors.summary(registerFields),
        sectors: sectors.map((sector) => ({ value: sector.value, text: sector.text, hint: { text: sector.hint }, checked: posted.sector === sector.value })),
        sizes: sizes.map((size) => ({ value: size.value, text: size.text, checked: posted.size === size.value })),
        districts: districts?.map((district) => ({ value: district.code, text: district.name, checked: posted.district === district.code })),
      });
    }

    app.get('/account/register', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      const mine = await myBusiness(request, reply, signed);
      if (!mine) return reply;
      if (mine.business) return reply.redirect('/account', 303);
      return renderRegister(reply, { idempotencyKey: newIdempotencyKey(), contactEmail: signed.user.email });
    });

    app.post('/account/register', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      const posted = readPosted(request.body);
      posted.idempotencyKey = idempotencyKeyOf(posted);
      const errors = new FormErrors();
      check.required(errors, posted, 'name', 'Enter the name of your business');
      check.maxLength(errors, posted, 'name', 200, 'The name of your business');
      if (posted.postcode) {
        // Normalised when it is one; kept as typed when it is not, so the person sees what they typed.
        const postcode = normalisePostcode(posted.postcode);
        if (isPostcode(postcode)) posted.postcode = postcode;
        else errors.add('postcode', 'Enter a real postcode, like ST16 2AB');
      } else errors.add('postcode', 'Enter the postcode of your business');
      if (!sectors.some((sector) => sector.value === posted.sector)) errors.add('sector', 'Select what your business does');
      if (!sizes.some((size) => size.value === posted.size)) errors.add('size', 'Select how many people work there');
      check.email(errors, posted, 'contactEmail');
      check.phone(errors, posted, 'contactPhone');
      if (errors.any) return renderRegister(reply.code(400), posted, errors);

      const result = await call(request, reply, signed, RegisterBusinessDocument, {
        input: {
          idempotencyKey: posted.idempotencyKey,
          name: posted.name!,
          postcode: posted.postcode,
          ...(posted.district ? { district: posted.district } : {}),
          sector: posted.sector as Sector,
          size: posted.size as BusinessSize,
          ...(posted.contactEmail ? { contactEmail: posted.contactEmail } : {}),
          ...(posted.contactPhone ? { contactPhone: posted.contactPhone } : {}),
        },
      });
      if (!result) return reply;
      if (result.problems) {
        const ambiguous = result.problems.find((problem) => problem.code === 'AMBIGUOUS_POSTCODE');
        if (ambiguous)
          return renderRegister(reply.code(400), posted, new FormErrors().add('district', 'Your postcode is in more than one council area: select the one your business is in'), ambiguous.candidates);
        const mapped = apiProblemsOnForm(result.problems, registerFields, 'name');
        const outside = result.problems.find((problem) => problem.code === 'POSTCODE_OUTSIDE_AREA' || problem.code === 'INVALID_POSTCODE');
        if (outside) mapped.byField.set('postcode', 'Enter a postcode in Staffordshire or Stoke-on-Trent: this service is for businesses there');
        return renderRegister(reply.code(400), posted, mapped);
      }
      const registered = result.data.registerBusiness.business;
      await request.saveSession({ ...signed.session, flash: { title: 'Your business is registered', text: `${registered.name}, ${registered.district.name}` } });
      return reply.redirect('/account', 303);
    });

    // ---- Crime reports and their timelines ---------------------------------------------------
    app.get('/account/reports', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      const after = cursorOf(request.query);
      const result = await call(request, reply, signed, MyCrimeReportsDocument, { first: 20, ...(after ? { after } : {}) });
      if (!result) return reply;
      const reports = dataOf(result, 'MyCrimeReports').me.crimeReports;
      return reply.page('reports.njk', { reports, flash: await takeFlash(request, signed.session), firstPage: !after });
    });

    app.get<{ Params: { reference: string } }>('/account/reports/:reference', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      const { reference } = request.params;
      if (!/^[A-Za-z0-9-]{1,40}$/.test(reference)) return reply.callNotFound();
      const result = await call(request, reply, signed, MyCrimeReportDocument, { reference });
      if (!result) return reply;
      const report = result.data?.crimeReport;
      if (!report) return reply.callNotFound();
      return reply.page('report-detail.njk', { report, flash: await takeFlash(request, signed.session) });
    });

    // ---- Training: book a place (or the waiting list), see bookings, cancel --------------------
    const bookFields = ['attendeeName', 'attendeeEmail', 'attendeePhone'] as const;

    async function trainingSession(request: FastifyRequest, reply: FastifyReply, signed: SignedInBusiness, id: string) {
      if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) return null;
      const result = await call(request, reply, signed, TrainingSessionDocument, { id });
      if (!result) return undefined;
      return result.data?.trainingSession ?? null;
    }

    /** A page that acts for the business needs it registered first: undefined when it is (and the reply is free), else the reply. */
    async function registeredFirst(request: FastifyRequest, reply: FastifyReply, signed: SignedInBusiness, action: string): Promise<FastifyReply | undefined> {
      const mine = await myBusiness(request, reply, signed);
      if (!mine) return reply;
      if (!mine.business) return reply.page('register-first.njk', { action });
      return undefined;
    }

    app.get<{ Params: { id: string } }>('/training/:id/book', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      if (await registeredFirst(request, reply, signed, 'book a place on a training session')) return reply;
      const session = await trainingSession(request, reply, signed, request.params.id);
      if (session === undefined) return reply;
      if (session === null) return reply.callNotFound();
      return reply.page('book.njk', {
        session,
        values: { idempotencyKey: newIdempotencyKey(), attendeeName: signed.user.name, attendeeEmail: signed.user.email, from: fromOf(request.query) },
        errors: {},
        errorList: [],
      });
    });

    app.post<{ Params: { id: string } }>('/training/:id/book', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      const session = await trainingSession(request, reply, signed, request.params.id);
      if (session === undefined) return reply;
      if (session === null) return reply.callNotFound();
      const posted = readPosted(request.body);
      posted.idempotencyKey = idempotencyKeyOf(posted);
      posted.from = safeReturnTo(posted.from);
      const errors = new FormErrors();
      check.required(errors, posted, 'attendeeName', 'Enter the name of the person who will attend');
      check.maxLength(errors, posted, 'attendeeName', 100, 'The name');
      check.required(errors, posted, 'attendeeEmail', 'Enter the email address of the person who will attend');
      check.email(errors, posted, 'attendeeEmail');
      check.phone(errors, posted, 'attendeePhone');
      const again = (errs: FormErrors) => reply.code(400).page('book.njk', { session, values: posted, errors: errs.inline(), errorList: errs.summary(bookFields) });
      if (errors.any) return again(errors);
      const result = await call(request, reply, signed, BookTrainingSessionDocument, {
        input: {
          idempotencyKey: posted.idempotencyKey,
          sessionId: session.id,
          attendeeName: posted.attendeeName!,
          attendeeEmail: posted.attendeeEmail!,
          ...(posted.attendeePhone ? { attendeePhone: posted.attendeePhone } : {}),
        },
      });
      if (!result) return reply;
      if (result.problems) return again(apiProblemsOnForm(result.problems, bookFields, 'attendeeName'));
      const { booking } = result.data.bookTrainingSession;
      const flash =
        booking.status === 'WAITING'
          ? {
              title: 'You are on the waiting list',
              text: `${session.title}: you are number ${booking.waitlistPosition} on the waiting list. You get a place when someone cancels, and we will tell you.`,
            }
          : { title: 'Your place is booked', text: `${session.title}, ${session.venue}.` };
      await request.saveSession({ ...signed.session, flash });
      return reply.redirect('/account/bookings', 303);
    });

    app.get('/account/bookings', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      const after = cursorOf(request.query);
      const result = await call(request, reply, signed, MyBookingsDocument, { first: 20, ...(after ? { after } : {}) });
      if (!result) return reply;
      return reply.page('bookings.njk', { bookings: dataOf(result, 'MyBookings').me.bookings, flash: await takeFlash(request, signed.session), firstPage: !after });
    });

    async function ownBooking(request: FastifyRequest, reply: FastifyReply, signed: SignedInBusiness, id: string) {
      if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) return null;
      const result = await call(request, reply, signed, MyBookingDocument, { id });
      if (!result) return undefined;
      return result.data?.booking ?? null;
    }

    app.get<{ Params: { id: string } }>('/account/bookings/:id/cancel', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      const booking = await ownBooking(request, reply, signed, request.params.id);
      if (booking === undefined) return reply;
      if (booking === null || booking.status === 'CANCELLED') return reply.callNotFound();
      return reply.page('cancel.njk', { booking, idempotencyKey: newIdempotencyKey() });
    });

    app.post<{ Params: { id: string } }>('/account/bookings/:id/cancel', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      const booking = await ownBooking(request, reply, signed, request.params.id);
      if (booking === undefined) return reply;
      if (booking === null) return reply.callNotFound();
      const posted = readPosted(request.body);
      const result = await call(request, reply, signed, CancelBookingDocument, { input: { bookingId: booking.id, idempotencyKey: idempotencyKeyOf(posted) } });
      if (!result) return reply;
      if (result.problems) {
        const errors = apiProblemsOnForm(result.problems, [], 'cancel');
        return reply.code(400).page('cancel.njk', { booking, idempotencyKey: idempotencyKeyOf(posted), errorList: errors.summary(['cancel']) });
      }
      await request.saveSession({ ...signed.session, flash: { title: 'Your booking is cancelled', text: `${booking.session.title}. Your place goes to the first person on the waiting list.` } });
      return reply.redirect('/account/bookings', 303);
    });

    // ---- Ask a partner for support from an offer, and see the answers --------------------------
    const askFields = ['message', 'contactName', 'contactEmail', 'contactPhone'] as const;

    async function supportOffer(request: FastifyRequest, reply: FastifyReply, signed: SignedInBusiness, id: string) {
      if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) return null;
      const result = await call(request, reply, signed, SupportOfferDocument, { id });
      if (!result) return undefined;
      return result.data?.supportOffer ?? null;
    }

    app.get<{ Params: { id: string } }>('/support/:id/ask', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      if (await registeredFirst(request, reply, signed, 'ask a partner for support')) return reply;
      const offer = await supportOffer(request, reply, signed, request.params.id);
      if (offer === undefined) return reply;
      if (offer === null) return reply.callNotFound();
      return reply.page('ask.njk', {
        offer,
        values: { idempotencyKey: newIdempotencyKey(), contactName: signed.user.name, contactEmail: signed.user.email, from: fromOf(request.query) },
        errors: {},
        errorList: [],
      });
    });

    app.post<{ Params: { id: string } }>('/support/:id/ask', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      const offer = await supportOffer(request, reply, signed, request.params.id);
      if (offer === undefined) return reply;
      if (offer === null) return reply.callNotFound();
      const posted = readPosted(request.body);
      posted.idempotencyKey = idempotencyKeyOf(posted);
      posted.from = safeReturnTo(posted.from);
      const errors = new FormErrors();
      check.required(errors, posted, 'message', 'Enter what you would like help with');
      check.maxLength(errors, posted, 'message', 4000, 'Your message');
      check.required(errors, posted, 'contactName', 'Enter your name');
      check.maxLength(errors, posted, 'contactName', 100, 'Your name');
      check.required(errors, posted, 'contactEmail', 'Enter your email address');
      check.email(errors, posted, 'contactEmail');
      check.phone(errors, posted, 'contactPhone');
      const again = (errs: FormErrors) => reply.code(400).page('ask.njk', { offer, values: posted, errors: errs.inline(), errorList: errs.summary(askFields) });
      if (errors.any) return again(errors);
      const result = await call(request, reply, signed, RequestSupportDocument, {
        input: {
          idempotencyKey: posted.idempotencyKey,
          offerId: offer.id,
          message: posted.message!,
          contactName: posted.contactName!,
          contactEmail: posted.contactEmail!,
          ...(posted.contactPhone ? { contactPhone: posted.contactPhone } : {}),
        },
      });
      if (!result) return reply;
      if (result.problems) return again(apiProblemsOnForm(result.problems, askFields, 'message'));
      const provider = result.data.requestSupport.enquiry.provider?.name ?? offer.provider?.name ?? 'The provider';
      await request.saveSession({ ...signed.session, flash: { title: 'Your question is sent', text: `${provider} will answer it here, and by email or telephone.` } });
      return reply.redirect('/account/enquiries', 303);
    });

    app.get('/account/enquiries', async (request, reply) => {
      const signed = await business(request, reply);
      if (!signed) return reply;
      const after = cursorOf(request.query);
      const result = await call(request, reply, signed, MyEnquiriesDocument, { first: 20, ...(after ? { after } : {}) });
      if (!result) return reply;
      return reply.page('enquiries.njk', { enquiries: dataOf(result, 'MyEnquiries').me.enquiries, flash: await takeFlash(request, signed.session), firstPage: !after });
    });

    await app.register(reportCrimeRoutes({ business, call }, gateway));
  };
}

/** `{ VALUE: 'plain words' }` of a list of choices, for showing an enum the API answered. */
function textOf(choices: { value: string; text: string }[]): Record<string, string> {
  return Object.fromEntries(choices.map(({ value, text }) => [value, text]));
}
