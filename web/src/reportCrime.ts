// Report a crime: question pages (what happened, when, where, the details, who to contact), the
// answers kept in the session as a draft, "Check your answers", then one ReportBusinessCrime with
// the draft's idempotency key — so a double submit, a retry or a reload files one report — and a
// confirmation with the crime reference, what happens next and the evidence to keep.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CrimeTypesDocument, DistrictForPostcodeDocument, ReportBusinessCrimeDocument, type ReportBusinessCrimeMutation } from '../../operations/generated/graphql.ts';
import type { SignedInBusiness } from './account.ts';
import { groupCrimeTypes, isPostcode, normalisePostcode } from './findHelp.ts';
import { apiProblemsOnForm, check, FormErrors, newIdempotencyKey, readPosted, type Posted } from './forms.ts';
import type { GatewayClient, GatewayResult } from './gateway.ts';

interface Helpers {
  business(request: FastifyRequest, reply: FastifyReply): Promise<SignedInBusiness | undefined>;
  call<R, V extends Record<string, unknown>>(
    request: FastifyRequest,
    reply: FastifyReply,
    signed: SignedInBusiness,
    document: TypedDocumentNode<R, V>,
    variables: V,
  ): Promise<GatewayResult<R> | undefined>;
}

/** The question pages, in order, and the fields each asks. */
export const reportPages = {
  what: ['crimeType', 'ongoing'],
  when: ['day', 'month', 'year', 'time'],
  where: ['postcode', 'district'],
  details: ['narrative', 'loss'],
  contact: ['contactName', 'contactEmail', 'contactPhone', 'referralConsent', 'impactStatementWanted'],
} as const;
export type ReportPage = keyof typeof reportPages;
const pageOrder = Object.keys(reportPages) as ReportPage[];
const isReportPage = (value: string): value is ReportPage => value in reportPages;
/** Which page asks each field the API may refuse. */
const pageOfField: Record<string, ReportPage> = Object.fromEntries(pageOrder.flatMap((page) => reportPages[page].map((field) => [field, page])));
pageOfField.occurredAt = 'when';

const draftName = 'report';
const doneName = 'reportDone';

/** A London wall-clock time as an instant (the offset of that day: GMT or BST). */
export function londonTime(year: number, month: number, day: number, hour: number, minute: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const offsetOf = (at: number) => {
    const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' }).formatToParts(new Date(at)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /GMT([+-]\d+)?/.exec(name);
    return (match?.[1] ? Number(match[1]) : 0) * 3600_000;
  };
  return new Date(guess - offsetOf(guess - offsetOf(guess)));
}

/** The draft's date and time as an instant, or the errors on the "when" page. */
export function occurredAtOf(draft: Posted, now = new Date()): { at?: Date; errors: FormErrors } {
  const errors = new FormErrors();
  const [day, month, year] = [draft.day, draft.month, draft.year].map((value) => (value && /^\d{1,4}$/.test(value) ? Number(value) : NaN));
  if (!draft.day && !draft.month && !draft.year) return { errors: errors.add('day', 'Enter the date it happened') };
  if (Number.isNaN(day) || Number.isNaN(month) || Number.isNaN(year)) return { errors: errors.add('day', 'The date it happened must be a real date, like 27 3 2026') };
  const probe = new Date(Date.UTC(year!, month! - 1, day!));
  if (year! < 2000 || probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month! - 1 || probe.getUTCDate() !== day) {
    return { errors: errors.add('day', year! < 2000 && year! > 0 ? 'The date it happened must be in 2000 or later' : 'The date it happened must be a real date, like 27 3 2026') };
  }
  let hour = 0;
  let minute = 0;
  if (draft.time) {
    const match = /^(\d{1,2})[:.](\d{2})\s*(am|pm)?$/i.exec(draft.time);
    if (!match) return { errors: errors.add('time', 'Enter the time like 14:30, or leave it empty') };
    hour = Number(match[1]);
    minute = Number(match[2]);
    const half = match[3]?.toLowerCase();
    if (half) {
      if (hour < 1 || hour > 12) return { errors: errors.add('time', 'Enter the time like 14:30 or 2:30pm') };
      hour = (hour % 12) + (half === 'pm' ? 12 : 0);
    }
    if (hour > 23 || minute > 59) return { errors: errors.add('time', 'Enter a real time, like 14:30') };
  }
  const at = londonTime(year!, month!, day!, hour, minute);
  if (at.getTime() > now.getTime()) return { errors: errors.add(draft.time ? 'time' : 'day', 'The date and time it happened must be in the past') };
  return { at, errors };
}

