/**
 * Injection of known divergences into reviewed editions, for the divergence benchmark. Seeded: the same seed
 * gives the same injection. Works on any charter's editions (clause id -> text) and structure.
 */
import type { CharterStructure, ClauseDef } from '../../functions/core/structure/types.ts';

/** The kinds of injected divergence. */
export const INJECTION_KINDS = [
  'drop-bullet',
  'change-year',
  'swap-city',
  'truncate',
  'add-sentence',
  'swap-bullets',
  'paraphrase-other',
] as const;

export type InjectionKind = (typeof INJECTION_KINDS)[number];

/** Editions as clause id -> text, by language. */
export type EditionTexts = Record<string, Record<string, string>>;

/** One injected divergence. */
export interface Injection {
  kind: InjectionKind;
  lang: string;
  /** Clauses whose text was changed or removed (a finding on one of them with `lang` counts as found). */
  clauses: string[];
  /** Clauses a finding may rightly name as a consequence (the lead-in of a dropped bullet's list). */
  related: string[];
  /** What was done, for the report. */
  note: string;
}

/** A seeded pseudo-random generator (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

/**
 * European cities in English and local spellings: the injector's source of replacement names. It is bench
 * data, never seen by the detector.
 */
export const CITIES = [
  'Amsterdam',
  'Antwerp',
  'Athens',
  'Barcelona',
  'Belfast',
  'Bergen',
  'Berlin',
  'Bilbao',
  'Birmingham',
  'Bologna',
  'Bordeaux',
  'Bratislava',
  'Bremen',
  'Bristol',
  'Brussels',
  'Bruxelles',
  'Bucharest',
  'Budapest',
  'Cardiff',
  'Cologne',
  'Köln',
  'Copenhagen',
  'København',
  'Cork',
  'Dortmund',
  'Dresden',
  'Dublin',
  'Düsseldorf',
  'Edinburgh',
  'Eindhoven',
  'Florence',
  'Firenze',
  'Frankfurt',
  'Gdansk',
  'Geneva',
  'Genoa',
  'Ghent',
  'Glasgow',
  'Gothenburg',
  'Göteborg',
  'Graz',
  'Hamburg',
  'Hannover',
  'Helsinki',
  'Kraków',
  'Leeds',
  'Leipzig',
  'Lille',
  'Lisbon',
  'Lisboa',
  'Liverpool',
  'Ljubljana',
  'London',
  'Lyon',
  'Madrid',
  'Malmö',
  'Manchester',
  'Marseille',
  'Milan',
  'Milano',
  'Munich',
  'München',
  'Nantes',
  'Naples',
  'Napoli',
  'Nottingham',
  'Nuremberg',
  'Oslo',
  'Paris',
  'Porto',
  'Prague',
  'Praha',
  'Riga',
  'Rome',
  'Roma',
  'Rom',
  'Rotterdam',
  'Seville',
  'Sevilla',
  'Sofia',
  'Stockholm',
  'Strasbourg',
  'Stuttgart',
  'Tallinn',
  'Tampere',
  'Toulouse',
  'Turin',
  'Torino',
  'Utrecht',
  'Valencia',
  'Vienna',
  'Wien',
  'Vilnius',
  'Warsaw',
  'Warszawa',
  'Zagreb',
  'Zaragoza',
  'Zurich',
  'Aarhus',
  'Bonn',
  'Leicester',
  'Sheffield',
  'Tilburg',
  'Uppsala',
];

const stem = (name: string) => name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').slice(0, 3);

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** Sentences of a text (split after . ! ? ; or : followed by a space). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;:])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

interface Site {
  lang: string;
  id: string;
}

function sites(editions: EditionTexts, filter: (lang: string, id: string, text: string) => boolean): Site[] {
  const found: Site[] = [];
  for (const [lang, clauses] of Object.entries(editions)) {
    for (const [id, text] of Object.entries(clauses)) if (filter(lang, id, text)) found.push({ lang, id });
  }
  return found;
}

const presentInAll = (editions: EditionTexts, id: string) => Object.values(editions).every((e) => id in e);

function bulletsOf(structure: CharterStructure, group: string): ClauseDef[] {
  return structure.clauses.filter((c) => c.group === group && c.kind === 'bullet');
}

/**
 * Applies one injection of `kind` to a copy of `editions`; returns undefined when the editions offer no place
 * for it (no year, no city, no list). The edited language and clause are drawn with `random`.
 */
