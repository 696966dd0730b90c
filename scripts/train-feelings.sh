#!/usr/bin/env bash
# Retrains the feelings model (suggestions/data/feelings-en.json, and the
# binary form the widget embeds, feelings-en.bin) from the
# GoEmotions training set, with thresholds chosen on its development set,
# and valence groups from the VADER lexicon (fetched with npm from the
# vader-sentiment package, pinned and checked; VADER=file uses a copy).
# Deterministic: the same data gives the same file. DATA=dir names the
# folder that holds goemotions/ (docs/testing.md says where it comes from).
set -euo pipefail
if [ -z "${DATA:-}" ] || [ ! -d "$DATA/goemotions" ]; then
	echo "train-feelings: set DATA to the folder that holds goemotions/ (see docs/testing.md)" >&2
	exit 2
fi
DATA=$(cd "$DATA" && pwd)
cd "$(dirname "$0")/.."
vader_version=1.1.3
vader_sha256=ffb6117bfccf798a34e91d72f50604329946e6fd763668092618d5c5b340a298
lexicon="${VADER:-}"
if [ -z "$lexicon" ]; then
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' EXIT
	(cd "$dir" && npm pack --silent "vader-sentiment@$vader_version" >/dev/null &&
		tar -xzf "vader-sentiment-$vader_version.tgz" package/vader_lexicon.txt)
	lexicon="$dir/package/vader_lexicon.txt"
fi
echo "$vader_sha256  $lexicon" | sha256sum --check --quiet -
go run ./tools/trainfeelings -data "$DATA/goemotions" -valence "$lexicon" -out suggestions/data/feelings-en.json "$@"
go run ./cmd/warmdesk eval -feelings "$DATA/goemotions/test.tsv" | tail -2
