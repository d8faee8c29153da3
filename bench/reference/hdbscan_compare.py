#!/usr/bin/env python3
"""Cross-check of FaceSort's HDBSCAN against the reference `hdbscan` library (scikit-learn-contrib, built from source).

Usage (docs/clustering.md, "HDBSCAN against the reference library"):
    hdbscan_compare.py HDBSCAN_SRC LABELS_DIR SET.tsv...
LABELS_DIR holds FaceSort's labels as SET.M.labels, written by
    FaceSort.Benchmarks.dll cluster-labels SET.tsv hdbscan M LABELS_DIR/SET.M.labels   (no cannot-links)
For each set and minimum cluster size M = 2..6 it prints the adjusted Rand index (noise faces as singletons) of
FaceSort against the reference, and of the reference against itself on the same faces in three other orders: HDBSCAN
breaks ties between equal mutual-reachability edges by order, so that is how far two correct runs can differ.

The reference's core distance is its min_samples-th neighbour *not* counting the point (index min_samples of the
sorted row, the point itself at index 0), although its docstring says the point counts; scikit-learn's own HDBSCAN
counts it (index min_samples - 1), as FaceSort does. So FaceSort at M is compared with min_samples = M - 1.
"""
import sys
import numpy as np

sys.path.insert(0, sys.argv[1])
import hdbscan  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402


def embeddings(path):
    rows = [r for r in (l.rstrip('\n').split('\t') for l in open(path) if not l.startswith('#')) if len(r) > 10]
    x = np.array([[float(v) for v in r[10:]] for r in rows])
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def noise_as_singletons(labels):
    labels = labels.copy()
    nxt = labels.max() + 1
    for i in np.where(labels < 0)[0]:
        labels[i] = nxt
        nxt += 1
    return labels


def reference(distances, m):
    return hdbscan.HDBSCAN(min_cluster_size=m, min_samples=max(1, m - 1), metric='precomputed',
                           approx_min_span_tree=False).fit(distances).labels_


def main():
    labels_dir = sys.argv[2]
    for path in sys.argv[3:]:
        name = path.rsplit('/', 1)[-1].rsplit('.', 1)[0]
        x = embeddings(path)
        d = np.clip(1 - x @ x.T, 0, None)
        np.fill_diagonal(d, 0)
        for m in range(2, 7):
            ours = np.array([int(v) for v in open(f'{labels_dir}/{name}.{m}.labels').read().split()])
            ref = reference(d, m)
            reordered = []
            for seed in range(3):
                perm = np.random.default_rng(seed).permutation(len(x))
                other = reference(d[np.ix_(perm, perm)], m)
                back = np.empty_like(other)
                back[perm] = other
                reordered.append(adjusted_rand_score(noise_as_singletons(ref), noise_as_singletons(back)))
            print(f"{name}\tm={m}\tclusters {ours.max() + 1}/{ref.max() + 1}\tunassigned {(ours < 0).sum()}/{(ref < 0).sum()}"
                  f"\tARI facesort-reference {adjusted_rand_score(noise_as_singletons(ours), noise_as_singletons(ref)):.4f}"
                  f"\treference-reordered min {min(reordered):.4f}")


if __name__ == '__main__':
    main()
