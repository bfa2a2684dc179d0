// Resolvers of the cyber subgraph (mercurius): courses, sessions, bookings, the champions
// register, the caller's bookings on `me`, and the cyber team's part of a help answer.
// mercurius calls __resolveReference(reference, {}, context, info).
import { findPage, isCallersViewer, type Connection, requireRole, scalarsDeclaredIn, toHelpKey, type HelpReason, type Identity } from '@crimehub/common';
import { sessionPage, topSessions } from '../helpSessions.ts';
import * as bookings from '../bookings.ts';
import { bookingsQuery, championOrder, championsQuery, courseOrder, courseSessionsQuery, coursesQuery, businessBookings, sessionBookings, sessionOrder, sessionsQuery } from '../filters.ts';
import { cyberStatistics } from '../statistics.ts';
import type { BusinessSize, Resolvers, Sector } from '../generated/graphql.ts';
import type { Booking, TrainingSession } from '../generated/prisma/client.ts';
import type { Context } from '../loaders.ts';
import { typeDefs } from '../schema.ts';

/** Lookups answer null for ids no record could have, before any query. */
const maxIdLength = 128;
const lookup = <T>(id: string, load: (id: string) => Promise<T | null>) => (id.length > maxIdLength ? null : load(id));

/** The booking when the caller may read it; null when there is none or it is not theirs to see. */
async function readableBooking(ctx: Context, id: string): Promise<Booking | null> {
  const booking = await lookup(id, (bookingId) => ctx.loaders.booking.load(bookingId));
  if (!booking) return null;
  const session = await ctx.loaders.session.load(booking.sessionId);
  const course = session && (await ctx.loaders.course.load(session.courseId));
  return course && bookings.mayReadBooking(ctx.identity, booking, course.providerId) ? booking : null;
}

/** Puts the sessions of a page into the request's session loader: a booking's session is then no second query. */
async function primed<T extends Connection<TrainingSession>>(ctx: Context, connection: Promise<T>): Promise<T> {
  const page = await connection;
  for (const session of page.nodes) ctx.loaders.session.prime(session.id, session);
  return page;
}

/** The caller's own Viewer only: a representation of anyone else's is answered with null. */
const callersViewer = (ref: { id: string }, identity: Identity) => (isCallersViewer(ref, identity) ? { id: ref.id } : null);

export const resolvers: Resolvers = {
  ...scalarsDeclaredIn(typeDefs),
  Query: {
    courses: (_, args, ctx) => {
      const { page, where } = coursesQuery(args);
      return findPage(ctx.prisma.course, where, courseOrder, page);
    },
    course: (_, args, ctx) => lookup(args.id, (id) => ctx.loaders.course.load(id)),
    trainingSessions: (_, args, ctx) => {
      const { page, where } = sessionsQuery(ctx.prisma, args, new Date());
      return primed(ctx, findPage(ctx.prisma.trainingSession, where, sessionOrder, page));
    },
    trainingSession: (_, args, ctx) => lookup(args.id, (id) => ctx.loaders.session.load(id)),
    booking: (_, args, ctx) => readableBooking(ctx, args.id),
    cyberChampions: (_, args, ctx) => {
      const { page, where } = championsQuery(args);
      return findPage(ctx.prisma.cyberChampion, where, championOrder, page);
    },
    cyberChampion: (_, args, ctx) => lookup(args.id, (id) => ctx.loaders.champion.load(id)),
    cyberStatistics: (_, args, ctx) => cyberStatistics(ctx.prisma, ctx.identity, args),
  },
  Mutation: {
    bookTrainingSession: async (_, args, ctx) => {
      const { booking, created } = await bookings.bookTrainingSession(ctx.prisma, ctx.identity, args.input);
      // The payload's session shows the seats left after this booking, not as first read.
      ctx.loaders.session.clear(booking.sessionId);
      return { booking, replayed: !created };
    },
    cancelBooking: async (_, args, ctx) => {
      const payload = await bookings.cancelBooking(ctx.prisma, ctx.identity, args.input);
      ctx.loaders.session.clear(payload.booking.sessionId);
      ctx.loaders.booking.clear(payload.booking.id);
      return payload;
    },
    registerCyberChampion: (_, args, ctx) => bookings.registerCyberChampion(ctx.prisma, ctx.identity, args.input),
  },
  BookTrainingSessionPayload: {
    session: async (payload, _, ctx) => (await ctx.loaders.session.load(payload.booking.sessionId))!,
  },
  CancelBookingPayload: {
    session: async (payload, _, ctx) => (await ctx.loaders.session.load(payload.booking.sessionId))!,
  },
  Viewer: {
    __resolveReference: (ref, _, ctx) => callersViewer(ref, ctx.identity),
    bookings: (_, args, ctx) => {
      const businessId = bookings.ownBusiness(ctx.identity, 'see bookings');
      const { page, where, key } = bookingsQuery(businessBookings, args);
      return ctx.loaders.businessBookings(key, page, where).load(businessId);
    },
  },
  Booking: {
    session: async (booking, _, ctx) => (await ctx.loaders.session.load(booking.sessionId))!,
    business: (booking) => ({ id: booking.businessId }),
  },
  Help: {
    __resolveReference: (ref) => toHelpKey(ref),
    trainingSessions: (help, args, ctx) => topSessions(ctx, help, args),
    trainingSessionsConnection: (help, args, ctx) => sessionPage(ctx, help, args),
  },
  Course: {
    __resolveReference: (ref, _, ctx) => ctx.loaders.course.load(ref.id),
    provider: (course) => ({ id: course.providerId }),
    crimeTypes: (course) => course.crimeTypeCodes.map((code) => ({ code })),
    // Stored as text (see schema.prisma); written only from the Sector and BusinessSize enums.
    eligibleSectors: (course) => course.eligibleSectors as Sector[],
    eligibleSizes: (course) => course.eligibleSizes as BusinessSize[],
    sessions: (course, args, ctx) => {
      const { page, where, key } = courseSessionsQuery(args, new Date());
      return primed(ctx, ctx.loaders.courseSessions(key, page, where).load(course.id));
    },
  },
  TrainingSession: {
    __resolveReference: (ref, _, ctx) => ctx.loaders.session.load(ref.id),
    title: async (session, _, ctx) => (await ctx.loaders.course.load(session.courseId))!.title,
    course: async (session, _, ctx) => (await ctx.loaders.course.load(session.courseId))!,
    district: (session) => (session.districtCode ? { code: session.districtCode } : null),
    seatsLeft: (session) => Math.max(0, session.capacity - session.seatsBooked),
    reasons: (session) => ('reasons' in session ? (session.reasons as HelpReason[]) : null),
    workstream: async (session, _, ctx) => (await ctx.loaders.course.load(session.courseId))!.workstream,
    bookings: async (session, args, ctx) => {
      requireRole(ctx.identity, ['partner', 'admin'], "see a session's bookings");
      const { page, where, key } = bookingsQuery(sessionBookings, args);
      const course = (await ctx.loaders.course.load(session.courseId))!;
      bookings.requireProviderAccess(ctx.identity, course.providerId, "see this session's bookings");
      return ctx.loaders.sessionBookings(key, page, where).load(session.id);
    },
  },
  CyberChampion: {
    business: (champion) => ({ id: champion.businessId }),
    course: async (champion, _, ctx) => (await ctx.loaders.course.load(champion.courseId))!,
  },
};
