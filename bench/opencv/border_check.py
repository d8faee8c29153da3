"""How a border around the photo changes the embedding of a face that touches the frame (docs/detection.md).

    /usr/bin/python3 bench/opencv/border_check.py /tmp/peer      # a copy of ../shared/peers (README there)

Detects faceapi-bbt's 40 portraits with the peer's YuNet and MobileFaceNet, with no border and with black or
replicated borders, and prints bernadette3's similarity to her four other portraits and the set's same / different
person similarities.
"""
import os
import sys

import cv2
import numpy as np

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else "/tmp/peer")
import opencv_pipeline as peer  # noqa: E402

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "faceapi-bbt")
PEOPLE = ["amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"]
detector, embedder = peer.YuNet(peer.YUNET), peer.MobileFaceNet(peer.MFN)


def embed(path, fraction, fill):
    image = cv2.imread(path)
    pad = int(round(fraction * max(image.shape[:2])))
    framed = cv2.copyMakeBorder(image, pad, pad, pad, pad, fill, value=0) if pad else image
    _, _, landmarks = max(detector.detect(framed), key=lambda f: f[1])
    crop = peer.align(image, landmarks - pad)  # black outside the photo, as FaceSort's aligner
    return embedder.embed([crop])[0]


for name, fraction, fill in [("no border", 0, None), ("25 % black", 0.25, cv2.BORDER_CONSTANT),
                             ("25 % replicated", 0.25, cv2.BORDER_REPLICATE), ("50 % black", 0.5, cv2.BORDER_CONSTANT)]:
    keys = [(p, i) for p in PEOPLE for i in range(1, 6)]
    emb = np.array([embed(os.path.join(DATA, p, f"{p}{i}.png"), fraction, fill) for p, i in keys])
    sim = emb @ emb.T
    pairs = [(a, b) for a in range(len(keys)) for b in range(a + 1, len(keys))]
    same = [sim[a, b] for a, b in pairs if keys[a][0] == keys[b][0]]
    different = [sim[a, b] for a, b in pairs if keys[a][0] != keys[b][0]]
    tight = keys.index(("bernadette", 3))
    others = ", ".join(f"{sim[tight, keys.index(('bernadette', i))]:.3f}" for i in (1, 2, 4, 5))
    print(f"{name:16} bernadette3 vs 1, 2, 4, 5: {others} | same person mean {np.mean(same):.3f}, "
          f"different mean {np.mean(different):.3f}")
