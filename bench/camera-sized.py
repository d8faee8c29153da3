#!/usr/bin/env python3
"""Camera-sized group photos for ingest benchmarks: ../shared/data/dlib-faces' 12 photos (500 px VOC group photos and
a few portraits) enlarged to 4000 px on the long side, with Gaussian grain (sigma 6) so that they compress like camera
photos (JPEG q90, 1.4-4.6 MB each). No set in ../shared/data has camera-sized photos with many faces.

Usage: /usr/bin/python3 bench/camera-sized.py OUT_DIR      (needs python3-opencv, python3-numpy)
"""
import glob
import os
import sys

import cv2
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))
files = sorted(glob.glob(os.path.join(here, '..', '..', 'shared', 'data', 'dlib-faces', '**', '*.jpg'), recursive=True))
rng = np.random.default_rng(1)
for path in files:
    image = cv2.imread(path)
    height, width = image.shape[:2]
    scale = 4000 / max(height, width)
    big = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_CUBIC)
    grain = rng.normal(0, 6, big.shape)
    big = np.clip(big + grain, 0, 255).astype(np.uint8)
    cv2.imwrite(os.path.join(out, os.path.basename(path)), big, [cv2.IMWRITE_JPEG_QUALITY, 90])
print(f'{len(files)} photos in {out}')
