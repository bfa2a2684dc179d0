// The key of a help answer: the question itself. Every subgraph receives it in `_entities`
// and contributes its own part of the answer.

export interface HelpKey {
  crimeTypeCode: string;
  districtCode: string;
  sector: string;
  size: string;
  rural: boolean;
}

/** A stable string for a help key, for DataLoader caches. */
export function helpKeyId(key: HelpKey): string {
  return [key.crimeTypeCode, key.districtCode, key.sector, key.size, key.rural ? 'rural' : 'urban'].join('|');
}

/** Picks the key fields from an entity representation. */
export function toHelpKey(ref: HelpKey): HelpKey {
  return { crimeTypeCode: ref.crimeTypeCode, districtCode: ref.districtCode, sector: ref.sector, size: ref.size, rural: ref.rural === true };
}

/** Groups rows into one list per key, in key order, so batch loaders return what DataLoader expects. */
export function groupBy<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K | readonly K[]): T[][] {
  const byKey = new Map<K, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) {
    const rowKeys = keyOf(row);
    for (const key of Array.isArray(rowKeys) ? (rowKeys as readonly K[]) : [rowKeys as K]) byKey.get(key)?.push(row);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}

/** Picks one row per key (or null), in key order. */
export function indexBy<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): (T | null)[] {
  const byKey = new Map<K, T>(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}
