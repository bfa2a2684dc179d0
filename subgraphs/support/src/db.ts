// The support subgraph's own database.
import { migrationSource, openDatabase, type Database, type DatabaseLocation } from '@crimehub/common';
import { PrismaClient } from './generated/prisma/client.ts';

export type SupportDb = Database<PrismaClient>;

export function openSupportDatabase(location: DatabaseLocation): Promise<SupportDb> {
  return openDatabase(PrismaClient, location, migrationSource('support'));
}
