#!/usr/bin/python3
"""A reference interpreter of tensor-level IR (docs/lowering.md) printed in
generic form (--mlir-print-op-generic), on numpy arrays: arith.constant
(dense, dense_resource), the tensor dialect's ops (generic with reductions,
tensor.index and tensor.extract in bodies, the named structured ops, pad,
slices, reshape) and the scalar arith/math ops the graph lowering emits.
It checks the numerics of convert-graph-to-tensor independently of the
loop lowering and the backend (node_numerics.py).

usage: tensor_interp.py IR.nir --data DIR  (compares with DIR/output_<i>.pb)
"""
import sys, re, itertools, glob, os
import numpy as np

DT = {'f32': np.float32, 'f64': np.float64, 'f16': np.float16, 'i1': np.bool_,
      'i8': np.int8, 'i16': np.int16, 'i32': np.int32, 'i64': np.int64,
      'index': np.int64}


def parse_type(t):
    t = t.strip()
    m = re.match(r'tensor<(.*)>', t)
    if not m:
        return ((), t)
    parts = m.group(1).split('x')
    return (tuple(int(p) for p in parts[:-1]), parts[-1])


def split_top(s, sep=','):
    out, depth, cur = [], 0, ''
    for ch in s:
        if ch in '<([{':
            depth += 1
        elif ch in '>)]}':
            depth -= 1
        if ch == sep and depth == 0:
            out.append(cur)
            cur = ''
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return [x.strip() for x in out]


