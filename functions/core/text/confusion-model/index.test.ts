import { describe, expect, it } from 'vitest';
import { createConfusionModel } from './index.ts';

describe('createConfusionModel', () => {
  it('adds upper-case variants, keeping digits as they are', () => {
    const model = createConfusionModel({
      description: 'test',
      groups: [
        {
          kind: 'diacritic-misread',
          cost: 3,
          pairs: [
            ['ö', '6'],
            ['æ', 'ee'],
          ],
        },
      ],
    });
    const pairs = model.confusions.map((c) => `${c.intended}>${c.seen}`).sort();
    expect(pairs).toEqual(['Æ>EE', 'Æ>Ee', 'æ>ee', 'Ö>6', 'ö>6'].sort());
  });

  it('reverses pairs of groups marked both, and keeps the cheaper cost of a repeated pair', () => {
    const model = createConfusionModel({
      description: 'test',
      groups: [
        { kind: 'glyph', cost: 4, both: true, pairs: [['l', 'I']] },
        { kind: 'glyph', cost: 2, pairs: [['I', 'l']] },
      ],
    });
    const cost = (intended: string, seen: string) =>
      model.confusions.find((c) => c.intended === intended && c.seen === seen)?.cost;
    expect(cost('l', 'I')).toBe(4);
    expect(cost('I', 'l')).toBe(2);
  });
});
