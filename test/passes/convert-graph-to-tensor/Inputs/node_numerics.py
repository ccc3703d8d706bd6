#!/usr/bin/python3
"""Numerics of convert-graph-to-tensor on ONNX's backend node tests (shipped
with the onnx package): each model is imported (null-translate), lowered to
the tensor level with the default graph pipeline (null-opt), evaluated by
tensor_interp.py and compared with the test's expected outputs (rtol 1e-3,
atol 1e-4). Tests marked `fold` get their integer inputs (shapes, axes,
pads, indices) turned into initializers first, as models have them
(FOLD; FOLD_ALL: every input but the first); BUMP raises the opset of
single-op tests written at opsets the importer does not take (1 to 6) when
the operator did not change since.

usage: node_numerics.py [NAME...]   (default: the list below)
Prints one line per test and `passed: N, failed: M`; exits 1 on a failure.
"""
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tensor_interp  # noqa: E402

PIPELINE = ('builtin.module(func.func(graph-shape-inference, canonicalize, '
            'graph-fuse, canonicalize, cse, convert-graph-to-tensor, '
            'canonicalize, cse))')

FOLD, FOLD_ALL, BUMP = 1, 2, 4

# (test, flags)
TESTS = [
    # elementwise and activations
    ('test_add', 0), ('test_add_bcast', 0), ('test_sub_bcast', 0),
    ('test_mul_bcast', 0), ('test_div_bcast', 0), ('test_div', 0),
    ('test_pow_bcast_array', 0), ('test_pow_types_float32_int64', 0),
    ('test_pow_types_int32_int32', 0), ('test_pow_types_int64_float32', 0),
    ('test_max_example', 0), ('test_min_one_input', 0),
    ('test_max_float64', 0), ('test_min_int32', 0), ('test_sum_example', 0),
    ('test_mean_example', 0), ('test_mod_mixed_sign_int32', 0),
    ('test_mod_mixed_sign_float32', 0), ('test_relu', 0),
    ('test_leakyrelu', 0), ('test_prelu_broadcast', 0), ('test_sigmoid', 0),
    ('test_tanh', 0), ('test_exp', 0), ('test_log', 0), ('test_sqrt', 0),
    ('test_neg', 0), ('test_abs', 0), ('test_reciprocal', 0), ('test_erf', 0),
    ('test_sign', 0), ('test_floor', 0), ('test_ceil', 0), ('test_round', 0),
    ('test_clip', 0), ('test_clip_default_min', 0),
    ('test_clip_default_int8_max', 0), ('test_clip_splitbounds', 0),
    ('test_hardsigmoid_example', BUMP), ('test_hardswish', 0),
    ('test_elu_default', BUMP), ('test_selu_default', BUMP), ('test_celu', 0),
    ('test_softplus_example', BUMP), ('test_softsign', BUMP),
    ('test_thresholdedrelu', 0), ('test_equal_bcast', 0),
    ('test_less_bcast', 0), ('test_greater_equal_bcast', 0),
    ('test_less_equal', 0), ('test_not_2d', BUMP), ('test_and_bcast4v3d', 0),
    ('test_or_bcast3v1d', 0), ('test_xor4d', 0), ('test_where_example', 0),
    ('test_where_long_example', 0), ('test_isnan', 0), ('test_isinf', 0),
    ('test_cast_FLOAT_to_DOUBLE', 0), ('test_cast_DOUBLE_to_FLOAT16', 0),
    ('test_cast_FLOAT16_to_FLOAT', 0),
    # MatMul, Gemm, Conv, pools
    ('test_matmul_2d', 0), ('test_matmul_3d', 0), ('test_matmul_4d', 0),
    ('test_gemm_all_attributes', 0), ('test_gemm_alpha', 0),
    ('test_gemm_beta', 0), ('test_gemm_default_matrix_bias', 0),
    ('test_gemm_default_vector_bias', 0), ('test_gemm_default_scalar_bias', 0),
    ('test_gemm_transposeA', 0), ('test_gemm_transposeB', 0),
    ('test_conv_with_strides_padding', 0),
    ('test_conv_with_strides_and_asymmetric_padding', 0),
    ('test_conv_with_autopad_same', 0), ('test_basic_conv_with_padding', 0),
    ('test_convtranspose', 0), ('test_convtranspose_1d', 0),
    ('test_convtranspose_pads', FOLD_ALL), ('test_convtranspose_dilations', 0),
    ('test_convtranspose_output_shape', FOLD_ALL),
    ('test_convtranspose_autopad_same', 0),
    ('test_maxpool_2d_pads', 0), ('test_maxpool_2d_same_upper', 0),
    ('test_maxpool_2d_ceil', 0), ('test_maxpool_2d_dilations', 0),
    ('test_maxpool_1d_default', 0), ('test_maxpool_2d_precomputed_strides', 0),
    ('test_averagepool_2d_pads', 0),
    ('test_averagepool_2d_pads_count_include_pad', 0),
    ('test_averagepool_2d_precomputed_same_upper', 0),
    ('test_averagepool_2d_ceil', 0), ('test_averagepool_2d_same_lower', 0),
    ('test_averagepool_1d_default', 0), ('test_globalaveragepool', BUMP),
    ('test_globalmaxpool', BUMP),
    # normalizations, softmax, reductions
    ('test_softmax_axis_0', 0), ('test_softmax_axis_1', 0),
    ('test_softmax_negative_axis', 0), ('test_softmax_large_number', 0),
    ('test_logsoftmax_axis_1', 0), ('test_logsoftmax_large_number', 0),
    ('test_layer_normalization_2d_axis0', 0),
    ('test_layer_normalization_3d_axis1_epsilon', 0),
    ('test_layer_normalization_4d_axis_negative_2', 0),
    ('test_batchnorm_epsilon', 0), ('test_batchnorm_example', 0),
    ('test_mvn', 0),
    ('test_reduce_mean_keepdims_random', 0),
    ('test_reduce_max_do_not_keepdims_random', 0),
    ('test_reduce_min_negative_axes_keepdims_random', 0),
    ('test_reduce_prod_default_axes_keepdims_random', 0),
    ('test_reduce_sum_square_keepdims_random', 0),
    ('test_reduce_l1_keep_dims_random', 0), ('test_reduce_l2_keep_dims_random', 0),
    ('test_reduce_log_sum_exp_keepdims_random', 0),
    ('test_reduce_sum_keepdims_random', 1),
    ('test_reduce_sum_negative_axes_keepdims_random', 1),
    ('test_reduce_sum_empty_axes_input_noop_random', 1),
    # data movement
    ('test_transpose_all_permutations_4', 0), ('test_transpose_default', 0),
    ('test_reshape_negative_extended_dims', 1), ('test_reshape_reordered_all_dims', 1),
    ('test_flatten_negative_axis1', 0), ('test_squeeze_negative_axes', 1),
    ('test_unsqueeze_two_axes', 1), ('test_concat_3d_axis_negative_2', 0),
    ('test_slice', 1), ('test_slice_neg_steps', 1), ('test_slice_negative_axes', 1),
    ('test_slice_end_out_of_bounds', 1), ('test_slice_start_out_of_bounds', 1),
    ('test_split_variable_parts_2d', 1), ('test_split_equal_parts_1d', 0),
    ('test_constant_pad', FOLD_ALL), ('test_gather_0', 1), ('test_gather_2d_indices', 1),
    ('test_gather_negative_indices', 1), ('test_expand_dim_changed', 1),
    ('test_tile', 1), ('test_identity', 0), ('test_dropout_default', 0),
    ('test_shape_start_1', 0), ('test_size_example', 0),
    # less common ops
    ('test_argmax_keepdims_random', 0),
    ('test_argmin_no_keepdims_random_select_last_index', 0),
    ('test_hardmax_axis_0', 0), ('test_depthtospace_example', 0),
    ('test_depthtospace_crd_mode_example', 0), ('test_spacetodepth', 0),
    ('test_gather_elements_negative_indices', 0), ('test_tril_neg', FOLD),
    ('test_triu_one_row', FOLD), ('test_shrink_soft', 0),
    ('test_castlike_FLOAT_to_DOUBLE', 0), ('test_instancenorm_example', BUMP),
    ('test_resize_downsample_scales_linear', FOLD_ALL),
    ('test_resize_downsample_scales_linear_align_corners', FOLD_ALL),
    ('test_resize_downsample_scales_nearest', FOLD_ALL),
    ('test_resize_upsample_scales_linear', FOLD_ALL),
    ('test_resize_upsample_scales_linear_align_corners', FOLD_ALL),
    ('test_resize_upsample_scales_nearest', FOLD_ALL),
    ('test_resize_downsample_sizes_linear_pytorch_half_pixel', FOLD_ALL),
    ('test_resize_downsample_sizes_nearest_tf_half_pixel_for_nn', FOLD_ALL),
    ('test_resize_upsample_sizes_nearest_ceil_half_pixel', FOLD_ALL),
    ('test_resize_upsample_sizes_nearest_floor_align_corners', FOLD_ALL),
    ('test_resize_upsample_sizes_nearest_round_prefer_ceil_asymmetric',
     FOLD_ALL),
    ('test_upsample_nearest', FOLD_ALL),
    ('test_einsum_batch_matmul', 0), ('test_einsum_transpose', 0),
    ('test_einsum_sum', 0), ('test_einsum_inner_prod', 0),
    ('test_cumsum_2d_axis_1', FOLD), ('test_cumsum_1d_reverse_exclusive', FOLD),
    ('test_onehot_with_negative_axis', FOLD_ALL),
    ('test_onehot_negative_indices', FOLD_ALL),
    ('test_range_float_type_positive_delta', 0),
    ('test_range_int32_type_negative_delta', 0), ('test_lrn', 0),
    ('test_lrn_default', 0),
]


