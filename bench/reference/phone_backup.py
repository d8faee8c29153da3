# A phone's whole backup copied to a home server, from labelled photo folders (docs/imaging.md, "A phone's backup").
# Usage: /usr/bin/python3 bench/reference/phone_backup.py SRC... OUT
#   SRC: folders of <person>/<photo> (lfw, celeb5, faceapi-bbt; folders named group or edge are not used), e.g.
#        ../shared/data/lfw ../shared/data/celeb5 ../shared/data/faceapi-bbt
#   Family: the six people of SRC with the most photos (lfw's and faceapi-bbt's 5-6 photo people, at most 4 from one
#   set); celebrities: celeb5's people (memes and stickers); strangers: everyone else, one photo each.
#   OUT/phone/                          what the backup holds:
#     DCIM/Camera/IMG_YYYYMMDD_HHMMSS.jpg      camera photos (2016x1512, EXIF Make/Model/date; a portrait one stored
#                                              sideways with Orientation 6), family photos and strangers met once
#     DCIM/100APPLE/IMG_000N.JPG + .MOV        Live Photo pairs (the .MOV a 40-byte QuickTime stub)
#     DCIM/.thumbnails/N.jpg                   the gallery's hidden thumbnails (320 px) of every camera photo
#     WhatsApp/Media/WhatsApp Images/          forwarded copies: 1600 px, JPEG quality 60-75, EXIF stripped, each
#       IMG-YYYYMMDD-WA000N.jpg, Sent/…        forward made from the one before (recompressed again); family photos the
#                                              phone never took (a grandparent's) arrive only this way, 2-3 times
#     WhatsApp/Media/WhatsApp Stickers/*.webp  512x512 stickers of a celebrity's face with a caption
#     WhatsApp/Media/.Statuses/                hidden status copies
#     Pictures/Memes/*.webp                    memes: a celebrity's face under big caption text, each forwarded twice
#     Pictures/Screenshots/Screenshot_*.png    1080x2340: video calls (a 2x2 or 3x3 grid of faces with UI bars, some
#                                              tiles with the camera off), chats with a small round avatar
#     Android/data/com.google.android.apps.photos/cache/  small copies (512 px) of camera photos, as an app's cache
#     Android/data/com.whatsapp/cache/                    small copies (256 px) of WhatsApp photos
#     corrupt files: a 0-byte JPEG, a truncated JPEG, an HTML page named .jpg, a 0-byte .webp
#   OUT/truth.csv       path (below OUT/phone), identity (source person; ';'-joined for a call grid; 'none'), role
#                       (family, stranger, celebrity, none, mixed), kind, source photo
#   OUT/truth_faces.csv path, x, y, width, height, identity, role: each face placed in a call grid or avatar
# stdlib + cv2/numpy only; deterministic (seed 31).
import csv, cv2, datetime, numpy as np, os, random, shutil, struct, sys

srcs, out = sys.argv[1:-1], sys.argv[-1]
rng = random.Random(31)
nrng = np.random.default_rng(31)
phone = os.path.join(out, 'phone')
if os.path.exists(out): shutil.rmtree(out)
os.makedirs(phone)

people = {}  # identity -> (set, [photo paths])
for s in srcs:
    for person in sorted(os.listdir(s)):
        d = os.path.join(s, person)
        if not os.path.isdir(d) or person in ('group', 'edge'): continue
        files = [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.lower().endswith(('.jpg', '.jpeg', '.png'))]
        if files: people[person] = (os.path.basename(os.path.normpath(s)), files)
celebs = sorted(p for p, (s, _) in people.items() if s == 'celeb5')
ranked = sorted((p for p in people if p not in celebs), key=lambda p: (-len(people[p][1]), p))
family, per_set = [], {}
for p in ranked:
    if len(family) == 6: break
    if per_set.get(people[p][0], 0) >= 4: continue
    per_set[people[p][0]] = per_set.get(people[p][0], 0) + 1; family.append(p)
strangers = sorted(p for p in people if p not in family and p not in celebs)
rng.shuffle(strangers)
role = {p: 'family' for p in family} | {p: 'celebrity' for p in celebs} | {p: 'stranger' for p in strangers}

truth, faces_truth = [], []
def record(path, identity, kind, source):
    rel = os.path.relpath(path, phone)
    r = role.get(identity, 'none') if ';' not in identity else 'mixed'
    truth.append((rel, identity or 'none', r, kind, os.path.relpath(source, os.path.dirname(os.path.dirname(os.path.dirname(source)))) if source else ''))

