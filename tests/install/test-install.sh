#!/usr/bin/env bash
# genreclassify — `meson install` puts the element and its default model
# where a new shell finds them, with no environment variable.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   tests/install/test-install.sh SOURCE_ROOT BUILD_ROOT
#
# Installs BUILD_ROOT into a throwaway root (DESTDIR) and proves, without
# writing to the real /usr:
#
# 1. The plugin lands in DESTDIR + GStreamer's own plugin folder, the one
#    `pkg-config --variable=pluginsdir gstreamer-1.0` names: the folder that
#    libgstreamer scans by default (its GST_PLUGIN_SYSTEM_PATH is that
#    folder, compiled in).  Comparing the installed path with pluginsdir is
#    the proof that a real install is scanned; GStreamer is then run with
#    GST_PLUGIN_SYSTEM_PATH set to DESTDIR + pluginsdir (and GST_PLUGIN_PATH
#    unset, a fresh registry) to show that this copy loads from there:
#    gst-inspect-1.0 genreclassify names that file.
# 2. The model: the element looks, when given no model, at a path compiled
#    in at build time (GC_DEFAULT_MODEL).  The installed element is asked
#    which path that is — it is started with GENRECLASSIFY_MODEL unset, and
#    its debug log (or, if nothing is there yet, its error) names the path
#    it loads.  DESTDIR + that path must be the installed copy of
#    models/genres-11, byte for byte.  Then the README's first pipeline runs
#    on the installed plugin with GENRECLASSIFY_MODEL set to exactly
#    DESTDIR + that path, and must classify the Brahms excerpt.  Together:
#    once DESTDIR is gone (a real install), the element's default path is
#    the installed model, and the two work.  (Bind-mounting DESTDIR over
#    /usr would show it in one step, but needs privileges a test should not
#    need.)
#
# `meson install` rewrites BUILD_ROOT/meson-logs/install-log.txt, the list
# that `ninja -C build uninstall` removes: installing the test's copy there
# would make a later uninstall forget the real install.  So the test
# installs from a shadow of the build folder (its own meson-private and
# meson-logs, links to everything else).
#
# Exit 77 (SKIP) when the build's prefix is not GStreamer's: such an install
# is meant for GST_PLUGIN_PATH, and there is nothing to prove (meson warns at
# configure time).  The README configures with --prefix=/usr.
set -euo pipefail

source_root=$1
build_root=$(cd "$2" && pwd)

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

prefix=$(python3 -c '
import json, sys
for o in json.load(open(sys.argv[1])):
    if o["name"] == "prefix":
        print(o["value"])
' "$build_root/meson-info/intro-buildoptions.json")
gst_prefix=$(pkg-config --variable=prefix gstreamer-1.0)
pluginsdir=$(pkg-config --variable=pluginsdir gstreamer-1.0)
if [ "$prefix" != "$gst_prefix" ]; then
  echo "SKIP: prefix $prefix is not GStreamer's ($gst_prefix): the plugin" \
    "goes where only GST_PLUGIN_PATH finds it (meson setup --prefix=$gst_prefix)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
destdir=$work/root
shadow=$work/build
mkdir -p "$shadow/meson-private" "$shadow/meson-logs"
cp "$build_root/meson-private/install.dat" "$shadow/meson-private/"
for entry in "$build_root"/*; do
  case ${entry##*/} in
    meson-private | meson-logs) ;;
    *) ln -s "$entry" "$shadow/" ;;
  esac
done
meson install -C "$shadow" --no-rebuild --quiet --destdir "$destdir" \
  > "$work/install.log" 2>&1 || { cat "$work/install.log"; fail "meson install"; }

