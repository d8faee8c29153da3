#!/usr/bin/env python3
"""How a stranger's nearest-faces score grows with the size of the person it is measured against (docs/clustering.md,
step 8, "The bar also rises against big people").

Usage: stranger_growth.py PEOPLE.tsv STRANGERS.tsv...
PEOPLE.tsv is a labelled set whose people have many faces (glint12); the STRANGERS files hold faces of other people
(lfw, faceapi-bbt, celeb5, ageitgey-people: none of them is in glint12). For m = 6 .. 100, every person is cut to m of
its faces 20 times at random, and each stranger's score against the cut is the mean of its 3 most similar faces, as
step 8 measures it. Printed: quantiles of those scores, and how much they rose from m = 6 as a share of what
independent Gaussian draws predict, sigma * (a3(m) - a3(6)), with sigma the robust spread of stranger-to-face
similarities and a3(m) the expected mean of the top 3 of m standard normals (Blom's plotting positions).
"""
import collections
import sys
from statistics import NormalDist

import numpy as np


def load(path):
    rows = [r for r in (l.rstrip('\n').split('\t') for l in open(path) if not l.startswith('#')) if len(r) > 10]
    x = np.array([[float(v) for v in r[10:]] for r in rows])
    return x / np.linalg.norm(x, axis=1, keepdims=True), [r[4] for r in rows]


def top_mean(m, k=3):
    normal = NormalDist()
    return np.mean([normal.inv_cdf((m - i + 1 - 0.375) / (m + 0.25)) for i in range(1, k + 1)])


def main():
    faces, labels = load(sys.argv[1])
    strangers = np.vstack([load(path)[0] for path in sys.argv[2:]])
    people = collections.defaultdict(list)
    for i, label in enumerate(labels):
        people[label].append(i)
    similarities = (strangers @ faces.T).ravel()
    sigma = 1.4826 * np.median(np.abs(similarities - np.median(similarities)))
    rng = np.random.default_rng(0)
    scores = {}
    for m in (6, 12, 25, 50, 100):
        values = []
        for members in people.values():
            for _ in range(20):
                cut = rng.choice(members, size=min(m, len(members)), replace=False)
                values.extend(np.sort(strangers @ faces[cut].T, axis=1)[:, -3:].mean(axis=1))
        scores[m] = np.array(values)
    print(f"{len(strangers)} strangers, spread {sigma:.3f}")
    for q in (0.5, 0.9, 0.99, 0.999):
        base = np.quantile(scores[6], q)
        cells = []
        for m, values in scores.items():
            share = (np.quantile(values, q) - base) / (sigma * (top_mean(m) - top_mean(6))) if m > 6 else 0.0
            cells.append(f"m={m}: {np.quantile(values, q):.3f} ({share:.2f})")
        print(f"q={q}\t" + "\t".join(cells))


if __name__ == '__main__':
    main()
