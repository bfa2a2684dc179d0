// The police subgraph's own database.
import { migrationSource, openDatabase, type Database, type DatabaseLocation } from '@crimehub/common';
import { PrismaClient } from './generated/prisma/client.ts';

export type PoliceDb = Database<PrismaClient>;

export function openPoliceDatabase(location: DatabaseLocation): Promise<PoliceDb> {
  return openDatabase(PrismaClient, location, migrationSource('police'));
}
