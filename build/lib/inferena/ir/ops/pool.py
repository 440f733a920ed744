"""Pooling and resampling on [N, C, H, W] images: max_pool2d (and its backward op),
nearest-neighbour upsampling."""
from __future__ import annotations

import numpy as np

from ..registry import expect, register
from ..types import TensorType
from .conv import pad_hw, out_size, windows

_POOL_ATTRS = {"kernel": (3, 3), "stride": (2, 2), "padding": (1, 1)}


def _pool_out_hw(x, kernel, stride, padding):
    expect(x.rank == 4, f"max_pool2d needs [N, C, H, W], got {x}")
    expect(x.is_float, f"max_pool2d needs a float tensor, got {x}")
    for name, v in (("kernel", kernel), ("stride", stride), ("padding", padding)):
        expect(len(v) == 2, f"{name} {list(v)} must have 2 entries (height, width)")
    expect(min(kernel) >= 1 and min(stride) >= 1, f"kernel {list(kernel)} and stride {list(stride)} must be >= 1")
    expect(all(0 <= p <= k // 2 for p, k in zip(padding, kernel)),
           f"padding {list(padding)} must be between 0 and half the kernel {list(kernel)}")
    out = tuple(out_size(s, k, st, p, 1) for s, k, st, p in zip(x.shape[2:], kernel, stride, padding))
    expect(min(out) >= 1, f"kernel {list(kernel)} does not fit the input {list(x.shape[2:])}")
    return out


def _pool_windows(x, kernel, stride, padding):
    """[N, C, KH, KW, Ho, Wo] windows of x padded with -inf (padding never wins a max)."""
    out_hw = tuple(out_size(s, k, st, p, 1) for s, k, st, p in zip(x.shape[2:], kernel, stride, padding))
    return windows(pad_hw(x, padding, -np.inf), kernel, out_hw, stride, (1, 1)), out_hw


def _max_pool_infer(x, *, kernel, stride, padding):
    return TensorType(x.shape[:2] + _pool_out_hw(x, kernel, stride, padding), x.dtype)


def _max_pool_ref(x, *, kernel, stride, padding):
    win, _ = _pool_windows(x, kernel, stride, padding)
    return win.max(axis=(2, 3))


register("max_pool2d", inputs="x", attrs=dict(_POOL_ATTRS), infer=_max_pool_infer,
         ref=_max_pool_ref,
         vjp=lambda b, ins, outs, cts, **attrs: [b.max_pool2d_backward(cts[0], ins[0], **attrs)])


def _max_pool_backward_infer(grad, x, *, kernel, stride, padding):
    out = _pool_out_hw(x, kernel, stride, padding)
    expect(grad.shape == x.shape[:2] + out and grad.dtype == x.dtype,
           f"grad {grad} is not the max_pool2d output of {x} (want {x.dtype}{list(x.shape[:2] + out)})")
    return x


def _max_pool_backward_ref(grad, x, *, kernel, stride, padding):
    """Each output's gradient goes to the first maximum of its window (row-major), as
    PyTorch does; overlapping windows add up."""
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (ph, pw) = kernel, stride, padding
    win, (ho, wo) = _pool_windows(x, kernel, stride, padding)
    arg = win.transpose(0, 1, 4, 5, 2, 3).reshape(n, c, ho, wo, kh * kw).argmax(axis=-1)
    rows = np.arange(ho)[:, None] * sh + arg // kw                    # in the padded image
    cols = np.arange(wo)[None, :] * sw + arg % kw
    hp, wp = h + 2 * ph, w + 2 * pw
    plane = np.arange(n * c).reshape(n, c, 1, 1) * (hp * wp)
    flat = (plane + rows * wp + cols).ravel()
    out = np.bincount(flat, weights=grad.ravel(), minlength=n * c * hp * wp)
    return out.reshape(n, c, hp, wp)[:, :, ph:ph + h, pw:pw + w].astype(grad.dtype, copy=False)


register("max_pool2d_backward", inputs="grad x", attrs=dict(_POOL_ATTRS),
         infer=_max_pool_backward_infer, ref=_max_pool_backward_ref)


# --- nearest-neighbour upsampling by an integer factor -----------------------------------------

def _upsample_infer(x, *, scale):
    expect(x.rank == 4, f"upsample_nearest needs [N, C, H, W], got {x}")
    expect(scale >= 1, f"scale {scale} must be a positive integer")
    return TensorType(x.shape[:2] + (x.shape[2] * scale, x.shape[3] * scale), x.dtype)


def _upsample_decompose(b, x, *, scale):
    """[N, C, H, W] -> [N, C, H, 1, W, 1] -> `scale` copies along both new axes -> merged."""
    x6 = b.reshape(x, shape=(0, 0, 0, 1, -1, 1))
    wide = b.concat(*[x6] * scale, axis=5)
    tall = b.concat(*[wide] * scale, axis=3)
    return b.reshape(tall, shape=(0, 0, -1, x.shape[3] * scale))


register("upsample_nearest", inputs="x", attrs={"scale": 2}, infer=_upsample_infer,
         ref=lambda x, *, scale: x.repeat(scale, axis=2).repeat(scale, axis=3),
         decompose=_upsample_decompose)
