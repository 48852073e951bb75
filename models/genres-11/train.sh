#!/bin/sh
# genreclassify — train the default model, genres-11, from the two corpora
# of ../shared/data (docs/models.md: data, method, figures).
#
#   models/genres-11/train.sh GENRECLASSIFY-TRAIN [OUTPUT-FOLDER] [OPTION…]
#
# GENRECLASSIFY-TRAIN is the tool to train with (BUILD/src/cli/
# genreclassify-train; genreclassify-eval, beside it, then calibrates the
# model by window length); OUTPUT-FOLDER defaults to this script's folder.
# The corpora are read from $GENRECLASSIFY_SHARED/data (default: the folder
# "shared" beside the source tree).  Further options go to the tool (for
# example --no-cache, -j 1).  The same data and options give byte-identical
# model.ini and model.svm, whatever the machine's number of processors.
# From a build folder: `ninja -C build train-default-model`.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
train=${1:?usage: $0 GENRECLASSIFY-TRAIN [OUTPUT-FOLDER] [OPTION...]}
out=${2:-$here}
[ $# -ge 2 ] && shift 2 || shift $#
shared=${GENRECLASSIFY_SHARED:-$here/../../../shared}
data=$shared/data

for corpus in emotify allmusic-4q; do
  if [ ! -f "$data/$corpus/train.list" ] || [ ! -f "$data/$corpus/clips.tsv" ]; then
    echo "$0: $data/$corpus/train.list or clips.tsv is missing" \
      "(set GENRECLASSIFY_SHARED to the folder holding data/)" >&2
    exit 77
  fi
done

# One list of both corpora, with absolute paths (the model records none).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for corpus in emotify allmusic-4q; do
  dir=$(cd "$data/$corpus" && pwd)
  grep -v '^#' "$dir/train.list" | awk -F '\t' -v d="$dir" \
    'NF >= 2 { print d "/" $1 "\t" $2 }'
done >"$tmp/train.list"

evaluate=$(dirname "$train")/genreclassify-eval

mkdir -p "$out"
"$train" --features robust-281 \
  --groups "$data/emotify/clips.tsv" --groups "$data/allmusic-4q/clips.tsv" \
  --augment mp3-32k-96k,mp3-44k-128k,fade-2s,lowpass-5k,pink-30db,vorbis-q2 \
  --extra-windows 10,20 --c 2 --gamma 0.00178 --seed 1 --probability grouped \
  --description "Eleven genres (blues, classical, country, electronic, hip-hop, jazz, latin, pop, r&b, reggae, rock), trained on the Emotify and AllMusic 4Q clips (498 files, 264 artists; see docs/models.md for their terms), robust-281 features, every clip also through six recording chains" \
  "$@" -o "$out/model.ini" "$tmp/train.list"

# How people spell the genres (docs/model-format.md, display-names): what
# genreclassify-tag and the integrations write into files' tags.  The
# evaluation below loads and saves the model, which puts the key after
# labels= as the shipped model.ini has it.
sed -i '/^labels=/a display-names=Blues;Classical;Country;Electronic;Hip-Hop;Jazz;Latin;Pop;R&B;Reggae;Rock;' \
  "$out/model.ini"

# Calibration by window length, from the same artist-grouped folds: the
# temperature and summary weight of windows of 5 to 30 s (docs/models.md).
"$evaluate" --cv 5 \
  --groups "$data/emotify/clips.tsv" --groups "$data/allmusic-4q/clips.tsv" \
  -m "$out/model.ini" --calibrate 5,10,15,20,30 --write-calibration \
  "$@" "$tmp/train.list"
