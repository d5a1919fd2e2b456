/**
 * Short municipal-report prose written for these tests (not taken from any corpus), in the three
 * languages, with a seeded OCR-like damage function to test the corrector on text it never saw.
 */
export const PROSE: Record<string, string> = {
  sv:
    'Kommunen har under året arbetat med att förbättra skolornas lokaler och öka tryggheten i bostadsområdena. ' +
    'Många invånare har framfört önskemål om fler cykelbanor, bättre belysning och längre öppettider på biblioteken. ' +
    'Förvaltningen föreslår därför att en del av överskottet används till underhåll av gator och parker. ' +
    'Samtidigt måste kostnaderna för äldreomsorgen hållas nere, eftersom antalet äldre ökar snabbare än skatteintäkterna. ' +
    'Politikerna ska fatta beslut i frågan före sommaren, när nämnden har hört föreningarna och företagen i staden.',
  nb:
    'Kommunen har i år arbeidet med å forbedre skolebyggene og øke tryggheten i boligområdene. ' +
    'Mange innbyggere har kommet med ønsker om flere sykkelveier, bedre belysning og lengre åpningstider på bibliotekene. ' +
    'Administrasjonen foreslår derfor at en del av overskuddet brukes til vedlikehold av gater og parker. ' +
    'Samtidig må kostnadene til eldreomsorgen holdes nede, fordi antallet eldre øker raskere enn skatteinntektene. ' +
    'Politikerne skal ta en beslutning i saken før sommeren, når utvalget har hørt foreningene og næringslivet i byen.',
  da:
    'Kommunen har i år arbejdet med at forbedre skolernes bygninger og øge trygheden i boligområderne. ' +
    'Mange borgere har givet udtryk for ønsker om flere cykelstier, bedre belysning og længere åbningstider på bibliotekerne. ' +
    'Forvaltningen foreslår derfor, at en del af overskuddet bruges til vedligeholdelse af veje og parker. ' +
    'Samtidig skal udgifterne til ældreplejen holdes nede, fordi antallet af ældre stiger hurtigere end skatteindtægterne. ' +
    'Politikerne skal træffe en beslutning i sagen inden sommeren, når udvalget har hørt foreningerne og erhvervslivet i byen.',
};

/** A small seeded pseudo-random generator (mulberry32), so damaged texts are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Damages text the way an OCR model without the language's letters does: most diacritic letters lose
 * their diacritic, some become a look-alike glyph or digit; a few "rn"/"m" and "l"/"1" slips elsewhere.
 */
export function damage(text: string, seed: number, lossRate = 0.8): string {
  const next = random(seed);
  const misread: Record<string, string[]> = {
    å: ['a', 'd', '&'],
    ä: ['a', 'd', 'é'],
    ö: ['o', '6', 'é'],
    æ: ['ae', 'ee', 'a'],
    ø: ['o', 'g', '@'],
  };
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const forms = misread[ch];
    if (forms) {
      const r = next();
      if (r < lossRate) out += forms[0];
      else if (r < lossRate + (1 - lossRate) / 2) out += forms[1 + Math.floor(next() * (forms.length - 1))];
      else out += ch;
    } else if (ch === 'm' && next() < 0.03) out += 'rn';
    else if (ch === 'l' && next() < 0.02) out += '1';
    else out += ch;
  }
  return out;
}
