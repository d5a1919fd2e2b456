#!/bin/bash
# `npm start` five times after a second upload of an edition without --lang: the current versions do not change
# (issue 15). Run: bash bench/reliability/npm-start-repeat.sh [repo folder]; prints the versions before and after.
set -u
cd "${1:-.}"
export CHARTER_DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/charter-repeat-XXXX")
npm start -- --once > /dev/null 2>&1 || { echo "first start failed"; exit 1; }
# A second upload of the Swedish edition (a copy with a changed line), without --lang.
sed '1s/^/Reviderad utgåva. /' corpus/charters/integrating-cities/editions/sv.txt > "$CHARTER_DATA_DIR/sv-copy.txt"
node cli/bin.mjs ingest "$CHARTER_DATA_DIR/sv-copy.txt" --json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log("second upload:", j.editions.map(e=>e.status+" "+e.lang+" "+(e.error??"")).join("; "))})'
versions() { for l in sv nb da; do node cli/bin.mjs edition $l --json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);process.stdout.write(j.lang+" v"+j.edition?.version+" "+j.edition?.sourceKey+"\n")})'; done; }
before=$(versions); echo "$before"
for i in 1 2 3 4 5; do npm start -- --once > /dev/null 2>&1; done
after=$(versions); echo "after 5 runs:"; echo "$after"
[ "$before" = "$after" ] && echo "UNCHANGED" || echo "CHANGED"
