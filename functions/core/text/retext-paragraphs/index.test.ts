import { retext } from 'retext';
import { describe, expect, it } from 'vitest';
import retextNormalise from '../retext-normalise/index.ts';
import retextParagraphs from './index.ts';

async function paragraphs(text: string, conjunctions: string[] = ['og', 'eller']) {
  const file = await retext().use(retextParagraphs, { conjunctions }).process(text);
  return { text: String(file), rules: file.messages.map((m) => m.ruleId), messages: file.messages };
}

/** A paragraph of `n` wrapped lines of about 60 characters. */
const wrapped = (n: number, last = 'slutt.') =>
  [
    ...Array.from({ length: n - 1 }, (_, i) => `linje ${i + 1} av et avsnitt som går helt ut til margen her`),
    last,
  ].join('\n');

describe('retext-paragraphs', () => {
  it('joins the lines of a paragraph with single spaces and separates paragraphs with one blank line', async () => {
    const result = await paragraphs('Første linje\nandre  linje.\n\n\n\nTredje linje\nfjerde linje.  \n');
    expect(result.text).toBe('Første linje andre linje.\n\nTredje linje fjerde linje.');
    expect(result.rules).toEqual([]);
  });

  it('drops white space before the first and after the last paragraph', async () => {
    expect((await paragraphs('  \n\n Tittel\n\n')).text).toBe('Tittel');
  });

  it('starts a paragraph at each bullet line, even without a blank line', async () => {
    const text = 'Som arbeidsgivere vil vi:\n- gjøre det som trengs\nfor alle;\n- sikre likeverd.';
    const result = await paragraphs(text);
    expect(result.text).toBe(
      'Som arbeidsgivere vil vi:\n\n- gjøre det som trengs for alle;\n\n- sikre likeverd.',
    );
    expect(result.rules).toEqual(['break-paragraph', 'break-paragraph']);
  });

  it('joins a line-start dash that continues a sentence', async () => {
    const text = 'partnere i prosjektet\n- et peer reviewed prosjekt.';
    expect((await paragraphs(text)).text).toBe('partnere i prosjektet - et peer reviewed prosjekt.');
  });

  it('ends a paragraph at a lead-in line ending in a colon before a capital', async () => {
    const text = `${wrapped(3, 'Den omfatter:')}\nKonferanser i fire byer.`;
    expect((await paragraphs(text)).text).toMatch(/Den omfatter:\n\nKonferanser i fire byer\.$/u);
  });

  it('does not break at a colon that happens to end a full line', async () => {
    const text = `${wrapped(4, 'Prosessen går videre og den omfatter alle deler av livet i byen,')}\nalle livets aspekter i denne prosessen omfatter disse tingene:\nøkonomiske og sosiale.`;
    const result = await paragraphs(text);
    expect(result.text).toContain('tingene: økonomiske og sosiale.');
    expect(result.text.split('\n\n')).toHaveLength(1);
  });

  it('ends a paragraph at a short line closing a clause, whatever follows', async () => {
    const text = `${wrapped(5, 'benytte principperne i indkøb;')}\nfremme principperne blandt vore leverandører i hele byen og omegn;\nfremme udviklingen.`;
    const result = await paragraphs(text);
    expect(result.text).toMatch(/indkøb;\n\nfremme principperne/u);
    expect(result.text).toMatch(/omegn; fremme udviklingen\.$/u);
  });

  it('starts a paragraph at a short lead-in after a finished sentence', async () => {
    const text = `${wrapped(5, 'sikre at tjenestene forstår og imøtekommer innvandrernes behov i byen.')}\nSom arbeidsgivere vil vi:\ngjøre det som trengs.`;
    const result = await paragraphs(text);
    expect(result.text).toMatch(/i byen\.\n\nSom arbeidsgivere vil vi:\n\ngjøre/u);
  });

  it('makes a short title-like line its own paragraph', async () => {
    const text = `${wrapped(4)}\nOppfølging av charteret\nSom beslutningstakere vil vi arbeide for et samfunn der alle får bo.`;
    const result = await paragraphs(text);
    expect(result.text.split('\n\n')).toEqual([
      expect.stringMatching(/slutt\.$/u),
      'Oppfølging av charteret',
      'Som beslutningstakere vil vi arbeide for et samfunn der alle får bo.',
    ]);
  });

  it('ends a paragraph at a short line closing a sentence', async () => {
    const text = `${wrapped(6, 'kort setning.')}\nNy setning som starter et nytt avsnitt med mye tekst i seg.`;
    expect((await paragraphs(text)).text.split('\n\n')).toHaveLength(2);
  });

  it('joins across a blank line inside a sentence (page or column break)', async () => {
    const text = `${wrapped(3, 'Over de forgangne årtier og århundreder er indvandrere ankommet med')}\n\nnye erfaringer og idéer.`;
    const result = await paragraphs(text);
    expect(result.text).toContain('ankommet med nye erfaringer og idéer.');
    expect(result.rules).toEqual(['join-across-blank-line']);
    expect(result.messages[0]!.line).toBe(3);
  });

  it('joins across a blank line before a capital only after a line that ran to the margin', async () => {
    const full = `${wrapped(4, 'økonomisk samarbeid øker innvandringen til Europa og flytting innenfor')}\n\nEuropa. Mange kommer.`;
    expect((await paragraphs(full)).text).toContain('flytting innenfor Europa. Mange kommer.');
    const comma = `${wrapped(4, 'fant sted i Rotterdam,')}\n\nMilano, Berlin og London.`;
    expect((await paragraphs(comma)).text).toContain('i Rotterdam, Milano, Berlin og London.');
    const short = `${wrapped(4, 'og flytting innenfor')}\n\nEuropa. Mange kommer.`;
    expect((await paragraphs(short)).text.split('\n\n')).toHaveLength(2);
    const title = `${wrapped(4, 'økonomisk samarbeid øker innvandringen til Europa og flytting innenfor')}\n\nSom arbeidsgivere vil vi:\n\nNoe mer.`;
    expect((await paragraphs(title)).text.split('\n\n')).toHaveLength(3);
  });

  it('starts a paragraph after a list item ending in ";" when the next line opens with a capital', async () => {
    const text = `${wrapped(4, 'Fremme prinsippene om likestilling og mangfold blant våre leverandører i byen;')}\nFremme utviklingen av en mangfoldig leverandørbase.`;
    const result = await paragraphs(text);
    expect(result.text).toMatch(/leverandører i byen;\n\nFremme utviklingen/u);
    expect((await paragraphs('Vi går til møtet; han kommer\nsenere; Oslo er fint.')).text).toBe(
      'Vi går til møtet; han kommer senere; Oslo er fint.',
    );
  });

  it('keeps list items apart when an item ends with "; og"', async () => {
    const text = `${wrapped(3, 'en regelmessig dialog mellom byene og kommisjonen om integreringen; og')}\n\nfelles prosjekter for byer.`;
    expect((await paragraphs(text)).text.split('\n\n')).toHaveLength(2);
  });

  it('keeps a blank line before a lower-case bullet or after a complete sentence', async () => {
    const text = `${wrapped(3)}\n\nmen dette er et nytt avsnitt.\n\n- punkt`;
    expect((await paragraphs(text)).text.split('\n\n')).toHaveLength(3);
  });

  it('recognises bullets unified by retext-normalise', async () => {
    const file = await retext()
      .use(retextNormalise)
      .use(retextParagraphs)
      .process('Vi vil:\n• fremme mangfold\nog likeverd;\n+ sikre adgang.');
    expect(String(file)).toBe('Vi vil:\n\n- fremme mangfold og likeverd;\n\n- sikre adgang.');
  });

  it('validates its options', () => {
    expect(() =>
      retext()
        .use(retextParagraphs, { conjunctions: [1] as never })
        .freeze(),
    ).toThrow(TypeError);
  });
});
