#!/usr/bin/env python3
"""A family's old prints and albums, digitised: real photos from ../shared/data made into scans (docs/detection.md,
"Scanned prints and album pages"). Deterministic (seed 32).

  flatbed/  A4 pages as a flatbed scanner writes them (2480x3508 at 300 dpi; one at 600 dpi, 4960x7016), 2-4 prints
            on the lid's white, each with a white print border, turned 3-8 degrees, faded and yellowed; some prints lie
            sideways (a quarter turn either way) or upside down, as people put them on the glass. Each page as JPEG
            (q92) and 8-bit uncompressed TIFF, some also as 16-bit TIFF.
  prints/   single wallet-size prints (750x1050 at 300 dpi plus the glass around them), one per file, some sideways or
            upside down without an EXIF orientation, some grey, sepia or faded colour.
  album/    album pages photographed with a phone (4032x3024 JPEG): dark page, 3 prints, mild perspective, a glare.
  big/      (--big only) pages larger than FaceSort's 100-megapixel guard and one under it: A3 at 600 dpi (7016x9921,
            69.6 MP), A4 at 1200 dpi (9921x14032, 139 MP) and A3 at 1200 dpi (14032x19843, 278 MP), JPEG.
  truth.json  for every file, its prints: the source photo, its identity (the folder it came from; none for group
            photos), the quarter turns it was laid down with (clockwise, as seen on the page) and the 2x3 affine map
            from the source photo's pixels to the file's pixels (album pages: a 3x3 homography).

Usage: /usr/bin/python3 bench/reference/scanned_prints.py OUT_DIR [--big]      (needs python3-opencv, python3-numpy)
"""
import json
import math
import os
import sys

import cv2
import numpy as np

out = sys.argv[1]
big = '--big' in sys.argv
here = os.path.dirname(os.path.abspath(__file__))
data = os.path.normpath(os.path.join(here, '..', '..', '..', 'shared', 'data'))
rng = np.random.default_rng(32)
truth = {}


def src(rel):
    """A source photo by its path below ../shared/data (a celeb5 photo may be named by its folder and index)."""
    if rel.startswith('celeb5/') and rel.count('/') == 1:
        who, i = rel.split('/')[1].rsplit('#', 1)
        folder = os.path.join(data, 'celeb5', who)
        rel = 'celeb5/' + who + '/' + sorted(os.listdir(folder))[int(i)]
    return rel


def identity(rel):
    parts = rel.split('/')
    return None if parts[0] == 'dlib-faces' or parts[1] in ('group', 'edge') else parts[1]


def aged(image, look):
    """A print as the years left it: faded (lifted blacks, less contrast) and yellowed; or grey / sepia prints."""
    f = image.astype(np.float32)
    if look in ('grey', 'sepia'):
        g = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float32)
        f = np.stack([g, g, g], -1)
    if look == 'sepia':
        f = f * 0.7 + 45
        f *= np.array([0.78, 0.93, 1.08], np.float32)
    elif look == 'grey':
        f = f * 0.8 + 25
    else:  # colour, faded and yellowed
        f = f * 0.75 + 45
        f *= np.array([0.86, 0.96, 1.02], np.float32)
    return np.clip(f, 0, 255)


def as_print(rel, look, long_side):
    """The photo printed: aged, a white border of 4 % of its longer side, resized so the print's long side is
    long_side. Returns the print and the 3x3 map from source pixels to print pixels."""
    image = cv2.imread(os.path.join(data, rel))
    h, w = image.shape[:2]
    b = round(0.04 * max(w, h))
    paper = np.full((h + 2 * b, w + 2 * b, 3), (228, 240, 246), np.float32)  # a print's border yellows too
    paper[b:b + h, b:b + w] = aged(image, look)
    s = long_side / max(paper.shape[:2])
    size = (round(paper.shape[1] * s), round(paper.shape[0] * s))
    printed = cv2.resize(paper, size, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
    to_print = np.array([[s, 0, s * b], [0, s, s * b], [0, 0, 1]], np.float64)
    return np.clip(printed, 0, 255), to_print


def turned(turns):
    """3x3 map of turns clockwise quarter turns about the origin (image y points down, so clockwise on screen is a
    positive angle: the right of the image goes to its bottom)."""
    c, s = round(math.cos(math.pi / 2 * turns)), round(math.sin(math.pi / 2 * turns))
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]], np.float64)


