#!/usr/bin/env python3
"""Face names given in another program, for measuring what FaceSort does with them.

    tagged_names.py tag SRC OUT --per-person K [--seed S] [--embedded]
        Copies SRC (one folder per identity, one face per photo: glint12, lfw, faceapi-bbt's portraits) to OUT and
        names K photos of each identity as a digiKam user would: an MWG face region over the middle of the photo
        (its centre, 80 % of each side), in a sidecar PHOTO.xmp beside it (the default, as digiKam and Lightroom write
        them for any format) or, for JPEGs with --embedded, in the photo's own XMP via exiftool.
    tagged_names.py score OUT faces.csv
        Pairwise precision, recall and F1 of the people in a FaceSort export (faces.csv: photo, person) against the
        identity folders, over the faces in a person, and the share of faces in none.

Standard library only (exiftool for --embedded).
"""
import argparse
import collections
import os
import random
import shutil
import subprocess
import csv

PACKET = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""
 xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#">
<mwg-rs:Regions><mwg-rs:RegionList><rdf:Bag><rdf:li><rdf:Description mwg-rs:Name="{name}" mwg-rs:Type="Face">
<mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.8" stArea:h="0.8" stArea:unit="normalized"/>
</rdf:Description></rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions></rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""

PHOTO = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic")


def identities(src):
    for name in sorted(os.listdir(src)):
        folder = os.path.join(src, name)
        if os.path.isdir(folder):
            photos = sorted(f for f in os.listdir(folder) if f.lower().endswith(PHOTO))
            if photos:
                yield name, photos


def tag(args):
    rng = random.Random(args.seed)
    shutil.copytree(args.src, args.out)
    named = 0
    for name, photos in identities(args.src):
        person = name.replace("_", " ")
        for photo in rng.sample(photos, min(args.per_person, len(photos))):
            path = os.path.join(args.out, name, photo)
            if args.embedded and photo.lower().endswith((".jpg", ".jpeg")):
                regions = "{RegionList=[{Area={W=0.8,H=0.8,X=0.5,Y=0.5,Unit=normalized},Name=%s,Type=Face}]}" % person
                subprocess.run(["exiftool", "-q", "-overwrite_original", f"-XMP-mwg-rs:RegionInfo={regions}", path], check=True)
            else:
                with open(path + ".xmp", "w", encoding="utf-8") as f:
                    f.write(PACKET.format(name=person))
            named += 1
    print(f"named {named} photos in {args.out}")


def score(args):
    truth = {}
    for name, photos in identities(args.out):
        for photo in photos:
            truth[f"{name}/{photo}"] = name
    person_of = {}
    with open(args.faces, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["photo"] in truth and row["face_index"] == "0":
                person_of[row["photo"]] = row["person"] or None
    placed = [p for p in truth if person_of.get(p)]
    pairs = lambda groups: sum(n * (n - 1) // 2 for n in groups.values())
    by_person = collections.Counter(person_of[p] for p in placed)
    by_both = collections.Counter((person_of[p], truth[p]) for p in placed)
    by_truth = collections.Counter(truth.values())
    together = pairs(by_both)
    precision = together / max(1, pairs(by_person))
    recall = together / max(1, pairs(by_truth))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(f"faces {len(truth)}, in a person {len(placed)} ({1 - len(placed) / len(truth):.3f} in none), "
          f"people {len(by_person)}, identities {len(by_truth)}; pairwise P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("tag")
    t.add_argument("src")
    t.add_argument("out")
    t.add_argument("--per-person", type=int, default=1)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--embedded", action="store_true")
    s = sub.add_parser("score")
    s.add_argument("out")
    s.add_argument("faces")
    args = parser.parse_args()
    tag(args) if args.command == "tag" else score(args)


if __name__ == "__main__":
    main()
