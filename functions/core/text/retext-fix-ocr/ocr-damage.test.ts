import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfusionModel, loadLanguage } from '../../../adapters/resources/index.ts';
import { cleanText } from '../clean-text.ts';
import type { ConfusionModel, LanguageResources } from '../types.ts';
import { PROSE } from './prose.fixture.ts';

/**
 * Native-model OCR damage and the do-no-harm rules, through the whole pipeline with the real
 * lexicons. The texts are written for these tests (not taken from any corpus or benchmark page).
 */
let resources: Record<string, LanguageResources>;
let confusions: ConfusionModel;

beforeAll(async () => {
  const langs = ['sv', 'nb', 'da', 'en', 'de'];
  const loaded = await Promise.all(langs.map((lang) => loadLanguage(lang)));
  resources = Object.fromEntries(langs.map((lang, i) => [lang, loaded[i]!]));
  confusions = await loadConfusionModel();
});

const clean = (text: string, lang: string) => cleanText(text, { resources: resources[lang]!, confusions });

describe('native-model OCR damage', () => {
  it('reads letters the scan blurred into others, in a text that shows such damage', async () => {
    const { text } = await clean(
      'Kommunen vill arbeta för bättre skolpr och tryggare bostadsområden. Många invånare har ' +
        'framfört önskemål om flera cykelbanor och längre öppettider på bibliotekem, och förvaltnirgen ' +
        'föreslår att överskortet används till underhåll av gator, parker och idrottsplatser i staden.',
      'sv',
    );
    expect(text).toContain('bättre skolor och');
    expect(text).toContain('förvaltningen');
    // "bibliotekem" is one letter from both "biblioteken" and "biblioteket": either is a word.
    expect(text).toMatch(/på bibliotek(?:en|et),/u);
  });

  it('reads a letter whose diacritic the OCR wrote as an accent beside it (aé for ä, oé for ö)', async () => {
    const { text } = await clean(
      'Kommunen bygger nya skolor och foérskolor i flera staéder, och fler barn ska kunna gaé dit.',
      'sv',
    );
    expect(text).toBe(
      'Kommunen bygger nya skolor och förskolor i flera städer, och fler barn ska kunna gå dit.',
    );
  });

  it('takes off a diacritic a speck of noise gave a plain letter, where no word has it', async () => {
    const { text } = await clean(
      'Kommunen har ansvaret for skolerne ellér for de nationåle opgaver, og samårbejde med borgerne ' +
        'er en vigtig del af arbejdet i byen.',
      'da',
    );
    expect(text).toContain('skolerne eller for de nationale opgaver, og samarbejde med');
  });

  it('keeps an accented word the lexicon lists, and a name with an accent in a clean text', async () => {
    const prose = 'Vi mødtes på en café i byen med René, og vi talte om arbejdet.';
    const { text } = await clean(prose, 'da');
    expect(text).toBe(prose);
  });

  it('joins a word the OCR broke in two when one half is a rare or unreadable word', async () => {
    const { text, changes } = await clean(
      'Prosjektet ble finansiert av byen, og dét te er bra for byene. Vi vil arbeide for mangfold i ' +
        'kommunen, og dét te er en viktig ogpgave for alle som har komrnet hit fra andre land.',
      'nb',
    );
    expect(text).toContain('og dette er bra');
    expect(changes.filter((c) => c.ruleId === 'ocr-join').map((c) => c.expected)).toEqual(['dette', 'dette']);
  });

  it('reads a comma the OCR took for a full stop, a lone capital I and a capital on a common word', async () => {
    const { text } = await clean(
      'Vi arbetar för frihet. rättvisa och fred I världen, mellan invandrare Och staden. Detta gäller osv. alla.',
      'sv',
    );
    expect(text).toContain('frihet, rättvisa och fred i världen, mellan invandrare och staden.');
    // An abbreviation the lexicon knows keeps its stop.
    expect(text).toContain('osv. alla');
  });

  it('removes a speck read as a full stop where the document shows no comma belongs', async () => {
    const { text, changes } = await clean(
      'Kommunen arbejder. med integrationen af nye borgere, som kommer til byen. Vi vil have et tæt ' +
        'samarbejde med foreningerne, som hjælper dem, og med borgerne. som bor i byen.',
      'da',
    );
    expect(text).toContain('arbejder med integrationen af');
    // "som" follows a comma everywhere else in the text: there the stop was a comma.
    expect(text).toContain('med borgerne, som bor');
    expect(changes.filter((c) => c.ruleId === 'ocr-punctuation').map((c) => c.expected)).toEqual(['', ',']);
  });

  it('takes a stop after a common word for a speck, though a frequency list holds the word with a stop', async () => {
    const { text } = await clean('Learning the language of the city is. essential to this work.', 'en');
    expect(text).toBe('Learning the language of the city is essential to this work.');
  });

  it('splits words a speck ran together once the corrector has read one of them', async () => {
    const { text } = await clean(
      'Enhver har som mediem.af samfundet ret til social tryghed og har krav på sociale goder.',
      'da',
    );
    expect(text).toContain('som medlem af samfundet');
  });

  it('splits words a speck ran together though the lexicon would accept them as a compound', async () => {
    // "tilsociale" is no word anyone writes, only a compound the Danish lexicon allows.
    const { text } = await clean('Borgerne har adgang til:sociale tilbud i kommunen.', 'da');
    expect(text).toBe('Borgerne har adgang til sociale tilbud i kommunen.');
  });

  it('reads a hyphen between two of the commonest words as a speck where the scan shows specks', async () => {
    const { text } = await clean('Tilbudet skal være åpent for-alle som bor.i byen, og det:er viktig.', 'nb');
    expect(text).toBe('Tilbudet skal være åpent for alle som bor i byen, og det er viktig.');
    // Without specks elsewhere the hyphen is left as written.
    const clean1 = 'Tilbudet skal være åpent for-alle som bor i byen, og det er viktig.';
    expect((await clean(clean1, 'nb')).text).toBe(clean1);
  });

  it('reads a hyphen before a commonest word, or after a short one, as a speck where the scan shows specks', async () => {
    const { text } = await clean(
      'Byen blir stadig-mer mangfoldig, og tjenestene skal.nå alle som bor.i byen.',
      'nb',
    );
    expect(text).toContain('stadig mer mangfoldig');
    const english = await clean(
      'We shall report on the-advent of the plan, and the.city will act.to help.',
      'en',
    );
    expect(english.text).toContain('on the advent of');
    // A longer common word before a hyphen may be a prefix ("ikke-"): it stays.
    const prefix = 'Vi støtter ikke-statlige organisasjoner, og det.er viktig at.vi gjør det.';
    expect((await clean(prefix, 'nb')).text).toContain('ikke-statlige');
  });

  it('reads a semicolon inside a list of words run by commas as a comma', async () => {
    const { text } = await clean('Konferansene ble holdt i Bergen, Tromsø; Trondheim og Bodø.', 'nb');
    expect(text).toBe('Konferansene ble holdt i Bergen, Tromsø, Trondheim og Bodø.');
    // Items holding commas are run by semicolons throughout; a semicolon between clauses stays too.
    for (const kept of [
      'Vi besøkte Oslo, Norge; Berlin, Tyskland; og Roma, Italia.',
      'Byen vokser, raskt; det krever nye skoler.',
    ]) {
      expect((await clean(kept, 'nb')).text).toBe(kept);
    }
  });

  it('puts lost diacritics back on a heading in capitals, but not on an acronym', async () => {
    const heading = 'NASTA STEG: BATTRE ATGARDER MED UNICEF';
    const body =
      'Kommunen foreslar att manga skolor far battre lokaler och att eleverna far mer stod i sitt larande. ' +
      'Forvaltningen ska aven se over hur lararna kan fa mer tid for varje elev under aret.';
    const { text } = await clean(`${heading}\n\n${body}`, 'sv');
    expect(text.split('\n')[0]).toBe('NÄSTA STEG: BÄTTRE ÅTGÄRDER MED UNICEF');
    // A text that lost no diacritics keeps its capitals as written.
    const intact =
      'FORSLAG OM NYA SKOLOR\n\nKommunen föreslår att många skolor får bättre lokaler och mer stöd.';
    expect((await clean(intact, 'sv')).text.split('\n')[0]).toBe('FORSLAG OM NYA SKOLOR');
  });

  it('removes a mark standing alone between words, or after a heading number, where the scan shows specks', async () => {
    const { text } = await clean(
      'Artikkel 4 :\n\nIngen skal holdes i slaveri . eller trelldom, og det.er viktig at.vi sier det * til alle.',
      'nb',
    );
    expect(text).toBe(
      'Artikkel 4\n\nIngen skal holdes i slaveri eller trelldom, og det er viktig at vi sier det til alle.',
    );
    // A colon standing alone is French typography, not a speck.
    const colon = 'Vi vil si dette : alle skal ha rett, og det.er viktig at.vi sier det.';
    expect((await clean(colon, 'nb')).text).toContain('dette : alle');
  });

  it('counts a commonest word capitalised inside a sentence as a sign of specks', async () => {
    const { text } = await clean(
      'The city offers help to-all the families Of the district, and the. residents can ask for more.',
      'en',
    );
    expect(text).toBe(
      'The city offers help to all the families of the district, and the residents can ask for more.',
    );
  });

  it('reads an apostrophe after a common one-letter word as a speck where the scan shows specks', async () => {
    const { text } = await clean(
      "Vi vil sikre likestilling i'alle byer, og det.er viktig at.vi gjør det.",
      'nb',
    );
    expect(text).toBe('Vi vil sikre likestilling i alle byer, og det er viktig at vi gjør det.');
    const clean1 = "Vi vil sikre likestilling i'alle byer, og det er viktig at vi gjør det.";
    expect((await clean(clean1, 'nb')).text).toBe(clean1);
  });

  it('removes a speck read as a stop before a word that carries a speck of its own', async () => {
    const { text } = await clean('Kommunen skal. sikre. at alle borgere får hjælp.', 'da');
    expect(text).toBe('Kommunen skal sikre at alle borgere får hjælp.');
  });

  it('reads a capital small inside a sentence of a damaged scan where the text writes the word small', async () => {
    const damaged =
      'Vi följer gemensamma principer i arbetet. Våra principer gäller alla.och vi har.lagt fast nya Principer för skolan.';
    expect((await clean(damaged, 'sv')).text).toContain('nya principer för skolan');
    // In a text without signs of damage the capital may be meant (a name of a programme).
    const clean1 =
      'Vi följer gemensamma principer i arbetet. Våra principer gäller alla och vi har lagt fast nya Principer för skolan.';
    expect((await clean(clean1, 'sv')).text).toBe(clean1);
  });

  it('reads an accented word the lexicon only accepts as a made-up compound as the word it stands for', async () => {
    const { text } = await clean('De regionåle myndigheder arbejder sammen med borgerne.', 'da');
    expect(text).toBe('De regionale myndigheder arbejder sammen med borgerne.');
  });

  it('leaves a word with no good reading as it is and marks it', async () => {
    const result = await clean(
      'Vi arbetar for stader och mangfald, och vi vill framja integration av xqzvbnt i vara stader.',
      'sv',
    );
    expect(result.text).toContain('xqzvbnt');
    expect(result.marks?.map((m) => [m.ruleId, m.actual])).toContainEqual(['unknown-word', 'xqzvbnt']);
    expect(result.changes.some((c) => c.actual === 'xqzvbnt')).toBe(false);
  });
});

