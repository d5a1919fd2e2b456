import { retext } from 'retext';
import { describe, expect, it } from 'vitest';
import retextSpecks from './index.ts';

/** A small lexicon: the words of the test sentences. */
const words = new Set(
  'qu il at lære tale det er og alder handicap ligestilling mangfoldighed fortsætter i lang tid personalet sikre respekterer forstår by en den som vi osv osv. de'.split(
    ' ',
  ),
);
const lexicon = { has: (w: string) => words.has(w) };

function clean(text: string) {
  const file = retext().use(retextSpecks, { lexicon }).processSync(text);
  return { text: String(file), rules: file.messages.map((m) => m.ruleId) };
}

describe('retextSpecks', () => {
  it('splits two words a speck ran together', () => {
    expect(clean('At lære at.tale det').text).toBe('At lære at tale det');
    expect(clean("alder'og handicap").text).toBe('alder og handicap');
    expect(clean('sikre.at personalet forstår').rules).toEqual(['split-speck-joined-words']);
  });

  it('splits words run together by a colon, and a one-letter word run together by a dot', () => {
    expect(clean('respekterer det:personalet').text).toBe('respekterer det personalet');
    expect(clean('alder.i personalet').text).toBe('alder i personalet');
    expect(clean('og i.personalet').text).toBe('og i personalet');
  });

  it('removes a dot glued to the front of a word inside a line', () => {
    expect(clean('personalet forstår .det og .alder').text).toBe('personalet forstår det og alder');
    expect(clean('personalet forstår .det').rules).toEqual(['leading-speck']);
  });

  it('keeps a mark before a word at a line start, before a non-word and before a capital', () => {
    for (const text of ['personalet\n.det og', 'og .eu by', 'og .Det by']) {
      expect(clean(text)).toEqual({ text, rules: [] });
    }
  });

  it('removes an apostrophe after a word that is neither a genitive nor a closing quote', () => {
    expect(clean("personalet forstår det' og alder").text).toBe('personalet forstår det og alder');
    expect(clean("personalet forstår det'").rules).toEqual(['trailing-speck']);
  });

  it("keeps a genitive apostrophe and a quote's closing mark", () => {
    for (const text of ["EUROCITIES' by og alder", "de sikre 'tale det' og alder"]) {
      expect(clean(text)).toEqual({ text, rules: [] });
    }
  });

  it('removes quotation marks nothing pairs with in a text that shows specks', () => {
    const specks = ' Vi sikre at.tale og det.er by.';
    const cleaned = 'Vi forstår alder og handicap. Vi sikre at tale og det er by.';
    expect(clean(`Vi forstår "alder og handicap.${specks}`).text).toBe(cleaned);
    expect(clean(`Vi forstår alder" og handicap.${specks}`).text).toBe(cleaned);
    expect(clean(`Vi forstår 'alder og handicap.${specks}`).rules).toContain('quote-speck');
    // Paired quotes stay, and so do unpaired ones where the text shows no specks.
    for (const text of [`Vi forstår "alder og handicap", og ${specks}`, 'Vi forstår "alder og handicap.']) {
      expect(clean(text).rules).not.toContain('quote-speck');
    }
  });

  it('removes a letter standing alone after a full stop at a line end in a text that shows specks', () => {
    const specks = '\nVi sikre at.tale og det.er by.';
    expect(clean(`Det er lang tid. s${specks}`).text).toBe(
      'Det er lang tid.\nVi sikre at tale og det er by.',
    );
    expect(clean(`Det er lang tid. R\n\nVi sikre at.tale og det.er by.`).rules).toContain('letter-speck');
    // A word of one letter, a capital before more text (an initial), and a text without specks keep theirs.
    for (const text of [
      `Det er lang tid. i${specks}`,
      `Det er lang tid. R${specks}`,
      'Det er lang tid. s\nVi sikre by.',
    ]) {
      expect(clean(text).rules).not.toContain('letter-speck');
    }
  });

  it('removes a mark a speck left after a full stop, and a small letter ending a paragraph after one', () => {
    const specks = ' Vi sikre at.tale og det.er by.';
    expect(clean(`Det er lang tid.: Vi forstår. :${specks}`).text).toBe(
      'Det er lang tid. Vi forstår. Vi sikre at tale og det er by.',
    );
    expect(clean(`Vi sikre at.tale og det.er by. i`).text).toBe('Vi sikre at tale og det er by.');
    // Without specks elsewhere, and after an abbreviation, the marks stay.
    expect(clean('Det er lang tid.: Vi forstår.').rules).toEqual([]);
    expect(clean(`Det er de osv.: ${specks}`).rules).not.toContain('stop-speck');
  });

  it('splits a word and a number a colon ran together in a text that shows specks', () => {
    expect(clean('Vi sikre at.tale og det.er by. Personalet:17 forstår.').text).toBe(
      'Vi sikre at tale og det er by. Personalet 17 forstår.',
    );
    expect(clean('Personalet:17 forstår.').text).toBe('Personalet:17 forstår.');
  });

  it('leaves initials and one-letter abbreviations alone', () => {
    for (const text of ['i.e. det', 'e.g. by', 'i:e det', "i'alder"]) {
      expect(clean(text)).toEqual({ text, rules: [] });
    }
  });

  it('leaves sentence ends, abbreviations, names, numbers and addresses alone', () => {
    for (const text of [
      'Det er lang tid. Vi forstår det.',
      'det fortsætter. i lang tid',
      'de osv. og den',
      'www.eurocities.eu og by',
      'EUROCITIES.og det',
      'i 2.000 by',
      "Charter's tale",
      "qu'il tale",
      'bl.a. at tale',
    ]) {
      expect(clean(text)).toEqual({ text, rules: [] });
    }
  });
});
