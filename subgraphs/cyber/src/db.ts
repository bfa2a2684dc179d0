// The cyber subgraph's own database.
import { migrationSource, openDatabase, type Database, type DatabaseLocation } from '@crimehub/common';
import { PrismaClient } from './generated/prisma/client.ts';

export type CyberDb = Database<PrismaClient>;

export function openCyberDatabase(location: DatabaseLocation): Promise<CyberDb> {
  return openDatabase(PrismaClient, location, migrationSource('cyber'));
}
