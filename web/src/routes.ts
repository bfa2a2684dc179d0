// The "Find help" journey's pages: one question per page, each a GET form (it works without
// JavaScript), the answers so far carried in the address, and the answer page from HelpAdvice.
import { performance } from 'node:perf_hooks';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { CrimeTypesDocument, DistrictForPostcodeDocument, DistrictsDocument, HelpAdviceDocument, type HelpAdviceQuery } from '../../operations/generated/graphql.ts';
import {
  emptyMessages,
  fieldOf,
  groupCrimeTypes,
  isPostcode,
  isStep,
  messageForProblem,
  nextStep,
  normalisePostcode,
  parseAnswers,
  previousStep,
  sectors,
  sizes,
  stepForProblem,
  stepPath,
  urgencies,
  answersQuery,
  type Answers,
  type Step,
} from './findHelp.ts';
import type { GatewayClient, InputProblem } from './gateway.ts';

type Query = Record<string, unknown>;

interface QuestionState {
  /** The error shown in the summary and on the field. */
  error?: string;
  /** What was typed or chosen, kept when the answer is refused. */
  value?: string;
}

const firstValue = (query: Query, key: string, maxLength = 100): string => {
  const value = query[key];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' ? text.trim().slice(0, maxLength) : '';
};

export function findHelpRoutes(gateway: GatewayClient): FastifyPluginAsync {
  /** The districts the district question offers: the postcode's candidates when it is split, else all nine. */
  async function districtChoices(answers: Answers): Promise<{ choices: { code: string; name: string }[]; split: boolean }> {
    if (answers.postcode) {
      const result = await gateway.execute(DistrictForPostcodeDocument, { postcode: answers.postcode });
      const ambiguous = result.problems?.find((problem) => problem.code === 'AMBIGUOUS_POSTCODE');
      if (ambiguous?.candidates?.length) return { choices: ambiguous.candidates, split: true };
    }
    const all = await gateway.execute(DistrictsDocument, {});
    if (!all.data) throw new Error('the districts could not be listed');
    return { choices: all.data.districts.map(({ code, name }) => ({ code, name })), split: false };
  }

  async function crimeTypes() {
    const result = await gateway.execute(CrimeTypesDocument, {});
    if (!result.data) throw new Error('the crime types could not be listed');
    return result.data.crimeTypes;
  }

  /** The items a radios or select question offers, as values and plain words. */
  async function options(
    step: Step,
    answers: Answers,
  ): Promise<{ items: { value: string; text: string; hint?: string }[]; groups?: { label: string; items: { value: string; text: string }[] }[]; split?: boolean }> {
    switch (step) {
      case 'where':
        return { items: [] };
      case 'district': {
        const { choices, split } = await districtChoices(answers);
        return { items: choices.map(({ code, name }) => ({ value: code, text: name })), split };
      }
      case 'sector':
        return { items: sectors.map(({ value, text, hint }) => ({ value, text, ...(hint ? { hint } : {}) })) };
      case 'size':
        return { items: sizes };
      case 'crime': {
        const groups = groupCrimeTypes(await crimeTypes()).map(({ label, types }) => ({ label, items: types.map(({ code, name }) => ({ value: code, text: name })) }));
        return { items: groups.flatMap((group) => group.items), groups };
      }
      case 'urgency':
        return { items: urgencies.map(({ value, text, hint }) => ({ value, text, ...(hint ? { hint } : {}) })) };
    }
  }

  async function renderQuestion(reply: FastifyReply, step: Step, answers: Answers, state: QuestionState = {}) {
    const field = fieldOf[step];
    const offered = await options(step, answers);
    // The other answers travel in hidden inputs; a new postcode makes the district asked again.
    const carried = Object.entries(answers).filter(([key]) => key !== field && !(step === 'where' && key === 'district'));
    const current = state.value ?? (answers as Record<string, string | undefined>)[field] ?? '';
    const back = previousStep(step, answers);
    return reply.page(`question-${step}.njk`, {
      step,
      field,
      answers,
      carried,
      value: current,
      error: state.error,
      items: offered.items.map((item) => ({ ...item, checked: item.value === current, selected: item.value === current })),
      groups: offered.groups?.map((group) => ({ ...group, items: group.items.map((item) => ({ ...item, selected: item.value === current })) })),
      split: offered.split,
      backHref: back === 'start' ? '/' : stepPath(back, answers),
      action: `/find-help/${step}/continue`,
      districtHref: stepPath('district', { ...answers, postcode: undefined }),
    });
  }

  /** Shows the API's input problem on the question it belongs to; anything else is the service's problem. */
  async function renderProblem(reply: FastifyReply, problems: InputProblem[], answers: Answers, typed?: string) {
    const problem = problems[0]!;
    const step = stepForProblem(problem);
    if (!step) throw new Error(`the API refused the answers without naming a question: ${problem.code} ${problem.message}`);
    if (problem.code === 'AMBIGUOUS_POSTCODE') return reply.redirect(stepPath('district', { ...answers, district: undefined }), 303);
    return renderQuestion(reply, step, answers, { error: messageForProblem(problem, answers), ...(typed !== undefined ? { value: typed } : {}) });
  }

  return async (app) => {
    app.get('/find-help', async (request, reply) => reply.redirect(stepPath(nextStep(parseAnswers(request.query as Query)), parseAnswers(request.query as Query)), 303));

    app.get<{ Params: { step: string } }>('/find-help/:step', async (request, reply) => {
      const { step } = request.params;
      const answers = parseAnswers(request.query as Query);
      if (step === 'answer') return answerPage(reply, answers);
      if (!isStep(step)) return reply.callNotFound();
      return renderQuestion(reply, step, answers);
    });

    app.get<{ Params: { step: string } }>('/find-help/:step/continue', async (request, reply) => {
      const { step } = request.params;
      if (!isStep(step)) return reply.callNotFound();
      const query = request.query as Query;
      const answers = parseAnswers(query);
      const field = fieldOf[step];
      const raw = firstValue(query, field);
      if (raw === '') return renderQuestion(reply, step, answers, { error: emptyMessages[step], value: '' });

      if (step === 'where') {
        const postcode = normalisePostcode(raw);
        if (!isPostcode(postcode)) return renderQuestion(reply, step, answers, { error: 'Enter a real postcode, like ST16 2AB', value: raw });
        const moved: Answers = { ...answers, postcode, district: undefined };
        const found = await gateway.execute(DistrictForPostcodeDocument, { postcode });
        if (found.problems) return renderProblem(reply, found.problems, moved, raw);
        return reply.redirect(stepPath(nextStep(moved), moved), 303);
      }
      const offered = await options(step, answers);
      if (!offered.items.some((item) => item.value === raw)) return renderQuestion(reply, step, answers, { error: emptyMessages[step] });
      const updated: Answers = { ...answers, [field]: raw };
      return reply.redirect(stepPath(nextStep(updated), updated), 303);
    });

    async function answerPage(reply: FastifyReply, answers: Answers) {
      const next = nextStep(answers);
      if (next !== 'answer') return reply.redirect(stepPath(next, answers), 303);
      const asked = performance.now();
      const result = await gateway.execute(HelpAdviceDocument, {
        crimeType: answers.crimeType!,
        business: { sector: answers.sector!, size: answers.size!, ...(answers.postcode ? { postcode: answers.postcode } : {}), ...(answers.district ? { district: answers.district } : {}) },
        urgency: answers.urgency!,
        top: 5,
      });
      if (result.problems) return renderProblem(reply, result.problems, answers);
      const help = result.data.help;
      if (!help) throw new Error('HelpAdvice answered no help');
      const rendering = performance.now();
      const html = reply.render('answer.njk', answerView(help, answers));
      // How long the gateway took and how long the page took to render (DevTools and `npm run bench` read it).
      reply.header('server-timing', `gateway;dur=${(rendering - asked).toFixed(1)}, render;dur=${(performance.now() - rendering).toFixed(1)}`);
      return reply.type('text/html; charset=utf-8').send(html);
    }
  };
}

