#!/usr/bin/env python3
"""Mutated photos and metadata sidecars, for fuzzing FaceSort's decoders (libvips, libheif, LibRaw, BmpReader) and
its readers of names other programs wrote (XMP face regions in a photo or a sidecar, Google Takeout JSON).

    fuzz_photos.py OUT [--seed S] [--per-seed N] [--formats jpeg,png,…] [--repo REPO] [--extra SEED_FILE…]

Seeds are made from the repository's fixtures (tests/fixtures): a JPEG (also one with EXIF orientation and an
embedded XMP face region), PNG, WebP, GIF, TIFF (strips, LZW), BMP (24-bit, 8/4/1-bit palette, 32-bit BI_BITFIELDS),
the committed HEICs, AVIFs given with --extra (libvips' heifsave writes them), DNGs from tests/fixtures/raw/make_dng.py with and without a preview, XMP sidecars and Google
Takeout JSON sidecars beside a valid photo. For every seed it writes N generic mutants (cut at a random offset; 1, 10
or 100 random bytes changed; a block zeroed or repeated; another file appended) and every structural mutant of its
format (header sizes huge, zero or negative; offsets and lengths past the end; tile and strip counts; IFD loops in
TIFF/DNG; box sizes in HEIF; XMP/JSON nesting, huge numbers, NaN, unbalanced tags, entity expansion, bytes that are
not UTF-8). Some mutants get another format's extension. Files go to OUT/<format>/, listed in OUT/manifest.csv
(file, format, seed, mutation). The same --seed writes the same bytes.

Standard library, numpy and OpenCV (and PIL for GIF/BMP palettes) only; /usr/bin/python3 has them.
"""
import argparse
import csv
import io
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib

import cv2
import numpy as np

XMP_PACKET = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""
 xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"
 xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>{name}</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
<mwg-rs:Regions><mwg-rs:RegionList><rdf:Bag><rdf:li><rdf:Description mwg-rs:Name="{name}" mwg-rs:Type="Face">
<mwg-rs:Area stArea:x="{x}" stArea:y="{y}" stArea:w="{w}" stArea:h="{h}" stArea:unit="normalized"/>
</rdf:Description></rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions></rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""

TAKEOUT_JSON = """{
  "title": "IMG_0001.jpg",
  "description": "",
  "imageViews": "3",
  "creationTime": {"timestamp": "1577836800", "formatted": "1 Jan 2020, 00:00:00 UTC"},
  "photoTakenTime": {"timestamp": "1577836800", "formatted": "1 Jan 2020, 00:00:00 UTC"},
  "geoData": {"latitude": 0.0, "longitude": 0.0, "altitude": 0.0, "latitudeSpan": 0.0, "longitudeSpan": 0.0},
  "people": [{"name": "Amy Farrah Fowler"}, {"name": "Sheldon"}],
  "url": "https://photos.google.com/photo/x"
}"""

EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "webp": ".webp", "gif": ".gif", "tiff": ".tif", "bmp": ".bmp",
              "heic": ".heic", "avif": ".avif", "dng": ".dng"}
WRONG = [".jpg", ".png", ".tif", ".bmp", ".heic", ".dng", ".webp", ".gif", ".nef", ".cr2", ".avif"]


# ---------------------------------------------------------------- seeds