def exif_app1(t, orientation=1):
    """A minimal EXIF segment (Make, Model, Orientation, DateTime; DateTimeOriginal in the Exif IFD), as a phone writes it."""
    def entry(tag, typ, count, value): return struct.pack('>HHI', tag, typ, count) + value
    date = t.strftime('%Y:%m:%d %H:%M:%S').encode() + b'\0'
    make, model = b'samsung\0', b'SM-G991B\0'
    ifd0_size = 2 + 12 * 5 + 4; exif_size = 2 + 12 + 4
    data_off = 8 + ifd0_size + exif_size
    make_off, model_off, date_off = data_off, data_off + len(make), data_off + len(make) + len(model)
    ifd0 = struct.pack('>H', 5) + entry(0x010F, 2, len(make), struct.pack('>I', make_off)) \
        + entry(0x0110, 2, len(model), struct.pack('>I', model_off)) + entry(0x0112, 3, 1, struct.pack('>HH', orientation, 0)) \
        + entry(0x0132, 2, len(date), struct.pack('>I', date_off)) \
        + entry(0x8769, 4, 1, struct.pack('>I', 8 + ifd0_size)) + b'\0\0\0\0'
    exif = struct.pack('>H', 1) + entry(0x9003, 2, len(date), struct.pack('>I', date_off + len(date))) + b'\0\0\0\0'
    body = b'Exif\0\0' + b'MM\0*' + struct.pack('>I', 8) + ifd0 + exif + make + model + date + date
    return b'\xff\xe1' + struct.pack('>H', len(body) + 2) + body

def jpeg(img, q, t=None):
    orientation = 1
    if t is not None and img.shape[0] > img.shape[1]:
        # A phone held upright stores the sensor's landscape pixels and says "turn 90 degrees clockwise" (6).
        img, orientation = cv2.rotate(img, cv2.ROTATE_90_COUNTERCLOCKWISE), 6
    data = cv2.imencode('.jpg', img, [cv2.IMWRITE_JPEG_QUALITY, q])[1].tobytes()
    if t is None: return data
    pos = 2; head = data[:2]
    while data[pos] == 0xFF and data[pos + 1] in (0xE0, 0xE1):
        n = struct.unpack('>H', data[pos + 2:pos + 4])[0]
        if data[pos + 1] == 0xE0: head += data[pos:pos + 2 + n]
        pos += 2 + n
    return head + exif_app1(t, orientation) + data[pos:]

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f: f.write(data)

def background(h, w):
    """A smooth random scene: a colour gradient with low-frequency blotches and sensor noise."""
    small = nrng.integers(40, 220, size=(4, 6, 3)).astype(np.uint8)
    img = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC).astype(np.int16)
    img += nrng.normal(0, 4, size=img.shape).astype(np.int16)
    return np.clip(img, 0, 255).astype(np.uint8)

def read(src):
    img = cv2.imread(src, cv2.IMREAD_COLOR)
    return img

def resize_long(img, side):
    s = side / max(img.shape[:2])
    return cv2.resize(img, None, fx=s, fy=s, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)

def camera_photo(src):
    """The source photo, scaled up as a phone's 12 MP-like frame would hold the person, on a scene."""
    portrait = rng.random() < 0.5
    h, w = (2016, 1512) if portrait else (1512, 2016)
    img = background(h, w)
    face = read(src)
    side = rng.randint(int(0.55 * min(h, w)), int(0.8 * min(h, w)))
    face = resize_long(face, side)
    fh, fw = face.shape[:2]
    y, x = rng.randint(0, h - fh), rng.randint(0, w - fw)
    img[y:y + fh, x:x + fw] = face
    return img

def when(i): return datetime.datetime(2021 + i % 4, 1 + rng.randrange(12), 1 + rng.randrange(28), rng.randrange(8, 22), rng.randrange(60), rng.randrange(60))

# --- camera photos: four of each family member's photos (the rest arrive by WhatsApp), and strangers met once
camera = []  # (path, identity, src, img)
family_whatsapp_only = []
for p in family:
    files = people[p][1]
    keep = max(1, len(files) - 2)
    camera += [(p, f) for f in files[:keep]]
    family_whatsapp_only += [(p, f) for f in files[keep:]]
