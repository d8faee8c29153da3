# Scores `facesort organize` of a backup written by phone_backup.py (docs/imaging.md, "A phone's backup").
# Usage: /usr/bin/python3 bench/reference/phone_backup_check.py OUT PEOPLE   (OUT: the generator's folder; PEOPLE: --out of organize)
# A labelled file's largest face is its person; a screenshot's faces by the tile (truth_faces.csv) they fall in.
import csv, os, sys, collections, itertools
gen, peo = sys.argv[1], sys.argv[2]
phone = os.path.join(gen, 'phone')
truth = {r['path']: r for r in csv.DictReader(open(os.path.join(gen, 'truth.csv')))}
boxes = collections.defaultdict(list)
for r in csv.DictReader(open(os.path.join(gen, 'truth_faces.csv'))): boxes[r['path']].append(r)
faces = list(csv.DictReader(open(os.path.join(peo, 'faces.csv'))))
byfile = collections.defaultdict(list)
for f in faces: byfile[os.path.relpath(f['original'], phone)].append(f)
role = {}
for r in truth.values():
    if r['role'] in ('family', 'stranger', 'celebrity'): role[r['identity']] = r['role']
lab = []  # (identity, role, person, path, kind, source)
for path, fs in byfile.items():
    t = truth.get(path)
    if path in boxes:
        for f in fs:
            cx, cy = float(f['x']) + float(f['width']) / 2, float(f['y']) + float(f['height']) / 2
            hit = [b for b in boxes[path] if float(b['x']) <= cx <= float(b['x']) + float(b['width']) and float(b['y']) <= cy <= float(b['y']) + float(b['height'])]
            if hit: lab.append((hit[0]['identity'], hit[0]['role'], f['person'], path, t['kind'], path))
            else: lab.append(('?', 'unknown', f['person'], path, t['kind'] if t else '', path))
    elif t and t['role'] in ('family', 'stranger', 'celebrity'):
        big = max(fs, key=lambda f: float(f['width']) * float(f['height']))
        for f in fs:
            if f is big: lab.append((t['identity'], t['role'], f['person'], path, t['kind'], t['source']))
            else: lab.append(('?', 'unknown', f['person'], path, t['kind'], t['source']))
    else:
        for f in fs: lab.append(('?', 'unknown', f['person'], path, t['kind'] if t else '', ''))
persons = collections.defaultdict(list)
for l in lab:
    if l[2]: persons[l[2]].append(l)
major = {}
for p, ls in persons.items():
    c = collections.Counter(l[0] for l in ls if l[0] != '?')
    major[p] = c.most_common(1)[0][0] if c else '?'
fam = [l for l in lab if l[1] == 'family']
tp = fp = fn = 0
for a, b in itertools.combinations(fam, 2):
    same_p = a[2] != '' and a[2] == b[2]; same_i = a[0] == b[0]
    if same_p and same_i: tp += 1
    elif same_p: fp += 1
    elif same_i: fn += 1
P = tp / (tp + fp) if tp + fp else 1; R = tp / (tp + fn) if tp + fn else 1
print(f'faces {len(faces)}, labelled {sum(1 for l in lab if l[0] != "?")}, people {len(persons)}')
print(f'family pairwise P {P:.3f} R {R:.3f} F1 {2*P*R/(P+R):.3f} over {len(fam)} family faces')
famp = [p for p in persons if role.get(major[p]) == 'family']
print('family people:', len(famp), '; people per family member:', dict(collections.Counter(major[p] for p in famp)))
for p in sorted(persons):
    ls = persons[p]; c = collections.Counter(l[0] for l in ls)
    files = len([f for f in os.listdir(os.path.join(peo, p))]) if os.path.isdir(os.path.join(peo, p)) else -1
    shots = len({l[5] for l in ls})
    print(f'  {p}: {len(ls)} faces, {shots} source shots, {files} files, major {major[p]} ({role.get(major[p], "?")}); {dict(c)}')
wrong = [l for l in lab if l[2] and major[l[2]] != l[0] and l[0] != '?']
print('faces in a person of someone else:', len(wrong))
for r in ('stranger', 'celebrity'):
    n = [l for l in lab if l[1] == r and l[2] and role.get(major[l[2]]) == 'family']
    print(f'{r} faces placed in family people: {len(n)}', [(l[0], l[3]) for l in n])
    tot = [l for l in lab if l[1] == r]; placed = [l for l in tot if l[2]]
    print(f'  {r} faces in any person: {len(placed)} of {len(tot)}; people made of {r}s: {sum(1 for p in persons if role.get(major[p]) == r)}')
cache = [l for l in lab if l[4] == 'app cache']
print('app-cache faces:', len(cache), 'in a person:', sum(1 for l in cache if l[2]))
grid = [l for l in lab if l[4].startswith('video call')]
print('video-call faces: labelled', sum(1 for l in grid if l[0] != '?'), 'of', len(grid), '; family tiles placed right:',
      sum(1 for l in grid if l[1] == 'family' and l[2] and major[l[2]] == l[0]), 'of', sum(1 for l in grid if l[1] == 'family'),
      '; strangers in a person:', sum(1 for l in grid if l[1] == 'stranger' and l[2]), 'of', sum(1 for l in grid if l[1] == 'stranger'))
unf = [l for l in lab if l[0] == '?' and l[2]]
print('unlabelled faces placed in a person:', len(unf), collections.Counter(l[4] for l in unf))
