import { retext } from 'retext';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfusionModel, loadLanguage } from '../../../adapters/resources/index.ts';
import type { ConfusionModel, LanguageResources } from '../types.ts';
import retextFixOcr from './index.ts';

let sv: LanguageResources;
let da: LanguageResources;
let confusions: ConfusionModel;

beforeAll(async () => {
  [sv, da, confusions] = await Promise.all([loadLanguage('sv'), loadLanguage('da'), loadConfusionModel()]);
});

async function fix(text: string, resources: LanguageResources) {
  const file = await retext().use(retextFixOcr, { resources, confusions }).process(text);
  return { text: String(file), messages: file.messages };
}

describe('retextFixOcr', () => {
  it('rejects missing options', () => {
    // @ts-expect-error: testing bad configuration
    expect(() => retext().use(retextFixOcr).freeze()).toThrow(TypeError);
  });

  it('restores lost and misread Swedish diacritics, keeping case', async () => {
    const { text } = await fix('Vi arbetar i vdra stader och f6r att Mdngfald ska 6ka.', sv);
    expect(text).toBe('Vi arbetar i våra städer och för att Mångfald ska öka.');
  });

  it('fixes real-word errors in a text that lost its diacritics', async () => {
    const damaged =
      'Vi ar overtygade om att manniskor fran olika lander kan bidra till vara stader. ' +
      'Det ar viktigt for oss att framja mangfald och jamlikhet for alla invanare.';
    const { text, messages } = await fix(damaged, sv);
    expect(text).toContain('Vi är övertygade');
    expect(text).toContain('viktigt för oss');
    expect(messages.some((m) => m.ruleId === 'ocr-real-word' && m.actual === 'for')).toBe(true);
  });

  it('leaves a clean text alone', async () => {
    const clean =
      'Vi anerkender, at indvandring bringer økonomiske, kulturelle og sociale fordele med sig. ' +
      'Det er vigtigt for os at fremme lige muligheder for alle borgere i vore byer.';
    const { text, messages } = await fix(clean, da);
    expect(messages).toEqual([]);
    expect(text).toBe(clean);
  });

  it('never touches numbers, capitals and addresses', async () => {
    const input = 'Ar 2011 skrev EUROCITIES till info@eurocities.eu och www.stader.se om stader.';
    const { text } = await fix(input, sv);
    expect(text).toContain('2011');
    expect(text).toContain('EUROCITIES');
    expect(text).toContain('info@eurocities.eu');
    expect(text).toContain('www.stader.se');
    expect(text).toContain('om städer.');
  });

  it('records each change as a message with actual, expected and position', async () => {
    const { messages } = await fix('Vi bor i stdder.', sv);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({
      ruleId: 'ocr-word',
      source: 'retext-fix-ocr',
      actual: 'stdder',
      expected: ['städer'],
      line: 1,
      column: 10,
    });
  });
});