def make_seeds(repo, work, extra=()):
    fx = os.path.join(repo, "tests", "fixtures")
    bbt = cv2.imread(os.path.join(fx, "faceapi-bbt", "group", "bbt3.jpg"))
    amy = cv2.imread(os.path.join(fx, "faceapi-bbt", "amy", "amy1.png"))
    small = cv2.resize(bbt, (bbt.shape[1] // 2, bbt.shape[0] // 2), interpolation=cv2.INTER_AREA)

    def enc(ext, img, params=()):
        ok, buf = cv2.imencode(ext, img, list(params))
        assert ok, ext
        return buf.tobytes()

    seeds = []  # (format, name, bytes)
    seeds.append(("jpeg", "bbt3", enc(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 85])))
    seeds.append(("jpeg", "amy1_progressive", enc(".jpg", amy, [cv2.IMWRITE_JPEG_PROGRESSIVE, 1])))
    seeds.append(("jpeg", "amy1_exif_xmp", jpeg_with_exif_xmp(enc(".jpg", amy), orientation=6)))
    seeds.append(("png", "amy1", open(os.path.join(fx, "faceapi-bbt", "amy", "amy1.png"), "rb").read()))
    seeds.append(("png", "bbt3_alpha", enc(".png", cv2.cvtColor(small, cv2.COLOR_BGR2BGRA))))
    seeds.append(("webp", "bbt3_lossy", enc(".webp", small, [cv2.IMWRITE_WEBP_QUALITY, 80])))
    seeds.append(("webp", "amy1_lossless", enc(".webp", amy, [cv2.IMWRITE_WEBP_QUALITY, 101])))
    seeds.append(("tiff", "amy1", enc(".tiff", amy)))
    seeds.append(("tiff", "bbt3", enc(".tiff", small)))
    from PIL import Image
    rgb = Image.fromarray(cv2.cvtColor(amy, cv2.COLOR_BGR2RGB))
    for name, im in [("amy1", rgb.convert("P", palette=Image.ADAPTIVE)),
                     ("amy1_anim", None)]:
        b = io.BytesIO()
        if im is None:
            frames = [rgb.convert("P", palette=Image.ADAPTIVE), rgb.rotate(90).convert("P", palette=Image.ADAPTIVE)]
            frames[0].save(b, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
        else:
            im.save(b, "GIF")
        seeds.append(("gif", name, b.getvalue()))
    seeds.append(("bmp", "amy1_24", open(os.path.join(fx, "imaging", "amy1.bmp"), "rb").read()))
    for mode, bits, name in [("P", 8, "amy1_8"), ("1", 1, "amy1_1")]:
        b = io.BytesIO()
        (rgb.convert(mode, palette=Image.ADAPTIVE) if mode == "P" else rgb.convert(mode)).save(b, "BMP")
        seeds.append(("bmp", name, b.getvalue()))
    seeds.append(("bmp", "amy1_4", bmp_indexed(amy, 4)))
    seeds.append(("bmp", "amy1_32bf", bmp_bitfields(amy, top_down=True)))
    for name in ("amy1.heic", "amy1_alpha.heic", "obama_small.heic"):
        seeds.append(("heic", name[:-5], open(os.path.join(fx, "imaging", name), "rb").read()))
    avif = [os.path.join(fx, "imaging", f) for f in os.listdir(os.path.join(fx, "imaging")) if f.endswith(".avif")]
    for path in sorted(avif + [p for p in extra if p.lower().endswith(".avif")]):
        seeds.append(("avif", os.path.basename(path)[:-5], open(path, "rb").read()))
    src = os.path.join(work, "amy1.jpg")
    cv2.imwrite(src, amy)
    for preview in (False, True):
        out = os.path.join(work, f"amy1{'_preview' if preview else ''}.dng")
        subprocess.run([sys.executable, os.path.join(fx, "raw", "make_dng.py"), src, out]
                       + (["--preview", "--orientation", "6"] if preview else []), check=True, stdout=subprocess.DEVNULL)
        seeds.append(("dng", os.path.basename(out)[:-4], open(out, "rb").read()))
    return seeds, enc(".jpg", amy, [cv2.IMWRITE_JPEG_QUALITY, 90])


def jpeg_with_exif_xmp(jpeg, orientation):
    """The JPEG with an EXIF APP1 (IFD0: Orientation) and an XMP APP1 naming one face, after SOI."""
    ifd = struct.pack("<H", 1) + struct.pack("<HHII", 0x0112, 3, 1, orientation) + struct.pack("<I", 0)
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd
    exif = b"Exif\x00\x00" + tiff
    xmp = b"http://ns.adobe.com/xap/1.0/\x00" + XMP_PACKET.format(name="Amy", x=0.5, y=0.5, w=0.6, h=0.6).encode()
    seg = lambda body: b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    return jpeg[:2] + seg(exif) + seg(xmp) + jpeg[2:]


def bmp_header(w, h, bits, compression, palette, extra=b"", pixels_len=0):
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, bits, compression, pixels_len, 2835, 2835, len(palette) // 4, 0)
    off = 14 + len(info) + len(extra) + len(palette)
    return b"BM" + struct.pack("<IHHI", off + pixels_len, 0, 0, off) + info + extra + palette


def bmp_indexed(bgr, bits):
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    levels = 1 << bits
    idx = (grey.astype(np.int32) * levels // 256).astype(np.uint8)
    h, w = idx.shape
    stride = ((w * bits + 31) // 32) * 4
    rows = []
    for y in range(h - 1, -1, -1):
        row = bytearray(stride)
        for x in range(w):
            shift = 8 - bits * (x % (8 // bits) + 1)
            row[x * bits // 8] |= int(idx[y, x]) << shift
        rows.append(bytes(row))
    palette = b"".join(bytes([v, v, v, 0]) for v in (np.arange(levels) * 255 // max(1, levels - 1)))
    pixels = b"".join(rows)
    return bmp_header(w, h, bits, 0, palette, pixels_len=len(pixels)) + pixels


def bmp_bitfields(bgr, top_down):
    h, w = bgr.shape[:2]
    bgra = cv2.cvtColor(bgr, cv2.COLOR_BGR2BGRA)
    masks = struct.pack("<III", 0x00FF0000, 0x0000FF00, 0x000000FF)
    pixels = bgra.tobytes() if top_down else bgra[::-1].tobytes()
    return bmp_header(w, -h if top_down else h, 32, 3, b"", extra=masks, pixels_len=len(pixels)) + pixels


# ---------------------------------------------------------------- generic mutations

def generic(rng, data, others):
    kind = rng.choice(["truncate", "flip1", "flip10", "flip100", "zero", "duplicate", "concat", "truncate_head"])
    b = bytearray(data)
    if kind == "truncate":
        return kind, bytes(b[:rng.randrange(1, len(b))])
    if kind == "truncate_head":
        # keep the first 64..2048 bytes: headers only
        return kind, bytes(b[:min(len(b) - 1, rng.randrange(8, 2048))])
    if kind.startswith("flip"):
        n = int(kind[4:])
        for _ in range(n):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return kind, bytes(b)
    if kind == "zero":
        start = rng.randrange(len(b))
        n = rng.choice([4, 16, 256, 4096])
        b[start:start + n] = bytes(len(b[start:start + n]))
        return kind, bytes(b)
    if kind == "duplicate":
        start = rng.randrange(len(b))
        block = b[start:start + rng.choice([16, 256, 4096])]
        at = rng.randrange(len(b))
        return kind, bytes(b[:at] + block + b[at:])
    other = rng.choice(others)
    return kind, bytes(data + other) if rng.random() < 0.5 else bytes(data[:len(data) // 2] + other)


# ---------------------------------------------------------------- structural mutations

def jpeg_structural(data, rng):
    out = []
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            for name, (hh, ww) in {"sof_zero": (0, 0), "sof_huge": (65535, 65535), "sof_w_zero": (100, 0),
                                   "sof_tall": (65500, 16)}.items():
                b = bytearray(data)
                b[i + 5:i + 9] = struct.pack(">HH", hh, ww)
                out.append((name, bytes(b)))
            b = bytearray(data)
            b[i + 9] = 255  # component count
            out.append(("sof_components_255", bytes(b)))
            b = bytearray(data)
            b[i + 4] = 16  # precision
            out.append(("sof_precision_16", bytes(b)))
        if marker == 0xE1:
            for name, val in {"app1_len_past_end": 0xFFFF, "app1_len_1": 1, "app1_len_0": 0}.items():
                b = bytearray(data)
                b[i + 2:i + 4] = struct.pack(">H", val)
                out.append((name, bytes(b)))
            body = data[i + 4:i + 2 + length]
            if body.startswith(b"Exif\x00\x00"):
                t = i + 10
                # IFD0 offset past the end; IFD0 count huge; next-IFD loop to itself
                b = bytearray(data)
                b[t + 4:t + 8] = struct.pack("<I", 0x7FFFFFF0)
                out.append(("exif_ifd_past_end", bytes(b)))
                b = bytearray(data)
                b[t + 8:t + 10] = struct.pack("<H", 0xFFFF)
                out.append(("exif_ifd_count_huge", bytes(b)))
                b = bytearray(data)
                b[t + 8 + 2 + 12:t + 8 + 2 + 16] = struct.pack("<I", 8)
                out.append(("exif_ifd_loop", bytes(b)))
                b = bytearray(data)
                b[t + 8 + 2 + 8:t + 8 + 2 + 10] = struct.pack("<H", 0xFFFF)  # orientation 65535
                out.append(("exif_orientation_65535", bytes(b)))
        if marker == 0xDA:
            break
        i += 2 + length
    # two SOIs, no EOI, EOI only
    out.append(("soi_only", data[:2]))
    out.append(("no_eoi", data[:-2]))
    out.append(("double_jpeg", data + data))
    return out


def png_chunks(data):
    i = 8
    while i + 8 <= len(data):
        n, t = struct.unpack(">I4s", data[i:i + 8])
        yield i, n, t
        i += 12 + n


def png_set_chunk(data, off, body, fix_crc=True):
    n, t = struct.unpack(">I4s", data[off:off + 8])
    b = bytearray(data)
    b[off + 8:off + 8 + len(body)] = body
    if fix_crc:
        b[off + 8 + n:off + 12 + n] = struct.pack(">I", zlib.crc32(t + bytes(b[off + 8:off + 8 + n])) & 0xFFFFFFFF)
    return bytes(b)


def png_structural(data, rng):
    out = []
    for off, n, t in png_chunks(data):
        if t == b"IHDR":
            for name, (w, h) in {"ihdr_zero": (0, 0), "ihdr_huge": (0x7FFFFFFF, 0x7FFFFFFF), "ihdr_big": (100000, 100000),
                                 "ihdr_wide": (1 << 30, 1), "ihdr_99mp": (9900, 10000)}.items():
                out.append((name, png_set_chunk(data, off, struct.pack(">II", w, h))))
            out.append(("ihdr_depth_99", png_set_chunk(data, off, data[off + 8:off + 16] + b"\x63")))
            out.append(("ihdr_colortype_7", png_set_chunk(data, off, data[off + 8:off + 17] + b"\x07")))
            out.append(("ihdr_interlace", png_set_chunk(data, off, data[off + 8:off + 20] + b"\x01")))
            out.append(("ihdr_bad_crc", png_set_chunk(data, off, struct.pack(">II", 64, 64), fix_crc=False)))
        if t == b"IDAT":
            b = bytearray(data)
            b[off:off + 4] = struct.pack(">I", 0x7FFFFFFF)
            out.append(("idat_len_huge", bytes(b)))
            b = bytearray(data)
            b[off:off + 4] = struct.pack(">I", 0)
            out.append(("idat_len_zero", bytes(b)))
            # a zlib bomb: IDAT that inflates to far more than the image
            bomb = zlib.compress(bytes(200 * 1024 * 1024), 9)
            chunk = struct.pack(">I", len(bomb)) + b"IDAT" + bomb + struct.pack(">I", zlib.crc32(b"IDAT" + bomb) & 0xFFFFFFFF)
            out.append(("idat_zlib_bomb", data[:off] + chunk + data[off:]))
            break
    # many tiny chunks (text chunks, 20k of them)
    text = b"".join(struct.pack(">I", 3) + b"tEXt" + b"a\x00b" + struct.pack(">I", zlib.crc32(b"tEXta\x00b") & 0xFFFFFFFF)
                    for _ in range(20000))
    out.append(("many_text_chunks", data[:33] + text + data[33:]))
    return out


def webp_structural(data, rng):
    out = []
    b = bytearray(data)
    b[4:8] = struct.pack("<I", 0xFFFFFFF0)
    out.append(("riff_size_huge", bytes(b)))
    b = bytearray(data)
    b[4:8] = struct.pack("<I", 4)
    out.append(("riff_size_small", bytes(b)))
    chunk = data[12:16]
    b = bytearray(data)
    b[16:20] = struct.pack("<I", 0x7FFFFFFF)
    out.append(("chunk_size_huge", bytes(b)))
    if chunk == b"VP8 ":
        for name, (w, h) in {"vp8_zero": (0, 0), "vp8_max": (0x3FFF, 0x3FFF)}.items():
            b = bytearray(data)
            b[26:30] = struct.pack("<HH", w, h)
            out.append((name, bytes(b)))
    if chunk == b"VP8L":
        b = bytearray(data)
        b[21:25] = b"\xff\xff\xff\x0f"
        out.append(("vp8l_max", bytes(b)))
    # VP8X extended header claiming huge canvas, animation
    vp8x = b"VP8X" + struct.pack("<I", 10) + bytes([0x02, 0, 0, 0]) + (0xFFFFFF).to_bytes(3, "little") * 2
    body = b"WEBP" + vp8x + data[12:]
    out.append(("vp8x_huge_canvas_anim", b"RIFF" + struct.pack("<I", len(body)) + body))
    return out


def gif_structural(data, rng):
    out = []
    for name, (w, h) in {"screen_zero": (0, 0), "screen_max": (65535, 65535)}.items():
        b = bytearray(data)
        b[6:10] = struct.pack("<HH", w, h)
        out.append((name, bytes(b)))
    i = data.find(b"\x2c")
    while i > 0 and i + 10 < len(data):
        for name, vals in {"frame_max": (0, 0, 65535, 65535), "frame_offset_max": (65535, 65535, 10, 10),
                           "frame_zero": (0, 0, 0, 0)}.items():
            b = bytearray(data)
            b[i + 1:i + 9] = struct.pack("<HHHH", *vals)
            out.append((name, bytes(b)))
        break
    b = bytearray(data)
    b[10] = b[10] & 0x7F  # no global colour table
    out.append(("no_global_palette", bytes(b)))
    out.append(("trailer_only", data[:13] + b"\x3b"))
    return out


def tiff_ifds(data):
    le = data[:2] == b"II"
    e = "<" if le else ">"
    off = struct.unpack(e + "I", data[4:8])[0]
    seen = set()
    while 0 < off < len(data) - 2 and off not in seen:
        seen.add(off)
        n = struct.unpack(e + "H", data[off:off + 2])[0]
        entries = []
        for k in range(n):
            p = off + 2 + 12 * k
            if p + 12 > len(data):
                break
            tag, typ, count = struct.unpack(e + "HHI", data[p:p + 8])
            entries.append((p, tag, typ, count))
        yield off, n, entries
        nxt = off + 2 + 12 * n
        if nxt + 4 > len(data):
            break
        off = struct.unpack(e + "I", data[nxt:nxt + 4])[0]


def tiff_all_ifds(data):
    """IFD0 chain and SubIFDs (DNG keeps the raw or the preview there)."""
    e = "<" if data[:2] == b"II" else ">"
    result = list(tiff_ifds(data))
    for off, n, entries in list(result):
        for p, tag, typ, count in entries:
            if tag == 330:
                sub = struct.unpack(e + "I", data[p + 8:p + 12])[0] if count == 1 else None
                if sub and sub < len(data) - 2:
                    m = struct.unpack(e + "H", data[sub:sub + 2])[0]
                    ents = []
                    for k in range(m):
                        q = sub + 2 + 12 * k
                        if q + 12 <= len(data):
                            t, ty, c = struct.unpack(e + "HHI", data[q:q + 8])
                            ents.append((q, t, ty, c))
                    result.append((sub, m, ents))
    return result


def tiff_structural(data, rng):
    out = []
    e = "<" if data[:2] == b"II" else ">"

    def set_value(b, p, typ, value):
        if typ == 3:
            b[p + 8:p + 10] = struct.pack(e + "H", value & 0xFFFF)
        else:
            b[p + 8:p + 12] = struct.pack(e + "I", value & 0xFFFFFFFF)

    ifds = tiff_all_ifds(data)
    for k, (off, n, entries) in enumerate(ifds):
        for p, tag, typ, count in entries:
            names = {256: "width", 257: "height", 258: "bits", 277: "spp", 273: "stripoffsets", 279: "stripbytes",
                     278: "rowsperstrip", 322: "tilewidth", 323: "tilelength", 324: "tileoffsets", 325: "tilebytes",
                     330: "subifd", 513: "jpegoffset", 514: "jpeglength", 50717: "whitelevel", 50712: "lintable",
                     259: "compression", 262: "photometric", 274: "orientation", 33421: "cfarepeat", 50829: "activearea"}
            if tag not in names:
                continue
            label = f"ifd{k}_{names[tag]}"
            values = {"zero": 0, "huge": 0x7FFFFFFF, "past_end": len(data) + 1000, "max16": 0xFFFF}
            if tag in (258, 277, 259, 262, 274, 33421):
                values = {"zero": 0, "max16": 0xFFFF, "odd": 3 if tag != 258 else 13}
            for vname, v in values.items():
                b = bytearray(data)
                set_value(b, p, typ, v)
                out.append((f"{label}_{vname}", bytes(b)))
            # count field huge (array tags point past the end)
            b = bytearray(data)
            b[p + 4:p + 8] = struct.pack(e + "I", 0x3FFFFFFF)
            out.append((f"{label}_count_huge", bytes(b)))
        # IFD loop: next-IFD pointer back to this IFD; entry count huge
        nxt = off + 2 + 12 * n
        if nxt + 4 <= len(data):
            b = bytearray(data)
            b[nxt:nxt + 4] = struct.pack(e + "I", off)
            out.append((f"ifd{k}_next_loops_to_self", bytes(b)))
            b = bytearray(data)
            b[nxt:nxt + 4] = struct.pack(e + "I", ifds[0][0])
            out.append((f"ifd{k}_next_loops_to_ifd0", bytes(b)))
        b = bytearray(data)
        b[off:off + 2] = struct.pack(e + "H", 0xFFFF)
        out.append((f"ifd{k}_entries_65535", bytes(b)))
        b = bytearray(data)
        b[off:off + 2] = struct.pack(e + "H", 0)
        out.append((f"ifd{k}_entries_0", bytes(b)))
        for p, tag, typ, count in entries:
            if tag == 330:  # SubIFD pointing at IFD0 or at itself
                for name, target in {"subifd_to_ifd0": ifds[0][0], "subifd_to_self": off}.items():
                    b = bytearray(data)
                    b[p + 8:p + 12] = struct.pack(e + "I", target)
                    out.append((f"ifd{k}_{name}", bytes(b)))
    b = bytearray(data)
    b[4:8] = struct.pack(e + "I", len(data) + 10)
    out.append(("ifd0_offset_past_end", bytes(b)))
    b = bytearray(data)
    b[4:8] = struct.pack(e + "I", 0)
    out.append(("ifd0_offset_zero", bytes(b)))
    return out


def bmp_structural(data, rng):
    out = []

    def put(name, at, fmt, v):
        b = bytearray(data)
        b[at:at + struct.calcsize(fmt)] = struct.pack(fmt, v)
        out.append((name, bytes(b)))

    for name, v in {"zero": 0, "neg": -5, "huge": 0x7FFFFFFF, "big": 200000, "one": 1}.items():
        put(f"width_{name}", 18, "<i", v)
    for name, v in {"zero": 0, "neg_huge": -0x7FFFFFFF, "huge": 0x7FFFFFFF, "minint": -0x80000000, "big": 200000,
                    "one": 1, "neg_one": -1}.items():
        put(f"height_{name}", 22, "<i", v)
    for v in (0, 2, 16, 64, 0xFFFF):
        put(f"bits_{v}", 28, "<H", v)
    for v in (1, 2, 3, 4, 5, 6, 0x7FFFFFFF):
        put(f"compression_{v}", 30, "<i", v)
    for name, v in {"zero": 0, "neg": -1, "past_end": len(data) + 100, "huge": 0x7FFFFFFF, "minint": -0x80000000,
                    "end": len(data)}.items():
        put(f"pixel_offset_{name}", 10, "<i", v)
    for name, v in {"12": 12, "zero": 0, "neg": -40, "huge": 0x7FFFFFFF, "108": 108, "124": 124, "16": 16, "64": 64}.items():
        put(f"header_size_{name}", 14, "<i", v)
    for name, v in {"neg": -1, "huge": 0x7FFFFFFF, "one": 1, "257": 257}.items():
        put(f"colours_used_{name}", 46, "<i", v)
    # width x height that overflow 32-bit stride*height, and wide 1-bit rows
    b = bytearray(data)
    b[18:26] = struct.pack("<ii", 0x40000000, 4)
    out.append(("size_stride_overflow", bytes(b)))
    b = bytearray(data)
    b[18:26] = struct.pack("<ii", 46341, 46341)
    out.append(("size_2gpixels", bytes(b)))
    b = bytearray(data)
    b[18:26] = struct.pack("<ii", 10000, -9999)
    out.append(("size_99mp_topdown", bytes(b)))
    # within the 100 MP limit, but width x bits past 2^31: a 32-bit row length goes negative
    for w, h, bits in [(100_000_000, 1, 24), (90_000_000, 1, 32), (70_000_000, 1, 32), (50_000_000, 2, 32)]:
        b = bytearray(data)
        b[18:26] = struct.pack("<ii", w, h)
        b[28:30] = struct.pack("<H", bits)
        out.append((f"row_bits_overflow_{w}x{h}x{bits}", bytes(b)))
    out.append(("header_only", data[:54]))
    out.append(("file_header_only", data[:14]))
    out.append(("bm_only", b"BM"))
    return out


def heif_boxes(data, start, end, path=()):
    i = start
    while i + 8 <= end:
        size, typ = struct.unpack(">I4s", data[i:i + 8])
        header = 8
        if size == 1 and i + 16 <= end:
            size = struct.unpack(">Q", data[i + 8:i + 16])[0]
            header = 16
        if size == 0:
            size = end - i
        if size < header or i + size > end:
            yield i, size, typ, path
            return
        yield i, size, typ, path
        if typ in (b"meta",):
            yield from heif_boxes(data, i + header + 4, i + size, path + (typ,))
        elif typ in (b"iprp", b"ipco", b"dinf", b"iinf", b"iref"):
            inner = i + header + (4 if typ in (b"iinf",) else 0) + (2 if typ == b"iinf" else 0)
            yield from heif_boxes(data, inner if typ != b"iref" else i + header + 4, i + size, path + (typ,))
        i += size


def heic_structural(data, rng):
    out = []
    for i, size, typ, path in heif_boxes(data, 0, len(data)):
        t = typ.decode("latin1")
        for name, v in {"huge": 0xFFFFFFF0, "zero": 0, "seven": 7, "past_end": len(data) - i + 100}.items():
            b = bytearray(data)
            b[i:i + 4] = struct.pack(">I", v)
            out.append((f"box_{t.strip()}_size_{name}", bytes(b)))
        if typ == b"ispe":
            for name, (w, h) in {"zero": (0, 0), "huge": (0xFFFFFFFF, 0xFFFFFFFF), "99mp": (9900, 10000),
                                 "wide": (1 << 20, 1)}.items():
                b = bytearray(data)
                b[i + 12:i + 20] = struct.pack(">II", w, h)
                out.append((f"ispe_{name}", bytes(b)))
        if typ == b"iloc":
            # extent offsets/lengths past the end: every 4-byte word after the header set to a huge value, one at a time
            for k in range(i + 16, min(i + size, i + 16 + 4 * 12), 4):
                b = bytearray(data)
                b[k:k + 4] = struct.pack(">I", 0x7FFFFFF0)
                out.append((f"iloc_word{(k - i) // 4}_huge", bytes(b)))
        if typ == b"irot":
            b = bytearray(data)
            b[i + 8] = 0xFF
            out.append(("irot_ff", bytes(b)))
        if typ == b"pitm":
            b = bytearray(data)
            b[i + 12:i + 14] = struct.pack(">H", 0xFFFF)
            out.append(("pitm_missing_item", bytes(b)))
    return out


def dng_structural(data, rng):
    return tiff_structural(data, rng)


STRUCTURAL = {"jpeg": jpeg_structural, "png": png_structural, "webp": webp_structural, "gif": gif_structural,
              "tiff": tiff_structural, "bmp": bmp_structural, "heic": heic_structural, "avif": heic_structural,
              "dng": dng_structural}


# ---------------------------------------------------------------- XMP and JSON

def xmp_mutants(rng, n):
    base = XMP_PACKET.format(name="Amy", x=0.5, y=0.5, w=0.6, h=0.6)
    out = []
    fixed = {
        "valid": base,
        "nan": XMP_PACKET.format(name="Amy", x="NaN", y="NaN", w="NaN", h="NaN"),
        "inf": XMP_PACKET.format(name="Amy", x="Infinity", y="-Infinity", w="1e39", h="1e39"),
        "huge_numbers": XMP_PACKET.format(name="Amy", x="1e30", y="-1e30", w="0.5", h="0.5"),
        "huge_digits": XMP_PACKET.format(name="Amy", x="9" * 5000, y="0.5", w="0.5", h="0.5"),
        "tiny_box": XMP_PACKET.format(name="Amy", x="0.5", y="0.5", w="1e-30", h="1e-30"),
        "outside_box": XMP_PACKET.format(name="Amy", x="5", y="-5", w="1", h="1"),
        "negative_zero": XMP_PACKET.format(name="Amy", x="-0", y="-0", w="1", h="1"),
        "comma_decimals": XMP_PACKET.format(name="Amy", x="0,5", y="0,5", w="0,6", h="0,6"),
        "long_name": XMP_PACKET.format(name="A" * 200000, x=0.5, y=0.5, w=0.6, h=0.6),
        "control_name": XMP_PACKET.format(name="Amy&#1;&#x0;", x=0.5, y=0.5, w=0.6, h=0.6),
        "path_name": XMP_PACKET.format(name="../../../etc/passwd", x=0.5, y=0.5, w=0.6, h=0.6),
        "slash_name": XMP_PACKET.format(name="a/b\\c:d*?<>|", x=0.5, y=0.5, w=0.6, h=0.6).replace("<>", "&lt;&gt;"),
        "dot_name": XMP_PACKET.format(name="..", x=0.5, y=0.5, w=0.6, h=0.6),
        "whitespace_name": XMP_PACKET.format(name="\u2028\u00a0\u200b", x=0.5, y=0.5, w=0.6, h=0.6),
        "unbalanced": base.replace("</rdf:Description></rdf:li>", "</rdf:li>", 1),
        "unclosed": base[:len(base) // 2],
        "no_end": base.replace("</x:xmpmeta>", ""),
        "billion_laughs": '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                          + "".join(f'<!ENTITY lol{k} "{("&lol%s;" % (k - 1 if k > 1 else "")) * 10}">' for k in range(1, 10))
                          + ']>' + base.replace("Amy", "&lol9;"),
        "external_entity": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                           + base.replace("Amy", "&e;"),
        "deep_nesting": base.replace("<mwg-rs:Regions>", "<a>" * 100000 + "<mwg-rs:Regions>")
                            .replace("</mwg-rs:Regions>", "</mwg-rs:Regions>" + "</a>" * 100000),
        "deep_nesting_unclosed": base.replace("<mwg-rs:Regions>", "<a>" * 200000 + "<mwg-rs:Regions>"),
        "many_regions": base.replace("<rdf:li><rdf:Description", "".join(
            f'<rdf:li><rdf:Description mwg-rs:Name="P{k}" mwg-rs:Type="Face"><mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.1" stArea:h="0.1"/></rdf:Description></rdf:li>'
            for k in range(50000)) + "<rdf:li><rdf:Description", 1),
        "many_people": base.replace("<rdf:li>Amy</rdf:li>", "".join(f"<rdf:li>P{k}</rdf:li>" for k in range(50000))),
        "area_child_elements": base.replace('<mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.6" stArea:h="0.6" stArea:unit="normalized"/>',
                                            "<mwg-rs:Area><stArea:x>0.5</stArea:x><stArea:y>0.5</stArea:y><stArea:w>0.6</stArea:w><stArea:h>0.6</stArea:h></mwg-rs:Area>"),
        "area_root": '<mwg-rs:Area xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" x="1"/>',
        "empty": "",
        "bom_only": "\ufeff",
        "utf16": None,
    }
    for name, text in fixed.items():
        if name == "utf16":
            out.append((name, base.encode("utf-16")))
        else:
            out.append((name, text.encode("utf-8")))
    out.append(("latin1_name", base.replace("Amy", "Am\xe9lie").encode("latin-1", errors="replace")))
    out.append(("invalid_utf8", base.encode().replace(b"Amy", b"Am\xff\xfe\xc3")))
    out.append(("nul_bytes", base.encode().replace(b"Amy", b"A\x00my")))
    out.append(("huge_padding", base.encode() + b" " * (8 << 20)))
    for k in range(n):
        kind, data = generic(rng, base.encode(), [TAKEOUT_JSON.encode(), base.encode()])
        out.append((f"{kind}_{k}", data))
    return out


def json_mutants(rng, n):
    base = TAKEOUT_JSON
    fixed = {
        "valid": base,
        "deep_array": '{"people": ' + "[" * 100000 + "]" * 100000 + "}",
        "deep_object": '{"people": [' + '{"a":' * 100000 + "1" + "}" * 100000 + "]}",
        "deep_unclosed": "[" * 1000000,
        "huge_number": base.replace('"3"', "1" + "0" * 100000),
        "nan": base.replace('0.0', "NaN"),
        "infinity": base.replace('0.0', "Infinity"),
        "name_number": '{"people": [{"name": 1e400}]}',
        "name_null": '{"people": [{"name": null}, null, 1, "x", []]}',
        "people_object": '{"people": {"name": "Amy"}}',
        "people_string": '{"people": "Amy"}',
        "root_array": '[{"people": [{"name": "Amy"}]}]',
        "root_string": '"people"',
        "duplicate_keys": '{"people": [{"name": "A"}], "people": [{"name": "B"}]}',
        "long_name": '{"people": [{"name": "' + "A" * 5000000 + '"}]}',
        "many_people": '{"people": [' + ",".join(f'{{"name": "P{k}"}}' for k in range(100000)) + "]}",
        "escapes": '{"people": [{"name": "\\u0000\\ud800\\udfff\\uDEAD"}]}',
        "bad_escape": '{"people": [{"name": "\\x41"}]}',
        "comments": '// c\n{"people": [{"name": "Amy"}] /* x */}',
        "trailing_comma": '{"people": [{"name": "Amy"},],}',
        "truncated": base[:len(base) // 2],
        "empty": "",
        "bom": "\ufeff" + base,
        "whitespace_only": " \n\t" * 1000,
    }
    out = [(k, v.encode("utf-8", errors="surrogatepass")) for k, v in fixed.items()]
    out.append(("invalid_utf8", base.encode().replace(b"Amy", b"Am\xff\xfe\xc3")))
    out.append(("latin1", base.replace("Amy", "Am\xe9lie").encode("latin-1")))
    out.append(("utf16", base.encode("utf-16")))
    out.append(("nul", base.encode().replace(b"Amy", b"A\x00my")))
    out.append(("xml_instead", XMP_PACKET.encode()))
    for k in range(n):
        kind, data = generic(rng, base.encode(), [base.encode()])
        out.append((f"{kind}_{k}", data))
    return out


def embedded_xmp_jpegs(photo, rng, n):
    """JPEGs whose own XMP segment holds a mutated packet (read through libvips' xmp-data)."""
    out = []
    for name, packet in xmp_mutants(rng, n):
        body = b"http://ns.adobe.com/xap/1.0/\x00" + packet[:65000]
        seg = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
        out.append((name, photo[:2] + seg + photo[2:]))
    return out


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-seed", type=int, default=40, help="generic mutants per seed file")
    parser.add_argument("--formats", default="", help="only these, comma-separated (jpeg,png,…,xmp,json,xmp_embedded)")
    parser.add_argument("--extra", nargs="*", default=[], help="more seed files (e.g. .avif, which the repository has none of)")
    parser.add_argument("--repo", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        seeds, photo = make_seeds(args.repo, work, args.extra)
    all_bytes = [d for _, _, d in seeds]

    def write(fmt, name, ext, data, seed, mutation):
        folder = os.path.join(args.out, fmt)
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, name + ext)
        with open(path, "wb") as f:
            f.write(data)
        rows.append((os.path.relpath(path, args.out), fmt, seed, mutation))
        return path

    wanted = set(args.formats.split(",")) if args.formats else None
    for fmt, seed_name, data in seeds:
        if wanted and fmt not in wanted:
            continue
        ext = EXTENSIONS[fmt]
        write(fmt, f"{seed_name}__seed", ext, data, seed_name, "none")
        for k in range(args.per_seed):
            kind, mutant = generic(rng, data, all_bytes)
            wrong = rng.random() < 0.1
            e = rng.choice([x for x in WRONG if x != ext]) if wrong else ext
            write(fmt, f"{seed_name}__g{k:03d}_{kind}", e, mutant, seed_name, kind + ("+wrong_ext" if wrong else ""))
        for name, mutant in STRUCTURAL[fmt](data, rng):
            write(fmt, f"{seed_name}__s_{name}", ext, mutant, seed_name, name)
        # the untouched seed under every other extension
        for e in WRONG:
            if e != ext:
                write(fmt, f"{seed_name}__wrongext", e, data, seed_name, "wrong_ext")
    for name, sidecar in (xmp_mutants(rng, args.per_seed) if not wanted or "xmp" in wanted else []):
        p = write("xmp", f"x_{name}", ".jpg", photo, "xmp", "photo")
        with open(p + ".xmp", "wb") as f:
            f.write(sidecar)
        rows.append((os.path.relpath(p, args.out) + ".xmp", "xmp", "xmp", name))
    for name, sidecar in (json_mutants(rng, args.per_seed) if not wanted or "json" in wanted else []):
        p = write("json", f"j_{name}", ".jpg", photo, "json", "photo")
        with open(p + ".json", "wb") as f:
            f.write(sidecar)
        rows.append((os.path.relpath(p, args.out) + ".json", "json", "json", name))
    for name, mutant in (embedded_xmp_jpegs(photo, rng, args.per_seed // 2) if not wanted or "xmp_embedded" in wanted else []):
        write("xmp_embedded", f"e_{name}", ".jpg", mutant, "xmp_embedded", name)
    with open(os.path.join(args.out, "manifest.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "format", "seed", "mutation"])
        w.writerows(rows)
    counts = {}
    for _, fmt, _, mut in rows:
        counts[fmt] = counts.get(fmt, 0) + 1
    for fmt, c in counts.items():
        print(f"{fmt}: {c}")
    print(f"{len(rows)} files in {args.out}")


if __name__ == "__main__":
    main()
