"""Renders a reviewed edition as a one-column print and OCRs it with Tesseract (--psm 4)."""
import json, subprocess, sys, textwrap

def printed_paragraphs(reviewed, bullets):
    """Clause texts in the reviewed order; with bullets, list items get a bullet mark as in print."""
    kinds = {c['id']: c['kind'] for c in json.load(open('corpus/charters/integrating-cities/structure.json'))['clauses']}
    return [('\u2022 ' + t if bullets and kinds.get(k) == 'bullet' else t) for k, t in reviewed['clauses'].items()]

# usage: LANG MODEL [REVIEWED_JSON] [bullets]
l, model = sys.argv[1], sys.argv[2]
source = sys.argv[3] if len(sys.argv) > 3 else f'corpus/charters/integrating-cities/reviewed/{l}.json'
bullets = 'bullets' in sys.argv[4:]
reviewed = json.load(open(source))
lines = '\n\n'.join('\n'.join(textwrap.wrap(p, 78)) for p in printed_paragraphs(reviewed, bullets)).split('\n')
pages = [lines[i:i+45] for i in range(0, len(lines), 45)]
out = []
for i, page in enumerate(pages):
    png = f'/tmp/{l}-{i}.png'
    args = ['/usr/bin/convert', '-background', 'white', '-fill', 'black', '-pointsize', '22']
    for line in page:
        args.append('label:' + (line if line else '.'))
    args += ['-append', '-bordercolor', 'white', '-border', '40', '-colorspace', 'gray', '-resize', '70%', '-blur', '0x0.6', '-attenuate', '0.3', '+noise', 'Gaussian', png]
    subprocess.run(args, check=True)
    r = subprocess.run(['tesseract', png, '-', '-l', model, '--psm', '4'], capture_output=True, text=True)
    out.append(r.stdout)
open(f'bench/holdout/{l}.{"bullets." if bullets else ""}tesseract-{model}.txt', 'w').write('\n'.join(out))
