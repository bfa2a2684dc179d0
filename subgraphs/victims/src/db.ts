// The victims subgraph's own database.
import { migrationSource, openDatabase, type Database, type DatabaseLocation } from '@crimehub/common';
import { PrismaClient } from './generated/prisma/client.ts';

export type VictimsDb = Database<PrismaClient>;

export function openVictimsDatabase(location: DatabaseLocation): Promise<VictimsDb> {
  return openDatabase(PrismaClient, location, migrationSource('victims'));
}