def place(page, rel, look, turns, centre, long_side, tilt):
    """Lays a print on the page at centre, turned by quarter turns and tilted by tilt degrees. Returns its truth."""
    printed, to_print = as_print(rel, look, long_side)
    ph, pw = printed.shape[:2]
    centred = np.array([[1, 0, -pw / 2], [0, 1, -ph / 2], [0, 0, 1]], np.float64)
    q = turned(turns)
    t = math.radians(tilt)
    r = np.array([[math.cos(t), -math.sin(t), 0], [math.sin(t), math.cos(t), 0], [0, 0, 1]], np.float64)
    move = np.array([[1, 0, centre[0]], [0, 1, centre[1]], [0, 0, 1]], np.float64)
    print_to_page = move @ r @ q @ centred
    corners = np.array([[0, 0, 1], [pw, 0, 1], [pw, ph, 1], [0, ph, 1]], np.float64).T
    on_page = (print_to_page @ corners)[:2]
    x0, y0 = np.floor(on_page.min(1)).astype(int) - 2
    x1, y1 = np.ceil(on_page.max(1)).astype(int) + 2
    roi = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64) @ print_to_page
    size = (x1 - x0, y1 - y0)
    warped = cv2.warpAffine(printed, roi[:2], size, flags=cv2.INTER_LINEAR)
    cover = cv2.warpAffine(np.ones((ph, pw), np.float32), roi[:2], size, flags=cv2.INTER_LINEAR)
    # A print lifts off the glass at its edge: a faint shadow just outside it.
    shadow, mask = cv2.GaussianBlur(cover, (0, 0), 3)[..., None], cover[..., None]
    area = page[y0:y1, x0:x1]
    area *= 1 - 0.25 * np.clip(shadow - mask, 0, 1)
    area[:] = area * (1 - mask) + warped * mask
    full = print_to_page @ to_print
    return {'source': rel, 'identity': identity(rel), 'look': look, 'turns': turns, 'tilt': round(tilt, 2),
            'to_file': full[:2].round(6).tolist()}


