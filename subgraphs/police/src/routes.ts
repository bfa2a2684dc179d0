// The reporting routes of a help answer, ranked for how urgent the question is. The crime type's
// own list (crimeTypeRoute.rank, read by the request's DataLoader) is the partner's order; the
// question's urgency decides what comes first:
// - EMERGENCY (someone in danger, or a crime happening now that threatens people or property):
//   999 first, for every crime type (added when the crime type's list lacks it), then any other
//   urgent route (the live cyber attack line), then the rest;
// - URGENT (happening now, nobody in danger): for a cyber crime type the live cyber attack line
//   first (added when the list lacks it), for any other 999 (a crime in progress is a 999 call);
// - NON_EMERGENCY (it has already happened): the non-emergency routes first, those for this crime
//   type (Report Fraud, NCSC, True Vision) before the police's general ones, anonymous Crimestoppers
//   after them; then the live cyber attack line and 999, for if it starts again.
import {
  areaReason,
  crimeTypeReason,
  helpConnection,
  rankHelpItems,
  requireHelpPage,
  topHelpItems,
  type Connection,
  type HelpKey,
  type HelpReason,
  type PageArgs,
  type Ranked,
} from '@crimehub/common';
import type { ReportingRoute } from './generated/prisma/client.ts';
import type { Context } from './loaders.ts';

/** How urgent a help question is (the schema's `Urgency`). */
export type Urgency = 'EMERGENCY' | 'URGENT' | 'NON_EMERGENCY';

/** The police's Help: the key, and the urgency the question gave (NON_EMERGENCY when reached by its key alone). */
export type PoliceHelp = HelpKey & { urgency?: Urgency };

/** A page of a help answer's ranked routes (the schema's `ReportingRouteConnection`). */
export type RoutePage = Connection<Ranked<ReportingRoute>>;

/** The reasons' words for the route put first because of the urgency. */
const urgencyReasons: Record<Exclude<Urgency, 'NON_EMERGENCY'>, HelpReason> = {
  EMERGENCY: { kind: 'URGENCY', text: 'When someone is in danger' },
  URGENT: { kind: 'URGENCY', text: 'For a crime happening now' },
};

/** The urgency of the route that must come first: 999's, the live cyber attack line's, or none. */
export function firstUrgency(urgency: Urgency, cyber: boolean): Urgency | null {
  if (urgency === 'EMERGENCY') return 'EMERGENCY';
  if (urgency === 'URGENT') return cyber ? 'URGENT' : 'EMERGENCY';
  return null;
}

/** The urgency tier of a route, higher first: the urgent route first when the question is urgent, after the rest when it is not. */
function tier(route: ReportingRoute, first: Urgency | null): number {
  if (first === null) return { NON_EMERGENCY: 2, URGENT: 1, EMERGENCY: 0 }[route.urgency];
  if (route.urgency === first) return 2;
  return route.urgency === 'NON_EMERGENCY' ? 0 : 1;
}

/**
 * Ranks a crime type's routes (in the crime type's own order) for a question; `urgentRoutes`
 * are the routes of the urgency that must come first, added when the list lacks them.
 */
export function rankRoutes(
  routes: readonly ReportingRoute[],
  question: { crimeTypeCode: string; districtCode: string; urgency: Urgency; cyber: boolean; workstream?: string | null },
  urgentRoutes: readonly ReportingRoute[] = [],
): Ranked<ReportingRoute>[] {
  const first = firstUrgency(question.urgency, question.cyber);
  const listed = new Set(routes.map((r) => r.id));
  // Added routes go before the crime type's own (rank 0); the list's order is its rank.
  const all = [...urgentRoutes.filter((r) => !listed.has(r.id)).map((route) => ({ route, rank: 0 })), ...routes.map((route, i) => ({ route, rank: i + 1 }))];
  const ranked = rankHelpItems(all, ({ route, rank }) => {
    if (question.workstream && route.workstream !== question.workstream) return null;
    const t = tier(route, first);
    const reasons: HelpReason[] = [];
    // "When someone is in danger" for 999 in an emergency; "For a crime happening now" for any other urgent route of an urgent question.
    if (first !== null && route.urgency !== 'NON_EMERGENCY') reasons.push(question.urgency === 'EMERGENCY' && route.urgency === 'EMERGENCY' ? urgencyReasons.EMERGENCY : urgencyReasons.URGENT);
    if (!route.anyCrime) reasons.push(crimeTypeReason(question.crimeTypeCode));
    reasons.push(areaReason(route.national ? 'NATIONAL' : 'COUNTY', question.districtCode));
    // Urgency tier; for this crime type before for any crime; anonymous information last.
    return { score: [t, route.anyCrime ? 0 : 1, route.anonymous ? 0 : 1], order: [rank, route.id], reasons };
  });
  return ranked.map(({ route, reasons, rankKey }) => ({ ...route, reasons, rankKey }));
}

/** The ranked routes of a help answer: one query per distinct crime type per request, one more only when the urgent route must be added. */
export async function helpRoutes(ctx: Context, help: PoliceHelp, workstream?: string | null): Promise<Ranked<ReportingRoute>[]> {
  const urgency = help.urgency ?? 'NON_EMERGENCY';
  const [routes, cyber] = await Promise.all([
    ctx.loaders.routesByCrimeType.load(help.crimeTypeCode),
    urgency === 'URGENT' ? ctx.loaders.crimeType.load(help.crimeTypeCode).then((type) => type?.cyber === true) : false,
  ]);
  const first = firstUrgency(urgency, cyber);
  const urgent = first !== null && !routes.some((r) => r.urgency === first) ? await ctx.loaders.routesByUrgency.load(first) : [];
  return rankRoutes(routes, { crimeTypeCode: help.crimeTypeCode, districtCode: help.districtCode, urgency, cyber, workstream }, urgent);
}

/** `Help.reportingRoutes(first, workstream)`. */
export async function topRoutes(ctx: Context, help: PoliceHelp, args: { first?: number | null; workstream?: string | null }): Promise<Ranked<ReportingRoute>[]> {
  requireHelpPage(args);
  return topHelpItems(await helpRoutes(ctx, help, args.workstream), args.first);
}

/** `Help.reportingRoutesConnection(first, after, workstream)`. */
export async function routePage(ctx: Context, help: PoliceHelp, args: PageArgs & { workstream?: string | null }): Promise<RoutePage> {
  requireHelpPage(args, { fallback: 5 });
  return helpConnection(await helpRoutes(ctx, help, args.workstream), args);
}
