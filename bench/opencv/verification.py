"""Threshold-free verification scores of embedding TSVs (tests/fixtures/embeddings/README.md has the format).

    /usr/bin/python3 bench/opencv/verification.py FILE.tsv...

Over the main face of every labelled photo (box centre nearest the image centre, as FaceSort's evaluation scores):
AUC of same-person against different-person cosine similarities, and the share of same-person pairs accepted at the
threshold that accepts 1 % and 0.1 % of different-person pairs (TAR at FAR 1e-2 / 1e-3).
"""
import sys
import numpy as np


def main_faces(path):
    rows = [r for r in (l.rstrip("\n").split("\t") for l in open(path) if not l.startswith("#")) if len(r) > 10]
    best = {}
    for i, r in enumerate(rows):
        if not r[4]:
            continue
        w, h = float(r[1]), float(r[2])
        cx, cy = float(r[6]) + float(r[8]) / 2, float(r[7]) + float(r[9]) / 2
        d = (cx - w / 2) ** 2 + (cy - h / 2) ** 2
        if r[0] not in best or d < best[r[0]][0]:
            best[r[0]] = (d, i)
    picked = sorted(i for _, i in best.values())
    emb = np.array([[float(x) for x in rows[i][10:]] for i in picked])
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    return emb, np.array([rows[i][4] for i in picked])


def scores(path):
    emb, label = main_faces(path)
    upper = np.triu_indices(len(label), 1)
    sim = (emb @ emb.T)[upper]
    same = (label[:, None] == label[None, :])[upper]
    pos, neg = sim[same], sim[~same]
    ranks = np.empty(len(sim))
    ranks[np.argsort(np.concatenate([pos, neg]), kind="stable")] = np.arange(1, len(sim) + 1)
    auc = (ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))
    tar = [float((pos > np.quantile(neg, 1 - far)).mean()) for far in (1e-2, 1e-3)]
    return auc, tar[0], tar[1], len(pos), len(neg)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        auc, t2, t3, p, n = scores(path)
        print(f"{path}\tAUC {auc:.4f}\tTAR@1e-2 {t2:.3f}\tTAR@1e-3 {t3:.3f}\t({p} same, {n} different pairs)")
