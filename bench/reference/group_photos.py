#!/usr/bin/env python3
"""Large group photos with small real faces: "class photos" and "wedding groups" of 4000x3000 px built from the
labelled photos of ../shared/data (docs/detection.md, "Small faces in large photos"). Deterministic (seed 33).

Every labelled photo of lfw (199), faceapi-bbt (40, the tight 150 px crops) and celeb5 (15) is used once: its main
face (the peer's YuNet, ../shared/peers/opencv_pipeline.py, at the photo's own size inside a 25 % border; the face
nearest the photo's centre) is cut with its hair and shoulders under a soft oval mask, scaled so the face box is
40-120 px wide in the 4000 px photo (6-19 px at the detector's 640 px), and laid in rows of 5-9 people (back rows
smaller, higher, drawn first) over a torso, on a wall-and-floor background with windows, a plant-like clutter and
camera grain. 12 photos, JPEG q90, face width per photo from 40-55 px (photo 00) up to 95-120 px (photo 11). A
source whose other faces fall inside the cut is skipped (they would be faces missing from the truth).

  OUT/groupNN.jpg   the photos
  OUT/truth.json    {file: [{box: [x, y, w, h] (the source's YuNet box mapped into the photo), identity, source}]}

Usage: /usr/bin/python3 bench/reference/group_photos.py OUT_DIR     (needs python3-opencv, python3-numpy)
Check: /usr/bin/python3 bench/reference/group_photos_check.py OUT_DIR FACES.json   (FACES: `facesort faces --json`)
"""
import json
import os
import sys

import cv2
import numpy as np

out = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
data = os.path.normpath(os.path.join(here, '..', '..', '..', 'shared', 'data'))
peers = os.path.normpath(os.path.join(here, '..', '..', '..', 'shared', 'peers'))
os.environ.setdefault('FACESORT_MODELS', os.path.normpath(os.path.join(peers, '..', 'models')))
sys.path.insert(0, peers)
from opencv_pipeline import YuNet  # noqa: E402

rng = np.random.default_rng(33)
W, H = 4000, 3000
yunet = YuNet(score_thr=0.7, pad_frac=0.25, min_size=8)


def sources():
    """(path, identity) of every labelled photo of the three sets, in name order."""
    found = []
    for s in ('lfw', 'faceapi-bbt', 'celeb5'):
        root = os.path.join(data, s)
        for who in sorted(os.listdir(root)):
            folder = os.path.join(root, who)
            if not os.path.isdir(folder) or who in ('group', 'edge'):
                continue
            for f in sorted(os.listdir(folder)):
                if f.lower().endswith(('.jpg', '.jpeg', '.png')):
                    found.append((os.path.join(folder, f), f'{s}/{who}'))
    return found


def cut(path):
    """The source's main face: (image, face box, cut region (x0, y0, x1, y1)), or None."""
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    faces = yunet.detect(img)
    if not faces:
        return None
    h, w = img.shape[:2]
    main = min(faces, key=lambda f: (f[0][0] + f[0][2] / 2 - w / 2) ** 2 + (f[0][1] + f[0][3] / 2 - h / 2) ** 2)
    x, y, bw, bh = main[0]
    cx, cy = x + bw / 2, y + bh / 2 + 0.1 * bh
    region = (max(0, int(cx - 0.95 * bw)), max(0, int(cy - 1.15 * bh)), min(w, int(cx + 0.95 * bw)), min(h, int(cy + 1.2 * bh)))
    for f in faces:
        if f is main:
            continue
        fx, fy = f[0][0] + f[0][2] / 2, f[0][1] + f[0][3] / 2
        if region[0] <= fx <= region[2] and region[1] <= fy <= region[3]:
            return None
    return img, main[0], region


