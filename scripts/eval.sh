#!/usr/bin/env bash
# Reproduces the accuracy table in docs/performance.md, and the negative
# feelings on real messages (docs/feelings-real.md), from the data sets in
# DATA=dir (banking77/, clinc150/, goemotions/, airline-dev/, realmsgs-dev/:
# docs/testing.md says where each comes from).
set -euo pipefail
if [ -z "${DATA:-}" ]; then
	echo "eval: set DATA to the folder that holds banking77/, clinc150/, goemotions/, airline-dev/ and realmsgs-dev/ (see docs/testing.md)" >&2
	exit 2
fi
for d in banking77 clinc150 goemotions airline-dev realmsgs-dev; do
	[ -d "$DATA/$d" ] || { echo "eval: $DATA/$d: no such folder (see docs/testing.md)" >&2; exit 2; }
done
DATA=$(cd "$DATA" && pwd)
cd "$(dirname "$0")/.."
go build -o /tmp/warmdesk-eval ./cmd/warmdesk
wd=/tmp/warmdesk-eval
B="$DATA/banking77/train.csv -test $DATA/banking77/test.csv"
echo "BANKING77, 10 phrasings per intent, seeds 1-3:"; $wd eval -shots 10 -seeds 3 $B | grep '^mean'
echo "BANKING77, all training phrasings:";           $wd eval -shots 0 $B | grep '^mean'
echo "BANKING77, 10 per intent, typos 0.1:";          $wd eval -shots 10 -seeds 3 -typos 0.1 $B | grep '^mean'
echo "CLINC150, 10 phrasings per intent:";            $wd eval -shots 10 "$DATA/clinc150/data_full.json" | grep '^mean'
echo "CLINC150, 10 per intent, seeds 1-3:";           $wd eval -shots 10 -seeds 3 "$DATA/clinc150/data_full.json" | grep '^mean'
echo "Real complaint tweets (negative feelings):";    $wd eval -feelings "$DATA/airline-dev/tweets.csv" | tail -3
echo "Real customer messages (negative feelings):";   $wd eval -feelings "$DATA/realmsgs-dev/messages.jsonl" | tail -1
echo "GoEmotions test (feelings):";                   $wd eval -feelings "$DATA/goemotions/test.tsv" | tail -3
