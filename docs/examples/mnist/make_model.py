#!/usr/bin/env python3
"""Writes the example model of scripts/run.sh: a tiny MNIST-style digit
classifier whose weights are built by hand (no training, no download), and a
batch of test images it classifies.

    make_model.py OUT_DIR

writes
  OUT_DIR/digits.onnx    image f32[10,1,8,8] -> Flatten -> Gemm(64x32) -> Relu
                         -> Gemm(32x10) -> Softmax -> probs f32[10,10]
  OUT_DIR/images.bin     the 10 test images, raw little-endian f32, row-major
  OUT_DIR/labels.txt     their true digits, one per line
  OUT_DIR/test_data_set_0/input_0.pb, output_0.pb
                         the same images and numpy's reference probabilities
                         (for null-run)

The first layer matches the image against the 10 digit glyphs of a 5x7
font (zero-mean, unit-norm templates) and against their shifted-by-one
variants (with the remaining hidden units), the second adds up each digit's
evidence. The images are the glyphs with seeded Gaussian noise and random
contrast, so the predictions are meaningful and deterministic.
Needs python3-onnx and python3-numpy.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper as H, numpy_helper

FONT = {  # 5 columns x 7 rows
    0: ["01110", "10001", "10011", "10101", "11001", "10001", "01110"],
    1: ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
    2: ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
    3: ["11111", "00010", "00100", "00010", "00001", "10001", "01110"],
    4: ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
    5: ["11111", "10000", "11110", "00001", "00001", "10001", "01110"],
    6: ["00110", "01000", "10000", "11110", "10001", "10001", "01110"],
    7: ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
    8: ["01110", "10001", "10001", "01110", "10001", "10001", "01110"],
    9: ["01110", "10001", "10001", "01111", "00001", "00010", "01100"],
}


def glyph(d, dy=0, dx=0):
    """Digit d drawn on an 8x8 canvas at row 0 + dy, column 1 + dx."""
    img = np.zeros((8, 8), dtype=np.float64)
    for r, row in enumerate(FONT[d]):
        for c, ch in enumerate(row):
            if ch == "1":
                img[r + dy, c + 1 + dx] = 1.0
    return img


def template(img):
    t = img.flatten() - img.mean()
    return t / np.linalg.norm(t)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(2026)
    # Hidden units 0-9: the glyphs; 10-29: glyphs shifted right and down;
    # 30-31: unused (zero).
    hidden = [template(glyph(d)) for d in range(10)]
    hidden += [template(glyph(d, 0, 1)) for d in range(10)]
    hidden += [template(glyph(d, 1, 0)) for d in range(10)]
    w1 = np.zeros((64, 32))
    for j, t in enumerate(hidden):
        w1[:, j] = t
    b1 = np.full(32, -0.2)
    w2 = np.zeros((32, 10))
    for j in range(30):
        w2[j, j % 10] = 12.0
    b2 = np.zeros(10)

    labels = rng.permutation(10)
    images = []
    for i, d in enumerate(labels):
        s = int(rng.integers(0, 2))  # shifted down (odd i) or right by s
        dy, dx = (s, 0) if i % 2 else (0, s)
        images.append(glyph(d, dy, dx) * rng.uniform(0.7, 1.0) +
                      rng.normal(0, 0.2, (8, 8)))
    images = np.stack(images).astype(np.float32).reshape(10, 1, 8, 8)

    f32 = lambda a: a.astype(np.float32)
    nodes = [
        H.make_node("Flatten", ["image"], ["flat"], axis=1),
        H.make_node("Gemm", ["flat", "W1", "B1"], ["h"]),
        H.make_node("Relu", ["h"], ["r"]),
        H.make_node("Gemm", ["r", "W2", "B2"], ["logits"]),
        H.make_node("Softmax", ["logits"], ["probs"], axis=1),
    ]
    g = H.make_graph(
        nodes, "digits",
        [H.make_tensor_value_info("image", TensorProto.FLOAT, [10, 1, 8, 8])],
        [H.make_tensor_value_info("probs", TensorProto.FLOAT, [10, 10])],
        [numpy_helper.from_array(f32(w1), "W1"),
         numpy_helper.from_array(f32(b1), "B1"),
         numpy_helper.from_array(f32(w2), "W2"),
         numpy_helper.from_array(f32(b2), "B2")])
    m = H.make_model(g, opset_imports=[H.make_opsetid("", 13)],
                     producer_name="null/docs/examples/mnist/make_model.py")
    m.ir_version = 7
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(out, "digits.onnx"))

    # numpy reference, in float64 then rounded like the model's output.
    x = images.reshape(10, 64).astype(np.float64)
    h = np.maximum(x @ f32(w1).astype(np.float64) + f32(b1), 0)
    z = h @ f32(w2).astype(np.float64) + f32(b2)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    assert (p.argmax(axis=1) == labels).all(), "the example must classify"

    images.tofile(os.path.join(out, "images.bin"))
    with open(os.path.join(out, "labels.txt"), "w") as f:
        f.write("".join("%d\n" % d for d in labels))
    ds = os.path.join(out, "test_data_set_0")
    os.makedirs(ds, exist_ok=True)
    with open(os.path.join(ds, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(images, "image").SerializeToString())
    with open(os.path.join(ds, "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(f32(p), "probs").SerializeToString())


if __name__ == "__main__":
    main()
