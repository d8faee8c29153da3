#!/bin/bash
# Photos tagged between two scans (docs/incremental.md, "Tags written into photos"): copies SRC once per build, scans
# each copy with its build, then three times writes keywords and a rating into every JPEG with exiftool (as a photo
# tagger does) and scans again, the builds alternated. Prints photos read again and wall/user/sys seconds.
#
# usage: bench/reference/retag_rescan.sh SRC BEFORE_FACESORT AFTER_FACESORT     (needs exiftool: libimage-exiftool-perl)
set -euo pipefail
src=$1; before=$2; after=$3; work=$(mktemp -d)
declare -A build=([before]=$before [after]=$after)
for v in before after; do
  cp -a "$src" "$work/$v"
  "${build[$v]}" scan "$work/$v" --library "$work/$v-library" > /dev/null
done
for round in 1 2 3; do
  for v in before after; do exiftool -overwrite_original -q -Keywords+=tag$round -XMP-dc:Subject+=tag$round -Rating=$round -r "$work/$v"; done
  for v in before after; do
    /usr/bin/time -f "%e %U %S" -o "$work/time" "${build[$v]}" scan "$work/$v" --library "$work/$v-library" --json > "$work/out.json"
    python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print(sys.argv[2], sys.argv[3], 'scanned', d['photos_scanned'], 'unchanged', d['photos_unchanged'], 'wall/user/sys', open(sys.argv[4]).read().strip())" \
      "$work/out.json" "$round" "$v" "$work/time"
  done
done
rm -rf "$work"
