// Suggests the known value nearest to a mistyped one ("shop-lifting" → "shoplifting"). The work
// is bounded whatever the client sends: nothing is suggested for input longer than any typo of a
// code could be, and edit distances are only computed in a band as wide as the edits allowed.

/** Longer input than this gets no suggestion: codes are short, so it is not a typo of one. */
export const maxSuggestionInput = 40;

/** Counts the edit-distance cells computed, so tests can see the bound hold. */
export interface MatchWork {
  cells: number;
}

/** The edit distance between a and b when it is at most `limit`, else `limit + 1`. */
function editDistanceWithin(a: string, b: string, limit: number, work?: MatchWork): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const outside = limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => (j <= limit ? j : outside));
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(outside);
    current[0] = i <= limit ? i : outside;
    let rowBest = current[0];
    // Only cells within `limit` of the diagonal can lead to a distance within `limit`.
    for (let j = Math.max(1, i - limit); j <= Math.min(b.length, i + limit); j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost, outside);
      rowBest = Math.min(rowBest, current[j]!);
      if (work) work.cells++;
    }
    if (rowBest > limit) return outside;
    previous = current;
  }
  return Math.min(previous[b.length]!, outside);
}

/**
 * The shortest candidate the input begins (`shoplift` → `shoplifting`), else the closest one
 * within a third of the input's length in edits (at least 2), or undefined. Input longer than
 * `maxSuggestionInput` characters gets no suggestion and costs no edit-distance work.
 */
export function closestMatch(input: string, candidates: readonly string[], work?: MatchWork): string | undefined {
  if (input.length === 0 || input.length > maxSuggestionInput) return undefined;
  if (input.length >= 4) {
    const completions = candidates.filter((candidate) => candidate.startsWith(input)).sort((a, b) => a.length - b.length);
    if (completions[0]) return completions[0];
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistanceWithin(input, candidate, limit, work);
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
