// Training bookings and the champions register: the cyber subgraph's writes.
//
// Seats can never be oversold: a booking takes the session's row lock and then a seat with a
// conditional update (`seatsBooked < capacity`) in the same transaction as the booking row, and a
// CHECK constraint keeps seatsBooked between 0 and capacity whatever else happens. When no seat is
// left the booking goes on the waiting list, numbered 1.. under the same lock; a cancellation
// of a booked seat gives it to the first on the list (or frees it) in one transaction.
// Every write takes an idempotency key: a retry, or a race of two requests with one key, gets the
// record the first one made. Every input is checked before anything is written.
import { randomUUID } from 'node:crypto';
import {
  createOnce,
  ErrorCode,
  inputChecks,
  isUniqueViolation,
  optionalText,
  quoteInput,
  requireEmail,
  requireIdempotencyKey,
  requireRole,
  requireText,
  requireUkPhone,
  userError,
  type Identity,
} from '@crimehub/common';
import type { BookTrainingSessionInput, CancelBookingInput, RegisterCyberChampionInput } from './generated/graphql.ts';
import type { Booking, CyberChampion, Prisma, PrismaClient } from './generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

/** Long enough for 50 bookings of one session to queue for its row lock on a pool of 10 connections. */
const txOptions = { maxWait: 30_000, timeout: 30_000 } as const;

const badInput = (field: string, message: string) => userError(ErrorCode.BAD_USER_INPUT, message, { field });
const notFound = (field: string, message: string) => userError(ErrorCode.NOT_FOUND, message, { field });

/** The business a business user acts for; FORBIDDEN without one. */
export function ownBusiness(identity: Identity, action: string): string {
  const user = requireRole(identity, ['business'], action);
  if (!user.businessId) throw userError(ErrorCode.FORBIDDEN, `Your token names no business (business_id), so you may not ${action}.`);
  return user.businessId;
}

/** Partner staff may act only on sessions of courses their own organisation runs; admins on any. */
export function requireProviderAccess(identity: Identity, providerId: string, action: string): void {
  const user = requireRole(identity, ['partner', 'admin'], action);
  if (user.role === 'partner' && user.organizationId !== providerId) {
    throw userError(ErrorCode.FORBIDDEN, `Only staff of the organisation that runs this course, or administrators, may ${action}.`);
  }
}

/** Takes the session's row lock for the rest of the transaction; undefined when there is no such session. */
async function lockSession(tx: Tx, sessionId: string): Promise<{ capacity: number; seatsBooked: number } | undefined> {
  const rows = await tx.$queryRaw<{ capacity: number; seatsBooked: number }[]>`
    SELECT "capacity", "seatsBooked" FROM "TrainingSession" WHERE "id" = ${sessionId} FOR UPDATE`;
  return rows[0];
}

/** Checks every field of a booking request; throws one error naming every bad one. */
export function validateBooking(input: BookTrainingSessionInput) {
  const check = inputChecks();
  const sessionId = check.run(() => requireText(input.sessionId, 'input.sessionId', { max: 100 }));
  const attendeeName = check.run(() => requireText(input.attendeeName, 'input.attendeeName', { max: 120 }));
  const attendeeEmail = check.run(() => requireEmail(requireText(input.attendeeEmail, 'input.attendeeEmail', { max: 254 }), 'input.attendeeEmail'));
  const attendeePhone = check.run(() => {
    const phone = optionalText(input.attendeePhone, 'input.attendeePhone', { max: 30 });
    return phone === undefined ? null : requireUkPhone(phone, 'input.attendeePhone');
  });
  const idempotencyKey = check.run(() => requireIdempotencyKey(input.idempotencyKey ?? '', 'input.idempotencyKey'));
  check.done();
  return { sessionId, attendeeName, attendeeEmail, attendeePhone, idempotencyKey };
}

