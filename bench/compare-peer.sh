#!/usr/bin/env bash
# Ingest throughput: FaceSort against the peer pipeline (Python + OpenCV, same two models), same photos, same run.
# Usage: bench/compare-peer.sh [DATA_DIR …]   (default: every set in ../shared/data)
# Needs: python3-opencv python3-numpy (Debian), a Release build of the CLI (built here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=$(cd .. && pwd)/shared
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=("$shared"/data/{faceapi-bbt,lfw,celeb5,ageitgey-people,dlib-faces,glint12})
dotnet build src/FaceSort.Cli -c Release -v q -nologo >/dev/null
facesort=src/FaceSort.Cli/bin/Release/net10.0/facesort
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '| set | photos | FaceSort faces | FaceSort photos/s | peer faces | peer photos/s | speed-up | FaceSort cores busy | FaceSort ms/photo decode / detect / align / embed |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---|\n'
for dir in "${sets[@]}"; do
  name=$(basename "$dir")
  ours=$("$facesort" bench ingest "$dir" --json)
  peer=$(cd "$shared/peers" && /usr/bin/python3 opencv_pipeline.py ingest "$dir" "$tmp/$name.npz" 2>/dev/null | tail -1)
  python3 - "$name" "$ours" "$peer" <<'PY'
import json, re, sys
name, ours, peer = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
p = dict(re.findall(r'(\w+(?:_ms/photo)?)=([\d.]+)', peer))
ms = ours["ms_per_photo"]
speed = ours["photos_per_second"] / float(p["photos_per_s"])
print(f'| {name} | {ours["photos"]} | {ours["faces"]} | {ours["photos_per_second"]:.1f} | {p["faces"]} | {float(p["photos_per_s"]):.1f} | '
      f'{speed:.2f}× | {ours["cores_used"]:.2f} | {ms["decode"]:.2f} / {ms["detect"]:.2f} / {ms["align"]:.2f} / {ms["embed"]:.2f} |')
PY
done