def load(path):
    t = onnx.TensorProto()
    with open(path, 'rb') as f:
        t.ParseFromString(f.read())
    return t


def rewrite(src, dst, flags):
    """The test with inputs made initializers or its opset raised."""
    m = onnx.load(os.path.join(src, 'model.onnx'))
    if flags & BUMP:
        for o in m.opset_import:
            if o.domain in ('', 'ai.onnx'):
                o.version = max(o.version, 13)
    g = m.graph
    inits = {i.name for i in g.initializer}
    real = [i for i in g.input if i.name not in inits]
    data = [load(p) for p in sorted(glob.glob(
        os.path.join(src, 'test_data_set_0', 'input_*.pb')))]
    keep = []
    for k, (vi, t) in enumerate(zip(real, data)):
        if (flags & FOLD_ALL and k > 0) or (
                flags & FOLD and vi.type.tensor_type.elem_type in (
                    onnx.TensorProto.INT64, onnx.TensorProto.INT32)):
            t.name = vi.name
            g.initializer.append(t)
            g.input.remove(vi)
        else:
            keep.append(t)
    os.makedirs(os.path.join(dst, 'test_data_set_0'))
    for i, t in enumerate(keep):
        with open(os.path.join(dst, 'test_data_set_0', 'input_%d.pb' % i),
                  'wb') as f:
            f.write(t.SerializeToString())
    for p in glob.glob(os.path.join(src, 'test_data_set_0', 'output_*.pb')):
        with open(os.path.join(dst, 'test_data_set_0', os.path.basename(p)),
                  'wb') as f, open(p, 'rb') as s:
            f.write(s.read())
    onnx.save(m, os.path.join(dst, 'model.onnx'))