def grid(n, width, height):
    """Cell centres and the longest print side that fits a cell (with room for the tilt)."""
    if n <= 2:
        cells = [(width / 2, height * (2 * i + 1) / 4) for i in range(n)]
        return cells, int(min(width, height / 2) * 0.78)
    cells = [(width * (2 * (i % 2) + 1) / 4, height * (2 * (i // 2) + 1) / 4) for i in range(n)]
    return cells, int(min(width / 2, height / 2) * 0.8)


def flatbed(name, prints, width=2480, height=3508, formats=('jpg', 'tif8')):
    page = np.full((height, width, 3), 247, np.float32)
    cells, side = grid(len(prints), width, height)
    placed = []
    for (rel, look, turns), centre in zip(prints, cells):
        tilt = float(rng.uniform(3, 8) * rng.choice([-1, 1]))
        placed.append(place(page, src(rel), look, turns, centre, side, tilt))
    noisy(page)
    write(os.path.join('flatbed', name), page, formats, placed, dpi=round(width / 8.27))


def noisy(page, sigma=2.0):
    """The scanner's sensor noise, a band of rows at a time (a 1200 dpi A3 page is 3.3 GB as float32)."""
    for y in range(0, page.shape[0], 1024):
        band = page[y:y + 1024]
        band += rng.normal(0, sigma, band.shape).astype(np.float32)


def write(stem, page, formats, placed, dpi=300):
    os.makedirs(os.path.dirname(os.path.join(out, stem)), exist_ok=True)
    np.clip(page, 0, 255, out=page)  # in place: a 1200 dpi A3 page would not fit memory three times over
    eight = (page + 0.5).astype(np.uint8)
    for fmt in formats:
        path = os.path.join(out, stem + ('.jpg' if fmt == 'jpg' else f'-{fmt[3:]}bit.tif'))
        if fmt == 'jpg':
            cv2.imwrite(path, eight, [cv2.IMWRITE_JPEG_QUALITY, 92])
        else:
            pixels = eight if fmt == 'tif8' else (page * 257 + 0.5).astype(np.uint16)
            cv2.imwrite(path, pixels, [cv2.IMWRITE_TIFF_COMPRESSION, 1, cv2.IMWRITE_TIFF_RESUNIT, 2,
                                       cv2.IMWRITE_TIFF_XDPI, dpi, cv2.IMWRITE_TIFF_YDPI, dpi])
        truth[os.path.relpath(path, out)] = placed


def single(name, rel, look, turns):
    """A wallet-size print (1050 px long at 300 dpi) scanned alone, with a little of the lid's white around it."""
    h, w = cv2.imread(os.path.join(data, src(rel))).shape[:2]
    long_px, short_px = 1050 + 110, round(1050 * min(w, h) / max(w, h)) + 110
    # The print's long side runs along the page's long side when it lies upright or upside down in it.
    across = (w >= h) != (turns % 2 == 1)
    page = np.full((short_px, long_px, 3) if across else (long_px, short_px, 3), 247, np.float32)
    centre = (page.shape[1] / 2, page.shape[0] / 2)
    placed = [place(page, src(rel), look, turns, centre, 1050, float(rng.uniform(-2, 2)))]
    noisy(page)
    write(os.path.join('prints', name), page, ('jpg',), placed)


def album(name, prints):
    """An album page (dark card, three prints) photographed with a phone: 4032x3024, mild perspective, a glare."""
    w, h = 2400, 1700
    card = np.full((h, w, 3), (34, 38, 44), np.float32)
    placed = []
    for i, (rel, look, turns) in enumerate(prints):
        centre = (w * (2 * i + 1) / 6, h / 2 + rng.uniform(-120, 120))
        placed.append(place(card, src(rel), look, turns, centre, 700, float(rng.uniform(-6, 6))))
    W, H = 4032, 3024
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    # The phone held a little off square: the far edge of the page is shorter, and the page is off centre.
    seen = np.float32([[560, 520], [3480, 600], [3760, 2620], [300, 2500]]) + rng.uniform(-40, 40, (4, 2)).astype(np.float32)
    hom = cv2.getPerspectiveTransform(corners, seen).astype(np.float64)
    table = np.full((H, W, 3), (96, 118, 140), np.float32)  # a wooden table around the album
    photo = cv2.warpPerspective(card, hom, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_TRANSPARENT, dst=table)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    glare = 70 * np.exp(-(((xx - 2900) / 380) ** 2 + ((yy - 1100) / 260) ** 2))
    photo = photo + glare[..., None] + rng.normal(0, 3.0, photo.shape).astype(np.float32)
    for p in placed:
        a = np.vstack([np.array(p.pop('to_file')), [0, 0, 1]])
        p['to_file_homography'] = (hom @ a).round(6).tolist()
    write(os.path.join('album', name), photo, ('jpg',), placed)


A = 'ageitgey-people/'
D = 'dlib-faces/'
# (source, look, quarter turns clockwise as it lies on the glass)
flatbed('page01-mixed', [(A + 'obama/obama.jpg', 'colour', 0), (A + 'biden/biden2.jpg', 'colour', 0),
                         (A + 'kit_harington/john1.jpeg', 'colour', 0), (A + 'rose_leslie/img1.jpg', 'colour', 1)],
        formats=('jpg', 'tif8', 'tif16'))
flatbed('page02-mixed', [(A + 'alex_lacamoire/img1.jpg', 'colour', 0), (A + 'obama/obama1.jpg', 'colour', 3),
                         (A + 'kit_harington/johnsnow_test1.jpg', 'colour', 0), (A + 'group/obama_and_biden.jpg', 'colour', 2)])
flatbed('page03-groups', [(D + '2007_007763.jpg', 'colour', 0), (D + '2008_002079.jpg', 'colour', 0),
                          (D + '2008_001322.jpg', 'colour', 1)], formats=('jpg', 'tif8', 'tif16'))
flatbed('page04-groups', [(A + 'group/kit_with_rose.jpg', 'colour', 0), (D + '2008_004176.jpg', 'colour', 2)])
flatbed('page05-celeb', [('celeb5/ben_afflek#0', 'colour', 0), ('celeb5/elton_john#0', 'grey', 0),
                         ('celeb5/jerry_seinfeld#0', 'colour', 1), ('celeb5/madonna#2', 'sepia', 3)])
flatbed('page06-sideways', [('celeb5/mindy_kaling#0', 'colour', 1), ('celeb5/ben_afflek#1', 'colour', 1),
                            ('celeb5/elton_john#1', 'grey', 1), ('celeb5/jerry_seinfeld#1', 'sepia', 1)])
flatbed('page07-upsidedown', [(A + 'obama/obama2.jpg', 'colour', 2), (A + 'biden/biden.jpg', 'colour', 2),
                              (A + 'rose_leslie/img2.jpg', 'colour', 2)])
flatbed('page08-groups', [(D + '2008_007676.jpg', 'colour', 3), (D + '2009_004587.jpg', 'grey', 0),
                          (D + '2008_002470.jpg', 'colour', 0), (D + '2008_002506.jpg', 'sepia', 0)])
flatbed('page09-600dpi', [(A + 'obama/obama3.jpg', 'colour', 0), (A + 'kit_harington/john2.jpeg', 'colour', 0),
                          (A + 'group/two_people.jpg', 'colour', 0), (A + 'alex_lacamoire/alex_lacamoire1.jpg', 'colour', 3)],
        width=4960, height=7016, formats=('jpg', 'tif8', 'tif16'))

single('print01', 'celeb5/ben_afflek#2', 'grey', 0)
single('print02', 'celeb5/elton_john#2', 'sepia', 1)
single('print03', 'celeb5/jerry_seinfeld#2', 'sepia', 3)
single('print04', 'celeb5/mindy_kaling#1', 'grey', 2)
single('print05', 'celeb5/mindy_kaling#2', 'colour', 0)
single('print06', A + 'obama/obama3.jpg', 'sepia', 1)
single('print07', A + 'kit_harington/john2.jpeg', 'grey', 3)
single('print08', A + 'alex_lacamoire/alex_lacamoire1.jpg', 'colour', 0)
single('print09', 'celeb5/madonna#0', 'colour', 1)
single('print10', A + 'rose_leslie/img2.jpg', 'grey', 2)

album('album01', [(A + 'biden/biden2.jpg', 'colour', 0), (A + 'group/two_people.jpg', 'colour', 0),
                  (A + 'group/kit_with_rose.jpg', 'colour', 1)])
album('album02', [(D + '2008_002470.jpg', 'colour', 0), (D + '2008_002506.jpg', 'colour', 0), (D + '2008_007676.jpg', 'colour', 0)])

if big:
    for name, (w, h) in {'a3-600dpi': (7016, 9921), 'a4-1200dpi': (9921, 14032), 'a3-1200dpi': (14032, 19843)}.items():
        flatbed(os.path.join('..', 'big', name), [(A + 'obama/obama.jpg', 'colour', 0), (A + 'biden/biden2.jpg', 'colour', 0),
                                                  (A + 'kit_harington/john1.jpeg', 'colour', 0), (A + 'rose_leslie/img1.jpg', 'colour', 0)],
                width=w, height=h, formats=('jpg',))

with open(os.path.join(out, 'truth.json'), 'w') as f:
    json.dump(truth, f, indent=1, sort_keys=True)
print(f'{len(truth)} files in {out}')
