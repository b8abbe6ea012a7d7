#!/usr/bin/env python3
"""Writes a BagIt 1.0 bag of random files: make_bag.py DIR FILES TOTAL_BYTES.

Used by the demo and the benchmarks; the tests build their bags in Swift."""
import hashlib, os, sys

root, files, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
size = total // files
os.makedirs(os.path.join(root, "data"), exist_ok=True)
lines = []
for i in range(files):
    rel = f"data/objects/part-{i // 100:03d}/file-{i:05d}.bin"
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = os.urandom(size)
    with open(path, "wb") as f:
        f.write(data)
    lines.append(f"{hashlib.sha256(data).hexdigest()}  {rel}\n")
with open(os.path.join(root, "manifest-sha256.txt"), "w") as f:
    f.writelines(lines)
with open(os.path.join(root, "bagit.txt"), "w") as f:
    f.write("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
with open(os.path.join(root, "bag-info.txt"), "w") as f:
    f.write(f"Payload-Oxum: {size * files}.{files}\nSource-Organization: ss demo\n")
tags = []
for name in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt"):
    with open(os.path.join(root, name), "rb") as f:
        tags.append(f"{hashlib.sha256(f.read()).hexdigest()}  {name}\n")
with open(os.path.join(root, "tagmanifest-sha256.txt"), "w") as f:
    f.writelines(tags)
