// Suggests the known value nearest to a mistyped one ("shop-lifting" → "shoplifting").

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The shortest candidate the input begins (`shoplift` → `shoplifting`), else the closest one
 * within a third of the input's length in edits, or undefined.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  if (input.length >= 4) {
    const completions = candidates.filter((candidate) => candidate.startsWith(input)).sort((a, b) => a.length - b.length);
    if (completions[0]) return completions[0];
  }
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(input.length / 3)) ? best.candidate : undefined;
}
