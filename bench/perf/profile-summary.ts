/**
 * Summary of a V8 CPU profile (`node --cpu-prof`): the functions with the most self time and the most
 * inclusive time, as shares of the sampled time.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** One function's share of a profile. */
export interface ProfileEntry {
  name: string;
  ms: number;
  share: number;
}

/** Top functions by self and by inclusive time of the profile in `file`. */
export function summariseProfile(
  file: string,
  top = 15,
  stages: readonly string[] = [],
): { totalMs: number; self: ProfileEntry[]; inclusive: ProfileEntry[]; stages: ProfileEntry[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (node: ProfileNode) => {
    const where = node.callFrame.url.split('/').slice(-2).join('/');
    return `${node.callFrame.functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
  };
  const timeOf = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    timeOf.set(id, (timeOf.get(id) ?? 0) + dt);
    total += dt;
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  // Inclusive time by function name alone (wherever the function is), for the stages asked for.
  const byName = new Map<string, number>();
  for (const [id, t] of timeOf) {
    const leaf = name(byId.get(id)!);
    self.set(leaf, (self.get(leaf) ?? 0) + t);
    const seen = new Set<string>();
    const seenNames = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)!;
      const key = name(node);
      const fn = node.callFrame.functionName;
      if (!seenNames.has(fn)) {
        seenNames.add(fn);
        byName.set(fn, (byName.get(fn) ?? 0) + t);
      }
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    }
  }
  const rank = (map: Map<string, number>) =>
    [...map]
      .filter(([key]) => !/^\((root|program|idle)\)/.test(key))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, t]) => ({ name: key, ms: t / 1000, share: total > 0 ? t / total : 0 }));
  return {
    totalMs: total / 1000,
    self: rank(self),
    inclusive: rank(inclusive),
    stages: stages.map((stage) => {
      const t = byName.get(stage) ?? 0;
      return { name: stage, ms: t / 1000, share: total > 0 ? t / total : 0 };
    }),
  };
}