type Help = NonNullable<HelpAdviceQuery['help']>;

/** What the answer page shows: the question as asked (with Change links), the urgent route first when it is happening now, then each section. */
export function answerView(help: Help, answers: Answers) {
  const here = `/find-help/answer?${answersQuery(answers)}`;
  const change = (step: Step) => stepPath(step, answers);
  const where = [answers.postcode, help.district.name].filter(Boolean).join(', ');
  const summary = [
    { key: 'Where your business is', value: where, href: change('where'), hidden: 'where your business is' },
    { key: 'What your business does', value: sectors.find((s) => s.value === answers.sector)?.text ?? '', href: change('sector'), hidden: 'what your business does' },
    { key: 'How many people work there', value: sizes.find((s) => s.value === answers.size)?.text ?? '', href: change('size'), hidden: 'how many people work there' },
    { key: 'What happened', value: help.crimeType.name, href: change('crime'), hidden: 'what happened' },
    { key: 'Is it happening now', value: urgencies.find((u) => u.value === answers.urgency)?.text ?? '', href: change('urgency'), hidden: 'whether it is happening now' },
  ];
  const happeningNow = help.urgency !== 'NON_EMERGENCY';
  // The API ranks the routes for the urgency asked: when it is happening now, its first is the one to use now.
  const urgentRoute = happeningNow ? help.reportingRoutes[0] : undefined;
  return {
    help,
    answers,
    summary,
    summaryRows: summary.map((row) => ({
      key: { text: row.key },
      value: { text: row.value },
      actions: { items: [{ href: row.href, text: 'Change', visuallyHiddenText: row.hidden, classes: 'app-no-print' }] },
    })),
    happeningNow,
    urgentRoute,
    otherRoutes: urgentRoute ? help.reportingRoutes.slice(1) : help.reportingRoutes,
    businessRights: (help.victimsCodeRights ?? []).filter((right) => right.forBusinesses),
    // Booking and asking need the person to sign in; each page sends them to sign in and back.
    bookHref: (sessionId: string) => `/training/${encodeURIComponent(sessionId)}/book?${new URLSearchParams({ from: here }).toString()}`,
    askHref: (offerId: string) => `/support/${encodeURIComponent(offerId)}/ask?${new URLSearchParams({ from: here }).toString()}`,
    here,
    backHref: change('urgency'),
  };
}
