# A Google Photos export as Google Takeout writes it, from labelled photo folders (docs/imaging.md, "Google Takeout").
# Usage: /usr/bin/python3 bench/reference/google_takeout.py SRC... OUT
#   SRC: folders of <person>/<photo> (folders named group or edge hold unlabelled photos), e.g. ../shared/data/celeb5
#   OUT/Takeout/Google Photos/        the extracted export:
#     Photos from YYYY/               every photo once, by the year it was taken, each with its JSON sidecar
#                                     (IMG_x.jpg.json, or since 2024 IMG_x.jpg.supplemental-metadata.json, cut to 51
#                                     characters: IMG_x.jpg.supplemen.json); names cut to 47 characters before the
#                                     extension; a second photo of the same name in one folder is IMG_x(1).jpg with the
#                                     sidecar IMG_x.jpg(1).json; an edited photo also as IMG_x-edited.jpg (cropped,
#                                     brightened, no EXIF, no sidecar of its own)
#     <album>/                        byte-identical copies of the album's photos (and their edited versions and
#                                     sidecars), metadata.json; a shared album with shared_album_comments.json
#     print-subscriptions.json, user-generated-memory-titles.json; Takeout/archive_browser.html
#   OUT/zips/takeout-…-001.zip, -002.zip   the same export as Takeout delivers it (split in two), and OUT/tgz/….tgz
#   OUT/truth.csv                     path (below OUT/Takeout/Google Photos), identity (empty: unlabelled), source
#                                     photo, kind (original, album copy, edited)
# stdlib + cv2/numpy only; deterministic (seed 29).
import csv, cv2, datetime, io, json, os, random, shutil, struct, sys, tarfile, zipfile

srcs, out = sys.argv[1:-1], sys.argv[-1]
rng = random.Random(29)
UNLABELLED = {'group', 'edge'}
gp = os.path.join(out, 'Takeout', 'Google Photos')
if os.path.exists(out): shutil.rmtree(out)
os.makedirs(gp)

photos = []  # dicts: src, identity, ext, taken, name
for s in srcs:
    for person in sorted(os.listdir(s)):
        d = os.path.join(s, person)
        if not os.path.isdir(d): continue
        for f in sorted(os.listdir(d)):
            ext = os.path.splitext(f)[1].lower()
            if ext not in ('.jpg', '.jpeg', '.png'): continue
            photos.append({'src': os.path.join(d, f), 'identity': '' if person in UNLABELLED else person, 'ext': ext})
rng.shuffle(photos)

LONG = ['Family reunion at grandmas house in the summer of ', 'WhatsApp Image sent by Aunt Margaret from the beach house ',
        'Copy of scanned photo from the old album in the attic ', 'Birthday party in the garden with everyone together ']
