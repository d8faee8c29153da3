#!/usr/bin/python3
"""Compares FaceSort's YuNet decoding with the peer's OpenCV one (../shared/peers/opencv_pipeline.py, class YuNet).

Usage, from the repository root:
  dotnet run -c Release --project bench/FaceSort.Benchmarks -- detection-eval dump --min-score 0.7 FILES... > /tmp/ours.tsv
  /usr/bin/python3 bench/opencv/compare_yunet.py /tmp/ours.tsv FILES...
Prints, per photo, the faces each side found and the largest box / landmark / score differences of matched faces.
"""
import sys, os
import numpy as np
sys.path.insert(0, os.path.join("..", "shared", "peers"))
import opencv_pipeline as peer
import cv2


def iou(a, b):
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x2 - x1) * max(0, y2 - y1)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


ours = {}
for line in open(sys.argv[1]):
    f, *v = line.rstrip("\n").split("\t")
    v = list(map(float, v))
    ours.setdefault(f, []).append((np.array(v[1:5]), v[0], np.array(v[5:15]).reshape(5, 2)))

det = peer.YuNet(score_thr=0.7, nms_thr=0.3, max_side=640, pad_frac=0.0, min_size=20)
PAD640 = os.environ.get("PAD640") == "1"
if PAD640:
    # Same decoding, but the blob is the full 640x640 FaceSort feeds (the peer pads only to a multiple of 32): this
    # separates decoding differences from the effect of the network seeing a different amount of zero padding.
    _forward = det.net.forward

    def _set_input_640(blob, _set=det.net.setInput):
        full = np.zeros((1, 3, 640, 640), np.float32)
        full[:, :, :blob.shape[2], :blob.shape[3]] = blob
        _set(full)
        det._pw = blob.shape[3]

    class _Net:
        def setInput(self, blob): _set_input_640(blob)
        def forward(self, names):
            outs = _forward(names)
            # Keep the cells of the peer's padded grid so that its decoder (cols = pw // stride) reads them correctly.
            res = []
            for name, o in zip(names, outs):
                st = int(name.split("_")[1])
                cols = det._pw // st
                rows = det._ph // st
                o = o.reshape(640 // st, 640 // st, -1)[:rows, :cols].reshape(1, rows * cols, -1)
                res.append(o)
            return res
    _orig_detect = det.detect

    def _detect(img):
        h, w = img.shape[:2]
        s = min(1.0, 640 / max(h, w))
        det._ph = (int(round(h * s)) + 31) // 32 * 32 if s < 1 else (h + 31) // 32 * 32
        return _orig_detect(img)
    det.net = _Net()
    det.detect = _detect
worst_box = worst_kp = worst_score = 0.0
n_ours = n_peer = n_matched = 0
print("| photo | size | ours | OpenCV | matched | max box diff px | max landmark diff px | max score diff |")
print("|---|---|---|---|---|---|---|---|")
for f in sys.argv[2:]:
    img = cv2.imread(f, cv2.IMREAD_COLOR)
    theirs = det.detect(img)
    mine = ours.get(f, [])
    n_ours += len(mine); n_peer += len(theirs)
    bd = kd = sd = 0.0
    m = 0
    for b, s, k in mine:
        best = max(theirs, key=lambda t: iou(b, t[0]), default=None)
        if best is None or iou(b, best[0]) < 0.5:
            continue
        m += 1
        bd = max(bd, float(np.abs(b - best[0]).max()))
        kd = max(kd, float(np.abs(k - best[2]).max()))
        sd = max(sd, abs(s - best[1]))
    n_matched += m
    worst_box, worst_kp, worst_score = max(worst_box, bd), max(worst_kp, kd), max(worst_score, sd)
    print(f"| {f.replace('../shared/data/', '')} | {img.shape[1]}x{img.shape[0]} | {len(mine)} | {len(theirs)} | {m} | {bd:.2f} | {kd:.2f} | {sd:.4f} |")
print(f"\ntotal: ours {n_ours}, OpenCV {n_peer}, matched (IoU>=0.5) {n_matched}; worst box {worst_box:.2f} px, "
      f"landmark {worst_kp:.2f} px, score {worst_score:.4f}")
