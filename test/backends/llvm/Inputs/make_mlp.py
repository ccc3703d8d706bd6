#!/usr/bin/env python3
"""Writes OUT.onnx for onnx-e2e.test: Y = Softmax(Tanh(X @ W + B), axis=1)
and R = Relu(X @ W + B), X f32[2,3], W f32[3,4] and B f32[4] initializers.

    make_mlp.py OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper as H, numpy_helper

W = (np.arange(12, dtype=np.float32).reshape(3, 4) / 10 - 0.5).astype(np.float32)
B = np.array([0.1, -0.2, 0.3, -0.4], dtype=np.float32)
nodes = [
    H.make_node("MatMul", ["X", "W"], ["m"]),
    H.make_node("Add", ["m", "B"], ["a"]),
    H.make_node("Tanh", ["a"], ["t"]),
    H.make_node("Softmax", ["t"], ["Y"], axis=1),
    H.make_node("Relu", ["a"], ["R"]),
]
g = H.make_graph(
    nodes, "mlp", [H.make_tensor_value_info("X", TensorProto.FLOAT, [2, 3])],
    [H.make_tensor_value_info("Y", TensorProto.FLOAT, [2, 4]),
     H.make_tensor_value_info("R", TensorProto.FLOAT, [2, 4])],
    [numpy_helper.from_array(W, "W"), numpy_helper.from_array(B, "B")])
m = H.make_model(g, opset_imports=[H.make_opsetid("", 13)])
m.ir_version = 7
onnx.checker.check_model(m)
onnx.save(m, sys.argv[1])
