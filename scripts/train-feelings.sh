#!/usr/bin/env bash
# Retrains the feelings model (suggestions/data/feelings-en.json, and the
# binary form the widget embeds, feelings-en.bin) from the
# GoEmotions training set, with thresholds chosen on its development set,
# and valence groups from the VADER lexicon (fetched with npm from the
# vader-sentiment package, pinned and checked; VADER=file uses a copy).
# Deterministic: the same data gives the same file. DATA=dir overrides
# the data folder.
set -euo pipefail
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
go run ./tools/trainfeelings -data "${DATA:-../shared/data}/goemotions" -valence "$lexicon" -out suggestions/data/feelings-en.json "$@"
go run ./cmd/warmdesk eval -feelings "${DATA:-../shared/data}/goemotions/test.tsv" | tail -2
