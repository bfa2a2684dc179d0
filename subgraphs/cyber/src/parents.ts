// What the resolvers of each GraphQL type receive as their parent object (the codegen mappers in
// ../codegen.ts): database rows, and the shapes the list and mutation resolvers build.
import type { Connection } from '@crimehub/common';
import type { Booking, Course, CyberChampion, TrainingSession } from './generated/prisma/client.ts';

export type { Booking, Course, CyberChampion, TrainingSession };
export type { HelpKey as Help } from '@crimehub/common';

export type CourseConnection = Connection<Course>;
export type TrainingSessionConnection = Connection<TrainingSession>;
export type BookingConnection = Connection<Booking>;
export type CyberChampionConnection = Connection<CyberChampion>;

/** The caller's Viewer, as `me` and the gateway's representation name it. */
export interface Viewer {
  id: string;
}

export interface BookTrainingSessionPayload {
  booking: Booking;
  replayed: boolean;
}

export interface CancelBookingPayload {
  booking: Booking;
  replayed: boolean;
}

export interface RegisterCyberChampionPayload {
  cyberChampion: CyberChampion;
  replayed: boolean;
}
