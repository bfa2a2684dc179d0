// Open Referral UK identifiers. HSDS 3.0 ids are UUIDs; the hub's own ids are readable slugs
// (`offer-pabcis-shopwatch`) that tokens, tests and other subgraphs quote. A record's ORUK id is
// therefore derived from its hub id (UUID version 5, RFC 9562), the same everywhere and forever,
// so the support and victims directories name an organisation with the same id. A hub id that
// is already a UUID (a record imported from another directory) is its own ORUK id.
import { createHash } from 'node:crypto';

/** The hub's UUID v5 namespace: fixed once; changing it would change every published id. */
export const hubNamespace = 'ed97d3b0-1f41-490b-85f6-016d1d3e5140';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/** A UUID version 5 of `name` in `namespace` (RFC 9562 §5.5). */
export function uuidV5(name: string, namespace: string = hubNamespace): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What kind of record an id names: part of the derivation, so a service and an organisation with the same slug differ. */
export type OrukKind = 'service' | 'organization' | 'taxonomy' | 'taxonomy_term' | 'attribute' | 'service_area' | 'schedule' | 'phone';

/** The ORUK id of the hub record `localId` of this kind: the id itself when it is a UUID. */
export function orukId(kind: OrukKind, localId: string): string {
  const lower = localId.toLowerCase();
  return isUuid(lower) ? lower : uuidV5(`${kind}:${localId}`);
}
