#!/usr/bin/env python3
"""Scans the mutants fuzz_photos.py wrote, in batches, and reports what went wrong with each batch and file.

    fuzz_scan.py FUZZ_DIR WORK [--facesort DLL] [--batch 80] [--formats jpeg,png,…] [--timeout 300]

Each batch (photos with their sidecars) is linked into WORK/batches/NAME and read by
`/usr/bin/time -v timeout T dotnet facesort.dll scan BATCH --library FRESH --json` (for xmp, json and xmp_embedded
`organize … --out`, since names in metadata are read when people are made). A batch fails on: an exit by signal
or an unhandled exception (crash), the timeout (hang), peak memory over 2 GB (blow-up). A failed batch is bisected
to single files, kept in WORK/culprits/. Every batch is also checked file by file: each photo must be in the
library or in `skipped`, with a reason of one line, not empty, without a stack trace or an exception's type name.
Findings go to WORK/findings.csv; one line per batch to WORK/batches.csv.
"""
import argparse
import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import time

PHOTO_EXT = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".heif", ".avif", ".dng",
             ".nef", ".cr2"}
SIDECAR_EXT = (".xmp", ".json")
RAW_EXT = {".dng", ".nef", ".cr2"}
UGLY = [
    (re.compile(r"\n"), "multi-line"),
    (re.compile(r"^\s*$"), "empty"),
    (re.compile(r"\bat [\w.]+\(|   at "), "stack trace"),
    (re.compile(r"\b(System|NetVips|Microsoft)\.[A-Z]\w+"), "type name"),
    (re.compile(r"\w+Exception\b"), "exception name"),
    (re.compile(r"Object reference|Index was outside|Arithmetic operation|Specified argument|Value cannot be null|"
                r"Nullable object|Arithmetic overflow|must be non-negative", re.I), ".NET message"),
]


def units(folder):
    """Photos with the sidecars named after them: moved together."""
    names = sorted(os.listdir(folder))
    photos = [n for n in names if not n.endswith(SIDECAR_EXT)]
    result = []
    for p in photos:
        result.append([p] + [n for n in (p + ".xmp", p + ".json") if n in names])
    return result


def run_batch(args, name, folder, files, organize):
    batch = os.path.join(args.work, "batches", name)
    shutil.rmtree(batch, ignore_errors=True)
    os.makedirs(batch)
    for unit in files:
        for f in unit:
            os.link(os.path.join(folder, f), os.path.join(batch, f))
    lib = os.path.join(args.work, "libs", name)
    shutil.rmtree(lib, ignore_errors=True)
    out = os.path.join(args.work, "outs", name)
    shutil.rmtree(out, ignore_errors=True)
    cmd = ["/usr/bin/time", "-v", "timeout", str(args.timeout), "dotnet", args.facesort]
    cmd += (["organize", batch, "--out", out, "--library", lib] if organize else ["scan", batch, "--library", lib])
    cmd += ["--json", "--workers", "2"]
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    wall = time.time() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    peak_mb = int(m.group(1)) / 1024 if m else -1
    m = re.search(r"Exit status: (\d+)", p.stderr)
    rc = int(m.group(1)) if m else p.returncode
    signal = re.search(r"Command terminated by signal (\d+)", p.stderr)
    result = {"name": name, "cmd": " ".join(cmd), "rc": rc, "wall": wall, "peak_mb": peak_mb, "stdout": p.stdout,
              "stderr": p.stderr, "batch": batch, "lib": lib}
    problems = []
    if signal or rc in (134, 137, 139) or rc >= 128 or "Unhandled exception" in p.stderr:
        problems.append("crash")
    elif rc == 124:
        problems.append("hang")
    elif rc != 0:
        problems.append(f"exit {rc}")
    if peak_mb > 2048:
        problems.append("memory")
    result["problems"] = problems
    return result