class Interp:
    def __init__(self, text):
        self.maps = {}
        self.resources = {}
        self.lines = text.split('\n')
        for l in self.lines:
            m = re.match(r'^(#map\d*) = affine_map<(.*)>$', l)
            if m:
                self.maps[m.group(1)] = self.parse_map(m.group(2))
            m = re.match(r'^\s+([\w.$-]+): "0x([0-9A-Fa-f]+)",?$', l)
            if m:
                self.resources[m.group(1)] = bytes.fromhex(m.group(2))[4:]

    def parse_map(self, s):
        m = re.match(r'\((.*?)\)(\[.*?\])? -> \((.*)\)', s)
        dims = [d.strip() for d in m.group(1).split(',') if d.strip()]
        res = split_top(m.group(3)) if m.group(3).strip() else []
        res = [r.replace(' mod ', ' % ').replace(' floordiv ', ' // ') for r in res]
        src = 'lambda %s: (%s,)' % (','.join(dims) if dims else '*_', ','.join(res)) if res else \
            'lambda %s: ()' % (','.join(dims) if dims else '*_')
        return eval(src), len(dims), res

    def get_map(self, s):
        s = s.strip()
        if s.startswith('#'):
            return self.maps[s]
        return self.parse_map(s[len('affine_map<'):-1])

    def dense(self, s, shape, et):
        dt = DT[et]
        m = re.match(r'dense_resource<(.*)>', s)
        if m:
            return np.frombuffer(self.resources[m.group(1)], dtype=dt).reshape(shape).copy()
        body = s[len('dense<'):-1]
        if body.startswith('"0x'):
            raw = bytes.fromhex(body[3:-1])
            a = np.frombuffer(raw, dtype=dt)
            return (np.full(shape, a[0], dt) if a.size == 1 else a.reshape(shape)).copy()
        if body == '':
            return np.zeros(shape, dt)
        body = body.replace('true', '1').replace('false', '0')
        v = np.array(eval(body), dtype=np.float64)
        return np.broadcast_to(v.astype(dt), shape).copy() if v.ndim == 0 else v.astype(dt).reshape(shape)

    def scalar(self, s):
        if s.strip() in ('true', 'false'):
            return np.bool_(s.strip() == 'true')
        v, _, t = s.rpartition(' : ')
        v = v.strip()
        if v in ('true', 'false'):
            return np.bool_(v == 'true')
        if t.strip() == 'i1':
            return np.bool_(int(v) != 0)
        dt = DT[t.strip()]
        if v.startswith('0x') and t.strip().startswith('f'):
            bits = int(v, 16)
            return np.array([bits], dtype=np.uint32 if dt == np.float32 else np.uint64).view(dt)[0]
        return dt(float(v)) if t.strip().startswith('f') else dt(int(v))

    def attrs(self, s):
        s = s.strip()
        if not s:
            return {}
        assert s[0] == '{' and s[-1] == '}', s
        out = {}
        for kv in split_top(s[1:-1]):
            k, _, v = kv.partition(' = ')
            out[k.strip()] = v.strip()
        return out

    @staticmethod
    def ints(s):
        m = re.match(r'array<i\d+(: )?(.*)>', s)
        return [int(x) for x in m.group(2).split(',')] if m.group(2).strip() else []

    # ---- parsing ops: returns list of (results, name, operands, attrs, restypes, body)
    def parse_ops(self, i, end_indent):
        ops = []
        while i < len(self.lines):
            l = self.lines[i]
            s = l.strip()
            if s.startswith('})') or s == '}' or s.startswith('^bb') or not s:
                return ops, i
            m = re.match(r'^(?:(%[\w#:]+) = )?"([\w.]+)"\((.*?)\)(.*)$', s)
            if not m:
                i += 1
                continue
            res, name, opnds, rest = m.groups()
            opnds = [o.strip() for o in opnds.split(',') if o.strip()]
            body = None
            if rest.strip() == '({':
                bb = self.lines[i + 1].strip()
                args = re.findall(r'(%\w+):', bb)
                body_ops, j = self.parse_ops(i + 2, None)
                body = (args, body_ops)
                rest = self.lines[j].strip()[2:]
                i = j
            rest = rest.strip()
            m2 = re.match(r'^(<\{.*\}>)?\s*(\{.*\})?\s*:\s*\((.*?)\) -> (.*)$', rest)
            props, at, intys, outty = m2.groups()
            a = self.attrs(at or '')
            if props:
                a.update(self.attrs(props[1:-1]))
            outty = outty.strip()
            if outty.startswith('('):
                outty = outty[1:-1]
            restypes = [t for t in split_top(outty) if t] if outty else []
            ops.append((res, name, opnds, a, restypes, body))
            i += 1
        return ops, i

    def run(self, inputs):
        # find func body
        for i, l in enumerate(self.lines):
            if '"func.func"' in l:
                break
        bb = self.lines[i + 1].strip()
        if bb.startswith('^bb'):
            args = re.findall(r'(%\w+):', bb)
            ops, _ = self.parse_ops(i + 2, None)
        else:
            args = []
            ops, _ = self.parse_ops(i + 1, None)
        env = dict(zip(args, inputs))
        for op in ops:
            if op[1] == 'func.return':
                return [env[o] for o in op[2]]
            self.exec(op, env)
        raise RuntimeError('no return')

    def exec(self, op, env, grid=None):
        res, name, opnds, a, restypes, body = op
        x = [env[o] for o in opnds]
        rt = parse_type(restypes[0]) if restypes else None
        v = self.eval(name, x, a, rt, body, env, grid)
        if res and ':' in res:
            base, _, n = res.partition(':')
            for k in range(int(n)):
                env['%s#%d' % (base, k)] = v[k]
        elif res:
            env[res] = v

    def eval(self, name, x, a, rt, body, env, grid):
        f = np.float32
        if name == 'arith.constant':
            val = a['value']
            if val.startswith('dense'):
                d, _, t = val.rpartition(' : ')
                shape, et = parse_type(t)
                return self.dense(d, shape, et)
            return self.scalar(val)
        if name == 'tensor.empty':
            return np.zeros(rt[0], DT[rt[1]])
        if name == 'tensor.fill':
            return np.full(rt[0], x[0], DT[rt[1]])
        if name == 'tensor.matmul' or name == 'tensor.batch_matmul':
            return (x[2] + np.matmul(x[0], x[1])).astype(x[2].dtype)
        if name == 'tensor.transpose':
            return np.transpose(x[0], self.ints(a['permutation'])).copy()
        if name == 'tensor.broadcast':
            d = self.ints(a['dimensions'])
            y = np.expand_dims(x[0], tuple(d)) if d else x[0]
            return np.broadcast_to(y, x[1].shape).copy()
        if name == 'tensor.reshape':
            return x[0].reshape(rt[0]).copy()
        if name == 'tensor.pad':
            lo, hi = self.ints(a['low']), self.ints(a['high'])
            return np.pad(x[0], list(zip(lo, hi)), constant_values=x[1])
        if name == 'tensor.extract_slice':
            o, s, st = (self.ints(a[k]) for k in ('static_offsets', 'static_sizes', 'static_strides'))
            return x[0][tuple(slice(oo, oo + ss * tt, tt) for oo, ss, tt in zip(o, s, st))].copy()
        if name == 'tensor.insert_slice':
            o, s, st = (self.ints(a[k]) for k in ('static_offsets', 'static_sizes', 'static_strides'))
            y = x[1].copy()
            y[tuple(slice(oo, oo + ss * tt, tt) for oo, ss, tt in zip(o, s, st))] = x[0]
            return y
        if name == 'tensor.reduce':
            d = tuple(self.ints(a['dimensions']))
            k = a['kind'].strip('"')
            if x[0].size == 0:
                return x[1].copy()
            fn = {'add': np.sum, 'mul': np.prod, 'max': np.max, 'min': np.min}[k]
            r = fn(x[0], axis=d)
            comb = {'add': np.add, 'mul': np.multiply, 'max': np.maximum, 'min': np.minimum}[k]
            return comb(x[1], r).astype(x[1].dtype)
        if name == 'tensor.conv2d':
            X, W, Y = x
            sh, sw = self.ints(a['strides'])
            dh, dw = self.ints(a['dilations'])
            g = int(a['groups'].split(':')[0])
            N, F, OH, OW = Y.shape
            Cg, KH, KW = W.shape[1:]
            Fg = F // g
            Y = Y.astype(np.float64)
            for gi in range(g):
                Xg = X[:, gi * Cg:(gi + 1) * Cg].astype(np.float64)
                Wg = W[gi * Fg:(gi + 1) * Fg].astype(np.float64)
                for kh in range(KH):
                    for kw in range(KW):
                        xs = Xg[:, :, kh * dh: kh * dh + (OH - 1) * sh + 1: sh, kw * dw: kw * dw + (OW - 1) * sw + 1: sw]
                        Y[:, gi * Fg:(gi + 1) * Fg] += np.einsum('nchw,fc->nfhw', xs, Wg[:, :, kh, kw])
            return Y.astype(x[2].dtype)
        if name == 'tensor.pool':
            X, Y = x
            kh_, kw_ = self.ints(a['kernel'])
            sh, sw = self.ints(a['strides'])
            dh, dw = self.ints(a['dilations'])
            k = a['kind'].strip('"')
            OH, OW = Y.shape[2:]
            Y = Y.copy()
            for kh in range(kh_):
                for kw in range(kw_):
                    xs = X[:, :, kh * dh: kh * dh + (OH - 1) * sh + 1: sh, kw * dw: kw * dw + (OW - 1) * sw + 1: sw]
                    Y = np.maximum(Y, xs) if k == 'max' else Y + xs
            return Y
        if name == 'tensor.generic':
            return self.generic(x, a, body, env)
        # ---- scalar / elementwise ops (numpy arrays)
        if name == 'tensor.index':
            return grid[int(a['dim'].split(':')[0])]
        if name == 'tensor.extract':
            return x[0][tuple(np.asarray(i) for i in x[1:])]
        ops2 = {'arith.addf': np.add, 'arith.subf': np.subtract, 'arith.mulf': np.multiply,
                'arith.divf': np.divide, 'arith.addi': np.add, 'arith.subi': np.subtract,
                'arith.muli': np.multiply, 'arith.maximumf': np.maximum, 'arith.minimumf': np.minimum,
                'arith.maxsi': np.maximum, 'arith.minsi': np.minimum, 'arith.andi': np.logical_and,
                'arith.ori': np.logical_or, 'arith.xori': np.not_equal, 'math.powf': np.power,
                'arith.remf': np.fmod, 'arith.divsi': lambda p, q: np.trunc(p / q).astype(p.dtype) if hasattr(p, 'dtype') else int(p / q),
                'arith.remsi': np.fmod}
        if name in ops2:
            with np.errstate(all='ignore'):
                r = ops2[name](x[0], x[1])
            return r
        import math
        ops1 = {'math.exp': np.exp, 'math.log': np.log, 'math.sqrt': np.sqrt, 'math.tanh': np.tanh,
                'math.absf': np.abs, 'math.absi': np.abs, 'arith.negf': np.negative,
                'math.erf': np.vectorize(math.erf, otypes=[np.float64]), 'math.log1p': np.log1p,
                'math.sin': np.sin, 'math.cos': np.cos, 'math.floor': np.floor, 'math.ceil': np.ceil,
                'math.roundeven': np.round, 'math.tan': np.tan, 'math.asin': np.arcsin,
                'math.acos': np.arccos, 'math.atan': np.arctan, 'math.sinh': np.sinh,
                'math.cosh': np.cosh, 'math.asinh': np.arcsinh, 'math.acosh': np.arccosh,
                'math.atanh': np.arctanh}
        if name in ops1:
            with np.errstate(all='ignore'):
                r = ops1[name](x[0])
            return np.asarray(r).astype(np.asarray(x[0]).dtype)
        if name in ('arith.cmpf', 'arith.cmpi'):
            p = int(a['predicate'].split(':')[0])
            A, B = x
            if name == 'arith.cmpf':
                t = {1: np.equal, 2: np.greater, 3: np.greater_equal, 4: np.less, 5: np.less_equal,
                     13: np.not_equal}
                if p == 14:
                    return np.isnan(A) | np.isnan(B)
                return t[p](A, B)
            t = {0: np.equal, 1: np.not_equal, 2: np.less, 3: np.less_equal, 4: np.greater,
                 5: np.greater_equal, 6: np.less, 7: np.less_equal, 8: np.greater, 9: np.greater_equal}
            return t[p](A, B)
        if name == 'arith.select':
            return np.where(x[0], x[1], x[2])
        if name in ('arith.index_cast', 'arith.sitofp', 'arith.uitofp', 'arith.fptosi', 'arith.extf',
                    'arith.truncf', 'arith.extsi', 'arith.extui', 'arith.trunci', 'arith.fptoui'):
            return np.asarray(x[0]).astype(DT[rt[1]])
        raise NotImplementedError(name)

    def generic(self, x, a, body, env):
        maps = [self.get_map(m) for m in split_top(a['indexing_maps'][1:-1])]
        iters = [s.strip().strip('"') for s in a['iterator_types'][1:-1].split(',') if s.strip()]
        nins = self.ints(a['operandSegmentSizes'])[0]
        n = len(iters)
        ranges = [None] * n
        for (fn, nd, res), v in zip(maps, x):
            for k, r in enumerate(res):
                if re.fullmatch(r'd\d+', r.strip()):
                    ranges[int(r.strip()[1:])] = v.shape[k]
        par = [i for i in range(n) if iters[i] == 'parallel']
        red = [i for i in range(n) if iters[i] == 'reduction']
        outs = [v.copy() for v in x[nins:]]
        if any(r == 0 for r in ranges):
            return outs[0] if len(outs) == 1 else outs
        full = [ranges[i] if iters[i] == 'parallel' else 1 for i in range(n)]
        og = np.ogrid[tuple(slice(0, r) for r in full)] if n else []
        if n == 1:
            og = [og] if not isinstance(og, list) else og
        args, ops = body
        for rv in itertools.product(*[range(ranges[i]) for i in red]):
            dims = list(og)
            for i, r in zip(red, rv):
                dims[i] = r
            benv = dict(env)
            vals = []
            for k, v in enumerate(list(x[:nins]) + outs):
                idx = maps[k][0](*dims)
                vals.append(v[tuple(np.asarray(i) for i in idx)] if idx else v[()])
            for name, val in zip(args, vals):
                benv[name] = val
            ys = None
            for op in ops:
                if op[1] == 'tensor.yield':
                    ys = [benv[o] for o in op[2]]
                    break
                self.exec(op, benv, dims)
            shape = tuple(full)
            for k in range(len(outs)):
                idx = maps[nins + k][0](*dims)
                yv = np.broadcast_to(np.asarray(ys[k]), shape)
                if idx:
                    ib = np.broadcast_arrays(*[np.broadcast_to(np.asarray(i), shape) for i in idx])
                    outs[k][tuple(ib)] = yv
                else:
                    outs[k][()] = yv.reshape(-1)[0]
        return outs[0] if len(outs) == 1 else outs


def main():
    ir = sys.argv[1]
    data = sys.argv[sys.argv.index('--data') + 1]
    import onnx
    from onnx import numpy_helper
    def load(p):
        t = onnx.TensorProto()
        t.ParseFromString(open(p, 'rb').read())
        return numpy_helper.to_array(t)
    ins = [load(p) for p in sorted(glob.glob(os.path.join(data, 'input_*.pb')))]
    exp = [load(p) for p in sorted(glob.glob(os.path.join(data, 'output_*.pb')))]
    it = Interp(open(ir).read())
    outs = it.run(ins)
    ok = True
    for i, (o, e) in enumerate(zip(outs, exp)):
        o = np.asarray(o)
        err = np.max(np.abs(o.astype(np.float64) - e.astype(np.float64))) if e.size else 0
        rel = err / (np.max(np.abs(e)) + 1e-30) if e.size else 0
        good = np.allclose(o, e, rtol=1e-3, atol=1e-4)
        ok &= good
        print('output %d: shape %s max abs err %.3g (rel %.3g) %s' % (i, o.shape, err, rel, 'OK' if good else 'MISMATCH'))
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
