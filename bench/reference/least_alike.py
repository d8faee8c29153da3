# How well does an order of a person's faces put faces of someone else first? Each labelled person A gets faces of
# another person B put in (a share of A's size, drawn at random; or B's first photos), and each order of the mixed faces is scored:
#   R-prec      share of the first |B| places that B's faces take (1: all of B first)
#   rank pct    mean position of B's faces, as a share of the person (0: at the very top)
#   first 10 %  share of B's faces in the first tenth of the person
# Orders: photo (the given order), mean face, per-dimension median, and the median trimmed twice to the 70 % of faces
# nearest it (what src/FaceSort.Core/Corrections/TypicalFace.cs does; docs/corrections.md, "Least alike first").
# Usage (numpy; /usr/bin/python3):
#   least_alike.py library LIBRARY.db MIN_FACES SHARE...   faces of a FaceSort library, identity = the photo's folder
#   least_alike.py tsv EMBEDDINGS.tsv MIN_FACES COUNT...   main faces of an embedding TSV (tests/fixtures/embeddings)
import sqlite3, sys
import numpy as np

rng = np.random.default_rng(7)


def typical(E, trimmed):
    m = np.median(E, 0); m /= np.linalg.norm(m)
    kept = max(1, int(len(E) * 0.7))
    for _ in range(2 if trimmed and kept >= 3 else 0):
        keep = np.argsort(E @ m, kind='stable')[len(E) - kept:]
        m = np.median(E[keep], 0); m /= np.linalg.norm(m)
    return m


def orders(E):
    mean = E.mean(0); mean /= np.linalg.norm(mean)
    return {'photo': np.arange(len(E)), 'mean face': np.argsort(E @ mean, kind='stable'),
            'median': np.argsort(E @ typical(E, False), kind='stable'),
            'median, trimmed': np.argsort(E @ typical(E, True), kind='stable')}


def report(name, cases):
    scores = {}
    for E, wrong in cases:
        for key, order in orders(E).items():
            w = wrong[order]; k = w.sum()
            scores.setdefault(key, []).append((w[:k].mean(), (np.nonzero(w)[0].mean() + 0.5) / len(w), w[:max(1, len(w) // 10)].sum() / k))
    print(f'\n{name} ({len(cases)} people made wrong)\n\n| order | R-prec | rank pct | first 10 % |\n|---|---:|---:|---:|')
    for key, v in scores.items():
        v = np.array(v); print(f'| {key} | {v[:, 0].mean():.3f} | {v[:, 1].mean():.3f} | {v[:, 2].mean():.3f} |')


def mixed(E, ident, min_faces, size_of_b, others_min, first, closest=False):
    big = [u for u in np.unique(ident) if (ident == u).sum() >= min_faces]
    others = [u for u in np.unique(ident) if (ident == u).sum() >= others_min]
    centre = {u: E[ident == u].mean(0) for u in others}
    cases = []
    for a in big:
        # closest: only the other person most like A (mean faces nearest), the look-alike a clustering would merge.
        near = max((b for b in others if b != a), key=lambda b: centre[a] @ centre[b] / np.linalg.norm(centre[a]) / np.linalg.norm(centre[b]))
        for b in others:
            if a == b or (closest and b != near): continue
            ia = np.nonzero(ident == a)[0]; ib = np.nonzero(ident == b)[0]
            n = min(size_of_b(len(ia)), len(ib))
            ib = ib[:n] if first else rng.choice(ib, n, replace=False)
            idx = np.sort(np.concatenate([ia, ib]))
            cases.append((E[idx], np.isin(idx, ib)))
    return cases


mode, path, min_faces = sys.argv[1], sys.argv[2], int(sys.argv[3])
if mode == 'library':
    rows = sqlite3.connect(path).execute("""SELECT p.rel_path, f.embedding FROM faces f JOIN photos p ON p.id = f.photo_id
        ORDER BY f.photo_id, f.face_index""").fetchall()
    ident = np.array([r[0].split('/')[-2] if '/' in r[0] else '' for r in rows])
    E = np.stack([np.frombuffer(r[1], np.float32) for r in rows])
    for share in map(float, sys.argv[4:]):
        report(f'{path}: A + {share:.0%} as many faces of B', mixed(E, ident, min_faces, lambda n: max(1, int(n * share)), min_faces, first=False))
        report(f'{path}: A + {share:.0%} as many faces of the person most like A', mixed(E, ident, min_faces, lambda n: max(1, int(n * share)), min_faces, first=False, closest=True))
else:
    rows = [l.rstrip('\n').split('\t') for l in open(path) if not l.startswith('#')]
    rows = [r for r in rows if int(r[3]) >= 0]
    photo = np.array([r[0] for r in rows]); label = np.array([r[4] for r in rows])
    d = np.array([(float(r[6]) + float(r[8]) / 2 - float(r[1]) / 2) ** 2 + (float(r[7]) + float(r[9]) / 2 - float(r[2]) / 2) ** 2 for r in rows])
    main = np.zeros(len(rows), bool)
    for p in np.unique(photo):
        i = np.nonzero(photo == p)[0]; main[i[d[i].argmin()]] = True
    keep = main & (label != '')
    E = np.array([[float(x) for x in r[10:]] for r in rows], np.float32)[keep]; ident = label[keep]
    for count in map(int, sys.argv[4:]):
        report(f'{path}: A + {count} of B', mixed(E, ident, min_faces, lambda n: count, 2, first=True))
