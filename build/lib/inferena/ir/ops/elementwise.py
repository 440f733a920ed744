"""Elementwise arithmetic and math: broadcasting binaries, unaries (sin, cos, erf, ...),
comparison, where, cast, const."""
from __future__ import annotations

import math

import numpy as np

from ..registry import expect, register
from ..types import DTYPES, TensorType
from .common import broadcast, const, floating, same, sum_to


def _binary(name, fn, vjp):
    register(name, inputs="a b", infer=lambda a, b: broadcast(a, b), ref=fn, vjp=vjp)


def _add_vjp(b, ins, outs, cts):
    return [sum_to(b, cts[0], ins[0].shape), sum_to(b, cts[0], ins[1].shape)]


def _sub_vjp(b, ins, outs, cts):
    return [sum_to(b, cts[0], ins[0].shape), sum_to(b, b.neg(cts[0]), ins[1].shape)]


def _mul_vjp(b, ins, outs, cts):
    x, y = ins
    return [sum_to(b, b.mul(cts[0], y), x.shape), sum_to(b, b.mul(cts[0], x), y.shape)]


def _div_vjp(b, ins, outs, cts):
    x, y = ins
    gx = b.div(cts[0], y)
    return [sum_to(b, gx, x.shape), sum_to(b, b.neg(b.mul(gx, outs[0])), y.shape)]


_binary("add", np.add, _add_vjp)
_binary("sub", np.subtract, _sub_vjp)
_binary("mul", np.multiply, _mul_vjp)
_binary("div", np.divide, _div_vjp)


def _unary(name, fn, vjp):
    register(name, inputs="x", infer=floating, ref=fn, vjp=vjp)


_unary("neg", np.negative, lambda b, ins, outs, cts: [b.neg(cts[0])])
_unary("exp", np.exp, lambda b, ins, outs, cts: [b.mul(cts[0], outs[0])])
_unary("log", np.log, lambda b, ins, outs, cts: [b.div(cts[0], ins[0])])
_unary("sqrt", np.sqrt, lambda b, ins, outs, cts: [
    b.div(cts[0], b.mul(outs[0], const(b, 2.0, outs[0])))])
_unary("rsqrt", lambda x: 1.0 / np.sqrt(x), lambda b, ins, outs, cts: [
    b.mul(cts[0], b.mul(b.pow(outs[0], exponent=3.0), const(b, -0.5, outs[0])))])
_unary("tanh", np.tanh, lambda b, ins, outs, cts: [
    b.mul(cts[0], b.sub(const(b, 1.0, outs[0]), b.mul(outs[0], outs[0])))])


_unary("sin", np.sin, lambda b, ins, outs, cts: [b.mul(cts[0], b.cos(ins[0]))])
_unary("cos", np.cos, lambda b, ins, outs, cts: [b.neg(b.mul(cts[0], b.sin(ins[0])))])

try:
    from scipy.special import erf as erf_ref
except ImportError:               # scipy is optional: math.erf element by element, same accuracy
    _math_erf = np.frompyfunc(math.erf, 1, 1)

    def erf_ref(x):
        return np.asarray(_math_erf(x), dtype=np.asarray(x).dtype)


def _erf_vjp(b, ins, outs, cts):
    x, = ins            # d erf / dx = 2 / sqrt(pi) * exp(-x^2)
    return [b.mul(cts[0], b.mul(b.exp(b.neg(b.mul(x, x))), const(b, 2.0 / math.sqrt(math.pi), x)))]


_unary("erf", erf_ref, _erf_vjp)


def _pow_vjp(b, ins, outs, cts, *, exponent):
    x, = ins
    return [b.mul(cts[0], b.mul(b.pow(x, exponent=exponent - 1.0), const(b, exponent, x)))]


register("pow", inputs="x", attrs={"exponent": float}, infer=floating,
         ref=lambda x, *, exponent: np.power(x, exponent), vjp=_pow_vjp)


def _where_infer(cond, a, b):
    expect(cond.dtype == "bool", f"condition must be bool, got {cond}")
    out = broadcast(a, b)
    return TensorType(broadcast(TensorType(cond.shape, out.dtype), out).shape, out.dtype)


def _where_vjp(b, ins, outs, cts):
    cond, x, y = ins
    zero = const(b, 0.0, cts[0])
    return [None, sum_to(b, b.where(cond, cts[0], zero), x.shape),
            sum_to(b, b.where(cond, zero, cts[0]), y.shape)]


def _greater_infer(a, b):
    return TensorType(broadcast(a, b).shape, "bool")


register("greater", inputs="a b", infer=_greater_infer, ref=np.greater)

register("where", inputs="cond a b", infer=_where_infer, ref=np.where, vjp=_where_vjp)


def _cast_vjp(b, ins, outs, cts, *, dtype):
    return [b.cast(cts[0], dtype=ins[0].dtype) if ins[0].type.is_float else None]


register("cast", inputs="x", attrs={"dtype": str},
         infer=lambda x, *, dtype: TensorType(x.shape, dtype),
         ref=lambda x, *, dtype: x.astype(DTYPES[dtype]), vjp=_cast_vjp)

register("const", inputs="", attrs={"value": float, "dtype": "f32"},
         infer=lambda *, value, dtype: TensorType((), dtype),
         ref=lambda *, value, dtype: np.asarray(value, np.float64 if dtype == "f32" else DTYPES[dtype]))

register("zeros_like", inputs="x", infer=same, ref=np.zeros_like,
         vjp=lambda b, ins, outs, cts: [None])       # the zeros do not depend on x
