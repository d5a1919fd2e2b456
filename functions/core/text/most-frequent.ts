import type { FrequencyList } from './types.ts';

/** The `count` most frequent words of a list, without listing all of its words when the list can help it. */
export function mostFrequent(list: FrequencyList, count: number): readonly string[] {
  return list.top ? list.top(count) : list.words.slice(0, count);
}
