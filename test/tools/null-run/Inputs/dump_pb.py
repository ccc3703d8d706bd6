#!/usr/bin/env python3
"""Prints a serialized TensorProto: `name dtype dims: values` (for checks)."""
import sys

import numpy as np
from onnx import TensorProto, numpy_helper

for path in sys.argv[1:]:
    t = TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    a = numpy_helper.to_array(t)
    vals = " ".join("%g" % v for v in a.flatten().tolist())
    print("%s %s %s: %s" % (t.name, TensorProto.DataType.Name(t.data_type),
                            list(t.dims), vals))
