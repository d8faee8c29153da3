#!/usr/bin/env python3
"""Can glint12's faces that the default leaves out be told from strangers by a better similarity? (docs/clustering.md,
"Not done", "Learned similarities").

Usage: left_out_separability.py PEOPLE.tsv BACKGROUND.tsv STRANGERS.tsv...
PEOPLE.tsv is glint12 (12 people, ~115 faces each); BACKGROUND.tsv (lfw) lends half of its identities as negatives
to the classifier and the other half as strangers; the STRANGERS files (faceapi-bbt, celeb5, ageitgey-people) hold
faces of people who are in neither. A face's score against a person is step 8's statistic, the mean of its 3 most
similar faces of that person (its own face left out). "Hard" faces score below 0.42 against their own person: the
faces the default leaves out. A stranger's score is its best over the 12 people; the bar is the 99th percentile of
strangers' scores (one stranger in a hundred joins someone), and the question is how many hard faces pass it.

Tried:
1. raw cosine similarity (what the default uses);
2. within-class covariance normalisation (WCCN, whitening by the scatter of faces around their person's mean):
   a. fitted on all 12 people with their labels (an oracle, in-sample);
   b. fitted on 6 people's core faces and measured on the other 6 (what a collection could learn from its own
      people), and the variant that projects out the top 4/8/16 within-person directions (NAP);
3. one logistic regression per person: its core faces against the other people's faces and a background set.
"""
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression


def load(path):
    labels, embs = [], []
    for line in open(path):
        if line.startswith('#'):
            continue
        cols = line.rstrip('\n').split('\t')
        if len(cols) < 138:  # a photo without a face
            continue
        labels.append(cols[4])
        embs.append(np.array(cols[10:], dtype=np.float32))
    e = np.stack(embs)
    return np.array(labels), e / np.linalg.norm(e, axis=1, keepdims=True)


def unit(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def top3(x, person):
    return np.sort(x @ person.T, axis=1)[:, -3:].mean(1)


def own_scores(g, gl, people):
    own = np.zeros(len(g))
    for p in people:
        idx = np.where(gl == p)[0]
        s = g[idx] @ g[idx].T
        np.fill_diagonal(s, -9)
        own[idx] = np.sort(s, axis=1)[:, -3:].mean(1)
    return own


def passing(g, gl, strangers, people, hard, name):
    own = own_scores(g, gl, people)
    worst = np.max([top3(strangers, g[gl == p]) for p in people], axis=0)
    bar = np.quantile(worst, 0.99)
    print(f'{name:<34} bar {bar:6.3f}  hard faces passing {np.sum(own[hard] >= bar):2d} of {len(hard)}')


def main():
    gl, g = load(sys.argv[1])
    bl, b = load(sys.argv[2])
    others = np.concatenate([load(p)[1] for p in sys.argv[3:]])
    people = sorted(set(gl))
    rng = np.random.default_rng(0)
    ids = sorted(set(bl))
    rng.shuffle(ids)
    background_ids = set(ids[:len(ids) // 2])
    background = b[[l in background_ids for l in bl]]
    strangers = np.concatenate([b[[l not in background_ids for l in bl]], others])
    hard = np.where(own_scores(g, gl, people) < 0.42)[0]
    print(f'{len(hard)} hard faces, {len(strangers)} strangers')

    passing(g, gl, strangers, people, hard, 'raw cosine')

    scatter = np.concatenate([g[gl == p] - g[gl == p].mean(0) for p in people])
    w, v = np.linalg.eigh(scatter.T @ scatter / len(scatter))
    for lam in (0.0005, 0.002):
        white = v @ np.diag(1 / np.sqrt(w + lam)) @ v.T
        passing(unit(g @ white), gl, unit(strangers @ white), people, hard, f'WCCN oracle, lambda {lam}')

    for split in range(3):
        perm = rng.permutation(people)
        train, test = perm[:6], list(perm[6:])
        test_rows = np.isin(gl, test)
        tg, tl = g[test_rows], gl[test_rows]
        th = np.where(own_scores(tg, tl, test) < 0.42)[0]
        parts = []
        for p in train:
            x = g[gl == p]
            c = (x @ unit(x.mean(0, keepdims=True)).T).ravel()
            core = x[c >= np.quantile(c, 0.2)]
            parts.append(core - core.mean(0))
        scatter = np.concatenate(parts)
        w, v = np.linalg.eigh(scatter.T @ scatter / len(scatter))
        passing(tg, tl, strangers, test, th, f'split {split}: raw cosine')
        white = v @ np.diag(1 / np.sqrt(w + 0.003)) @ v.T
        passing(unit(tg @ white), tl, unit(strangers @ white), test, th, f'split {split}: WCCN from the other 6')
        for k in (4, 16):
            keep = np.eye(g.shape[1]) - v[:, -k:] @ v[:, -k:].T
            passing(unit(tg @ keep), tl, unit(strangers @ keep), test, th, f'split {split}: NAP {k}')

    for c in (0.3, 1, 3):
        score = np.zeros(len(g))
        worst = np.full(len(strangers), -np.inf)
        for p in people:
            idx = np.where(gl == p)[0]
            core = np.setdiff1d(idx, hard)
            x = np.concatenate([g[core], g[gl != p], background])
            y = np.r_[np.ones(len(core)), np.zeros((gl != p).sum() + len(background))]
            model = LogisticRegression(C=c, class_weight='balanced', max_iter=2000).fit(x, y)
            score[idx] = model.decision_function(g[idx])
            worst = np.maximum(worst, model.decision_function(strangers))
        bar = np.quantile(worst, 0.99)
        print(f'{"logistic regression, C " + str(c):<34} bar {bar:6.3f}  hard faces passing '
              f'{np.sum(score[hard] >= bar):2d} of {len(hard)}')


if __name__ == '__main__':
    main()