describe('do no harm', () => {
  it('keeps an English programme name inside a Scandinavian text that lost its diacritics', async () => {
    const { text } = await clean(
      'Projektet finansierades av European Fund for the Integration of Third Country Nationals, ' +
        'for att framja mangfald i vara stader.',
      'sv',
    );
    expect(text).toContain('European Fund for the Integration of Third Country Nationals');
    expect(text).toContain('för att främja mångfald');
  });

  it('keeps a real hyphen at a line end when both parts are words and the joined form is not', async () => {
    const { text } = await clean('The cities are co-\nfinancing the work of the programme.', 'en');
    expect(text).toContain('co-financing');
  });

  it('still joins a line-end break whose joined form is a word with lost diacritics', async () => {
    const { text } = await clean('Denna avsikts-\nforklaring ar en for-\nklaring om stader.', 'sv');
    expect(text).toContain('avsiktsförklaring är en förklaring om städer');
  });

  it('keeps a stop and a capital at a line end, where a line may come from another column', async () => {
    const text = 'Vi arbetar för integration.\nvilket gäller alla och Ingen\nstad står utanför.';
    const { changes } = await clean(text, 'sv');
    expect(changes.filter((c) => c.source === 'retext-fix-ocr')).toEqual([]);
  });

  it('removes a speck colon before a conjunction or inside a phrase the text writes whole, keeps one opening a list', async () => {
    const text =
      'Vi ser polarisering: och konflikt mellan grupper. Vi visar respekt: för alla.\n' +
      'Staden visar respekt för alla invånare i livets alla delar: ekonomiska, sociala och kulturella.';
    const { text: cleaned, changes } = await clean(text, 'sv');
    expect(cleaned).toBe(
      'Vi ser polarisering och konflikt mellan grupper. Vi visar respekt för alla. ' +
        'Staden visar respekt för alla invånare i livets alla delar: ekonomiska, sociala och kulturella.',
    );
    expect(changes.filter((c) => c.ruleId === 'ocr-punctuation').map((c) => c.actual)).toEqual([':', ':']);
  });

  it("keeps a stop after a line's first word, where a line extracted backwards ends its sentence", async () => {
    const text = 'Ingen får utsättas för godtyckligt\nlandsförvisning. eller fängelse av staten';
    const { changes } = await clean(text, 'sv');
    expect(changes.filter((c) => c.ruleId === 'ocr-punctuation')).toEqual([]);
  });

  it('keeps the unknown words of a text long enough to show no damage, unless only an accent is amiss', async () => {
    const german =
      'Die Stadt hat in diesem Jahr die Schulgebäude renoviert und die Sicherheit in den Wohngebieten verbessert. ' +
      'Viele Bürgerinnen und Bürger wünschen sich mehr Radwege, eine bessere Beleuchtung und längere Öffnungszeiten der Bibliotheken. ' +
      'Die Verwaltung schlägt deshalb vor, einen Teil des Überschusses für die Instandhaltung der Straßen und Parks zu verwenden. ' +
      'Gleichzeitig müssen die Kosten der Altenpflege niedrig bleiben, weil die Zahl der älteren Menschen schneller wächst als die Steuereinnahmen. ' +
      'Die nichtpolitischen Vereine und die nichtstaatlichen Verbände der Stadt arbeiten seit Jahren zusammen. ' +
      'Der Rat wird vor dem Sommer entscheiden, nachdem der Ausschuss die Vereine und die Unternehmen der Stadt angehört hat. ' +
      'Die Bürger können ihre Meinung auf der Internetseite der Stadt äußern, und die Verwaltung veröffentlicht jedes Jahr einen Bericht über ihre Entscheidungen. ' +
      'Alle Einwohner sind zu den öffentlichen Sitzungen des Rates herzlich eingeladen. ' +
      'Im nächsten Jahr sollen außerdem neue Spielplätze in allen Stadtteilen gebaut werden, damit die Familien mit Kindern mehr Platz zum Spielen haben.';
    const danish = `${PROSE.da} Kommunen spurgte borgerne, hvadenten de boede i byen eller på landet. ${PROSE.da}`;
    for (const [lang, prose] of [
      ['de', german],
      ['da', danish],
    ] as const) {
      const { text, changes } = await clean(prose, lang);
      expect(changes.filter((c) => c.source === 'retext-fix-ocr')).toEqual([]);
      expect(text).toBe(prose);
    }
  });

  it('reads a confusion a native model commits habitually in a text that shows no other damage', async () => {
    // Three words or more need the same "t" for "f": the scan's habit, not names.
    const damaged = `${PROSE.sv} ${PROSE.sv}`
      .replace('förbättra', 'törbättra')
      .replace('framfört', 'tramtört')
      .replace('Förvaltningen', 'Törvaltningen')
      .replace('föreningarna', 'töreningarna');
    const { text } = await clean(damaged, 'sv');
    for (const word of ['törbättra', 'tramtört', 'töreningarna']) expect(text).not.toContain(word);
    expect(text).toContain('framfört önskemål');
    // One such word alone is no habit: it stays as written.
    const once = `${PROSE.sv} ${PROSE.sv}`.replace('framfört', 'tramfört');
    expect((await clean(once, 'sv')).text).toContain('tramfört');
  });

  it('keeps two common words written together in a damaged text rather than read a word no text writes', async () => {
    const damaged = `${PROSE.da} Kommunen spurgte borgerne, hvadenten de boede i byen eller pa landet.`
      .replace(/ø/gu, 'o')
      .replace(/å/gu, 'a')
      .replace(/æ/gu, 'e');
    const { text } = await clean(damaged, 'da');
    expect(text).toContain('hvadenten de boede');
    expect(text).toContain('på landet');
  });

  it('does not split a word the frequency list holds though the dictionary lacks it', async () => {
    const { text } = await clean('The conditions of work shall be just and favourable to all.', 'en');
    expect(text).toContain('just and favourable to all');
  });

  it.each([
    [
      'sv',
      'Kommunen har under året arbetat med att förbättra skolornas lokaler. Vi är övertygade om att mångfald är en styrka, och i dag väljer många att bo i våra städer.',
    ],
    [
      'nb',
      'Kommunen har i år arbeidet med å forbedre skolebyggene. Vi er overbevist om at mangfold er en styrke, og i dag velger mange å bo i byene våre.',
    ],
    [
      'da',
      'Kommunen har i år arbejdet med at forbedre skolernes bygninger. Vi er overbeviste om, at mangfoldighed er en styrke, og i dag vælger mange at bo i vores byer.',
    ],
    [
      'en',
      'The council has worked this year to improve its school buildings. We are convinced that diversity is a strength, and today many choose to live in our cities.',
    ],
  ])('changes no word of clean %s prose', async (lang, prose) => {
    const { text, changes } = await clean(prose, lang);
    expect(changes.filter((c) => c.source === 'retext-fix-ocr')).toEqual([]);
    expect(text).toBe(prose);
  });
});
