/** Levenshtein distance (insert, delete, substitute), for typo suggestions. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? Math.max(a.length, b.length);
}

/**
 * The candidate closest to `key` when it is close enough to be a likely typo (at most a third of
 * the key's length, at least 2 edits allowed), else null. Case and `-`/`_` are ignored.
 */
export function nearestKey(key: string, candidates: readonly string[]): string | null {
  const norm = (s: string): string => s.toLowerCase().replace(/-/g, "_");
  let best: { key: string; d: number } | null = null;
  for (const c of candidates) {
    const d = editDistance(norm(key), norm(c));
    if (best === null || d < best.d) best = { key: c, d };
  }
  if (best === null) return null;
  return best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.key : null;
}