def background():
    """A hall: a wall with windows over a floor, a few plants, uneven light."""
    img = np.zeros((H, W, 3), np.float32)
    wall = rng.uniform(120, 200, 3)
    floor = rng.uniform(50, 120, 3)
    horizon = int(H * rng.uniform(0.5, 0.62))
    yy = np.linspace(0, 1, H)[:, None, None]
    img[:horizon] = wall * (0.85 + 0.25 * yy[:horizon])
    img[horizon:] = floor * (0.8 + 0.3 * yy[horizon:])
    for _ in range(rng.integers(3, 6)):  # windows with bars
        x0, y0 = int(rng.uniform(0, W - 500)), int(rng.uniform(100, horizon - 900))
        ww, wh = int(rng.uniform(300, 500)), int(rng.uniform(500, 800))
        cv2.rectangle(img, (x0, y0), (x0 + ww, y0 + wh), (235, 225, 215), -1)
        for k in range(1, 3):
            cv2.line(img, (x0 + k * ww // 3, y0), (x0 + k * ww // 3, y0 + wh), (60, 60, 70), 10)
        cv2.line(img, (x0, y0 + wh // 2), (x0 + ww, y0 + wh // 2), (60, 60, 70), 10)
        cv2.rectangle(img, (x0, y0), (x0 + ww, y0 + wh), (50, 50, 60), 14)
    for _ in range(rng.integers(2, 5)):  # plants: a pot and blobs of leaves
        px, py = int(rng.uniform(100, W - 100)), int(rng.uniform(horizon, H - 200))
        cv2.rectangle(img, (px - 60, py), (px + 60, py + 150), (40, 70, 140), -1)
        for _ in range(40):
            c = (int(rng.uniform(20, 60)), int(rng.uniform(90, 160)), int(rng.uniform(20, 60)))
            cv2.ellipse(img, (int(px + rng.normal(0, 70)), int(py - abs(rng.normal(120, 90)))),
                        (int(rng.uniform(15, 45)), int(rng.uniform(6, 16))), float(rng.uniform(0, 180)), 0, 360, c, -1)
    img = cv2.GaussianBlur(img, (0, 0), 2.0)  # the background a little out of focus
    return img


def paste(img, src, box, region, face_width, cx, top):
    """Lays the cut at a scale giving the face `face_width` px, its face box's top-left centred at cx, top; returns the box."""
    s = face_width / box[2]
    x0, y0, x1, y1 = region
    piece = cv2.resize(src[y0:y1, x0:x1], (max(1, int(round((x1 - x0) * s))), max(1, int(round((y1 - y0) * s)))),
                       interpolation=cv2.INTER_AREA).astype(np.float32)
    ph, pw = piece.shape[:2]
    # Where the piece goes: its face box centred on cx with its top at `top`.
    fx, fy = (box[0] - x0) * s, (box[1] - y0) * s
    ox, oy = int(round(cx - box[2] * s / 2 - fx)), int(round(top - fy))
    mask = np.zeros((ph, pw), np.float32)
    cv2.ellipse(mask, (pw // 2, ph // 2), (int(pw * 0.46), int(ph * 0.47)), 0, 0, 360, 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), max(1.0, 0.04 * pw))[:, :, None]
    ys, xs = max(0, oy), max(0, ox)
    ye, xe = min(H, oy + ph), min(W, ox + pw)
    if ye <= ys or xe <= xs:
        return None
    p = piece[ys - oy:ye - oy, xs - ox:xe - ox]
    m = mask[ys - oy:ye - oy, xs - ox:xe - ox]
    img[ys:ye, xs:xe] = img[ys:ye, xs:xe] * (1 - m) + p * m
    return [ox + fx, oy + fy, box[2] * s, box[3] * s]


def torso(img, cx, top, face_width):
    c = tuple(float(v) for v in rng.uniform(20, 200, 3))
    fw = face_width
    cv2.ellipse(img, (int(cx), int(top + 2.6 * fw)), (int(1.25 * fw), int(1.5 * fw)), 0, 180, 360, c, -1)
    cv2.rectangle(img, (int(cx - 1.25 * fw), int(top + 2.6 * fw)), (int(cx + 1.25 * fw), int(top + 4.5 * fw)), c, -1)


def main():
    os.makedirs(out, exist_ok=True)
    pool = []
    for path, who in sources():
        c = cut(path)
        if c is not None:
            pool.append((path, who, c))
    order = rng.permutation(len(pool))
    pool = [pool[i] for i in order]
    truth = {}
    sizes = [(40, 55), (45, 60), (50, 65), (55, 70), (60, 75), (65, 80), (70, 85), (75, 90), (80, 95), (85, 105),
             (90, 110), (95, 120)]
    per_photo = len(pool) // len(sizes)
    for n, (small, large) in enumerate(sizes):
        people = pool[n * per_photo:(n + 1) * per_photo]
        img = background()
        rows = 3 if per_photo <= 21 else 4
        counts = np.full(rows, len(people) // rows)
        counts[:len(people) % rows] += 1
        faces = []
        k = 0
        horizon_y = int(H * rng.uniform(0.30, 0.40))
        for r in range(rows):  # back row first
            fw = small + (large - small) * r / max(1, rows - 1)
            spacing = fw * rng.uniform(2.7, 3.4)
            y = horizon_y + sum(2.2 * (small + (large - small) * q / max(1, rows - 1)) for q in range(r))
            x_start = W / 2 - spacing * (counts[r] - 1) / 2 + rng.uniform(-300, 300) + (spacing / 2 if r % 2 else 0)
            for i in range(counts[r]):
                path, who, (src, box, region) = people[k]
                k += 1
                w = fw * rng.uniform(0.93, 1.07)
                cx = x_start + i * spacing + rng.normal(0, fw * 0.1)
                top = y + rng.normal(0, fw * 0.1)
                torso(img, cx, top, w)
                placed = paste(img, src, box, region, w, cx, top)
                if placed is not None:
                    faces.append({'box': [round(v, 1) for v in placed], 'identity': who,
                                  'source': os.path.relpath(path, data)})
        img += rng.normal(0, 4.0, img.shape).astype(np.float32)  # camera grain
        name = f'group{n:02d}.jpg'
        cv2.imwrite(os.path.join(out, name), np.clip(img, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 90])
        truth[name] = faces
        print(f'{name}: {len(faces)} faces, {small}-{large} px wide')
    with open(os.path.join(out, 'truth.json'), 'w') as f:
        json.dump(truth, f, indent=1)


main()
