# Usage: /usr/bin/python3 bench/reference/apple_photos_library.py SRC DST   (docs/imaging.md, "Photo-manager libraries")
# DST/"Photos Library.photoslibrary" laid out as Photos 5+ on macOS writes it: every photo of SRC once in
# originals/<hex>/<UUID>.jpeg, and its derivatives under resources/derivatives (a large preview, longest side 1,600,
# and a 360 px thumbnail in masters/), never larger than the photo; every fifth photo edited, with its full-size render
# (brightened) in resources/renders. Deterministic: UUIDs come from the photo's path.
import cv2, hashlib, os, shutil, sys
src, dst = sys.argv[1], os.path.join(sys.argv[2], 'Photos Library.photoslibrary')
photos = sorted(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f.lower().endswith(('.jpg', '.jpeg', '.png')))
def put(path, img):
    os.makedirs(os.path.dirname(path), exist_ok=True); cv2.imwrite(path, img, [cv2.IMWRITE_JPEG_QUALITY, 85])
for i, path in enumerate(photos):
    uuid = hashlib.sha1(os.path.relpath(path, src).encode()).hexdigest()[:32].upper()
    shard = uuid[0]
    img = cv2.imread(path)
    original = os.path.join(dst, 'originals', shard, uuid + '.jpeg')
    if path.lower().endswith(('.jpg', '.jpeg')):
        os.makedirs(os.path.dirname(original), exist_ok=True); shutil.copy(path, original)
    else:
        put(original, img)
    for folder, name, side in (('derivatives', '_1_105_c.jpeg', 1600), ('derivatives/masters', '_4_5005_c.jpeg', 360)):
        s = min(1.0, side / max(img.shape[:2]))
        put(os.path.join(dst, 'resources', folder, shard, uuid + name), cv2.resize(img, None, fx=s, fy=s, interpolation=cv2.INTER_AREA))
    if i % 5 == 0:
        put(os.path.join(dst, 'resources', 'renders', shard, uuid + '_1_201_a.jpeg'), cv2.convertScaleAbs(img, alpha=1.1, beta=12))
os.makedirs(os.path.join(dst, 'database'), exist_ok=True)
open(os.path.join(dst, 'database', 'Photos.sqlite'), 'wb').close()
print(f'{len(photos)} photos in {dst}')
