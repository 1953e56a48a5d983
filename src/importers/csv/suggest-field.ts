import { headerKey } from './table-specs.js';

/** The closest known field for a misspelt header (`emial` → `email`), or null when nothing is close. */
export function suggestField(column: string, fieldNames: readonly string[]): string | null {
  const key = headerKey(column);
  let best: { name: string; distance: number } | null = null;
  for (const name of fieldNames) {
    const distance = editDistance(key, headerKey(name));
    const allowed = headerKey(name).length <= 4 ? 1 : 2;
    if (distance <= allowed && (best === null || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
