/**
 * Structural sharing for a re-read list: items equal to the previous read keep their previous object, and
 * an unchanged list keeps the previous response whole. Memoised rows then re-render only where something
 * changed, and an unchanged re-read renders nothing at all.
 */
export function shareItems<T>(previous: { items: T[] } | null, next: { items: T[] }, keyOf: (item: T) => string): { items: T[] } {
  if (!previous) return next;
  const before = new Map<string, { item: T; json: string }>();
  for (const item of previous.items) before.set(keyOf(item), { item, json: JSON.stringify(item) });
  let changed = previous.items.length !== next.items.length;
  const items = next.items.map((item, i) => {
    const old = before.get(keyOf(item));
    if (old && old.json === JSON.stringify(item)) {
      if (previous.items[i] !== old.item) changed = true;
      return old.item;
    }
    changed = true;
    return item;
  });
  return changed ? { ...next, items } : previous;
}
