#!/usr/bin/env python3
"""Writes one large arith-heavy function for the canonicalize + cse benchmark.

The function has about --ops ops (arith on i32, i64 and f32, func.return)
with the work canonicalize and cse exist for: constant expressions to fold,
identities (x + 0, x * 1, x | 0, x ^ x), reassociable constant chains
(addi(addi(x, c0), c1)), repeated constants to hoist and deduplicate,
computations repeated verbatim (CSE), ext/trunc round trips, compare and
select, and dead ops. Every live result feeds an accumulator that the
function returns, so most of the work survives. Deterministic for a given
--ops and --seed; MLIR's custom syntax, so mlir-opt-19 reads it too.
"""
import argparse
import random
import sys

BIN_I = ["arith.addi", "arith.subi", "arith.muli", "arith.andi", "arith.ori",
         "arith.xori", "arith.maxsi", "arith.minsi", "arith.maxui",
         "arith.minui"]
BIN_F = ["arith.addf", "arith.subf", "arith.mulf", "arith.maximumf",
         "arith.minimumf"]
PREDS = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"]


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.out = []
        self.n = 0  # ops written
        self.k = 0  # next SSA number
        self.ints = ["%arg0", "%arg1", "%arg2", "%arg3"]  # recent i32 values
        self.floats = ["%arg4", "%arg5"]                 # recent f32 values
        self.seen = []  # (text after '=', type) of ops worth repeating
        self.acc_i = "%arg0"
        self.acc_f = "%arg4"

    def emit(self, rhs):
        name = "%%v%d" % self.k
        self.k += 1
        self.out.append("    %s = %s" % (name, rhs))
        self.n += 1
        return name

    def const_i(self, v, ty="i32"):
        return self.emit("arith.constant %d : %s" % (v, ty))

    def const_f(self, v):
        return self.emit("arith.constant %s : f32" % repr(float(v)))

    def pick(self, pool):
        # Mostly recent values, sometimes old ones.
        if self.rng.random() < 0.8:
            return pool[-1 - self.rng.randrange(min(len(pool), 16))]
        return self.rng.choice(pool)

    def push_i(self, v):
        self.ints.append(v)
        if len(self.ints) > 256:
            del self.ints[:128]

    def push_f(self, v):
        self.floats.append(v)
        if len(self.floats) > 256:
            del self.floats[:128]

    def live_i(self, v):
        """Keeps v alive by folding it into the accumulator."""
        self.acc_i = self.emit("arith.xori %s, %s : i32" % (self.acc_i, v))

    def live_f(self, v):
        self.acc_f = self.emit("arith.addf %s, %s : f32" % (self.acc_f, v))

    def step(self):
        r = self.rng.random()
        if r < 0.12:  # constant expression
            a = self.const_i(self.rng.randrange(-8, 32))
            b = self.const_i(self.rng.randrange(-8, 32))
            op = self.rng.choice(["arith.addi", "arith.subi", "arith.muli",
                                  "arith.xori", "arith.maxsi"])
            c = self.emit("%s %s, %s : i32" % (op, a, b))
            x = self.pick(self.ints)
            self.push_i(self.emit("arith.addi %s, %s : i32" % (x, c)))
        elif r < 0.40:  # plain arithmetic, remembered for repeats
            op = self.rng.choice(BIN_I)
            rhs = "%s %s, %s : i32" % (op, self.pick(self.ints),
                                        self.pick(self.ints))
            self.seen.append((rhs, "i"))
            self.push_i(self.emit(rhs))
        elif r < 0.52:  # a repeat: cse
            if self.seen:
                rhs, ty = self.rng.choice(self.seen[-64:])
                v = self.emit(rhs)
                (self.push_i if ty == "i" else self.push_f)(v)
        elif r < 0.60:  # identities
            x = self.pick(self.ints)
            kind = self.rng.randrange(4)
            if kind == 0:
                z = self.const_i(0)
                self.push_i(self.emit("arith.addi %s, %s : i32" % (x, z)))
            elif kind == 1:
                o = self.const_i(1)
                self.push_i(self.emit("arith.muli %s, %s : i32" % (x, o)))
            elif kind == 2:
                z = self.const_i(0)
                self.push_i(self.emit("arith.ori %s, %s : i32" % (z, x)))
            else:
                y = self.emit("arith.xori %s, %s : i32" % (x, x))
                self.push_i(self.emit("arith.addi %s, %s : i32"
                                      % (self.pick(self.ints), y)))
        elif r < 0.68:  # reassociable constant chain
            x = self.pick(self.ints)
            c0 = self.const_i(self.rng.randrange(1, 16))
            t = self.emit("arith.addi %s, %s : i32" % (x, c0))
            c1 = self.const_i(self.rng.randrange(1, 16))
            self.push_i(self.emit("arith.addi %s, %s : i32" % (t, c1)))
        elif r < 0.80:  # floats
            op = self.rng.choice(BIN_F)
            if self.rng.random() < 0.3:
                one = self.const_f(1.0)
                rhs = "arith.mulf %s, %s : f32" % (self.pick(self.floats), one)
            else:
                rhs = "%s %s, %s : f32" % (op, self.pick(self.floats),
                                            self.pick(self.floats))
                self.seen.append((rhs, "f"))
            self.push_f(self.emit(rhs))
        elif r < 0.88:  # compare and select
            a, b = self.pick(self.ints), self.pick(self.ints)
            c = self.emit("arith.cmpi %s, %s, %s : i32"
                          % (self.rng.choice(PREDS), a, b))
            self.push_i(self.emit("arith.select %s, %s, %s : i32" % (c, a, b)))
        elif r < 0.94:  # ext/trunc round trip
            x = self.pick(self.ints)
            w = self.emit("arith.extsi %s : i32 to i64" % x)
            c = self.const_i(self.rng.randrange(0, 4), "i64")
            s = self.emit("arith.addi %s, %s : i64" % (w, c))
            self.push_i(self.emit("arith.trunci %s : i64 to i32" % s))
        else:  # dead code
            self.emit("arith.muli %s, %s : i32" % (self.pick(self.ints),
                                                    self.pick(self.ints)))
            return
        if self.rng.random() < 0.35:
            self.live_i(self.ints[-1])
        if self.rng.random() < 0.15:
            self.live_f(self.floats[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    g = Gen(args.seed)
    while g.n < args.ops - 1:
        g.step()
    out = sys.stdout if args.output == "-" else open(args.output, "w")
    out.write("func.func @bench(%arg0: i32, %arg1: i32, %arg2: i32, "
              "%arg3: i32, %arg4: f32, %arg5: f32) -> (i32, f32) {\n")
    out.write("\n".join(g.out))
    out.write("\n    func.return %s, %s : i32, f32\n}\n" % (g.acc_i, g.acc_f))
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