met_once = [(p, people[p][1][0]) for p in strangers[:16]]
camera += met_once
rng.shuffle(camera)
camera_files = []
for i, (p, src) in enumerate(camera):
    t = when(i)
    img = camera_photo(src)
    live = i < 6  # the iPhone part of the backup: Live Photo pairs
    if live:
        path = os.path.join(phone, 'DCIM', '100APPLE', 'IMG_%04d.JPG' % (i + 1))
        # A Live Photo's video: a QuickTime stub (ftyp qt + an empty moov), as an interrupted copy leaves it.
        write(path[:-4] + '.MOV', struct.pack('>I', 20) + b'ftypqt  \0\0\0\0qt  ' + struct.pack('>I', 8) + b'moov')
    else:
        path = os.path.join(phone, 'DCIM', 'Camera', t.strftime('IMG_%Y%m%d_%H%M%S') + '.jpg')
    write(path, jpeg(img, 92, t))
    record(path, p, 'camera' if not live else 'live photo', src)
    camera_files.append((path, p, src, img, t))
    # The gallery's hidden thumbnail and the photo app's cache (a non-hidden folder under Android/data).
    thumb = os.path.join(phone, 'DCIM', '.thumbnails', '%d.jpg' % (1000 + i))
    write(thumb, jpeg(resize_long(img, 320), 80)); record(thumb, p, 'thumbnail', src)
    if i % 2 == 0:
        cache = os.path.join(phone, 'Android', 'data', 'com.google.android.apps.photos', 'cache', 'thumb_%08x.jpg' % rng.getrandbits(32))
        write(cache, jpeg(resize_long(img, 512), 85)); record(cache, p, 'app cache', src)

# --- WhatsApp: family photos forwarded (each forward recompressed from the one before), and photos the phone never took
wa_n = [0]
def wa_name(t, sent=False):
    wa_n[0] += 1
    d = os.path.join(phone, 'WhatsApp', 'Media', 'WhatsApp Images', *(['Sent'] if sent else []))
    return os.path.join(d, 'IMG-%s-WA%04d.jpg' % (t.strftime('%Y%m%d'), wa_n[0]))
def forward(img):
    side = rng.choice([1600, 1600, 1280])
    img = resize_long(img, min(side, max(img.shape[:2])))
    q = rng.randint(60, 75)
    data = jpeg(img, q)
    return data, cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
wa_files = []
forwarded = [c for c in camera_files if c[1] in family]
for path, p, src, img, t in forwarded[:int(len(forwarded) * 0.7)]:
    cur = img
    for k in range(rng.randint(1, 3)):
        data, cur = forward(cur)
        t = t + datetime.timedelta(days=rng.randint(0, 30))
        dst = wa_name(t, sent=k == 0 and rng.random() < 0.5)
        write(dst, data); record(dst, p, 'whatsapp forward %d' % (k + 1), src); wa_files.append((dst, p, src, cur))
for i, (p, src) in enumerate(family_whatsapp_only):
    cur = camera_photo(src); t = when(100 + i)
    for k in range(rng.randint(2, 3)):
        data, cur = forward(cur)
        dst = wa_name(t + datetime.timedelta(days=k))
        write(dst, data); record(dst, p, 'whatsapp only %d' % (k + 1), src); wa_files.append((dst, p, src, cur))
for i, p in enumerate(strangers[16:24]):  # a friend's photos of people the family does not know
    src = people[p][1][0]; cur = camera_photo(src)
    for k in range(rng.randint(1, 2)):
        data, cur = forward(cur)
        dst = wa_name(when(200 + i))
        write(dst, data); record(dst, p, 'whatsapp stranger', src); wa_files.append((dst, p, src, cur))
for dst, p, src, cur in wa_files[::3]:
    cache = os.path.join(phone, 'Android', 'data', 'com.whatsapp', 'cache', 'Media', 'img_%08x.jpg' % rng.getrandbits(32))
    write(cache, jpeg(resize_long(cur, 256), 70)); record(cache, p, 'app cache', src)
for dst, p, src, cur in wa_files[:4]:
    st = os.path.join(phone, 'WhatsApp', 'Media', '.Statuses', '%032x.jpg' % rng.getrandbits(128))
    write(st, jpeg(cur, 70)); record(st, p, 'status (hidden)', src)
write(os.path.join(phone, 'WhatsApp', 'Media', 'WhatsApp Images', '.nomedia'), b'')