counter = {}
for i, p in enumerate(photos):
    p['taken'] = datetime.datetime(2016 + i % 6, 1 + rng.randrange(12), 1 + rng.randrange(28), rng.randrange(24), rng.randrange(60), rng.randrange(60), tzinfo=datetime.timezone.utc)
    t = p['taken']; r = rng.random()
    if p['ext'] == '.png': stem = t.strftime('Screenshot_%Y%m%d-%H%M%S')
    elif r < 0.45: stem = t.strftime('IMG_%Y%m%d_%H%M%S')
    elif r < 0.75:  # a camera's counter: two cameras (or a counter reset) give two photos one name in one year
        key = t.year; counter[key] = counter.get(key, 0) + 1
        stem = 'IMG_%04d' % (1 + (counter[key] - 1) // 2)
    else: stem = LONG[i % len(LONG)] + t.strftime('%Y-%m-%d at %H.%M.%S')
    p['title'] = stem + ('.jpg' if p['ext'] == '.jpeg' else p['ext'])

def exif_app1(t):
    """A minimal EXIF segment (Make, Model, DateTime; DateTimeOriginal in the Exif IFD), as a phone writes it."""
    def entry(tag, typ, count, value): return struct.pack('>HHI', tag, typ, count) + value
    date = t.strftime('%Y:%m:%d %H:%M:%S').encode() + b'\0'
    make, model = b'Google\0', b'Pixel 3a\0'
    ifd0_n, exif_n = 4, 1
    ifd0_size = 2 + 12 * ifd0_n + 4; exif_size = 2 + 12 * exif_n + 4
    data_off = 8 + ifd0_size + exif_size
    make_off, model_off, date_off = data_off, data_off + len(make), data_off + len(make) + len(model)
    date2_off = date_off + len(date)
    ifd0 = struct.pack('>H', ifd0_n) + entry(0x010F, 2, len(make), struct.pack('>I', make_off)) \
        + entry(0x0110, 2, len(model), struct.pack('>I', model_off)) + entry(0x0132, 2, len(date), struct.pack('>I', date_off)) \
        + entry(0x8769, 4, 1, struct.pack('>I', 8 + ifd0_size)) + b'\0\0\0\0'
    exif = struct.pack('>H', exif_n) + entry(0x9003, 2, len(date), struct.pack('>I', date2_off)) + b'\0\0\0\0'
    tiff = b'MM\0*' + struct.pack('>I', 8) + ifd0 + exif + make + model + date + date
    body = b'Exif\0\0' + tiff
    return b'\xff\xe1' + struct.pack('>H', len(body) + 2) + body

def with_exif(data, t):
    """The JPEG with its own EXIF replaced by the phone's (after SOI and a JFIF APP0, if any)."""
    pos = 2; head = data[:2]
    while data[pos] == 0xFF and data[pos + 1] in (0xE0, 0xE1):
        n = struct.unpack('>H', data[pos + 2:pos + 4])[0]
        if data[pos + 1] == 0xE0: head += data[pos:pos + 2 + n]
        pos += 2 + n
    return head + exif_app1(t) + data[pos:]

def cut(stem, ext): return stem[:47] + ext  # Takeout keeps 47 characters of a long name before its extension

def sidecar(title, n, new_style):
    """The sidecar's name: title.json (title.supplemental-metadata.json since 2024), 51 characters at most with .json
    kept; a name's (n) goes after the photo's extension."""
    base = title + ('.supplemental-metadata' if new_style else '')
    base = base[:46]
    return base + (f'({n})' if n else '') + '.json'

def meta(p, name):
    ts = int(p['taken'].timestamp())
    stamp = {'timestamp': str(ts), 'formatted': p['taken'].strftime('%b %d, %Y, %I:%M:%S %p UTC')}
    m = {'title': p['title'], 'description': '', 'imageViews': str(rng.randrange(40)), 'creationTime': stamp,
         'photoTakenTime': stamp,
         'geoData': {'latitude': 0.0, 'longitude': 0.0, 'altitude': 0.0, 'latitudeSpan': 0.0, 'longitudeSpan': 0.0},
         'geoDataExif': {'latitude': 0.0, 'longitude': 0.0, 'altitude': 0.0, 'latitudeSpan': 0.0, 'longitudeSpan': 0.0},
         'url': 'https://photos.google.com/photo/AF1Qip' + '%032x' % rng.getrandbits(128),
         'googlePhotosOrigin': {'mobileUpload': {'deviceFolder': {'localFolderName': ''}, 'deviceType': 'ANDROID_PHONE'}}}
    if p['identity'] and rng.random() < 0.5: m['people'] = [{'name': p['identity'].replace('_', ' ').title()}]
    return json.dumps(m, indent=2)

truth = []
def put(folder, p, kind, taken_names, new_style):
    """Writes p (and its sidecar) into folder under a clash-free Takeout name; returns the name."""
    stem, ext = os.path.splitext(p['title'])
    name = cut(stem, ext); n = 0
    while name.lower() in taken_names: n += 1; name = cut(stem, ext)[:-len(ext)] + f'({n})' + ext
    taken_names.add(name.lower())
    d = os.path.join(gp, folder); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f: f.write(p['bytes'])
    with open(os.path.join(d, sidecar(cut(stem, ext), n, new_style)), 'w') as f: f.write(meta(p, name))
    truth.append((f'{folder}/{name}', p['identity'], p['src'], kind))
    if 'edited' in p:
        ename = cut(stem + '-edited', ext) if not n else cut(stem + '-edited', ext)[:-len(ext)] + f'({n})' + ext
        k = 0  # a long name cut to 47 characters loses its -edited: it then clashes with the original and is numbered
        while ename.lower() in taken_names: k += 1; ename = cut(stem + '-edited', ext)[:-len(ext)] + f'({k})' + ext
        taken_names.add(ename.lower())
        with open(os.path.join(d, ename), 'wb') as f: f.write(p['edited'])
        truth.append((f'{folder}/{ename}', p['identity'], p['src'], 'edited'))
    return name

for i, p in enumerate(photos):
    data = open(p['src'], 'rb').read()
    p['bytes'] = with_exif(data, p['taken']) if p['ext'] in ('.jpg', '.jpeg') else data
    if i % 4 == 0:  # edited in Google Photos: cropped 4-10 % a side, brightened; saved without EXIF
        img = cv2.imread(p['src'], cv2.IMREAD_COLOR)
        h, w = img.shape[:2]
        t, b, l, r = (int(rng.uniform(0.04, 0.10) * v) for v in (h, h, w, w))
        e = cv2.convertScaleAbs(img[t:h - b, l:w - r], alpha=rng.uniform(1.1, 1.25), beta=8)
        ok, enc = cv2.imencode(p['ext'] if p['ext'] != '.jpeg' else '.jpg', e, [cv2.IMWRITE_JPEG_QUALITY, 90])
        p['edited'] = enc.tobytes()
    p['new_style'] = rng.random() < 0.5

names = {}
for p in sorted(photos, key=lambda p: p['taken']):
    folder = f"Photos from {p['taken'].year}"
    p['name'] = put(folder, p, 'original', names.setdefault(folder, set()), p['new_style'])

albums = {'Family trip to the lake': 0.25, "Grandma's 80th birthday": 0.15, 'Best of 2019': 0.2, 'Shared with Grandpa': 0.1}
for album, share in albums.items():
    chosen = [p for p in photos if rng.random() < share]
    taken = set()
    for p in sorted(chosen, key=lambda p: p['taken']): put(album, p, 'album copy', taken, p['new_style'])
    stamp = {'timestamp': str(int(min(p['taken'] for p in chosen).timestamp())), 'formatted': ''}
    m = {'title': album, 'description': '', 'access': 'protected', 'date': stamp,
         'geoData': {'latitude': 0.0, 'longitude': 0.0, 'altitude': 0.0, 'latitudeSpan': 0.0, 'longitudeSpan': 0.0}}
    if album.startswith('Shared'):
        m['shareInfo'] = {'collaborativeMode': True}
        with open(os.path.join(gp, album, 'shared_album_comments.json'), 'w') as f:
            json.dump([{'contentOwnerName': 'Grandpa', 'text': 'Lovely!', 'creationTime': stamp}], f, indent=2)
    with open(os.path.join(gp, album, 'metadata.json'), 'w') as f: json.dump(m, f, indent=2)

with open(os.path.join(gp, 'print-subscriptions.json'), 'w') as f: json.dump({'subscriptions': []}, f)
with open(os.path.join(gp, 'user-generated-memory-titles.json'), 'w') as f: json.dump({'title': []}, f)
with open(os.path.join(out, 'Takeout', 'archive_browser.html'), 'w') as f:
    f.write('<!DOCTYPE html><html><head><title>Archive Overview</title></head><body><h1>Your Google data archive</h1></body></html>\n')

with open(os.path.join(out, 'truth.csv'), 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['path', 'identity', 'source', 'kind']); w.writerows(sorted(truth))

# The archives as delivered: takeout-<time>-001.zip, -002.zip (files split between them in path order), and one .tgz.
files = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(os.path.join(out, 'Takeout')) for f in fs)
stamp = 'takeout-20240512T093015Z'
os.makedirs(os.path.join(out, 'zips')); os.makedirs(os.path.join(out, 'tgz'))
half = len(files) // 2
for k, part in enumerate((files[:half], files[half:]), 1):
    with zipfile.ZipFile(os.path.join(out, 'zips', f'{stamp}-{k:03d}.zip'), 'w', zipfile.ZIP_DEFLATED) as z:
        for rel in part: z.write(os.path.join(out, rel), rel)
with tarfile.open(os.path.join(out, 'tgz', f'{stamp}-001.tgz'), 'w:gz') as t:
    for rel in files: t.add(os.path.join(out, rel), rel)

kinds = {}
for _, _, _, k in truth: kinds[k] = kinds.get(k, 0) + 1
print(f"{len(photos)} photos, {len(set(p['identity'] for p in photos if p['identity']))} labelled people; files: "
      + ', '.join(f'{v} {k}' for k, v in sorted(kinds.items())) + f"; {len(files)} files in the archives")
