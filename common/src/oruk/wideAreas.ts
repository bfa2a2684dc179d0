// Service areas wider than the 9 districts: a national or regional body's Open Referral UK
// service area names the nation or region by its ONS statistical geography URI. Such a service
// is open in every district (no district restriction) and its scope says how wide it reaches.
import type { ServiceScope } from '../helpRanking.ts';
import { orukId } from './ids.ts';
import { onsAreaUri, textOf, type FeedRecord, type OrukServiceArea } from './records.ts';

export interface WideArea {
  /** ONS code, e.g. `K04000001`. */
  code: string;
  name: string;
  scope: Extract<ServiceScope, 'REGIONAL' | 'NATIONAL'>;
}

/** The areas wider than Staffordshire and Stoke-on-Trent that contain it, widest first. */
export const wideAreas: readonly WideArea[] = [
  { code: 'K02000001', name: 'United Kingdom', scope: 'NATIONAL' },
  { code: 'K03000001', name: 'Great Britain', scope: 'NATIONAL' },
  { code: 'K04000001', name: 'England and Wales', scope: 'NATIONAL' },
  { code: 'E92000001', name: 'England', scope: 'NATIONAL' },
  { code: 'E12000005', name: 'West Midlands', scope: 'REGIONAL' },
];

const byCode = new Map(wideAreas.map((area) => [area.code, area]));

/** The wide area of this ONS code, if it is one. */
export const wideAreaOfCode = (code: string | null | undefined): WideArea | undefined => (code ? byCode.get(code.toUpperCase()) : undefined);

/**
 * Splits a service's areas: the widest area it names by ONS URI (undefined when none), and the
 * record with its other areas only (to read as districts).
 */
export function splitWideAreas(record: FeedRecord): { wide?: WideArea; rest: FeedRecord } {
  const areas = record.service_areas;
  if (!Array.isArray(areas)) return { rest: record };
  const wide: WideArea[] = [];
  const others: unknown[] = [];
  for (const area of areas) {
    const code =
      area && typeof area === 'object'
        ? textOf(area as FeedRecord, 'uri')
            ?.split('/')
            .pop()
        : undefined;
    const found = wideAreaOfCode(code);
    if (found) wide.push(found);
    else others.push(area);
  }
  if (wide.length === 0) return { rest: record };
  const widest = wideAreas.find((area) => wide.includes(area))!;
  return { wide: widest, rest: { ...record, service_areas: others } };
}

/** The one service area of a service that covers a whole nation or region. */
export function wideServiceArea(serviceId: string, code: string): OrukServiceArea {
  const area = wideAreaOfCode(code);
  if (!area) throw new Error(`${code} is not a national or regional area the hub knows`);
  return {
    id: orukId('service_area', `${serviceId}/${area.code}`),
    service_id: serviceId,
    name: area.name,
    service_area: area.scope === 'REGIONAL' ? `${area.name} (region)` : `${area.name} (national)`,
    uri: onsAreaUri(area.code),
  };
}
