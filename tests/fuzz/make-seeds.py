#!/usr/bin/env python3
# genreclassify — writes the seed corpus of the model loader fuzzer
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: tests/fuzz/make-seeds.py [OUTDIR]   (default: tests/fuzz/corpus)
# Each seed is one bundle: the key-file, the separator line of
# tests/fuzz/fuzz-model.h, the libsvm file.  Small valid bundles (so that
# the fuzzer spends its time on the parser, not on copying 150 KB) and
# variants that exercise each validation rule of docs/model-format.md.
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
SEP = "\n----8<---- model.svm ----8<----\n"
DIM = 212


def keyfile(labels="tones;noise;clicks;", dimension=DIM, mean=None,
            scale=None, extra="", version="1", feature_set="seed-212",
            svm_file="model.svm", eol="\n"):
    mean = mean if mean is not None else ";".join(
        "%g" % (math.sin(i) * 5) for i in range(DIM))
    scale = scale if scale is not None else ";".join(
        "%g" % (1 + (i % 7)) for i in range(DIM))
    lines = ["# genreclassify model bundle, see docs/model-format.md",
             "[model]", "format-version=" + version,
             "feature-set=" + feature_set, "dimension=%s" % dimension,
             "labels=" + labels, "svm-file=" + svm_file,
             "analysis-rate=22050", "window-seconds=6"] + \
        ([extra] if extra else []) + \
        ["", "[standardisation]", "mean=" + mean, "scale=" + scale, ""]
    return eol.join(lines)


def svm(k=3, nr_sv=None, rho=None, label=None, prob=True, sv_lines=None,
        gamma="0.0047", extra_header="", eol="\n", total=None):
    pairs = k * (k - 1) // 2
    nr_sv = nr_sv or ([2] + [1] * (k - 1))
    total = total if total is not None else sum(nr_sv)
    if sv_lines is None:
        sv_lines = []
        for i in range(min(sum(nr_sv), 64)):
            coefs = " ".join("%g" % (0.5 - 0.25 * j) for j in range(k - 1))
            nodes = " ".join("%d:%g" % (1 + (i * 37 + 11 * j) % DIM, 0.1 * j - 0.3)
                             for j in range(3))
            idx = sorted(set(int(n.split(":")[0]) for n in nodes.split()))
            nodes = " ".join("%d:%g" % (x, 0.01 * x) for x in idx)
            sv_lines.append(coefs + " " + nodes)
    head = ["svm_type c_svc", "kernel_type rbf", "gamma " + gamma,
            "nr_class %d" % k, "total_sv %d" % total,
            "rho " + (rho or " ".join("%g" % (0.1 * i - 0.2) for i in range(pairs))),
            "label " + (label or " ".join(str(i) for i in range(k)))]
    if prob:
        head += ["probA " + " ".join("-3.%d" % i for i in range(pairs)),
                 "probB " + " ".join("0.0%d" % i for i in range(pairs))]
    head += ["nr_sv " + " ".join(str(n) for n in nr_sv)]
    if extra_header:
        head.append(extra_header)
    return eol.join(head + ["SV"] + sv_lines) + eol


def write(name, ini, svm_text=None):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "wb") as f:
        data = ini if svm_text is None else ini + SEP + svm_text
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


dense = " ".join("%d:%g" % (i + 1, math.cos(i)) for i in range(DIM))
write("valid-small", keyfile(), svm())
write("valid-crlf", keyfile(eol="\r\n"), svm(eol="\r\n"))
write("valid-2-labels", keyfile(labels="a;b"), svm(k=2))
write("valid-10-labels", keyfile(labels=";".join("g%d" % i for i in range(10))),
      svm(k=10))
write("valid-dense", keyfile(), svm(nr_sv=[1, 1, 1], sv_lines=[
    "0.5 -0.5 " + dense, "1 0.25 " + dense, "-1 -0.75 1:0"]))
write("valid-permuted-labels", keyfile(), svm(label="2 0 1"))
write("valid-degree-coef0", keyfile(), svm(extra_header="degree 3\ncoef0 0"))
write("valid-escaped-labels",
      keyfile(labels="rock\\sand\\sroll;hip\\\\hop;jazz;"), svm())
write("escaped-bad-labels", keyfile(labels="\\sspace;a\\;b;c\\td"), svm())
write("valid-utf8-labels", keyfile(labels="électro;ジャズ;метал;"), svm())
write("valid-extra-groups", keyfile(extra="description=x\ntrained-by=y\n"
                                    "[other]\nkey=value"), svm())
write("no-separator", keyfile())
write("empty-svm", keyfile(), "")
write("truncated-svm", keyfile(), svm()[:-5])
write("truncated-keyfile", keyfile()[:300])
write("wrong-dimension", keyfile(dimension=211), svm())
write("wrong-dimension-list", keyfile(mean="1;2;3"), svm())
write("nan-mean", keyfile(mean=";".join(["nan"] * DIM)), svm())
write("zero-scale", keyfile(scale=";".join(["0"] * DIM)), svm())
write("huge-scale", keyfile(scale=";".join(["1e999"] * DIM)), svm())
write("nan-rho", keyfile(), svm(rho="nan nan nan"))
write("inf-gamma", keyfile(), svm(gamma="inf"))
write("nan-sv", keyfile(), svm(nr_sv=[1, 1, 1], sv_lines=[
    "nan 0 1:1", "0 0 2:nan", "0 0 3:1e999"]))
write("label-mismatch", keyfile(labels="a;b;c;d"), svm())
write("label-repeated", keyfile(), svm(label="0 0 1"))
write("nr-sv-mismatch", keyfile(), svm(nr_sv=[5, 1, 1], total=4))
write("huge-total-sv", keyfile(), svm(total=2147483647, nr_sv=[2147483645, 1, 1]))
write("index-too-large", keyfile(), svm(nr_sv=[1, 1, 1], sv_lines=[
    "1 1 213:1", "1 1 1:1", "1 1 1:1"]))
write("index-not-increasing", keyfile(), svm(nr_sv=[1, 1, 1], sv_lines=[
    "1 1 5:1 5:2", "1 1 1:1", "1 1 1:1"]))
write("no-probability", keyfile(), svm(prob=False))
write("version-2", keyfile(version="2"), svm())
write("unknown-feature-set", keyfile(feature_set="seed-999"), svm())
write("absolute-svm-missing", keyfile(svm_file="/nonexistent/model.svm"), svm())
write("svm-is-folder", keyfile(svm_file="."), svm())
write("labels-duplicate", keyfile(labels="a;b;a"), svm())
write("labels-one", keyfile(labels="a"), svm(k=1, nr_sv=[1]))
write("too-many-labels", keyfile(labels=";".join("l%d" % i for i in range(65))),
      svm(k=2))
write("nul-bytes", keyfile().replace("tones", "to\0es"), svm())

# The shipped demonstration bundle, unchanged.
demo = os.path.join(ROOT, "models", "synthetic-demo")
with open(os.path.join(demo, "model.ini")) as f:
    ini = f.read()
with open(os.path.join(demo, "model.svm")) as f:
    write("demo-bundle", ini, f.read())
