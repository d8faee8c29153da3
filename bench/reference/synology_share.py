# Usage: /usr/bin/python3 bench/reference/synology_share.py SRC DST   (docs/imaging.md, "System folders")
# A Synology photo share: each folder's photos, and beside them @eaDir/<photo>/SYNOPHOTO_THUMB_{XL,M,S}.jpg as DSM
# writes them (longest side 1280, 320, 120; never larger than the photo), plus a deleted photo in #recycle.
import cv2, os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
for d, dirs, files in os.walk(src):
    rel = os.path.relpath(d, src)
    for f in sorted(files):
        if not f.lower().endswith(('.jpg', '.jpeg', '.png')): continue
        out = os.path.join(dst, rel); os.makedirs(out, exist_ok=True)
        shutil.copy(os.path.join(d, f), os.path.join(out, f))
        img = cv2.imread(os.path.join(d, f))
        thumbs = os.path.join(out, '@eaDir', f); os.makedirs(thumbs, exist_ok=True)
        for name, side in (('XL', 1280), ('M', 320), ('S', 120)):
            s = min(1.0, side / max(img.shape[:2]))
            cv2.imwrite(os.path.join(thumbs, f'SYNOPHOTO_THUMB_{name}.jpg'), cv2.resize(img, None, fx=s, fy=s, interpolation=cv2.INTER_AREA), [cv2.IMWRITE_JPEG_QUALITY, 85])
first = next(os.path.join(d, f) for d, _, fs in os.walk(dst) if '@eaDir' not in d for f in fs)
os.makedirs(os.path.join(dst, '#recycle'), exist_ok=True); shutil.copy(first, os.path.join(dst, '#recycle', 'deleted.jpg'))
