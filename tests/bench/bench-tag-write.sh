#!/bin/sh
# genreclassify — how long genreclassify-tag's write phase takes
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   bench-tag-write.sh GENRECLASSIFY-TAG GC-TEST-MAKE-SET MODEL [CLIPS] [REPS]
#
# Writes a synthetic set (CLIPS clips of each of three classes, 10 s, as
# WAV, FLAC and Ogg Vorbis in turn) and times the same genreclassify-tag run
# with and without --write -o: the features come from a warm cache of the
# run's own, so the difference is the write phase (copying each file and
# editing its genre in place).  Prints the figures; asserts nothing about
# speed (docs/performance.md).
set -eu

tag=$1 make_set=$2 model=$3 clips=${4:-34} reps=${5:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$make_set" --clips "$clips" --seconds 10 "$tmp/set" >/dev/null
files=$(find "$tmp/set" -type f \( -name '*.wav' -o -name '*.flac' -o -name '*.ogg' \) | wc -l)

# seconds since the epoch, to the nanosecond where date has it
now () { date +%s.%N; }
run () {
  "$tag" -q -j 2 -m "$model" --cache-dir "$tmp/cache" "$@" >/dev/null
}

run "$tmp/set" # warms the cache: both runs below then analyse alike
echo "genreclassify-tag on $files files, $reps repetitions (seconds)"
printf '%-4s %10s %10s %12s %14s\n' rep analyse "+ write" "write phase" "ms per file"
for rep in $(seq "$reps"); do
  rm -rf "$tmp/out"
  t0=$(now); run "$tmp/set"
  t1=$(now); run --write -o "$tmp/out" "$tmp/set"
  t2=$(now)
  written=$(find "$tmp/out" -type f | wc -l)
  if [ "$written" -ne "$files" ]; then
    echo "wrote $written of $files files" >&2
    exit 1
  fi
  awk -v r="$rep" -v a="$t0" -v b="$t1" -v c="$t2" -v n="$files" 'BEGIN {
    printf "%-4s %10.2f %10.2f %12.2f %14.1f\n", r, b - a, c - b,
      (c - b) - (b - a), 1000 * ((c - b) - (b - a)) / n }'
done