def check_files(res, files, organize):
    """Per file: a line (done in the library, or a reason), and the reason's look."""
    findings = []
    try:
        text = res["stdout"]
        doc = json.loads(text[text.index("{"):]) if "{" in text else None
    except ValueError:
        doc = None
    if doc is None:
        return [("no json", "", res["stdout"][-300:])]
    scan = doc.get("scan", doc)
    skipped = {s["path"]: s.get("reason", "") for s in scan.get("skipped", [])}
    done = {}
    db = os.path.join(res["lib"], "library.db")
    if os.path.exists(db):
        con = sqlite3.connect(db)
        for rel, status, reason in con.execute("select rel_path, status, reason from photos"):
            done[os.path.basename(rel)] = (status, reason)
        con.close()
    for unit in files:
        photo = unit[0]
        path = os.path.join(res["batch"], photo)
        if os.path.splitext(photo)[1].lower() not in PHOTO_EXT:
            continue
        reason = skipped.get(path)
        stem, ext = os.path.splitext(photo)
        paired = ext.lower() in RAW_EXT and any(os.path.splitext(u[0])[0] == stem and u[0] != photo for u in files)
        if reason is None and photo not in done and not paired:  # a raw file beside its JPEG is passed over by design
            findings.append(("no line", photo, ""))
            continue
        if reason is None and photo in done and done[photo][0] == "failed":
            reason = done[photo][1] or ""
        if reason is not None:
            if any(q != path for q in re.findall(r'"(/[^"]+)"', reason)):
                findings.append(("ugly reason: names another file", photo, reason))
                continue
            for rx, label in UGLY:
                if rx.search(reason):
                    findings.append((f"ugly reason: {label}", photo, reason))
                    break
    return findings


def bisect(args, name, folder, files, organize, problem):
    """The smallest set of units (ideally one) that still shows the problem."""
    current = files
    step = 0
    while len(current) > 1:
        half = len(current) // 2
        for part in (current[:half], current[half:]):
            step += 1
            r = run_batch(args, f"{name}_b{step}", folder, part, organize)
            if problem in r["problems"]:
                current = part
                break
        else:
            return current, None  # needs both halves (or flaky)
    r = run_batch(args, f"{name}_single", folder, current, organize)
    return current, r


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fuzz")
    parser.add_argument("work")
    parser.add_argument("--facesort", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                           "src/FaceSort.Cli/bin/Release/net10.0/facesort.dll"))
    parser.add_argument("--batch", type=int, default=80)
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("--formats", default="")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    formats = args.formats.split(",") if args.formats else sorted(
        d for d in os.listdir(args.fuzz) if os.path.isdir(os.path.join(args.fuzz, d)))
    fcsv = open(os.path.join(args.work, "findings.csv"), "a", newline="")
    fw = csv.writer(fcsv)
    bcsv = open(os.path.join(args.work, "batches.csv"), "a", newline="")
    bw = csv.writer(bcsv)
    for fmt in formats:
        folder = os.path.join(args.fuzz, fmt)
        organize = fmt in ("xmp", "json", "xmp_embedded")
        all_units = units(folder)
        for start in range(0, len(all_units), args.batch):
            files = all_units[start:start + args.batch]
            name = f"{fmt}_{start // args.batch:03d}"
            res = run_batch(args, name, folder, files, organize)
            bw.writerow([name, len(files), res["rc"], f"{res['wall']:.1f}", f"{res['peak_mb']:.0f}", ";".join(res["problems"])])
            bcsv.flush()
            print(f"{name}: {len(files)} files rc={res['rc']} {res['wall']:.1f}s {res['peak_mb']:.0f}MB {res['problems']}", flush=True)
            with open(os.path.join(args.work, f"{name}.log"), "w") as f:
                f.write(res["cmd"] + "\n--- stdout\n" + res["stdout"] + "\n--- stderr\n" + res["stderr"])
            for kind, photo, detail in check_files(res, files, organize):
                fw.writerow([kind, fmt, os.path.join(folder, photo) if photo else name, detail.replace("\n", "\\n")[:500]])
            for problem in res["problems"]:
                culprit, single = bisect(args, name, folder, files, organize, problem)
                keep = os.path.join(args.work, "culprits", f"{name}_{problem.replace(' ', '_')}")
                os.makedirs(keep, exist_ok=True)
                for unit in culprit:
                    for f in unit:
                        shutil.copy(os.path.join(folder, f), keep)
                detail = f"{len(culprit)} unit(s)"
                if single is not None:
                    detail += f" rc={single['rc']} peak={single['peak_mb']:.0f}MB " + single["stderr"][-400:].replace("\n", " | ")
                    with open(os.path.join(keep, "run.log"), "w") as f:
                        f.write(single["cmd"] + "\n--- stdout\n" + single["stdout"] + "\n--- stderr\n" + single["stderr"])
                fw.writerow([problem, fmt, os.path.join(folder, culprit[0][0]), detail])
                print(f"  {problem}: bisected to {[u[0] for u in culprit][:5]}", flush=True)
            fcsv.flush()
            shutil.rmtree(res["batch"], ignore_errors=True)


if __name__ == "__main__":
    main()