export function inject(
  editions: EditionTexts,
  structure: CharterStructure,
  kind: InjectionKind,
  random: () => number,
): { editions: EditionTexts; injection: Injection } | undefined {
  const out: EditionTexts = Object.fromEntries(Object.entries(editions).map(([l, c]) => [l, { ...c }]));
  const defs = new Map(structure.clauses.map((c) => [c.id, c]));
  const done = (injection: Injection) => ({ editions: out, injection });

  switch (kind) {
    case 'drop-bullet': {
      const options = sites(
        editions,
        (_, id) => defs.get(id)?.kind === 'bullet' && presentInAll(editions, id),
      );
      if (!options.length) return undefined;
      const { lang, id } = pick(options, random);
      delete out[lang]![id];
      return done({ kind, lang, clauses: [id], related: [defs.get(id)!.group], note: `dropped ${id}` });
    }
    case 'change-year': {
      const options = sites(
        editions,
        (_, id, text) => /\b(1[5-9]|20)\d\d\b/.test(text) && presentInAll(editions, id),
      );
      if (!options.length) return undefined;
      const { lang, id } = pick(options, random);
      const years = [...editions[lang]![id]!.matchAll(/\b(?:1[5-9]|20)\d\d\b/g)];
      const year = pick(years, random);
      const shift = (1 + Math.floor(random() * 9)) * (random() < 0.5 ? -1 : 1);
      const replaced = String(Number(year[0]) + shift);
      const text = editions[lang]![id]!;
      out[lang]![id] = text.slice(0, year.index) + replaced + text.slice(year.index! + 4);
      return done({ kind, lang, clauses: [id], related: [], note: `${id}: ${year[0]} -> ${replaced}` });
    }
    case 'swap-city': {
      const cityAt = (text: string) =>
        [...text.matchAll(/\p{Lu}\p{Ll}+/gu)].filter((m) => CITIES.includes(m[0]));
      const options = sites(editions, (_, id, text) => cityAt(text).length > 0 && presentInAll(editions, id));
      if (!options.length) return undefined;
      const { lang, id } = pick(options, random);
      const text = editions[lang]![id]!;
      const city = pick(cityAt(text), random);
      const used = new Set(
        Object.values(editions).flatMap((e) => cityAt(e[id] ?? '').map((m) => stem(m[0]))),
      );
      const replacement = pick(
        CITIES.filter((c) => !used.has(stem(c))),
        random,
      );
      out[lang]![id] = text.slice(0, city.index) + replacement + text.slice(city.index! + city[0].length);
      return done({ kind, lang, clauses: [id], related: [], note: `${id}: ${city[0]} -> ${replacement}` });
    }
    case 'truncate': {
      const options = sites(editions, (_, _id, text) => words(text).length >= 5);
      if (!options.length) return undefined;
      const { lang, id } = pick(options, random);
      const ws = words(editions[lang]![id]!);
      const keep = Math.max(1, Math.round(ws.length * (0.3 + 0.4 * random())));
      out[lang]![id] = ws.slice(0, keep).join(' ');
      return done({
        kind,
        lang,
        clauses: [id],
        related: [],
        note: `${id}: kept ${keep} of ${ws.length} words`,
      });
    }
    case 'add-sentence': {
      const { lang, id } = pick(
        sites(editions, () => true),
        random,
      );
      const sources = sites(
        { [lang]: editions[lang]! },
        (_, other, text) => other !== id && sentences(text).some((s) => words(s).length >= 5),
      );
      if (!sources.length) return undefined;
      const source = pick(sources, random).id;
      const sentence = pick(
        sentences(editions[lang]![source]!).filter((s) => words(s).length >= 5),
        random,
      );
      const parts = sentences(editions[lang]![id]!);
      const at = Math.floor(random() * (parts.length + 1));
      parts.splice(at, 0, sentence);
      out[lang]![id] = parts.join(' ');
      return done({ kind, lang, clauses: [id], related: [], note: `${id}: added a sentence of ${source}` });
    }
    case 'swap-bullets': {
      const groups = structure.clauses.filter((c) => bulletsOf(structure, c.id).length >= 2);
      const options = sites(editions, (lang, id) =>
        groups.some(
          (g) => g.id === id && bulletsOf(structure, id).filter((b) => b.id in editions[lang]!).length >= 2,
        ),
      );
      if (!options.length) return undefined;
      const { lang, id } = pick(options, random);
      const bullets = bulletsOf(structure, id).filter((b) => b.id in editions[lang]!);
      const first = pick(bullets, random);
      const second = pick(
        bullets.filter((b) => b !== first),
        random,
      );
      out[lang]![first.id] = editions[lang]![second.id]!;
      out[lang]![second.id] = editions[lang]![first.id]!;
      return done({
        kind,
        lang,
        clauses: [first.id, second.id],
        related: [],
        note: `swapped ${first.id} and ${second.id}`,
      });
    }
    case 'paraphrase-other': {
      const { lang, id } = pick(
        sites(editions, () => true),
        random,
      );
      const sources = Object.keys(editions[lang]!).filter(
        (other) => other !== id && words(editions[lang]![other]!).length >= 3,
      );
      if (!sources.length) return undefined;
      const source = pick(sources, random);
      out[lang]![id] = paraphrase(editions[lang]![source]!, random);
      return done({ kind, lang, clauses: [id], related: [], note: `${id}: paraphrase of ${source}` });
    }
  }
}

/** Another clause's text with about a fifth of its words dropped and some neighbouring words swapped. */
export function paraphrase(text: string, random: () => number): string {
  const ws = words(text).filter(() => random() >= 0.2);
  const kept = ws.length ? ws : words(text);
  for (let i = 0; i + 1 < kept.length; i++) {
    if (random() < 0.25) {
      [kept[i], kept[i + 1]] = [kept[i + 1]!, kept[i]!];
      i++;
    }
  }
  return kept.join(' ');
}
