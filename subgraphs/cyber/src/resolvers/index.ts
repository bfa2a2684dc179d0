// Resolvers of the cyber subgraph (mercurius): courses, sessions, the champions register and
// the cyber team's part of a help answer. mercurius calls __resolveReference(ref, args, ctx).
import { requireCount, requireDistrictCode, toHelpKey, type HelpKey } from '@crimehub/common';
import * as bookings from '../bookings.ts';
import type { Booking, Course, CyberChampion } from '../generated/prisma/client.ts';
import { upcomingWithSeats, type Context, type SessionWithCourse } from '../loaders.ts';

export const resolvers = {
  Query: {
    courses: (_: unknown, __: unknown, ctx: Context) => ctx.prisma.course.findMany({ orderBy: { title: 'asc' } }),
    course: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.course.load(args.id),
    trainingSessions: (_: unknown, args: { district?: string | null; withSeats?: boolean | null; first?: number | null }, ctx: Context) => {
      const take = requireCount(args.first, 'first', { fallback: 20, max: 100 });
      const districtCode = args.district == null ? null : requireDistrictCode(args.district, 'district');
      return ctx.prisma.trainingSession.findMany({
        where: {
          ...(args.withSeats ? upcomingWithSeats(ctx.prisma, new Date()) : { startsAt: { gt: new Date() } }),
          ...(districtCode ? { OR: [{ online: true }, { districtCode }] } : {}),
        },
        include: { course: true },
        orderBy: { startsAt: 'asc' },
        take,
      });
    },
    cyberChampions: (_: unknown, args: { first?: number | null }, ctx: Context) =>
      ctx.prisma.cyberChampion.findMany({ orderBy: [{ trainedOn: 'desc' }, { id: 'asc' }], take: requireCount(args.first, 'first', { fallback: 50, max: 100 }) }),
    myBookings: (_: unknown, __: unknown, ctx: Context) => bookings.myBookings(ctx.prisma, ctx.identity),
    sessionAttendees: (_: unknown, args: { sessionId: string }, ctx: Context) => bookings.sessionAttendees(ctx.prisma, ctx.identity, args.sessionId),
  },
  Mutation: {
    bookTrainingSession: (_: unknown, args: { input: bookings.BookTrainingSessionInput }, ctx: Context) =>
      bookings.bookTrainingSession(ctx.prisma, ctx.identity, args.input),
    cancelBooking: (_: unknown, args: { id: string; idempotencyKey: string }, ctx: Context) => bookings.cancelBooking(ctx.prisma, ctx.identity, args),
    registerCyberChampion: (_: unknown, args: { input: bookings.RegisterCyberChampionInput }, ctx: Context) =>
      bookings.registerCyberChampion(ctx.prisma, ctx.identity, args.input),
  },
  Booking: {
    session: (booking: Booking, _: unknown, ctx: Context) => ctx.loaders.session.load(booking.sessionId),
    business: (booking: Booking) => ({ id: booking.businessId }),
    createdAt: (booking: Booking) => booking.createdAt.toISOString(),
    cancelledAt: (booking: Booking) => booking.cancelledAt?.toISOString() ?? null,
  },
  Help: {
    __resolveReference: (ref: HelpKey) => toHelpKey(ref),
    trainingSessions: (help: HelpKey, _: unknown, ctx: Context) => ctx.loaders.sessionsForHelp.load(help),
  },
  Course: {
    __resolveReference: (ref: { id: string }, _: unknown, ctx: Context) => ctx.loaders.course.load(ref.id),
    provider: (course: Course) => ({ id: course.providerId }),
    crimeTypes: (course: Course) => course.crimeTypeCodes.map((code) => ({ code })),
    sessions: (course: Course, _: unknown, ctx: Context) => ctx.loaders.upcomingByCourse.load(course.id),
  },
  TrainingSession: {
    __resolveReference: (ref: { id: string }, _: unknown, ctx: Context) => ctx.loaders.session.load(ref.id),
    title: (session: SessionWithCourse) => session.course.title,
    startsAt: (session: SessionWithCourse) => session.startsAt.toISOString(),
    endsAt: (session: SessionWithCourse) => session.endsAt.toISOString(),
    district: (session: SessionWithCourse) => (session.districtCode ? { code: session.districtCode } : null),
    seatsLeft: (session: SessionWithCourse) => Math.max(0, session.capacity - session.seatsBooked),
    workstream: (session: SessionWithCourse) => session.course.workstream,
  },
  CyberChampion: {
    business: (champion: CyberChampion) => ({ id: champion.businessId }),
    course: (champion: CyberChampion, _: unknown, ctx: Context) => ctx.loaders.course.load(champion.courseId),
    trainedOn: (champion: CyberChampion) => champion.trainedOn.toISOString().slice(0, 10),
  },
};
