"""Copy a photo folder with a random 30 % of its photos blurred (Gaussian, sigma px), for docs/clustering.md "Blurred faces".

Usage: /usr/bin/python3 bench/reference/blur_copy.py SIGMA DST [SRC]   (SRC defaults to ../shared/data/lfw)
Needs Debian's python3-opencv. The draw is random.seed(7) over the files in os.walk order, so a run is repeatable.
"""
import os
import random
import shutil
import sys

import cv2

sigma = float(sys.argv[1])
dst = sys.argv[2]
src = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "lfw")
random.seed(7)
for root, _, files in os.walk(src):
    for name in files:
        path = os.path.join(root, name)
        target = os.path.join(dst, os.path.relpath(path, src))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not name.lower().endswith((".jpg", ".jpeg", ".png")):
            shutil.copy(path, target)
            continue
        if random.random() < 0.3:
            cv2.imwrite(target, cv2.GaussianBlur(cv2.imread(path), (0, 0), sigma))
        else:
            shutil.copy(path, target)
