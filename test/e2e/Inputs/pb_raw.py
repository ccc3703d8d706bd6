#!/usr/bin/env python3
"""Raw tensor files for the link test.

    pb_raw.py to-raw IN.pb OUT.bin       the tensor's bytes, row-major
    pb_raw.py compare OUT.bin REF.pb     prints `match` or the worst error
                                          (|got-ref| <= 1e-4 + 1e-3 |ref|)
"""
import sys

import numpy as np
from onnx import TensorProto, numpy_helper


def load(path):
    t = TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


if sys.argv[1] == "to-raw":
    np.ascontiguousarray(load(sys.argv[2])).tofile(sys.argv[3])
else:
    ref = load(sys.argv[3])
    got = np.fromfile(sys.argv[2], dtype=ref.dtype).reshape(ref.shape)
    bad = ~(np.abs(got - ref) <= 1e-4 + 1e-3 * np.abs(ref))
    if bad.any():
        i = np.unravel_index(np.argmax(np.abs(got - ref)), ref.shape)
        print("mismatch: %d elements, worst at %s: got %g expected %g"
              % (bad.sum(), list(i), got[i], ref[i]))
        sys.exit(1)
    print("match: %d elements" % ref.size)
