#!/usr/bin/env python3
"""Checks a scan of bench/reference/scanned_prints.py's output against what the same photos give scanned directly
(docs/detection.md, "Scanned prints and album pages").

  SCANS/truth.json   written by scanned_prints.py
  SOURCE_FACES       `facesort faces --json` of a library that scanned the source photos themselves
  SCAN_FACES         `facesort faces --json` of a library that scanned SCANS

Each face the source photo gave is mapped into the scan through the print's placement; a face found in the scan
within half that face's size of the mapped centre is the same face. Per file and print it prints the faces expected
(found in the source photo) and found, and faces found in no print; then, over every print of a labelled photo (its
folder names the person; its largest face), how the people formed split or mix them (pairwise
precision, recall, F1; a face that belongs to nobody counts as a person of its own).

Usage: /usr/bin/python3 bench/reference/scanned_prints_check.py SCANS SOURCE_FACES SCAN_FACES [--per-print]
"""
import collections
import itertools
import json
import os
import sys

import numpy as np

scans, source_faces, scan_faces = sys.argv[1:4]
per_print = '--per-print' in sys.argv
truth = json.load(open(os.path.join(scans, 'truth.json')))


def by_photo(path, key):
    out = collections.defaultdict(list)
    for f in json.load(open(path)):
        out[key(f['photo'])].append(f)
    return out


src = by_photo(source_faces, lambda p: '/'.join(p.split('/')[-3:]) if '/dlib-faces/' not in p else 'dlib-faces/' + os.path.basename(p))
found = by_photo(scan_faces, lambda p: os.path.relpath(p, scans))


def source_key(rel):
    return rel if rel.startswith('dlib-faces/') else '/'.join(rel.split('/')[-3:])


def mapped(p, x, y):
    if 'to_file' in p:
        m = np.array(p['to_file'])
        return m @ [x, y, 1]
    h = np.array(p['to_file_homography']) @ [x, y, 1]
    return h[:2] / h[2]


def centre(box):
    return box[0] + box[2] / 2, box[1] + box[3] / 2


def scale_of(p):
    m = np.array(p['to_file'] if 'to_file' in p else p['to_file_homography'])[:2, :2]
    return float(np.sqrt(abs(np.linalg.det(m))))


rows, labelled = [], []  # labelled: (identity, person or unique id)
kinds = collections.Counter()
for file in sorted(truth):
    faces = found.get(file, [])
    used = set()
    for p in truth[file]:
        expected = src[source_key(p['source'])]
        hits = 0
        # The labelled face: the largest face of the source photo (the photo's size is not in faces.json).
        main = max(range(len(expected)), key=lambda i: expected[i]['box'][2]) if p['identity'] and expected else None
        for i, e in enumerate(expected):
            cx, cy = mapped(p, *centre(e['box']))
            radius = 0.5 * max(e['box'][2], e['box'][3]) * scale_of(p)
            best = None
            for j, f in enumerate(faces):
                if j in used: continue
                fx, fy = centre(f['box'])
                d = ((fx - cx) ** 2 + (fy - cy) ** 2) ** 0.5
                if d <= radius and (best is None or d < best[0]): best = (d, j)
            if best is not None:
                used.add(best[1]); hits += 1
                if i == main: labelled.append((p['identity'], faces[best[1]]['person'] or f'none-{file}-{best[1]}'))
            elif i == main:
                labelled.append((p['identity'], None))
        kind = file.split('/')[0]
        turn = {0: 'upright', 1: 'quarter', 2: 'half', 3: 'three-quarter'}[p['turns']]
        rows.append((file, os.path.basename(p['source'])[:28], turn, p['look'], len(expected), hits))
        kinds[(kind, turn, 'expected')] += len(expected)
        kinds[(kind, turn, 'found')] += hits
    extra = len(faces) - len(used)
    rows.append((file, '(outside every print / unmatched)', '', '', 0, extra)) if extra else None

if per_print:
    print('file\tprint\tturn\tlook\texpected\tfound')
    for r in rows: print('\t'.join(map(str, r)))
    print()
print('kind\tturn\tfaces expected\tfound')
for kind, turn in sorted({(k, t) for k, t, _ in kinds}):
    print(f'{kind}\t{turn}\t{kinds[(kind, turn, "expected")]}\t{kinds[(kind, turn, "found")]}')

found_labelled = [(i, p) for i, p in labelled if p is not None]
same_id = same_person = both = 0
for (i1, p1), (i2, p2) in itertools.combinations(found_labelled, 2):
    si, sp = i1 == i2, p1 == p2 and not p1.startswith('none-')
    same_id += si; same_person += sp; both += si and sp
precision = both / same_person if same_person else 1.0
recall = both / same_id if same_id else 1.0
f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
people = collections.defaultdict(set)
for i, p in found_labelled:
    if not p.startswith('none-'): people[i].add(p)
print(f'\nlabelled prints: {len(labelled)}, main face found in {len(found_labelled)}; pairwise precision {precision:.3f} '
      f'recall {recall:.3f} F1 {f1:.3f}')
for i in sorted(people):
    n = sum(1 for j, p in found_labelled if j == i)
    alone = sum(1 for j, p in found_labelled if j == i and p.startswith('none-'))
    print(f'  {i}: {n} faces in {len(people[i])} people {sorted(people[i])}, {alone} belonging to nobody')
