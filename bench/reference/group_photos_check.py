#!/usr/bin/env python3
"""Checks a scan of bench/reference/group_photos.py's photos against their truth (docs/detection.md, "Small faces in
large photos").

A found face matches an unmatched truth face at IoU >= 0.4 (greedy, best score first, as detection-eval pr does);
any other found face is a false positive (the photos hold no face outside the truth: their backgrounds are drawn).
Per face width (in the 4000 px photo) it prints truth faces, found, and over all: recall, precision. Then, over the
matched faces, how the people formed split or mix the identities (pairwise precision, recall, F1), and how many faces
end in their identity's person: the person holding most of the identity's faces, when most of that person's faces
are of the identity.

Usage: /usr/bin/python3 bench/reference/group_photos_check.py PHOTOS FACES.json [--per-photo]
       FACES.json: `facesort faces --library OUT/.facesort --json` after `facesort organize PHOTOS --out OUT`
"""
import collections
import itertools
import json
import os
import sys

photos, faces_json = sys.argv[1:3]
per_photo = '--per-photo' in sys.argv
truth = json.load(open(os.path.join(photos, 'truth.json')))
found = collections.defaultdict(list)
for f in json.load(open(faces_json)):
    found[os.path.basename(f['photo'])].append(f)


def iou(a, b):
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def bucket(w):
    return '40-59' if w < 60 else '60-79' if w < 80 else '80-99' if w < 100 else '100-120'


tp = fp = total = 0
by_size = collections.Counter()
matched = []  # (identity, person)
for name in sorted(truth):
    t = truth[name]
    used = [False] * len(t)
    hits = 0
    for f in sorted(found.get(name, []), key=lambda f: -f.get('score', 0)):
        best, bi = 0.4, None
        for i, e in enumerate(t):
            if not used[i] and (v := iou(f['box'], e['box'])) >= best:
                best, bi = v, i
        if bi is None:
            fp += 1
            continue
        used[bi] = True
        hits += 1
        matched.append((t[bi]['identity'], f.get('person') or f'none-{name}-{f["box"]}'))
        by_size[(bucket(t[bi]['box'][2]), 'found')] += 1
    for e in t:
        by_size[(bucket(e['box'][2]), 'truth')] += 1
    tp += hits
    total += len(t)
    if per_photo:
        print(f'{name}\ttruth {len(t)}\tfound {hits}\tfalse {len(found.get(name, [])) - hits}')

print('face width px (4000 px photo)\ttruth\tfound')
for b in ('40-59', '60-79', '80-99', '100-120'):
    print(f'{b}\t{by_size[(b, "truth")]}\t{by_size[(b, "found")]}')
precision = tp / (tp + fp) if tp + fp else 1.0
print(f'faces: truth {total}, found {tp} (recall {tp / total:.3f}), false {fp} (precision {precision:.3f})')

same_id = same_person = both = 0
for (i1, p1), (i2, p2) in itertools.combinations(matched, 2):
    si, sp = i1 == i2, p1 == p2 and not str(p1).startswith('none-')
    same_id += si
    same_person += sp
    both += si and sp
pp = both / same_person if same_person else 1.0
pr = both / same_id if same_id else 1.0
f1 = 2 * pp * pr / (pp + pr) if pp + pr else 0.0
by_person = collections.defaultdict(collections.Counter)
by_identity = collections.defaultdict(collections.Counter)
for i, p in matched:
    if not str(p).startswith('none-'):
        by_person[p][i] += 1
        by_identity[i][p] += 1
right = 0
for i, people in by_identity.items():
    p, n = people.most_common(1)[0]
    if by_person[p].most_common(1)[0][0] == i and n >= 2:
        right += n
repeated = collections.Counter(i for i, _ in matched)
can = sum(n for n in repeated.values() if n >= 2)
print(f'people: pairwise precision {pp:.3f} recall {pr:.3f} F1 {f1:.3f}; faces in their identity\'s person {right} '
      f'of {can} found faces whose identity is found twice or more')
