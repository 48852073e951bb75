#!/bin/sh
# genreclassify — training at library scale (docs/performance.md, "Training
# at library scale").  Prints figures; asserts nothing about speed.
#
#   bench-scale.sh GENRECLASSIFY-TRAIN BENCH-CORE DEFAULT-MODEL [ROWS…]
#
# Makes 25,760 rows of real robust-281 features from the 498 clips of
# ../shared/data (emotify, allmusic-4q): 10-s windows every 2 s (about 13
# a clip) of every clip and of its copies through three recording chains.  The
# features are extracted once into a feature cache (timed alone); then the
# default model's SVM (C 2, gamma 0.00178, probabilities on grouped folds;
# no grid search) is trained on ROWS windows each (default 2500 5000 10000
# 20000; --max-rows), every training reading the cache.  Per size: wall
# time and maximum RSS of the whole run, the final SVM training alone, the
# model's .svm bytes and support vectors; then bench-core loads and runs
# the default model and every scaled one in the same run (load time, CPU
# per window).  Set GC_BENCH_SCALE_DIR to keep the cache and models (a
# second run then skips the extraction).  SKIP (77) without the corpora.
set -eu

train=${1:?usage: $0 GENRECLASSIFY-TRAIN BENCH-CORE DEFAULT-MODEL [ROWS...]}
bench=${2:?}
default=${3:?}
shift 3
sizes=${*:-2500 5000 10000 20000}
here=$(cd "$(dirname "$0")" && pwd)
shared=${GENRECLASSIFY_SHARED:-$here/../../../shared}
data=$shared/data
features=$(dirname "$train")/genreclassify-features
chains=fade-2s,lowpass-5k,pink-30db
jobs=${GC_BENCH_JOBS:-2}

for corpus in emotify allmusic-4q; do
  if [ ! -f "$data/$corpus/train.list" ] || [ ! -f "$data/$corpus/clips.tsv" ]; then
    echo "SKIP: $data/$corpus/train.list or clips.tsv is missing" >&2
    exit 77
  fi
done
if [ -n "${GC_BENCH_SCALE_DIR:-}" ]; then
  out=$GC_BENCH_SCALE_DIR
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

for corpus in emotify allmusic-4q; do
  dir=$(cd "$data/$corpus" && pwd)
  grep -v '^#' "$dir/train.list" | awk -F '\t' -v d="$dir" \
    'NF >= 2 { print d "/" $1 "\t" $2 }'
done >"$out/train.list"
groups="--groups $data/emotify/clips.tsv --groups $data/allmusic-4q/clips.tsv"
rows="--features robust-281 --window 10 --hop 2"

# 1. The features, once: what a library pays the first time.
/usr/bin/time -f '%e s wall, %M KiB max RSS' -o "$out/extract.time" \
  "$features" --labelled $rows --degrade $chains $groups \
  --cache-dir "$out/cache" -j "$jobs" -q -o "$out/rows.csv" "$out/train.list"
n_rows=$(($(wc -l <"$out/rows.csv") - 1))
echo "extraction: $n_rows rows (498 clips and 3 chains, 10-s windows" \
  "every 2 s), $(cat "$out/extract.time"), -j $jobs" \
  "(a kept GC_BENCH_SCALE_DIR: read from its cache)"

# 2. The SVM alone, per size, from the cache.
echo
echo "| rows | wall (run) | max RSS | features from cache | final training | .svm bytes | support vectors |"
echo "|---|---|---|---|---|---|---|"
models=
for n in $sizes; do
  dir=$out/rows-$n
  mkdir -p "$dir"
  /usr/bin/time -f '%e %M' -o "$dir/time" \
    "$train" $rows --augment $chains $groups --c 2 --gamma 0.00178 \
    --seed 1 --probability grouped --max-rows "$n" \
    --cache-dir "$out/cache" -j "$jobs" --progress none \
    -o "$dir/model.ini" "$out/train.list" >"$dir/log" 2>&1
  wall=$(cut -d ' ' -f 1 "$dir/time")
  rss=$(cut -d ' ' -f 2 "$dir/time")
  cached=$(sed -n 's/^time: features \([0-9.]*\) s.*/\1/p' "$dir/log")
  fit=$(sed -n 's/.*final training \([0-9.]*\) s.*/\1/p' "$dir/log")
  nsv=$(sed -n 's/^model: \([0-9]*\) support vectors.*/\1/p' "$dir/log")
  bytes=$(wc -c <"$dir/model.svm")
  echo "| $n | $wall s | $((rss / 1024)) MiB | $cached s | $fit s | $bytes | $nsv |"
  models="$models $dir/model.ini"
done

# 3. Load time and CPU per window: the default model and the scaled ones
# in one run of bench-core (5 minutes of audio each).
echo
"$bench" 5 "$default" $models
