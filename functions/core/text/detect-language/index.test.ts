import { beforeAll, describe, expect, it } from 'vitest';
import { loadFrequencyLists } from '../../../adapters/resources/index.ts';
import type { FrequencyList } from '../types.ts';
import { detectLanguage, foldDiacritics } from './index.ts';

let lists: Map<string, FrequencyList>;

beforeAll(async () => {
  lists = await loadFrequencyLists();
});

describe('detectLanguage', () => {
  it('tells a Danish sentence from its Norwegian translation', () => {
    const danish =
      'Vi har ikke haft tid til at se på sagen endnu, men vi vender tilbage til dig efter mødet.';
    const norwegian =
      'Vi har ikke hatt tid til å se på saken ennå, men vi kommer tilbake til deg etter møtet.';
    expect(detectLanguage(danish, lists).lang).toBe('da');
    expect(detectLanguage(norwegian, lists).lang).toBe('nb');
  });

  it.each([
    [
      'Børnene skal have bedre muligheder for at lære sproget, før de begynder i skolen.',
      'Barna skal få bedre muligheter til å lære språket før de begynner på skolen.',
    ],
    [
      'Integration er en fælles opgave for hele samfundet.',
      'Integrering er en felles oppgave for hele samfunnet.',
    ],
    [
      'Byrådet besluttede i går at bygge en ny bro over havnen.',
      'Bystyret vedtok i går å bygge en ny bro over havnen.',
    ],
  ])('tells Danish from Norwegian, with and without diacritics: %s', (danish, norwegian) => {
    expect(detectLanguage(danish, lists).lang).toBe('da');
    expect(detectLanguage(norwegian, lists).lang).toBe('nb');
    expect(detectLanguage(foldDiacritics(danish), lists).lang).toBe('da');
    expect(detectLanguage(foldDiacritics(norwegian), lists).lang).toBe('nb');
  });

  it('recognises Swedish that lost its diacritics', () => {
    const damaged = 'Vi ar overtygade om att manniskor fran olika lander kan bidra till vara stader.';
    expect(detectLanguage(damaged, lists).lang).toBe('sv');
  });

  it('returns null for garbage and for too little text', () => {
    const garbage = detectLanguage('xq zzv brrk plth wq qxz vvk', lists);
    expect(garbage.lang).toBeNull();
    expect(garbage.hitRate).toBeLessThan(0.3);
    expect(detectLanguage('og', lists).lang).toBeNull();
    expect(detectLanguage('', lists).lang).toBeNull();
  });
});

describe('foldDiacritics', () => {
  it('writes words as OCR that lost their diacritics does', () => {
    expect(foldDiacritics('städer')).toBe('stader');
    expect(foldDiacritics('være')).toBe('vaere');
    expect(foldDiacritics('søge')).toBe('soge');
    expect(foldDiacritics('idé')).toBe('ide');
  });
});
