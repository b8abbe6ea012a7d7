#!/usr/bin/env python3
"""Writes a BagIt 1.0 bag of random files: make_bag.py DIR FILES TOTAL_BYTES [--text-half] [--mets UUID].

With --text-half every other file is text (which compresses, as documents do) rather than
random bytes; with --mets the bag holds data/METS.<UUID>.xml too, where Archivematica puts
an AIP's METS. Used by the demo, the benchmarks and check-amclient; the tests build their
bags in Swift."""
import hashlib, os, random, sys

root, files, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
text_half = "--text-half" in sys.argv[4:]
size = total // files
words = [b"archive", b"preservation", b"fixity", b"package", b"storage", b"record", b"the", b"of", b"and"]


def text(n):
    out = bytearray()
    while len(out) < n:
        out += b" ".join(random.choice(words) for _ in range(12)) + b".\n"
    return bytes(out[:n])
os.makedirs(os.path.join(root, "data"), exist_ok=True)
lines = []
for i in range(files):
    rel = f"data/objects/part-{i // 100:03d}/file-{i:05d}.bin"
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text(size) if text_half and i % 2 else os.urandom(size)
    with open(path, "wb") as f:
        f.write(data)
    lines.append(f"{hashlib.sha256(data).hexdigest()}  {rel}\n")
if "--mets" in sys.argv[4:]:
    mets_uuid = sys.argv[sys.argv.index("--mets") + 1]
    rel, data = f"data/METS.{mets_uuid}.xml", f'<mets:mets OBJID="{mets_uuid}"/>\n'.encode()
    with open(os.path.join(root, rel), "wb") as f:
        f.write(data)
    lines.append(f"{hashlib.sha256(data).hexdigest()}  {rel}\n")
with open(os.path.join(root, "manifest-sha256.txt"), "w") as f:
    f.writelines(lines)
with open(os.path.join(root, "bagit.txt"), "w") as f:
    f.write("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
with open(os.path.join(root, "bag-info.txt"), "w") as f:
    payload = [l.split("  ", 1)[1].strip() for l in lines]
    total_bytes = sum(os.path.getsize(os.path.join(root, rel)) for rel in payload)
    f.write(f"Payload-Oxum: {total_bytes}.{len(payload)}\nSource-Organization: ss demo\n")
tags = []
for name in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt"):
    with open(os.path.join(root, name), "rb") as f:
        tags.append(f"{hashlib.sha256(f.read()).hexdigest()}  {name}\n")
with open(os.path.join(root, "tagmanifest-sha256.txt"), "w") as f:
    f.writelines(tags)