# --- memes and stickers: a celebrity's face under big caption text
CAPTIONS = ['WHEN THE WIFI DROPS', 'MONDAY AGAIN', 'ME AT 3 AM', 'NOBODY:', 'DAD JOKES LOADING', 'I SAID WHAT I SAID']
def caption(img, text, top=True):
    h, w = img.shape[:2]
    scale = w / 600 * 1.6
    (tw, th), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_DUPLEX, scale, 3)
    scale *= min(1.0, 0.94 * w / tw); (tw, th), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_DUPLEX, scale, 3)
    org = ((w - tw) // 2, int(th * 1.5) if top else h - th // 2)
    cv2.putText(img, text, org, cv2.FONT_HERSHEY_DUPLEX, scale, (0, 0, 0), max(6, int(scale * 8)), cv2.LINE_AA)
    cv2.putText(img, text, org, cv2.FONT_HERSHEY_DUPLEX, scale, (255, 255, 255), max(2, int(scale * 3)), cv2.LINE_AA)
for i, p in enumerate(celebs):
    for j, src in enumerate(people[p][1]):
        face = read(src)
        if j < 2:  # a meme: the photo scaled to 800 px wide with caption bands
            m = resize_long(face, 800)
            h, w = m.shape[:2]
            img = np.full((h + 280, w, 3), 255, np.uint8); img[140:140 + h] = m
            caption(img, CAPTIONS[(i + j) % len(CAPTIONS)], True); caption(img, 'LOL', False)
            data = cv2.imencode('.webp', img, [cv2.IMWRITE_WEBP_QUALITY, 80])[1].tobytes()
            for k in range(2):  # saved twice: once from the family chat, once from a friend's
                dst = os.path.join(phone, 'Pictures', 'Memes', '%s_meme%d%s.webp' % (p, j + 1, '' if k == 0 else ' (1)'))
                write(dst, data); record(dst, p, 'meme', src)
        else:  # a sticker: 512x512, the face cut square, a caption over it
            m = face[:min(face.shape[:2]), :min(face.shape[:2])]
            img = cv2.resize(m, (512, 512), interpolation=cv2.INTER_CUBIC)
            caption(img, CAPTIONS[(i + 3) % len(CAPTIONS)], False)
            dst = os.path.join(phone, 'WhatsApp', 'Media', 'WhatsApp Stickers', '%032X.webp' % rng.getrandbits(128))
            write(dst, cv2.imencode('.webp', img, [cv2.IMWRITE_WEBP_QUALITY, 75])[1].tobytes()); record(dst, p, 'sticker', src)

# --- screenshots: video calls (grids of faces between UI bars) and chats with a small avatar
W, H = 1080, 2340
def ui_frame(title, dark=True):
    img = np.full((H, W, 3), 24 if dark else 250, np.uint8)
    fg = (240, 240, 240) if dark else (30, 30, 30)
    cv2.putText(img, '12:%02d' % rng.randrange(60), (40, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.3, fg, 3, cv2.LINE_AA)
    cv2.rectangle(img, (900, 30), (1030, 70), fg, 3)
    cv2.putText(img, title, (60, 170), cv2.FONT_HERSHEY_SIMPLEX, 1.6, fg, 3, cv2.LINE_AA)
    return img
def cover(img, w, h, mirror):
    s = max(w / img.shape[1], h / img.shape[0])
    r = cv2.resize(img, None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC)
    y, x = (r.shape[0] - h) // 2, (r.shape[1] - w) // 2
    r = r[y:y + h, x:x + w]
    return r[:, ::-1] if mirror else r
def call(n, participants, title, shot_i):
    img = ui_frame(title)
    top, bottom = 230, H - 300
    tw, th = W // n, (bottom - top) // n
    ids = []
    for k, who in enumerate(participants):
        r, c = divmod(k, n); x, y = c * tw, top + r * th
        if who is None:  # camera off: a letter in a circle
            cv2.rectangle(img, (x + 4, y + 4), (x + tw - 4, y + th - 4), (60, 60, 60), -1)
            cv2.circle(img, (x + tw // 2, y + th // 2), tw // 5, (160, 90, 40), -1)
            cv2.putText(img, chr(65 + k), (x + tw // 2 - 20, y + th // 2 + 20), cv2.FONT_HERSHEY_SIMPLEX, 1.8, (255, 255, 255), 4)
            continue
        p, src = who
        img[y + 4:y + th - 4, x + 4:x + tw - 4] = cover(read(src), tw - 8, th - 8, rng.random() < 0.5)
        cv2.putText(img, p.split('_')[0], (x + 16, y + th - 24), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (255, 255, 255), 2, cv2.LINE_AA)
        ids.append(p); faces_truth.append((None, x + 4, y + 4, tw - 8, th - 8, p, role[p]))
    for b in range(4):  # the call's buttons
        cv2.circle(img, (W // 8 + b * W // 4, H - 150), 60, (60, 60, 200) if b == 3 else (90, 90, 90), -1)
    t = when(300 + shot_i)
    dst = os.path.join(phone, 'Pictures', 'Screenshots', t.strftime('Screenshot_%Y%m%d-%H%M%S') + '_Meet.png')
    for k in range(len(faces_truth)):
        if faces_truth[k][0] is None: faces_truth[k] = (os.path.relpath(dst, phone),) + faces_truth[k][1:]
    write(dst, cv2.imencode('.png', img)[1].tobytes()); record(dst, ';'.join(ids), 'video call %dx%d' % (n, n), '')
def pick(p, k): files = people[p][1]; return (p, files[k % len(files)])
call(2, [pick(family[0], 5), pick(family[1], 5), pick(family[2], 4), pick(family[3], 4)], 'Family', 0)
call(2, [pick(family[4], 3), pick(family[5], 3), pick(family[0], 2), None], 'Grandma', 1)
call(3, [pick(f, 1) for f in family] + [None, pick(strangers[24], 0), None], 'Sunday call', 2)
call(3, [pick(family[0], 4)] + [pick(p, 0) for p in strangers[25:33]], 'Team weekly', 3)
call(3, [pick(family[1], 3)] + [pick(p, 0) for p in strangers[33:38]] + [None, None, pick(strangers[38], 0)], 'Book club', 4)
for i, p in enumerate(family + [strangers[39]]):  # a chat with a small round avatar in its header
    img = ui_frame('      ' + p.split('_')[0], dark=False)
    src = people[p][1][i % len(people[p][1])]
    av = cover(read(src), 110, 110, False).copy()
    mask = np.zeros((110, 110), np.uint8); cv2.circle(mask, (55, 55), 55, 255, -1)
    roi = img[110:220, 60:170]; roi[mask > 0] = av[mask > 0]
    for b in range(9):  # bubbles
        mine = b % 2 == 1; y = 320 + b * 200; x = 540 if mine else 40
        cv2.rectangle(img, (x, y), (x + 500, y + 140), (200, 240, 200) if mine else (235, 235, 235), -1)
        cv2.putText(img, 'see you at six', (x + 30, y + 85), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (40, 40, 40), 2, cv2.LINE_AA)
    t = when(400 + i)
    dst = os.path.join(phone, 'Pictures', 'Screenshots', t.strftime('Screenshot_%Y%m%d-%H%M%S') + '_WhatsApp.png')
    write(dst, cv2.imencode('.png', img)[1].tobytes()); record(dst, p, 'chat screenshot', src)
    faces_truth.append((os.path.relpath(dst, phone), 60, 110, 110, 110, p, role[p]))

# --- files a backup breaks: empty, cut short, a web page saved under a photo's name, an empty sticker
bad = os.path.join(phone, 'DCIM', 'Camera')
write(os.path.join(bad, 'IMG_20230704_101010.jpg'), b'')
full = jpeg(camera_files[0][3], 92, camera_files[0][4]); write(os.path.join(bad, 'IMG_20230704_101011.jpg'), full[:len(full) // 3])
write(os.path.join(phone, 'Download', 'photo.jpg'), b'<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>Not Found</body></html>\n')
write(os.path.join(phone, 'WhatsApp', 'Media', 'WhatsApp Stickers', 'BROKEN0000.webp'), b'')
for name in ('IMG_20230704_101010.jpg', 'IMG_20230704_101011.jpg'): record(os.path.join(bad, name), '', 'corrupt', '')
record(os.path.join(phone, 'Download', 'photo.jpg'), '', 'corrupt', '')
record(os.path.join(phone, 'WhatsApp', 'Media', 'WhatsApp Stickers', 'BROKEN0000.webp'), '', 'corrupt', '')

with open(os.path.join(out, 'truth.csv'), 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['path', 'identity', 'role', 'kind', 'source']); w.writerows(sorted(truth))
with open(os.path.join(out, 'truth_faces.csv'), 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['path', 'x', 'y', 'width', 'height', 'identity', 'role']); w.writerows(faces_truth)
kinds = {}
for t in truth: k = t[3].split(' ')[0] if t[3].startswith('whatsapp') else t[3]; kinds[k] = kinds.get(k, 0) + 1
print('family:', ', '.join(family))
print(len(truth), 'files:', ', '.join('%d %s' % (n, k) for k, n in sorted(kinds.items())))
