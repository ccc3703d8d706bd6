#!/usr/bin/env python3
"""Writes the small models and test-data directories of the null-run tests.

    make_run_models.py OUT_DIR

OUT_DIR/affine.onnx:  Y = X * 2 + B, X f32[2,3] (ONNX names "X" and "Y"),
OUT_DIR/two_io.onnx:  S = A + Bin, P = A * Bin (two inputs, two outputs),
OUT_DIR/main.onnx, expf.onnx: Y = Exp(X) in graphs named "main" and "expf"
                      (data in exp/),
OUT_DIR/ints.onnx:    I i32[5], U i8[3] -> Sum = I + 3, Big = I > 1 (bool),
                      Wide = Cast<int64>(U), with data in ints/, ints_typed/
                      (inputs in int32_data) and ints_off/ (Big wrong at [2]),
and test-data directories for affine.onnx:

  ok/           input_0.pb and the exact output_0.pb (typed float_data input)
  nan/          an input holding NaN (the output has NaN there)
  off/          the reference is 0.01 off at [1, 2]
  wrong_shape/  input_0.pb is f32[3,2]
  wrong_type/   input_0.pb is f64[2,3]
  corrupt/      input_0.pb is not a protobuf
  short/        raw_data shorter than the shape needs
  typed_short/  float_data with 2 of the 6 elements
  strings/      a STRING tensor
  huge/         dims of 2^50 elements with 4 bytes of data
  no_input/     output_0.pb only
  no_ref/       input_0.pb only
  extra/        also an input_1.pb
  ref_shape/    output_0.pb is f32[6]
and two_io/ for two_io.onnx.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper as H, numpy_helper


def save_model(graph, path):
    m = H.make_model(graph, opset_imports=[H.make_opsetid("", 13)])
    m.ir_version = 7
    onnx.checker.check_model(m)
    onnx.save(m, path)


def save_tensor(arr, name, path, typed=False):
    if typed:
        t = TensorProto()
        t.name, t.data_type = name, TensorProto.FLOAT
        t.dims.extend(arr.shape)
        t.float_data.extend(arr.flatten().tolist())
    else:
        t = numpy_helper.from_array(arr, name)
    with open(path, "wb") as f:
        f.write(t.SerializeToString())


def data_dir(out, name, inputs=(), outputs=(), typed=False):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    for i, (n, a) in enumerate(inputs):
        save_tensor(a, n, os.path.join(d, "input_%d.pb" % i), typed)
    for i, (n, a) in enumerate(outputs):
        save_tensor(a, n, os.path.join(d, "output_%d.pb" % i))
    return d


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    b = np.array([0.5, -1.0, 2.0], dtype=np.float32)
    g = H.make_graph(
        [H.make_node("Mul", ["X", "two"], ["t"]),
         H.make_node("Add", ["t", "B"], ["Y"])],
        "affine",
        [H.make_tensor_value_info("X", TensorProto.FLOAT, [2, 3])],
        [H.make_tensor_value_info("Y", TensorProto.FLOAT, [2, 3])],
        [numpy_helper.from_array(np.array(2.0, dtype=np.float32), "two"),
         numpy_helper.from_array(b, "B")])
    save_model(g, os.path.join(out, "affine.onnx"))

    x = np.array([[1, 2, 3], [-4, 5.5, 0.25]], dtype=np.float32)
    y = (x * 2 + b).astype(np.float32)
    data_dir(out, "ok", [("X", x)], [("Y", y)], typed=True)
    xn = x.copy()
    xn[0, 1] = np.nan
    yn = (xn * 2 + b).astype(np.float32)
    data_dir(out, "nan", [("X", xn)], [("Y", yn)])
    yo = y.copy()
    yo[1, 2] += 0.01
    data_dir(out, "off", [("X", x)], [("Y", yo)])
    data_dir(out, "wrong_shape", [("X", x.reshape(3, 2))], [("Y", y)])
    data_dir(out, "wrong_type", [("X", x.astype(np.float64))], [("Y", y)])
    d = data_dir(out, "corrupt", [], [("Y", y)])
    with open(os.path.join(d, "input_0.pb"), "wb") as f:
        f.write(b"\xff\xff\xff\xff not a tensor")
    d = data_dir(out, "short", [], [("Y", y)])
    t = numpy_helper.from_array(x, "X")
    t.raw_data = t.raw_data[:-4]
    with open(os.path.join(d, "input_0.pb"), "wb") as f:
        f.write(t.SerializeToString())
    d = data_dir(out, "typed_short", [], [("Y", y)])
    t = TensorProto()
    t.name, t.data_type = "X", TensorProto.FLOAT
    t.dims.extend([2, 3])
    t.float_data.extend([1.0, 2.0])
    with open(os.path.join(d, "input_0.pb"), "wb") as f:
        f.write(t.SerializeToString())
    d = data_dir(out, "strings", [], [("Y", y)])
    t = TensorProto()
    t.name, t.data_type = "X", TensorProto.STRING
    t.dims.extend([1])
    t.string_data.append(b"hi")
    with open(os.path.join(d, "input_0.pb"), "wb") as f:
        f.write(t.SerializeToString())
    d = data_dir(out, "huge", [], [("Y", y)])
    t = TensorProto()
    t.name, t.data_type = "X", TensorProto.FLOAT
    t.dims.extend([1 << 20, 1 << 20, 1 << 10])
    t.raw_data = b"1234"
    with open(os.path.join(d, "input_0.pb"), "wb") as f:
        f.write(t.SerializeToString())
    data_dir(out, "no_input", [], [("Y", y)])
    data_dir(out, "no_ref", [("X", x)], [])
    data_dir(out, "extra", [("X", x), ("Z", x)], [("Y", y)])
    data_dir(out, "ref_shape", [("X", x)], [("Y", y.reshape(6))])

    g = H.make_graph(
        [H.make_node("Add", ["A", "Bin"], ["S"]),
         H.make_node("Mul", ["A", "Bin"], ["P"])],
        "two_io",
        [H.make_tensor_value_info("A", TensorProto.FLOAT, [4]),
         H.make_tensor_value_info("Bin", TensorProto.FLOAT, [4])],
        [H.make_tensor_value_info("S", TensorProto.FLOAT, [4]),
         H.make_tensor_value_info("P", TensorProto.FLOAT, [4])])
    save_model(g, os.path.join(out, "two_io.onnx"))
    a = np.array([1, 2, 3, 4], dtype=np.float32)
    c = np.array([0.5, -1, 10, 0], dtype=np.float32)
    data_dir(out, "two_io", [("A", a), ("Bin", c)], [("S", a + c), ("P", a * c)])

    # Graphs named like the C functions null-run links against.
    for name in ("main", "expf"):
        g = H.make_graph(
            [H.make_node("Exp", ["X"], ["Y"])], name,
            [H.make_tensor_value_info("X", TensorProto.FLOAT, [2, 3])],
            [H.make_tensor_value_info("Y", TensorProto.FLOAT, [2, 3])])
        save_model(g, os.path.join(out, name + ".onnx"))
    data_dir(out, "exp", [("X", x)], [("Y", np.exp(x).astype(np.float32))])

    # Integers and bools: compared exactly, written with their ONNX types.
    g = H.make_graph(
        [H.make_node("Add", ["I", "three"], ["Sum"]),
         H.make_node("Greater", ["I", "one"], ["Big"]),
         H.make_node("Cast", ["U"], ["Wide"], to=TensorProto.INT64)],
        "ints",
        [H.make_tensor_value_info("I", TensorProto.INT32, [5]),
         H.make_tensor_value_info("U", TensorProto.INT8, [3])],
        [H.make_tensor_value_info("Sum", TensorProto.INT32, [5]),
         H.make_tensor_value_info("Big", TensorProto.BOOL, [5]),
         H.make_tensor_value_info("Wide", TensorProto.INT64, [3])],
        [numpy_helper.from_array(np.array(3, dtype=np.int32), "three"),
         numpy_helper.from_array(np.array(1, dtype=np.int32), "one")])
    save_model(g, os.path.join(out, "ints.onnx"))
    i = np.array([-2, 0, 1, 2, 2147483000], dtype=np.int32)
    u = np.array([-128, 7, 127], dtype=np.int8)
    outs = [("Sum", i + np.int32(3)), ("Big", i > 1),
            ("Wide", u.astype(np.int64))]
    data_dir(out, "ints", [("I", i), ("U", u)], outs)
    # The same inputs in the typed fields (int32_data for INT32 and INT8).
    d = data_dir(out, "ints_typed", [], outs)
    for k, (n, a, dt) in enumerate([("I", i, TensorProto.INT32),
                                    ("U", u, TensorProto.INT8)]):
        t = H.make_tensor(n, dt, a.shape, a.tolist())
        assert not t.raw_data
        with open(os.path.join(d, "input_%d.pb" % k), "wb") as f:
            f.write(t.SerializeToString())
    bad = list(outs)
    bad[1] = ("Big", np.array([False, False, True, True, True]))
    data_dir(out, "ints_off", [("I", i), ("U", u)], bad)


if __name__ == "__main__":
    main()
