"""Renders a reviewed edition as a two-column print (second half of the clauses in the right column, a few
paragraphs moved) and OCRs it with --psm 6, which reads across both columns."""
import json, subprocess, sys, textwrap, random

def printed_paragraphs(reviewed, bullets):
    """Clause texts in the reviewed order; with bullets, list items get a bullet mark as in print."""
    kinds = {c['id']: c['kind'] for c in json.load(open('corpus/charters/integrating-cities/structure.json'))['clauses']}
    return [('\u2022 ' + t if bullets and kinds.get(k) == 'bullet' else t) for k, t in reviewed['clauses'].items()]

# usage: LANG MODEL SEED [REVIEWED_JSON] [bullets]
l, model, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(seed)
import os
WIDTH = int(os.environ.get('WIDTH', '46'))  # characters per column line
source = sys.argv[4] if len(sys.argv) > 4 else f'corpus/charters/integrating-cities/reviewed/{l}.json'
bullets = 'bullets' in sys.argv[5:]
paras = printed_paragraphs(json.load(open(source)), bullets)
# move two random paragraphs elsewhere (a reordered layout)
for _ in range(2):
    p = paras.pop(random.randrange(len(paras)))
    paras.insert(random.randrange(len(paras)), p)
def col(ps):
    lines = []
    for p in ps:
        lines += textwrap.wrap(p, WIDTH) + ['.']
    return lines
half = len(paras) // 2
left, right = col(paras[:half]), col(paras[half:])
out = []
rows = 40
for page in range(0, max(len(left), len(right)), rows):
    imgs = []
    for side, lines in (('L', left), ('R', right)):
        chunk = lines[page:page + rows] or ['.']
        png = f'/tmp/{l}-2c-{page}-{side}.png'
        args = ['/usr/bin/convert', '-background', 'white', '-fill', 'black', '-pointsize', '22'] + ['label:' + x for x in chunk] + ['-append', '-extent', '%dx%d' % (WIDTH * 15 + 20, rows * 34), png]
        subprocess.run(args, check=True)
        imgs.append(png)
    png = f'/tmp/{l}-2c-{page}.png'
    subprocess.run(['/usr/bin/convert', imgs[0], '-size', '60x10', 'xc:white', imgs[1], '+append', '-bordercolor', 'white', '-border', '30', '-colorspace', 'gray', '-resize', '75%', '-blur', '0x0.5', png], check=True)
    r = subprocess.run(['tesseract', png, '-', '-l', model, '--psm', '6'], capture_output=True, text=True)
    out.append(r.stdout)
open(os.environ.get('OUT', f'bench/holdout/{l}.two-column.{"bullets." if bullets else ""}tesseract-{model}.txt'), 'w').write('\n'.join(out))
