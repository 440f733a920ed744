"""Convolutions (PyTorch semantics and layouts): conv2d, conv1d, and the two backward ops of
conv2d that its VJP is written in.

The references work on a strided window view of the zero-padded input (no copy) and turn
each sample's windows into one matrix product: out[n] = W [O, C*KH*KW] @ cols [C*KH*KW, Ho*Wo],
per group. Only one sample's columns exist at a time, and everything stays in the input's dtype.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..registry import expect, register
from ..types import TensorType

_CONV_ATTRS = {"stride": (1, 1), "padding": (0, 0), "dilation": (1, 1), "groups": 1}


def out_size(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def _check_geometry(stride, padding, dilation, groups):
    for name, v in (("stride", stride), ("padding", padding), ("dilation", dilation)):
        expect(len(v) == 2, f"{name} {list(v)} must have 2 entries (height, width)")
    expect(min(stride) >= 1 and min(dilation) >= 1 and min(padding) >= 0,
           f"stride {list(stride)} and dilation {list(dilation)} must be >= 1, padding "
           f"{list(padding)} >= 0")
    expect(groups >= 1, f"groups {groups} must be >= 1")


def _conv_out_hw(hw, kernel, stride, padding, dilation):
    out = tuple(out_size(s, k, st, p, d) for s, k, st, p, d in zip(hw, kernel, stride, padding, dilation))
    expect(min(out) >= 1, f"kernel {list(kernel)} (dilation {list(dilation)}) does not fit the "
                          f"input {list(hw)} padded by {list(padding)}: output would be {list(out)}")
    return out


def windows(xp: np.ndarray, kernel, out_hw, stride, dilation) -> np.ndarray:
    """Read-only view [N, C, KH, KW, Ho, Wo] of a padded input: element (n, c, i, j, y, x)
    is xp[n, c, y*sh + i*dh, x*sw + j*dw]."""
    s0, s1, s2, s3 = xp.strides
    shape = xp.shape[:2] + tuple(kernel) + tuple(out_hw)
    strides = (s0, s1, s2 * dilation[0], s3 * dilation[1], s2 * stride[0], s3 * stride[1])
    return as_strided(xp, shape, strides, writeable=False)


def pad_hw(x, padding, value=0.0):
    ph, pw = padding
    if ph == 0 and pw == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)


# --- conv2d ---------------------------------------------------------------------------------

def _conv2d_infer(x, weight, bias=None, *, stride, padding, dilation, groups):
    expect(x.rank == 4, f"input must be [N, C, H, W], got {x}")
    expect(weight.rank == 4, f"weight must be [out, in/groups, KH, KW], got {weight}")
    _check_geometry(stride, padding, dilation, groups)
    o, cg = weight.shape[:2]
    expect(x.shape[1] == cg * groups, f"input has {x.shape[1]} channels, weight {list(weight.shape)} "
                                      f"with groups={groups} expects {cg * groups}")
    expect(o % groups == 0, f"{o} output channels are not divisible by groups={groups}")
    expect(bias is None or bias.shape == (o,), f"bias {bias} does not match {o} output channels")
    expect(x.is_float and x.dtype == weight.dtype and (bias is None or bias.dtype == x.dtype),
           f"dtypes differ or are not float: {x}, {weight}" + (f", {bias}" if bias else ""))
    ho, wo = _conv_out_hw(x.shape[2:], weight.shape[2:], stride, padding, dilation)
    return TensorType((x.shape[0], o, ho, wo), x.dtype)


def _conv2d_ref(x, weight, bias=None, *, stride, padding, dilation, groups):
    n, c = x.shape[:2]
    o, cg, kh, kw = weight.shape
    ho, wo = (out_size(s, k, st, p, d) for s, k, st, p, d in
              zip(x.shape[2:], (kh, kw), stride, padding, dilation))
    win = windows(pad_hw(x, padding), (kh, kw), (ho, wo), stride, dilation)
    wmat = weight.reshape(groups, o // groups, cg * kh * kw)
    out = np.empty((n, o, ho, wo), np.result_type(x, weight))
    for i in range(n):
        cols = win[i].reshape(groups, cg * kh * kw, ho * wo)          # copies one sample
        out[i] = np.matmul(wmat, cols).reshape(o, ho, wo)
    if bias is not None:
        out += bias[:, None, None]
    return out


def _conv2d_vjp(b, ins, outs, cts, *, stride, padding, dilation, groups):
    x, w = ins[:2]
    g = cts[0]
    geometry = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    grads = [b.conv2d_backward_input(g, w, input_size=x.shape[2:], **geometry),
             b.conv2d_backward_weight(x, g, kernel=w.shape[2:], **geometry)]
    return grads + ([b.sum(g, axes=(0, 2, 3))] if len(ins) == 3 else [])


register("conv2d", inputs="x weight bias?", attrs=dict(_CONV_ATTRS), infer=_conv2d_infer,
         ref=_conv2d_ref, vjp=_conv2d_vjp)


# --- conv2d backward ops (no VJP of their own) ------------------------------------------------

def _backward_input_infer(grad, weight, *, input_size, stride, padding, dilation, groups):
    expect(grad.rank == 4 and weight.rank == 4, f"grad must be [N, O, Ho, Wo] and weight "
                                                f"[O, C/groups, KH, KW], got {grad} and {weight}")
    expect(len(input_size) == 2, f"input_size {list(input_size)} must be (H, W)")
    _check_geometry(stride, padding, dilation, groups)
    o, cg = weight.shape[:2]
    expect(grad.shape[1] == o and o % groups == 0,
           f"grad has {grad.shape[1]} channels, weight {list(weight.shape)} (groups={groups})")
    want = _conv_out_hw(input_size, weight.shape[2:], stride, padding, dilation)
    expect(grad.shape[2:] == want, f"grad spatial size {list(grad.shape[2:])} is not the conv "
                                   f"output {list(want)} of an input of size {list(input_size)}")
    expect(grad.dtype == weight.dtype, f"dtypes differ: {grad} and {weight}")
    return TensorType((grad.shape[0], cg * groups) + tuple(input_size), grad.dtype)


def _backward_input_ref(grad, weight, *, input_size, stride, padding, dilation, groups):
    """The transpose of conv2d in x: per sample, columns = W^T @ grad, scattered back over
    the kernel positions (col2im) into the padded input, which is then cropped."""
    n, o, ho, wo = grad.shape
    _, cg, kh, kw = weight.shape
    (h, w), (ph, pw), (sh, sw), (dh, dw) = input_size, padding, stride, dilation
    wmat_t = weight.reshape(groups, o // groups, cg * kh * kw).transpose(0, 2, 1)
    out = np.zeros((n, cg * groups, h + 2 * ph, w + 2 * pw), np.result_type(grad, weight))
    for s in range(n):
        cols = np.matmul(wmat_t, grad[s].reshape(groups, o // groups, ho * wo))
        cols = cols.reshape(cg * groups, kh, kw, ho, wo)
        for i in range(kh):
            for j in range(kw):
                out[s, :, i * dh:i * dh + sh * (ho - 1) + 1:sh,
                    j * dw:j * dw + sw * (wo - 1) + 1:sw] += cols[:, i, j]
    return out[:, :, ph:ph + h, pw:pw + w]


register("conv2d_backward_input", inputs="grad weight",
         attrs={"input_size": tuple, **_CONV_ATTRS}, infer=_backward_input_infer,
         ref=_backward_input_ref)


def _backward_weight_infer(x, grad, *, kernel, stride, padding, dilation, groups):
    expect(x.rank == 4 and grad.rank == 4, f"input must be [N, C, H, W] and grad [N, O, Ho, Wo], "
                                           f"got {x} and {grad}")
    expect(len(kernel) == 2, f"kernel {list(kernel)} must be (KH, KW)")
    _check_geometry(stride, padding, dilation, groups)
    expect(x.shape[0] == grad.shape[0], f"batch sizes differ: {x} and {grad}")
    expect(x.shape[1] % groups == 0 and grad.shape[1] % groups == 0,
           f"channels {x.shape[1]} -> {grad.shape[1]} are not divisible by groups={groups}")
    want = _conv_out_hw(x.shape[2:], kernel, stride, padding, dilation)
    expect(grad.shape[2:] == want, f"grad spatial size {list(grad.shape[2:])} is not the conv "
                                   f"output {list(want)} of the input {list(x.shape[2:])}")
    expect(grad.dtype == x.dtype, f"dtypes differ: {x} and {grad}")
    return TensorType((grad.shape[1], x.shape[1] // groups) + tuple(kernel), x.dtype)


def _backward_weight_ref(x, grad, *, kernel, stride, padding, dilation, groups):
    """dW[g]^T = sum over samples of cols[n, g] [C/g*KH*KW, Ho*Wo] @ grad[n, g]^T [Ho*Wo, O/g]
    (this orientation of the product is the fast one for OpenBLAS)."""
    n, o, ho, wo = grad.shape
    cg = x.shape[1] // groups
    win = windows(pad_hw(x, padding), kernel, (ho, wo), stride, dilation)
    out_t = np.zeros((groups, cg * kernel[0] * kernel[1], o // groups), np.result_type(x, grad))
    for s in range(n):
        cols = win[s].reshape(groups, cg * kernel[0] * kernel[1], ho * wo)
        out_t += np.matmul(cols, grad[s].reshape(groups, o // groups, ho * wo).transpose(0, 2, 1))
    return np.ascontiguousarray(out_t.transpose(0, 2, 1)).reshape((o, cg) + tuple(kernel))


register("conv2d_backward_weight", inputs="x grad", attrs={"kernel": tuple, **_CONV_ATTRS},
         infer=_backward_weight_infer, ref=_backward_weight_ref)


# --- conv1d: a conv2d over a height-1 image ------------------------------------------------

def _conv1d_infer(x, weight, bias=None, *, stride, padding, dilation, groups):
    expect(x.rank == 3, f"input must be [N, C, L], got {x}")
    expect(weight.rank == 3, f"weight must be [out, in/groups, K], got {weight}")
    t = _conv2d_infer(TensorType(x.shape[:2] + (1,) + x.shape[2:], x.dtype),
                      TensorType(weight.shape[:2] + (1,) + weight.shape[2:], weight.dtype), bias,
                      **_as_2d(stride, padding, dilation), groups=groups)
    return TensorType(t.shape[:2] + t.shape[3:], t.dtype)


def _as_2d(stride, padding, dilation):
    return {"stride": (1, stride), "padding": (0, padding), "dilation": (1, dilation)}


def _conv1d_ref(x, weight, bias=None, *, stride, padding, dilation, groups):
    y = _conv2d_ref(x[:, :, None, :], weight[:, :, None, :], bias,
                    **_as_2d(stride, padding, dilation), groups=groups)
    return y[:, :, 0, :]


def _conv1d_decompose(b, x, weight, bias=None, *, stride, padding, dilation, groups):
    x4 = b.reshape(x, shape=(0, 0, 1, -1))
    w4 = b.reshape(weight, shape=(0, 0, 1, -1))
    args = (x4, w4) if bias is None else (x4, w4, bias)
    y = b.conv2d(*args, **_as_2d(stride, padding, dilation), groups=groups)
    return b.reshape(y, shape=(0, 0, -1))


register("conv1d", inputs="x weight bias?",
         attrs={"stride": 1, "padding": 0, "dilation": 1, "groups": 1}, infer=_conv1d_infer,
         ref=_conv1d_ref, decompose=_conv1d_decompose)