/** The checks of one page's answers, before the next page. */
function checkPage(page: ReportPage, posted: Posted, crimeTypeCodes: Set<string>): FormErrors {
  const errors = new FormErrors();
  switch (page) {
    case 'what':
      if (!crimeTypeCodes.has(posted.crimeType ?? '')) errors.add('crimeType', 'Select what happened');
      if (posted.ongoing !== 'yes' && posted.ongoing !== 'no') errors.add('ongoing', 'Select whether it is still happening');
      break;
    case 'when':
      return occurredAtOf(posted).errors;
    case 'where':
      if (!posted.postcode) errors.add('postcode', 'Enter the postcode where it happened');
      else if (!isPostcode(normalisePostcode(posted.postcode))) errors.add('postcode', 'Enter a real postcode, like ST16 2AB');
      break;
    case 'details':
      check.required(errors, posted, 'narrative', 'Describe what happened');
      if (posted.narrative && posted.narrative.length < 10) errors.add('narrative', 'Describe what happened in at least 10 characters');
      check.maxLength(errors, posted, 'narrative', 4000, 'The description');
      if (posted.loss && !/^\d{1,9}(\.\d{1,2})?$/.test(posted.loss.replace(/[£,\s]/g, ''))) errors.add('loss', 'Enter the loss in pounds, like 250 or 249.99, or leave it empty');
      break;
    case 'contact':
      check.required(errors, posted, 'contactName', 'Enter the name of the person the police should contact');
      if (posted.contactName && posted.contactName.length < 2) errors.add('contactName', 'The name must be 2 characters or more');
      check.maxLength(errors, posted, 'contactName', 120, 'The name');
      if (!posted.contactEmail && !posted.contactPhone) errors.add('contactEmail', 'Enter an email address or a telephone number');
      check.email(errors, posted, 'contactEmail');
      check.phone(errors, posted, 'contactPhone');
      if (posted.referralConsent !== 'yes' && posted.referralConsent !== 'no') errors.add('referralConsent', 'Select whether victim services may contact you');
      if (posted.impactStatementWanted !== 'yes' && posted.impactStatementWanted !== 'no') errors.add('impactStatementWanted', 'Select whether you want to make an impact statement');
      break;
  }
  return errors;
}

