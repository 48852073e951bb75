#!/usr/bin/env python3
# genreclassify — the layering of docs/architecture.md, checked
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   check-layers.py SOURCE-ROOT
#
# Every quoted #include of src/ and gst/ must name a header of the file's own
# layer or of one below it (gst/ and src/training/ stand side by side and
# may not use each other), and no two modules may include each other in a
# circle.  A module is a file pair (gc-x.c, gc-x.h; gc-x-private.h is part
# of gc-x).  Prints each violation; exit 1 if any.  Before the tree, it
# checks itself on a small made-up tree with one of each fault.
import os
import re
import sys
import tempfile

# folder -> the folders its files may include (besides its own)
ALLOWED = {
    "src/core": set(),
    "src/stream": {"src/core"},
    "gst": {"src/core", "src/stream"},
    "src/training": {"src/core", "src/stream"},
    "src/cli": {"src/core", "src/stream", "src/training"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(rel):
    for layer in sorted(ALLOWED, key=len, reverse=True):
        if rel == layer or rel.startswith(layer + "/"):
            return layer
    return None


def module_of(name):
    base = os.path.splitext(os.path.basename(name))[0]
    return base[:-len("-private")] if base.endswith("-private") else base


def check(root):
    headers = {}  # basename -> layer
    sources = []  # (relative path, layer)
    for layer in ALLOWED:
        for folder, _, files in os.walk(os.path.join(root, layer)):
            rel_folder = os.path.relpath(folder, root)
            if layer_of(rel_folder) != layer:
                continue  # a deeper layer's own walk takes it
            for f in files:
                if f.endswith((".c", ".cc", ".h")):
                    sources.append((os.path.join(rel_folder, f), layer))
                if f.endswith(".h"):
                    headers[f] = layer
    faults = []
    graph = {}
    for rel, layer in sorted(sources):
        with open(os.path.join(root, rel), encoding="utf-8") as fh:
            text = fh.read()
        for inc in INCLUDE.findall(text):
            target = headers.get(os.path.basename(inc))
            if target is None:
                continue  # config.h, generated or system headers
            if target != layer and target not in ALLOWED[layer]:
                faults.append("%s includes %s (%s), a layer it may not use"
                              % (rel, inc, target))
            a, b = module_of(rel), module_of(inc)
            if a != b:
                graph.setdefault(a, set()).add(b)
    # circles between modules: depth-first search for a back edge
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                faults.append("import circle: %s"
                              % " -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return faults, len(sources)


def self_test():
    with tempfile.TemporaryDirectory() as root:
        def write(rel, text):
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as fh:
                fh.write(text)
        write("src/core/gc-a.h", "")
        write("src/core/gc-a.c", '#include "gc-a.h"\n#include "gc-b.h"\n')
        write("src/core/gc-b.h", "")
        write("src/core/gc-b.c", '#include "gc-a.h"\n')
        write("src/core/dsp/gc-d.c", '#include "gc-t.h"\n')
        write("src/training/gc-t.h", "")
        write("gst/gc-e.c", '#include "gc-t.h"\n#include "gc-a.h"\n')
        faults, _ = check(root)
        expected = [
            "src/core/dsp/gc-d.c includes gc-t.h (src/training)",
            "gst/gc-e.c includes gc-t.h (src/training)",
            "import circle: gc-a -> gc-b -> gc-a",
        ]
        for e in expected:
            if not any(f.startswith(e) for f in faults):
                sys.exit("self-test: not found: %s (found: %s)" % (e, faults))
        if len(faults) != len(expected):
            sys.exit("self-test: unexpected faults: %s" % faults)


def main():
    self_test()
    faults, n_files = check(sys.argv[1])
    for f in faults:
        print(f)
    print("%d files checked, %d faults" % (n_files, len(faults)))
    return 1 if faults or n_files == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
