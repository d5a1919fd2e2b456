/**
 * Results a warm process keeps between calls (a Lambda container aligning edition after edition of one charter):
 * built once per key, read only afterwards; at most `max` are kept, then the memory starts afresh.
 */
export function keptBuilds<T>(max: number): (key: string, build: () => T) => T {
  const built = new Map<string, T>();
  return (key, build) => {
    let found = built.get(key);
    if (found === undefined) {
      found = build();
      if (built.size >= max) built.clear();
      built.set(key, found);
    }
    return found;
  };
}