# 1. The plugin: exactly one, in GStreamer's plugin folder.
mapfile -t plugins < <(find "$destdir" -name 'libgstgenreclassify.so')
[ "${#plugins[@]}" = 1 ] || fail "expected one installed plugin, found: ${plugins[*]}"
installed=${plugins[0]#"$destdir"}
echo "installed plugin: $installed"
echo "GStreamer's plugin folder (pkg-config pluginsdir): $pluginsdir"
[ "$installed" = "$pluginsdir/libgstgenreclassify.so" ] ||
  fail "the plugin is installed as $installed, not in $pluginsdir"

# GStreamer as a new shell has it: no GST_PLUGIN_PATH, no registry cache,
# the system path moved into DESTDIR (the rest of GStreamer after it, for
# decodebin and friends).
gst_env=(env -u GST_PLUGIN_PATH -u GST_PLUGIN_PATH_1_0 -u GENRECLASSIFY_MODEL
  GST_REGISTRY_1_0="$work/registry.bin" GST_REGISTRY="$work/registry.bin"
  GST_PLUGIN_SYSTEM_PATH_1_0="$destdir$pluginsdir:$pluginsdir"
  GST_PLUGIN_SYSTEM_PATH="$destdir$pluginsdir:$pluginsdir")
"${gst_env[@]}" gst-inspect-1.0 genreclassify > "$work/inspect.txt" 2>&1 ||
  { cat "$work/inspect.txt"; fail "gst-inspect-1.0 genreclassify"; }
grep -E "^  Filename +$destdir$pluginsdir/libgstgenreclassify.so\$" \
  "$work/inspect.txt" ||
  { cat "$work/inspect.txt"; fail "gst-inspect-1.0 did not load the installed plugin"; }
grep -E '^  (Long-name|Description|Origin URL) ' "$work/inspect.txt"

# 2. The path the installed element loads when given no model.
"${gst_env[@]}" GST_DEBUG=genreclassify:4 GST_DEBUG_NO_COLOR=1 \
  gst-launch-1.0 audiotestsrc num-buffers=1 ! genreclassify ! fakesink \
  > "$work/default.txt" 2>&1 || true
default_model=$(sed -n -E 's/.*(Genre model|model) "([^"]*)".*/\2/p' \
  "$work/default.txt" | head -n 1)
[ -n "$default_model" ] ||
  { cat "$work/default.txt"; fail "the element did not say which model it loads"; }
echo "the installed element's default model: $default_model"
for f in model.ini model.svm; do
  cmp "$source_root/models/genres-11/$f" \
    "$destdir$(dirname "$default_model")/$f" ||
    fail "DESTDIR + $(dirname "$default_model")/$f is not models/genres-11/$f"
done

# 3. The library plugins' shared package: every module of the source
# folder is installed (one left out breaks the installed plugins), and the
# installed copy imports whole.
mapfile -t packages < <(find "$destdir" -path '*/genreclassify_integrations/__init__.py')
if [ "${#packages[@]}" = 0 ]; then
  echo "no Python modules installed (-Dintegrations disabled or no python3)"
else
  [ "${#packages[@]}" = 1 ] || fail "the package is installed twice: ${packages[*]}"
  package_dir=$(dirname "${packages[0]}")
  site_dir=$(dirname "$package_dir")
  diff <(cd "$source_root/integrations/genreclassify_integrations" && ls -- *.py) \
    <(cd "$package_dir" && ls -- *.py) ||
    fail "the installed genreclassify_integrations lacks (<) or adds (>) modules of the source folder"
  echo "installed package: ${package_dir#"$destdir"} ($(cd "$package_dir" && ls -- *.py | tr '\n' ' '))"
  (cd "$work" && PYTHONPATH="$site_dir" python3 -c '
import sys
import genreclassify_integrations as package
for module in (package, package.analysis, package.policy, package.training):
    if not module.__file__.startswith(sys.argv[1]):
        sys.exit("%s is not the installed copy" % module.__file__)
' "$destdir") || fail "the installed genreclassify_integrations does not import"
fi

# The README's first pipeline (the end of its set-up command), on the
# installed plugin and the installed model at that path.
pipeline=$(sed -n -E 's/^.*&& (gst-launch-1\.0 .*)$/\1/p' \
  "$source_root/README.md" | head -n 1)
case $pipeline in
  *GST_PLUGIN_PATH*) fail "the README's pipeline still needs GST_PLUGIN_PATH: $pipeline" ;;
  gst-launch-1.0*genreclassify*) ;;
  *) fail "no gst-launch-1.0 pipeline with genreclassify in README.md's set-up command" ;;
esac
echo "README pipeline: $pipeline"
(cd "$source_root" &&
  "${gst_env[@]}" GENRECLASSIFY_MODEL="$destdir$default_model" \
    sh -c "$pipeline") > "$work/pipeline.txt" 2>&1 ||
  { cat "$work/pipeline.txt"; fail "the README's pipeline failed"; }
summary=$(grep -E 'genreclassify.*final=\(boolean\)true' "$work/pipeline.txt") ||
  { cat "$work/pipeline.txt"; fail "no final summary message"; }
case $summary in
  *'genre=(string)classical'*) echo "summary: classical" ;;
  *) fail "the Brahms excerpt was not classical: $summary" ;;
esac
echo "PASS"
