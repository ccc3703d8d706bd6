#!/usr/bin/env python3
"""write_pb.py OUT.pb NAME VALUES: a float32 TensorProto of the nested list
VALUES (a Python literal), for tests that need one tensor file."""
import ast
import sys

import numpy as np
from onnx import numpy_helper

arr = np.array(ast.literal_eval(sys.argv[3]), dtype=np.float32)
with open(sys.argv[1], "wb") as f:
    f.write(numpy_helper.from_array(arr, sys.argv[2]).SerializeToString())