def run(name, flags, root, tmp):
    src = os.path.join(root, name)
    if not os.path.isdir(src):
        return 'missing'
    if flags:
        dst = os.path.join(tmp, name)
        rewrite(src, dst, flags)
        src = dst
    imp = subprocess.run(['null-translate', '--import-onnx',
                          os.path.join(src, 'model.onnx')],
                         capture_output=True, text=True)
    if imp.returncode:
        return 'import failed: ' + imp.stderr.strip().split('\n')[0]
    low = subprocess.run(['null-opt', '--mlir-print-op-generic',
                          '--pass-pipeline=' + PIPELINE, '-'],
                         input=imp.stdout, capture_output=True, text=True)
    if low.returncode:
        return 'lowering failed: ' + low.stderr.strip().split('\n')[0]
    ins = [numpy_helper.to_array(load(p)) for p in sorted(glob.glob(
        os.path.join(src, 'test_data_set_0', 'input_*.pb')))]
    exp = [numpy_helper.to_array(load(p)) for p in sorted(glob.glob(
        os.path.join(src, 'test_data_set_0', 'output_*.pb')))]
    outs = tensor_interp.Interp(low.stdout).run(ins)
    worst = 0.0
    for o, e in zip(outs, exp):
        o = np.asarray(o)
        if o.shape != e.shape:
            return 'shape %s, expected %s' % (o.shape, e.shape)
        if not np.allclose(o, e, rtol=1e-3, atol=1e-4, equal_nan=True):
            return 'mismatch: max abs error %.3g' % np.max(
                np.abs(o.astype(np.float64) - e.astype(np.float64)))
        if e.size:
            worst = max(worst, float(np.max(np.abs(
                o.astype(np.float64) - e.astype(np.float64)))))
    return 'ok (max abs error %.2g)' % worst


def main():
    root = os.path.join(os.path.dirname(onnx.__file__), 'backend', 'test',
                        'data', 'node')
    tests = TESTS
    if len(sys.argv) > 1:
        tests = [(n, f) for n, f in TESTS if n in sys.argv[1:]] or \
                [(n, 0) for n in sys.argv[1:]]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, fold in tests:
            try:
                r = run(name, fold, root, tmp)
            except Exception as ex:  # an interpreter limitation is a failure
                r = 'error: %s: %s' % (type(ex).__name__, ex)
            ok = r.startswith('ok')
            passed += ok
            failed += not ok
            print('%s: %s' % (name, r))
    print('passed: %d, failed: %d' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