export function reportCrimeRoutes(helpers: Helpers, gateway: GatewayClient): FastifyPluginAsync {
  return async (app) => {
    async function crimeTypes() {
      const result = await gateway.execute(CrimeTypesDocument, {});
      if (!result.data) throw new Error('the crime types could not be listed');
      return result.data.crimeTypes;
    }

    const firstUnanswered = (draft: Posted): ReportPage | undefined =>
      pageOrder.find((page) =>
        reportPages[page].some((field) => field !== 'time' && field !== 'district' && field !== 'loss' && field !== 'contactPhone' && field !== 'contactEmail' && draft[field] === undefined),
      );

    async function renderPage(reply: FastifyReply, page: ReportPage, values: Posted, errors = new FormErrors(), extra: Record<string, unknown> = {}) {
      const index = pageOrder.indexOf(page);
      const context: Record<string, unknown> = {
        page,
        values,
        errors: errors.inline(),
        errorList: errors.summary(reportPages[page]),
        backHref: values.change === 'yes' ? '/report/check' : index === 0 ? '/account' : `/report/${pageOrder[index - 1]}`,
        step: index + 1,
        steps: pageOrder.length,
        ...extra,
      };
      if (page === 'what') {
        context.groups = groupCrimeTypes(await crimeTypes()).map(({ label, types }) => ({
          label,
          items: types.map(({ code, name }) => ({ value: code, text: name, selected: code === values.crimeType })),
        }));
      }
      return reply.page(`report-${page}.njk`, context);
    }

    app.get('/report', async (request, reply) => {
      const signed = await helpers.business(request, reply);
      if (!signed) return reply;
      return reply.page('report-start.njk', { hasDraft: Boolean(signed.session.drafts?.[draftName]) });
    });

    app.post('/report', async (request, reply) => {
      const signed = await helpers.business(request, reply);
      if (!signed) return reply;
      // A new report: a new draft with its own idempotency key.
      const drafts = { ...signed.session.drafts, [draftName]: { idempotencyKey: newIdempotencyKey() } };
      await request.saveSession({ ...signed.session, drafts });
      return reply.redirect('/report/what', 303);
    });

    app.get<{ Params: { page: string } }>('/report/:page', async (request, reply) => {
      const { page } = request.params;
      if (!isReportPage(page)) return reply.callNotFound();
      const signed = await helpers.business(request, reply);
      if (!signed) return reply;
      const draft = signed.session.drafts?.[draftName];
      if (!draft) return reply.redirect('/report', 303);
      const change = (request.query as Record<string, unknown>).change === 'yes' ? 'yes' : undefined;
      return renderPage(reply, page, { ...draft, ...(change ? { change } : {}) });
    });

    app.post<{ Params: { page: string } }>('/report/:page', async (request, reply) => {
      const { page } = request.params;
      if (!isReportPage(page)) return reply.callNotFound();
      const signed = await helpers.business(request, reply);
      if (!signed) return reply;
      const draft = signed.session.drafts?.[draftName];
      if (!draft) return reply.redirect('/report', 303);
      const posted = readPosted(request.body);
      const answers: Posted = {};
      for (const field of reportPages[page]) answers[field] = posted[field] ?? '';
      if (page === 'where' && answers.postcode && isPostcode(normalisePostcode(answers.postcode))) answers.postcode = normalisePostcode(answers.postcode);
      const codes = page === 'what' ? new Set((await crimeTypes()).map((type) => type.code)) : new Set<string>();
      const errors = checkPage(page, answers, codes);
      const values = { ...draft, ...answers, ...(posted.change === 'yes' ? { change: 'yes' } : {}) };
      if (errors.any) return renderPage(reply.code(400), page, values, errors);

      if (page === 'where') {
        // A postcode whose sector is split between council areas: ask which one.
        const found = await gateway.execute(DistrictForPostcodeDocument, { postcode: answers.postcode! });
        const problem = found.problems?.[0];
        if (problem?.code === 'AMBIGUOUS_POSTCODE' && problem.candidates?.length) {
          if (!problem.candidates.some((candidate) => candidate.code === answers.district)) {
            const candidates = problem.candidates.map((candidate) => ({ value: candidate.code, text: candidate.name, checked: candidate.code === answers.district }));
            // The first time, the question; once it was asked and not answered, the error.
            const errors = posted.districtAsked === 'yes' ? new FormErrors().add('district', 'This postcode is in more than one council area: select the one where it happened') : new FormErrors();
            return renderPage(reply.code(posted.districtAsked === 'yes' ? 400 : 200), page, values, errors, { candidates });
          }
        } else if (problem) {
          const message =
            problem.code === 'POSTCODE_OUTSIDE_AREA'
              ? 'Enter a postcode in Staffordshire or Stoke-on-Trent: report crimes elsewhere to the police force of that area'
              : 'Enter a real postcode, like ST16 2AB';
          return renderPage(reply.code(400), page, values, new FormErrors().add('postcode', message));
        } else {
          answers.district = '';
        }
      }
      const updated = { ...draft, ...answers };
      await request.saveSession({ ...signed.session, drafts: { ...signed.session.drafts, [draftName]: updated } });
      const next = posted.change === 'yes' ? undefined : pageOrder[pageOrder.indexOf(page) + 1];
      return reply.redirect(next && firstUnanswered(updated) ? `/report/${next}` : '/report/check', 303);
    });

    async function renderCheck(reply: FastifyReply, draft: Posted, errors = new FormErrors()) {
      const types = await crimeTypes();
      const when = occurredAtOf(draft).at;
      const yesNo = (value: string | undefined) => (value === 'yes' ? 'Yes' : 'No');
      const row = (key: string, text: string, page: ReportPage, hidden: string) => ({
        key: { text: key },
        value: { text: text || 'Not given' },
        actions: { items: [{ href: `/report/${page}?change=yes`, text: 'Change', visuallyHiddenText: hidden }] },
      });
      const rows = [
        row('What happened', types.find((type) => type.code === draft.crimeType)?.name ?? '', 'what', 'what happened'),
        row('Still happening', yesNo(draft.ongoing), 'what', 'whether it is still happening'),
        row(
          'When',
          when ? new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', ...(draft.time ? { timeStyle: 'short' } : {}) }).format(when) : '',
          'when',
          'when it happened',
        ),
        row('Where', draft.postcode ?? '', 'where', 'where it happened'),
        row('What happened, in your words', draft.narrative ?? '', 'details', 'the description'),
        row('Money lost', draft.loss ? `£${draft.loss.replace(/[£,\s]/g, '')}` : '', 'details', 'the money lost'),
        row('Who to contact', [draft.contactName, draft.contactEmail, draft.contactPhone].filter(Boolean).join(', '), 'contact', 'who to contact'),
        row('Victim services may contact you', yesNo(draft.referralConsent), 'contact', 'whether victim services may contact you'),
        row('You want to make an impact statement', yesNo(draft.impactStatementWanted), 'contact', 'whether you want to make an impact statement'),
      ];
      const errorList = [...errors.byField].map(([field, text]) => ({ text, href: `/report/${pageOfField[field] ?? 'what'}?change=yes` }));
      return reply.page('report-check.njk', { rows, errorList, idempotencyKey: draft.idempotencyKey });
    }

    app.get('/report/check', async (request, reply) => {
      const signed = await helpers.business(request, reply);
      if (!signed) return reply;
      const draft = signed.session.drafts?.[draftName];
      if (!draft) return reply.redirect('/report', 303);
      const missing = firstUnanswered(draft);
      if (missing) return reply.redirect(`/report/${missing}`, 303);
      return renderCheck(reply, draft);
    });

    app.post('/report/check', async (request, reply) => {
      const signed = await helpers.business(request, reply);
      if (!signed) return reply;
      const draft = signed.session.drafts?.[draftName];
      // Sent already (a double submit after the first answer): its confirmation, not a second report.
      if (!draft) return reply.redirect(signed.session.drafts?.[doneName] ? '/report/confirmation' : '/report', 303);
      const missing = firstUnanswered(draft);
      if (missing) return reply.redirect(`/report/${missing}`, 303);
      const occurredAt = occurredAtOf(draft).at;
      if (!occurredAt) return renderCheck(reply.code(400), draft, occurredAtOf(draft).errors);
      const result = await helpers.call(request, reply, signed, ReportBusinessCrimeDocument, {
        input: {
          idempotencyKey: draft.idempotencyKey!,
          crimeType: draft.crimeType!,
          ongoing: draft.ongoing === 'yes',
          occurredAt: occurredAt.toISOString(),
          postcode: draft.postcode!,
          ...(draft.district ? { district: draft.district } : {}),
          narrative: draft.narrative!,
          ...(draft.loss ? { loss: { amount: draft.loss.replace(/[£,\s]/g, '') } } : {}),
          contactName: draft.contactName!,
          ...(draft.contactEmail ? { contactEmail: draft.contactEmail } : {}),
          ...(draft.contactPhone ? { contactPhone: draft.contactPhone } : {}),
          referralConsent: draft.referralConsent === 'yes',
          impactStatementWanted: draft.impactStatementWanted === 'yes',
        },
      });
      if (!result) return reply;
      if (result.problems) {
        const fields = Object.keys(pageOfField);
        return renderCheck(reply.code(400), draft, apiProblemsOnForm(result.problems, fields, 'crimeType', { 'input.loss.amount': 'loss', 'input.loss': 'loss' }));
      }
      const filed: ReportBusinessCrimeMutation['reportBusinessCrime']['crimeReport'] = result.data.reportBusinessCrime.crimeReport;
      const drafts: Record<string, Posted> = { ...signed.session.drafts, [doneName]: { json: JSON.stringify(filed) } };
      delete drafts[draftName];
      await request.saveSession({ ...signed.session, drafts });
      return reply.redirect('/report/confirmation', 303);
    });

    app.get('/report/confirmation', async (request, reply) => {
      const signed = await helpers.business(request, reply);
      if (!signed) return reply;
      const done = signed.session.drafts?.[doneName]?.json;
      if (!done) return reply.redirect('/account/reports', 303);
      return reply.page('report-confirmation.njk', { report: JSON.parse(done) as ReportBusinessCrimeMutation['reportBusinessCrime']['crimeReport'] });
    });
  };
}
