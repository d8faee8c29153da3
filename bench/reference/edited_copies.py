# Edited copies of every photo of glint12 and lfw, as a family library gets them: each copy mirrored or not,
# brightness scaled by 0.8-1.2, up to 5 % cropped from each side, saved at JPEG quality 75-95. Originals stay in
# DIR/<person>/, copies go to DIR/group/ (unlabelled, so eval scores the original photos only).
# Usage: /usr/bin/python3 bench/reference/edited_copies.py ../shared/data DIR COPIES   (docs/clustering.md, "Duplicates")
import cv2, os, random, sys
src_root, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(7)
for s in ('glint12', 'lfw'):
    root = os.path.join(src_root, s)
    for person in sorted(os.listdir(root)):
        d = os.path.join(root, person)
        if not os.path.isdir(d): continue
        os.makedirs(os.path.join(out, person), exist_ok=True)
        os.makedirs(os.path.join(out, 'group'), exist_ok=True)
        for f in sorted(os.listdir(d)):
            img = cv2.imread(os.path.join(d, f))
            if img is None: continue
            stem = os.path.splitext(f)[0]
            cv2.imwrite(os.path.join(out, person, f"{s}_{stem}.png" if f.endswith('.png') else f"{s}_{stem}.jpg"), img)
            for k in range(copies):
                e = img.copy()
                if rng.random() < 0.5: e = e[:, ::-1]
                h, w = e.shape[:2]
                t, b, l, r = (int(rng.uniform(0, 0.05) * n) for n in (h, h, w, w))
                e = e[t:h - b, l:w - r]
                e = cv2.convertScaleAbs(e, alpha=rng.uniform(0.8, 1.2), beta=0)
                cv2.imwrite(os.path.join(out, 'group', f"{person}_{s}_{stem}_{k}.jpg"), e, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(75, 95)])
