// What every directory's importer shares: checking each record against the schema first, the
// report (created, updated, unchanged, refused with reasons) and how it reads when printed.
import type { ValidateFunction } from 'ajv';
import type { FeedRecord } from './records.ts';
import { describeSchemaErrors } from './validate.ts';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface Refusal {
  /** `service` or `organization`. */
  kind: string;
  /** The record's hub id or ORUK id, and its name, as far as the record gives them. */
  record: string;
  reasons: string[];
}

export interface ImportReport {
  organizations: ImportCounts;
  services: ImportCounts;
  refused: Refusal[];
  /** False when nothing was written: `allOrNothing` and something was refused. */
  written: boolean;
}

export interface ImportOptions {
  /** Write nothing unless every record is taken (the seeds). Otherwise the records taken are written, in one transaction. */
  allOrNothing?: boolean;
}

export const noCounts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0 });

/** How a record is named in a refusal: its hub id, else its id, and its name. */
export function describeRecord(record: unknown, index: number): string {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return `#${index + 1} (not an object)`;
  const { bch_id, id, name } = record as FeedRecord;
  const key = typeof bch_id === 'string' ? bch_id : typeof id === 'string' ? id : `#${index + 1}`;
  return typeof name === 'string' ? `${key} (${JSON.stringify(name.slice(0, 80))})` : key;
}

/** The record as an object valid against `validator`, or the schema's reasons against it. */
export function checkAgainstSchema(validator: ValidateFunction, record: unknown): { record?: FeedRecord; reasons: string[] } {
  if (validator(record)) return { record: record as FeedRecord, reasons: [] };
  return { reasons: describeSchemaErrors(validator.errors).map((reason) => `not valid Open Referral UK: ${reason}`) };
}

/** True when two column values hold the same data; lists compare as sets (their order carries nothing). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
  return (a ?? null) === (b ?? null);
}

/** True when every column in `wanted` holds the same data in `existing`. */
export function unchanged(existing: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(([column, value]) => sameValue(existing[column], value));
}

/** The report as the import command prints it. */
export function formatReport(report: ImportReport, subgraph: string): string {
  const counts = (what: string, c: ImportCounts) => `${what}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
  const lines = [`${subgraph}: ${counts('organisations', report.organizations)}; ${counts('services', report.services)}; ${report.refused.length} refused`];
  for (const refusal of report.refused) lines.push(`  refused ${refusal.kind} ${refusal.record}: ${refusal.reasons.join('; ')}`);
  if (!report.written) lines.push('  nothing was written: every record must be taken for this import (all or nothing)');
  return lines.join('\n');
}
