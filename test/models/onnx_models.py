#!/usr/bin/env python3
"""Writes small ONNX models for the frontend's lit tests.

    onnx_models.py NAME OUT_DIR    writes OUT_DIR/NAME.onnx (and any
                                   external data files next to it)

Each model is a function below named after the model; models named bad_*
are deliberately broken for the bad-input tests.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

H = helper


def model(graph, opset=13, **kw):
    m = H.make_model(graph, opset_imports=[H.make_opsetid("", opset)], **kw)
    m.ir_version = 8 if opset >= 15 else 7
    return m


def vi(name, dtype, shape):
    return H.make_tensor_value_info(name, dtype, shape)


def tensor(name, dtype, dims, raw=None, floats=None, int32s=None):
    """A TensorProto built field by field (no size checks)."""
    t = TensorProto()
    t.name, t.data_type = name, dtype
    t.dims.extend(dims)
    if raw is not None:
        t.raw_data = raw
    if floats is not None:
        t.float_data.extend(floats)
    if int32s is not None:
        t.int32_data.extend(int32s)
    return t


# ---- well-formed models ---------------------------------------------------


def conv():
    """Conv + Relu with weights, a symbolic batch dim and metadata."""
    w = numpy_helper.from_array(
        np.arange(8 * 3 * 3 * 3, dtype=np.float32).reshape(8, 3, 3, 3), "w")
    b = numpy_helper.from_array(np.ones(8, dtype=np.float32), "b")
    nodes = [
        H.make_node("Conv", ["x", "w", "b"], ["c"], name="Conv_0",
                    pads=[1, 1, 1, 1], strides=[1, 1], kernel_shape=[3, 3]),
        H.make_node("Relu", ["c"], ["y"]),
    ]
    g = H.make_graph(nodes, "torch-jit-export",
                     [vi("x", TensorProto.FLOAT, ["N", 3, 32, 32])],
                     [vi("y", TensorProto.FLOAT, ["N", 8, 32, 32])], [w, b])
    m = model(g, producer_name="pytorch", producer_version="1.13")
    H.set_model_props(m, {"author": "null"})
    return m


def mlp():
    """MatMul + Add + Relu without declared intermediate types."""
    w = numpy_helper.from_array(np.full((4, 2), 0.5, dtype=np.float32), "w")
    b = numpy_helper.from_array(np.array([1, 2], dtype=np.float32), "b")
    nodes = [
        H.make_node("MatMul", ["x", "w"], ["m"], name="mm"),
        H.make_node("Add", ["m", "b"], ["a"], name="add"),
        H.make_node("Relu", ["a"], ["y"], name="relu"),
    ]
    g = H.make_graph(nodes, "mlp", [vi("x", TensorProto.FLOAT, [3, 4])],
                     [vi("y", TensorProto.FLOAT, None)], [w, b])
    return model(g)


def dtypes():
    """One initializer per element type, typed fields and raw_data."""
    inits = []
    outs = []
    arrays = {
        "f32": np.array([1.5, -2], dtype=np.float32),
        "f64": np.array([0.25], dtype=np.float64),
        "f16": np.array([1, 2, 3], dtype=np.float16),
        "i8": np.array([-1, 2], dtype=np.int8),
        "i16": np.array([-300], dtype=np.int16),
        "i32": np.array([7, -7], dtype=np.int32),
        "i64": np.array([1 << 40], dtype=np.int64),
        "u8": np.array([255, 0], dtype=np.uint8),
        "u16": np.array([65535], dtype=np.uint16),
        "u32": np.array([4000000000], dtype=np.uint32),
        "u64": np.array([1 << 63], dtype=np.uint64),
        "b": np.array([True, False, True]),
    }
    for raw in (False, True):
        for name, a in arrays.items():
            t = numpy_helper.from_array(a, ("raw_" if raw else "typed_") + name)
            if not raw and a.dtype == np.float16:
                # float16 bit patterns in int32_data
                t = tensor(t.name, t.data_type, a.shape,
                           int32s=a.view(np.uint16).flatten().tolist())
            elif not raw and t.HasField("raw_data"):
                t = H.make_tensor(t.name, t.data_type, a.shape,
                                  a.flatten().tolist())
            if raw and not t.HasField("raw_data"):
                t = H.make_tensor(t.name, t.data_type, a.shape, a.tobytes(),
                                  raw=True)
            inits.append(t)
            outs.append(t.name)
    # bfloat16 1.0 and -2.0, in int32_data and in raw_data
    inits.append(tensor("typed_bf16", TensorProto.BFLOAT16, [2],
                        int32s=[0x3F80, 0xC000]))
    inits.append(H.make_tensor("raw_bf16", TensorProto.BFLOAT16, [2],
                               bytes([0x80, 0x3F, 0x00, 0xC0]), raw=True))
    inits.append(tensor("c64", TensorProto.COMPLEX64, [1],
                        floats=[1.0, 2.0]))
    inits.append(H.make_tensor("big", TensorProto.FLOAT, [32],
                               [float(i) for i in range(32)]))
    inits.append(H.make_tensor("scalar", TensorProto.INT64, [], [42]))
    outs += ["typed_bf16", "raw_bf16", "c64", "big", "scalar"]
    nodes = [H.make_node("Identity", [n], ["o_" + n]) for n in outs]
    g = H.make_graph(nodes, "dtypes", [],
                     [H.make_empty_tensor_value_info("o_" + n) for n in outs],
                     inits)
    return model(g)


def external():
    """Weights in a file next to the model."""
    w = numpy_helper.from_array(np.arange(64, dtype=np.float32), "w")
    g = H.make_graph([H.make_node("Add", ["x", "w"], ["y"], name="add")],
                     "ext", [vi("x", TensorProto.FLOAT, [64])],
                     [vi("y", TensorProto.FLOAT, [64])], [w])
    m = model(g)
    onnx.external_data_helper.convert_model_to_external_data(
        m, all_tensors_to_one_file=True, location="weights.bin",
        size_threshold=0)
    return m


def subgraphs():
    """If with two branches that use an outer value; Loop with a body."""
    then_g = H.make_graph(
        [H.make_node("Add", ["x", "x"], ["t"], name="then_add")], "then", [],
        [vi("t", TensorProto.FLOAT, [2])])
    else_g = H.make_graph(
        [H.make_node("Neg", ["x"], ["e"], name="else_neg")], "else", [],
        [vi("e", TensorProto.FLOAT, [2])])
    body = H.make_graph(
        [H.make_node("Identity", ["cond_in"], ["cond_out"], name="b_cond"),
         H.make_node("Add", ["acc", "x"], ["acc_out"], name="b_add")],
        "body",
        [vi("iter", TensorProto.INT64, []), vi("cond_in", TensorProto.BOOL, []),
         vi("acc", TensorProto.FLOAT, [2])],
        [vi("cond_out", TensorProto.BOOL, []),
         vi("acc_out", TensorProto.FLOAT, [2])])
    trip = numpy_helper.from_array(np.array(3, dtype=np.int64), "trip")
    nodes = [
        H.make_node("If", ["c"], ["r"], name="if", then_branch=then_g,
                    else_branch=else_g),
        H.make_node("Loop", ["trip", "", "r"], ["l"], name="loop", body=body),
    ]
    g = H.make_graph(nodes, "subgraphs",
                     [vi("c", TensorProto.BOOL, []),
                      vi("x", TensorProto.FLOAT, [2])],
                     [vi("l", TensorProto.FLOAT, [2])], [trip])
    return model(g)


def legacy():
    """Opset 9 forms whose attributes became inputs later."""
    nodes = [
        H.make_node("Unsqueeze", ["x"], ["u"], name="unsq", axes=[0]),
        H.make_node("Squeeze", ["u"], ["s"], name="sq", axes=[0]),
        H.make_node("Clip", ["s"], ["c"], name="clip", min=0.0, max=6.0),
        H.make_node("Pad", ["c"], ["y"], name="pad", pads=[1, 1], value=0.0),
    ]
    g = H.make_graph(nodes, "legacy", [vi("x", TensorProto.FLOAT, [4])],
                     [vi("y", TensorProto.FLOAT, [6])])
    return model(g, opset=9)


def unsorted():
    """Nodes out of order (producers after consumers), unnamed nodes."""
    nodes = [
        H.make_node("Relu", ["a"], ["y"]),
        H.make_node("Neg", ["x"], ["a"]),
    ]
    g = H.make_graph(nodes, "unsorted", [vi("x", TensorProto.FLOAT, [2])],
                     [vi("y", TensorProto.FLOAT, [2])])
    return model(g)


def constants():
    """Every Constant form, and attributes of every kind."""
    nodes = [
        H.make_node("Constant", [], ["cf"], name="cf", value_float=2.5),
        H.make_node("Constant", [], ["cfs"], name="cfs",
                    value_floats=[1.0, 2.0]),
        H.make_node("Constant", [], ["ci"], name="ci", value_int=7),
        H.make_node("Constant", [], ["cis"], name="cis", value_ints=[1, 2, 3]),
        H.make_node("Constant", [], ["ct"], name="ct",
                    value=numpy_helper.from_array(
                        np.array([[1, 2], [3, 4]], dtype=np.int32))),
        H.make_node("Constant", [], ["cs"], name="cs", value_string="hi"),
        H.make_node("Constant", [], ["css"], name="css",
                    value_strings=["a", "b"]),
        # TENSOR attribute
        H.make_node("ConstantOfShape", ["cis"], ["zeros"], name="cos",
                    value=numpy_helper.from_array(
                        np.array([0.5], dtype=np.float32))),
        # FLOAT and INT attributes
        H.make_node("LeakyRelu", ["x"], ["lr"], name="lrelu", alpha=0.25),
        H.make_node("Softmax", ["lr"], ["sm"], name="softmax", axis=0),
        # STRING attribute
        H.make_node("DepthToSpace", ["img"], ["d2s"], name="d2s",
                    blocksize=2, mode="CRD"),
        # Cast: `to` is an INT attribute holding a data type
        H.make_node("Cast", ["sm"], ["cast"], name="cast",
                    to=TensorProto.FLOAT16),
    ]
    outs = ["cf", "cfs", "ci", "cis", "ct", "cs", "css", "zeros", "d2s",
            "cast"]
    g = H.make_graph(nodes, "constants",
                     [vi("x", TensorProto.FLOAT, [3]),
                      vi("img", TensorProto.FLOAT, [1, 8, 2, 2])],
                     [H.make_empty_tensor_value_info(o) for o in outs])
    return model(g)


# ---- bad models -------------------------------------------------------------


def _one(node, opset=13, inits=(), inputs=None, outputs=None):
    g = H.make_graph([node], "bad",
                     inputs if inputs is not None else
                     [vi("x", TensorProto.FLOAT, [2])],
                     outputs if outputs is not None else
                     [vi("y", TensorProto.FLOAT, [2])], list(inits))
    return model(g, opset=opset)


def bad_unknown_op():
    return _one(H.make_node("Foo", ["x"], ["y"], name="n1"))


def bad_unknown_domain():
    m = _one(H.make_node("Relu", ["x"], ["y"], name="n1", domain="com.foo"))
    m.opset_import.append(H.make_opsetid("com.foo", 1))
    return m


def bad_old_opset():
    return _one(H.make_node("Relu", ["x"], ["y"], name="n1"), opset=5)


def bad_new_opset():
    return _one(H.make_node("Relu", ["x"], ["y"], name="n1"), opset=19)


def bad_undefined_input():
    return _one(H.make_node("Add", ["x", "nowhere"], ["y"], name="n1"))


def bad_raw_size():
    t = tensor("w", TensorProto.FLOAT, [4], raw=b"\0" * 12)
    return _one(H.make_node("Add", ["x", "w"], ["y"], name="n1"), inits=[t])


def bad_typed_size():
    t = tensor("w", TensorProto.FLOAT, [4], floats=[1.0, 2.0])
    return _one(H.make_node("Add", ["x", "w"], ["y"], name="n1"), inits=[t])


def _external(location):
    t = H.make_tensor("w", TensorProto.FLOAT, [2], [1.0, 2.0])
    t.ClearField("float_data")
    t.data_location = TensorProto.EXTERNAL
    e = t.external_data.add()
    e.key, e.value = "location", location
    return _one(H.make_node("Add", ["x", "w"], ["y"], name="n1"), inits=[t])


def bad_external_missing():
    return _external("missing.bin")


def bad_external_escape():
    return _external("../../etc/passwd")


def bad_external_absolute():
    return _external("/etc/passwd")


def bad_external_short():
    """The data file (written next to the model) holds 4 of 8 bytes."""
    return _external("short.bin")


def bad_shapes():
    return _one(H.make_node("Add", ["x", "z"], ["y"], name="add_bad"),
                inputs=[vi("x", TensorProto.FLOAT, [2, 3]),
                        vi("z", TensorProto.FLOAT, [4, 5])],
                outputs=[vi("y", TensorProto.FLOAT, None)])


def bad_cycle():
    g = H.make_graph([H.make_node("Add", ["x", "b"], ["a"], name="n1"),
                      H.make_node("Neg", ["a"], ["b"], name="n2")],
                     "cycle", [vi("x", TensorProto.FLOAT, [2])],
                     [vi("b", TensorProto.FLOAT, [2])])
    return model(g)


def bad_no_graph():
    m = onnx.ModelProto()
    m.ir_version = 7
    m.opset_import.append(H.make_opsetid("", 13))
    return m


def bad_no_default_opset():
    m = _one(H.make_node("Relu", ["x"], ["y"], name="n1"))
    del m.opset_import[:]
    m.opset_import.append(H.make_opsetid("com.foo", 1))
    return m


def bad_attribute():
    """An attribute the operator does not have."""
    return _one(H.make_node("Relu", ["x"], ["y"], name="n1", bogus=1))


def bad_missing_output():
    return _one(H.make_node("Relu", ["x"], ["y"], name="n1"),
                outputs=[vi("nope", TensorProto.FLOAT, [2])])


MODELS = {k: v for k, v in globals().items()
          if callable(v) and not k.startswith("_") and
          k not in ("model", "vi", "tensor", "main")}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in MODELS:
        sys.exit("usage: onnx_models.py {%s} OUT_DIR" % ",".join(MODELS))
    name, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    m = MODELS[name]()
    path = os.path.join(out, name + ".onnx")
    if name == "bad_external_short":
        with open(os.path.join(out, "short.bin"), "wb") as f:
            f.write(b"\0" * 4)
    if name == "external":
        onnx.save_model(m, path, save_as_external_data=True,
                        all_tensors_to_one_file=True, location="weights.bin",
                        size_threshold=0)
    else:
        with open(path, "wb") as f:
            f.write(m.SerializeToString())


if __name__ == "__main__":
    main()
