// The training sessions of a help answer: the sessions the loader read for the question (upcoming,
// with seats left, of courses that address the crime type and are open to the business, online or
// in its own district), in date order, soonest first, each saying why it is there: the crime type
// (through its course), the business's sector or size when the course is limited to them, and
// where it is held ("Online", "In Stafford").
import {
  crimeTypeReason,
  helpConnection,
  placeReason,
  rankHelpItems,
  requireHelpPage,
  sectorReason,
  sizeReason,
  topHelpItems,
  type HelpKey,
  type HelpReason,
  type PageArgs,
  type Ranked,
} from '@crimehub/common';
import type { Course, TrainingSession } from './generated/prisma/client.ts';
import type { Context } from './loaders.ts';

/** Ranks a question's sessions (with their courses) in date order, optionally those of one workstream only. */
export function rankSessions(rows: readonly { session: TrainingSession; course: Course }[], key: HelpKey, workstream?: string | null): Ranked<TrainingSession>[] {
  const ranked = rankHelpItems(rows, ({ session, course }) => {
    if (workstream && course.workstream !== workstream) return null;
    const reasons: HelpReason[] = [crimeTypeReason(key.crimeTypeCode)];
    if (course.eligibleSectors.length > 0) reasons.push(sectorReason(key.sector));
    if (course.eligibleSizes.length > 0) reasons.push(sizeReason(key.size));
    reasons.push(placeReason(session.online, session.districtCode));
    return { score: [], order: [session.startsAt.getTime(), session.id], reasons };
  });
  return ranked.map(({ session, reasons, rankKey }) => ({ ...session, reasons, rankKey }));
}

async function helpSessions(ctx: Context, key: HelpKey, workstream?: string | null): Promise<Ranked<TrainingSession>[]> {
  return rankSessions(await ctx.loaders.sessionsForHelp.load(key), key, workstream);
}

/** `Help.trainingSessions(first, workstream)`: `first` is checked before any query. */
export async function topSessions(ctx: Context, key: HelpKey, args: { first?: number | null; workstream?: string | null }): Promise<Ranked<TrainingSession>[]> {
  requireHelpPage(args);
  return topHelpItems(await helpSessions(ctx, key, args.workstream), args.first);
}

/** `Help.trainingSessionsConnection(first, after, workstream)`: a bad `first` or `after` is refused before any query. */
export async function sessionPage(ctx: Context, key: HelpKey, args: PageArgs & { workstream?: string | null }) {
  requireHelpPage(args, { fallback: 5 });
  return helpConnection(await helpSessions(ctx, key, args.workstream), args);
}