export async function bookTrainingSession(prisma: PrismaClient, identity: Identity, input: BookTrainingSessionInput, now: Date = new Date()) {
  const businessId = ownBusiness(identity, 'book training');
  const fields = validateBooking(input);
  const findExisting = () => prisma.booking.findUnique({ where: { businessId_idempotencyKey: { businessId, idempotencyKey: fields.idempotencyKey } } });
  const sameRequest = (booking: Booking) => {
    if (booking.businessId !== businessId || booking.sessionId !== fields.sessionId) {
      throw badInput('input.idempotencyKey', 'This idempotency key was already used for another booking: use a new key for each booking.');
    }
    return booking;
  };

  const previous = await findExisting();
  if (previous) return { booking: sameRequest(previous), created: false };

  const session = await prisma.trainingSession.findUnique({ where: { id: fields.sessionId } });
  if (!session) throw notFound('input.sessionId', `No training session has the id ${quoteInput(fields.sessionId)}. The trainingSessions query lists them.`);
  if (session.startsAt.getTime() <= now.getTime()) throw badInput('input.sessionId', 'This session has already started: book an upcoming one.');

  const { record, created } = await createOnce(
    () =>
      prisma.$transaction(async (tx) => {
        if (!(await lockSession(tx, fields.sessionId))) throw notFound('input.sessionId', `No training session has the id ${quoteInput(fields.sessionId)}.`);
        const seated = await tx.$executeRaw`
          UPDATE "TrainingSession" SET "seatsBooked" = "seatsBooked" + 1
          WHERE "id" = ${fields.sessionId} AND "seatsBooked" < "capacity"`;
        const waitlistPosition = seated === 1 ? null : (await tx.booking.count({ where: { sessionId: fields.sessionId, status: 'WAITING' } })) + 1;
        // Inserted before the duplicate check, so that a second request with the same key fails
        // here on the unique key (and gets the first one's booking) rather than as a duplicate.
        const created = await tx.booking.create({
          data: {
            id: `bk-${randomUUID()}`,
            ...fields,
            businessId,
            status: seated === 1 ? 'BOOKED' : 'WAITING',
            waitlistPosition,
            createdAt: now,
          },
        });
        const duplicate = await tx.booking.findFirst({
          where: { sessionId: fields.sessionId, attendeeEmail: fields.attendeeEmail, status: { not: 'CANCELLED' }, id: { not: created.id } },
          select: { id: true },
        });
        // Throwing rolls back the seat and the row: nothing is written.
        if (duplicate) throw badInput('input.attendeeEmail', 'This attendee already has a booking (or a place on the waiting list) for this session.');
        return created;
      }, txOptions),
    findExisting,
  );
  return { booking: created ? record : sameRequest(record), created };
}

/** Whether the caller may read a booking: its own business's, its organisation's course's, or any for admins. */
export function mayReadBooking(identity: Identity, booking: Booking, providerId: string): boolean {
  if (identity.kind !== 'user') return false;
  if (identity.role === 'admin') return true;
  if (identity.role === 'business') return identity.businessId !== undefined && booking.businessId === identity.businessId;
  return identity.role === 'partner' && identity.organizationId === providerId;
}

export async function cancelBooking(prisma: PrismaClient, identity: Identity, input: CancelBookingInput, now: Date = new Date()): Promise<{ booking: Booking; replayed: boolean }> {
  const businessId = ownBusiness(identity, 'cancel a booking');
  const check = inputChecks();
  const id = check.run(() => requireText(input.bookingId, 'input.bookingId', { max: 100 }));
  const key = check.run(() => requireIdempotencyKey(input.idempotencyKey ?? '', 'input.idempotencyKey'));
  check.done();

  const keyUsedElsewhere = () => badInput('input.idempotencyKey', 'This idempotency key was already used to cancel another booking: use a new key for each cancellation.');

  const booking = await prisma.booking.findUnique({ where: { id }, include: { session: true } });
  // Another business's booking is as unknown as a missing one.
  if (!booking || booking.businessId !== businessId) throw notFound('input.bookingId', `Your business has no booking with the id ${quoteInput(id)}. \`me { bookings }\` lists them.`);
  const { session, ...found } = booking;
  if (found.cancelIdempotencyKey === key) return { booking: found, replayed: true };

  try {
    return await prisma.$transaction(async (tx) => {
      await lockSession(tx, booking.sessionId);
      // Every check is made under the session's lock, which every cancellation of this booking
      // takes: a racing request with this key has either committed (its booking is the answer)
      // or not begun, never "used the key" halfway through our checks.
      const current = await tx.booking.findUniqueOrThrow({ where: { id } });
      if (current.cancelIdempotencyKey === key) return { booking: current, replayed: true };
      if (await tx.booking.findUnique({ where: { businessId_cancelIdempotencyKey: { businessId, cancelIdempotencyKey: key } }, select: { id: true } })) throw keyUsedElsewhere();
      if (current.status === 'CANCELLED') throw badInput('input.bookingId', 'This booking is already cancelled.');
      if (session.startsAt.getTime() <= now.getTime()) throw badInput('input.bookingId', 'This session has already started: a booking can no longer be cancelled.');
      const cancelled = await tx.booking.update({
        where: { id },
        data: { status: 'CANCELLED', waitlistPosition: null, cancelledAt: now, cancelIdempotencyKey: key },
      });
      if (current.status === 'BOOKED') {
        const next = await tx.booking.findFirst({
          where: { sessionId: current.sessionId, status: 'WAITING' },
          orderBy: [{ waitlistPosition: 'asc' }, { createdAt: 'asc' }],
        });
        if (next) {
          // The seat passes to the first on the list: the count of booked seats is unchanged.
          await tx.booking.update({ where: { id: next.id }, data: { status: 'BOOKED', waitlistPosition: null, promotedAt: now } });
          await tx.booking.updateMany({ where: { sessionId: current.sessionId, status: 'WAITING' }, data: { waitlistPosition: { decrement: 1 } } });
        } else {
          await tx.$executeRaw`
            UPDATE "TrainingSession" SET "seatsBooked" = "seatsBooked" - 1 WHERE "id" = ${current.sessionId} AND "seatsBooked" > 0`;
        }
      } else if (current.waitlistPosition != null) {
        await tx.booking.updateMany({
          where: { sessionId: current.sessionId, status: 'WAITING', waitlistPosition: { gt: current.waitlistPosition } },
          data: { waitlistPosition: { decrement: 1 } },
        });
      }
      return { booking: cancelled, replayed: false };
    }, txOptions);
  } catch (error) {
    // Only a cancellation of another booking (under another session's lock) can hold the key now.
    if (isUniqueViolation(error)) throw keyUsedElsewhere();
    throw error;
  }
}

