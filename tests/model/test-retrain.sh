#!/bin/sh
# genreclassify — retrain the shipped default model from ../shared/data and
# check that the shipped files are reproduced byte for byte (issue 10).
#
#   test-retrain.sh SOURCE-ROOT GENRECLASSIFY-TRAIN SHARED-DIR
#
# SHARED-DIR (meson's shared_dir) is used unless GENRECLASSIFY_SHARED is set.
# Decodes every clip anew, into a feature cache of its own that starts
# empty (so no stale vector of another build can slip in; training and
# calibration share it), so it takes minutes: it is in its own suite,
# "retrain", which `meson test` leaves out by default and CI runs
# (.ci/run).  SKIP (77) when the corpora are absent.
set -eu
src=$1
train=$2
export GENRECLASSIFY_SHARED="${GENRECLASSIFY_SHARED:-$3}"
model=$src/models/genres-11
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

status=0
"$model/train.sh" "$train" "$out" --cache-dir "$out/cache" --progress none -q \
  || status=$?
if [ "$status" -eq 77 ]; then
  echo "SKIP: the training corpora are not in \$GENRECLASSIFY_SHARED/data"
  exit 77
fi
[ "$status" -eq 0 ] || { echo "FAIL: train.sh exited with $status"; exit 1; }

# The decoders a model's recipe names (trained-by: ", decoders A,B").
decoders() {
  sed -n 's/^trained-by=.*, decoders \([^ ,]*\(,[^ ,]*\)*\).*/\1/p' "$1"
}

for f in model.ini model.svm; do
  if ! cmp "$model/$f" "$out/$f"; then
    echo "FAIL: the retrained $f differs from the shipped one:"
    diff "$model/$f" "$out/$f" | head -20
    echo "decoders: shipped model $(decoders "$model/model.ini")," \
      "retrained here $(decoders "$out/model.ini") (docs/training.md," \
      "\"Decoders\"); MP3 decoders installed:" \
      "$(gst-inspect-1.0 2>/dev/null | grep -iE 'mp3|mpg123' |
        sed 's/^[^:]*: *\([^:]*\):.*/\1/' | tr '\n' ' ')"
    exit 1
  fi
done
echo "OK: model.ini ($(wc -c <"$out/model.ini") bytes, decoders $(decoders "$out/model.ini")) and model.svm" \
  "($(wc -c <"$out/model.svm") bytes) reproduced byte for byte"