export async function registerCyberChampion(
  prisma: PrismaClient,
  identity: Identity,
  input: RegisterCyberChampionInput,
  now: Date = new Date(),
): Promise<{ cyberChampion: CyberChampion; replayed: boolean }> {
  const registeredBy = requireRole(identity, ['partner', 'admin'], 'register cyber champions').subject;
  const check = inputChecks();
  const bookingId = check.run(() => requireText(input.bookingId, 'input.bookingId', { max: 100 }));
  const idempotencyKey = check.run(() => requireIdempotencyKey(input.idempotencyKey ?? '', 'input.idempotencyKey'));
  check.done();
  const findExisting = () => prisma.cyberChampion.findUnique({ where: { registeredBy_idempotencyKey: { registeredBy, idempotencyKey } } });
  /** The answer to an earlier request with this key, which must have registered this booking. */
  const replay = (champion: CyberChampion) => {
    if (champion.bookingId !== bookingId) {
      throw badInput('input.idempotencyKey', 'This idempotency key was already used for another registration: use a new key for each.');
    }
    return { cyberChampion: champion, replayed: true };
  };

  const previous = await findExisting();
  if (previous) return replay(previous);

  const booking = await prisma.booking.findUnique({ where: { id: bookingId }, include: { session: { include: { course: true } }, champion: true } });
  if (!booking) throw notFound('input.bookingId', `No booking has the id ${quoteInput(bookingId)}. \`trainingSession(id) { bookings }\` lists a session's bookings.`);
  requireProviderAccess(identity, booking.session.course.providerId, 'register attendees of this course');
  if (booking.status !== 'BOOKED') throw badInput('input.bookingId', `Only an attendee who held a seat can be registered; this booking is ${booking.status}.`);
  if (booking.session.startsAt.getTime() > now.getTime()) throw badInput('input.bookingId', 'This session has not taken place yet: register the attendee once trained.');
  /** A racing request with this key may have made the entry since the first look: then it is the answer. */
  const alreadyRegistered = async (message: string) => {
    const winner = await findExisting();
    if (winner) return replay(winner);
    throw badInput('input.bookingId', message);
  };
  if (booking.champion) return alreadyRegistered('This attendee is already on the register.');
  const registered = await prisma.cyberChampion.findUnique({
    where: { businessId_courseId: { businessId: booking.businessId, courseId: booking.session.courseId } },
    select: { id: true },
  });
  if (registered) return alreadyRegistered('This business is already on the register for this course.');

  try {
    const { record, created } = await createOnce(
      () =>
        prisma.cyberChampion.create({
          data: {
            id: `champ-${randomUUID()}`,
            businessId: booking.businessId,
            courseId: booking.session.courseId,
            trainedOn: new Date(booking.session.startsAt.toISOString().slice(0, 10)),
            bookingId,
            registeredBy,
            idempotencyKey,
          },
        }),
      findExisting,
    );
    return created ? { cyberChampion: record, replayed: false } : replay(record);
  } catch (error) {
    // A concurrent registration of the same attendee or business under another key.
    if (isUniqueViolation(error)) return alreadyRegistered('This attendee or business is already on the register for this course.');
    throw error;
  }
}
