//! Helpers the model calls. Candle's fused kernels (rms_norm, layer_norm, softmax_last_dim,
//! rope) have no backward: they serve inference, and while gradients are being recorded
//! (`track_op`, training) the same formula is computed in differentiable ops.
use candle_core::{CpuStorage, CustomOp1, Layout, Result, Shape, Tensor, WithDType};
use candle_nn::Conv2d;

/// A candle-nn Conv2d layer's forward, through `conv2d_per_axis` (Candle's conv2d, or
/// `conv2d_cols` while gradients are recorded).
pub fn conv2d_layer(conv: &Conv2d, x: &Tensor) -> Result<Tensor> {
    let c = conv.config();
    let pair = |v: usize| (v, v);
    conv2d_per_axis(
        x,
        conv.weight(),
        conv.bias(),
        pair(c.stride),
        pair(c.padding),
        pair(c.dilation),
        c.groups,
    )
}

/// conv2d with a padding, stride and dilation per axis (Candle's conv2d takes one of each).
/// While gradients are recorded it runs as `conv2d_cols` (groups 1), else on an input padded
/// and cropped to the rows and columns the kernel reads, since Candle's conv2d backward sizes
/// both axes from the height alone.
pub fn conv2d_per_axis(
    x: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
    stride: (usize, usize),
    padding: (usize, usize),
    dilation: (usize, usize),
    groups: usize,
) -> Result<Tensor> {
    let tracked = x.track_op() || weight.track_op();
    if tracked && groups == 1 {
        return conv2d_cols(x, weight, bias, stride, padding, dilation);
    }
    let (weight, dilation) = if dilation.0 == dilation.1 {
        (weight.clone(), dilation.0)
    } else {
        (dilate(&dilate(weight, 2, dilation.0)?, 3, dilation.1)?, 1)
    };
    let (_, _, kh, kw) = weight.dims4()?;
    let step = if stride.0 == stride.1 { stride.0 } else { 1 };
    let (x, pad) = if padding.0 == padding.1 && !tracked {
        (x.clone(), padding.0)
    } else {
        let x = x
            .pad_with_zeros(2, padding.0, padding.0)?
            .pad_with_zeros(3, padding.1, padding.1)?;
        let (_, _, h, w) = x.dims4()?;
        let reach = |size: usize, k: usize, s: usize| {
            (size - ((k - 1) * dilation + 1)) / s * s + (k - 1) * dilation + 1
        };
        let x = x
            .narrow(2, 0, reach(h, kh, step))?
            .narrow(3, 0, reach(w, kw, step))?;
        (x, 0)
    };
    let mut y = x.conv2d(&weight, pad, step, dilation, groups)?;
    if stride.0 != stride.1 {
        y = every(&every(&y, 2, stride.0)?, 3, stride.1)?;
    }
    match bias {
        Some(bias) => y.broadcast_add(&bias.reshape((1, (), 1, 1))?),
        None => Ok(y),
    }
}

/// Every `step`-th index along `dim`, from the first.
pub fn every(x: &Tensor, dim: usize, step: usize) -> Result<Tensor> {
    if step == 1 {
        return Ok(x.clone());
    }
    let size = x.dim(dim)?;
    let picks = Tensor::arange_step(0u32, size as u32, step as u32, x.device())?;
    x.index_select(&picks, dim)
}

/// A kernel spread out along `dim`: `dilation - 1` zeros between its taps.
pub fn dilate(w: &Tensor, dim: usize, dilation: usize) -> Result<Tensor> {
    if dilation == 1 {
        return Ok(w.clone());
    }
    let k = w.dim(dim)?;
    let taps = w.unsqueeze(dim + 1)?;
    let mut gap = taps.dims().to_vec();
    gap[dim + 1] = dilation - 1;
    let spread = Tensor::cat(
        &[&taps, &Tensor::zeros(gap, w.dtype(), w.device())?],
        dim + 1,
    )?;
    let mut merged = w.dims().to_vec();
    merged[dim] = k * dilation;
    spread
        .reshape(merged)?
        .narrow(dim, 0, (k - 1) * dilation + 1)
}

/// conv2d (groups 1) as its columns times the weight, one matmul: Candle's own conv2d backward
/// runs slow direct CPU kernels (conv_transpose2d for the input, a conv2d with the gradient as
/// kernel for the weight); this one differentiates through a matmul and one col2im pass.
pub fn conv2d_cols(
    x: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
    stride: (usize, usize),
    padding: (usize, usize),
    dilation: (usize, usize),
) -> Result<Tensor> {
    let (n, c, h, w) = x.dims4()?;
    let (o, _, kh, kw) = weight.dims4()?;
    let im2col = Cols {
        image: (n, c, h, w),
        kernel: (kh, kw),
        stride,
        padding,
        dilation,
        back: false,
    };
    let (ho, wo) = im2col.out();
    let cols = if ((kh, kw), stride, padding) == ((1, 1), (1, 1), (0, 0)) {
        x.transpose(0, 1)?.reshape((c, n * h * w))?
    } else {
        x.contiguous()?.apply_op1(im2col)?
    };
    let y = weight
        .reshape((o, ()))?
        .matmul(&cols)?
        .reshape((o, n, ho, wo))?
        .transpose(0, 1)?;
    match bias {
        Some(bias) => y.broadcast_add(&bias.reshape((1, (), 1, 1))?),
        None => Ok(y),
    }
}

/// The columns of a convolution: an NCHW image [N, C, H, W] as [C*kh*kw, N*Ho*Wo], zeros where
/// a tap falls in the padding; `back` is its transpose (each column summed back into the image).
#[derive(Clone, Copy)]
struct Cols {
    image: (usize, usize, usize, usize),
    kernel: (usize, usize),
    stride: (usize, usize),
    padding: (usize, usize),
    dilation: (usize, usize),
    back: bool,
}

impl Cols {
    fn out(&self) -> (usize, usize) {
        let size = |i: usize, k: usize, s: usize, p: usize, d: usize| {
            (i + 2 * p - d * (k - 1) - 1) / s + 1
        };
        let (_, _, h, w) = self.image;
        (
            size(
                h,
                self.kernel.0,
                self.stride.0,
                self.padding.0,
                self.dilation.0,
            ),
            size(
                w,
                self.kernel.1,
                self.stride.1,
                self.padding.1,
                self.dilation.1,
            ),
        )
    }

    /// Calls `f(column index, image index)` for every tap that reads the image.
    fn walk(&self, mut f: impl FnMut(usize, usize)) {
        let ((n, c, h, w), (kh, kw), (ho, wo)) = (self.image, self.kernel, self.out());
        // Output positions whose tap at offset `k` lands inside [0, size).
        let valid = |k: usize, size: usize, s: usize, p: usize, d: usize, n: usize| {
            let first = (p.saturating_sub(k * d)).div_ceil(s);
            let end = ((size + p).saturating_sub(k * d)).div_ceil(s).min(n);
            (first, end.max(first))
        };
        for ci in 0..c {
            for ki in 0..kh {
                let rows = valid(ki, h, self.stride.0, self.padding.0, self.dilation.0, ho);
                for kj in 0..kw {
                    let cols = valid(kj, w, self.stride.1, self.padding.1, self.dilation.1, wo);
                    let tap = (ci * kh + ki) * kw + kj;
                    for b in 0..n {
                        for oy in rows.0..rows.1 {
                            let iy = oy * self.stride.0 + ki * self.dilation.0 - self.padding.0;
                            let col = ((tap * n + b) * ho + oy) * wo;
                            let img = ((b * c + ci) * h + iy) * w;
                            for ox in cols.0..cols.1 {
                                let ix = ox * self.stride.1 + kj * self.dilation.1 - self.padding.1;
                                f(col + ox, img + ix);
                            }
                        }
                    }
                }
            }
        }
    }

    fn map<T: WithDType>(&self, src: &[T]) -> Vec<T> {
        let ((n, c, h, w), (kh, kw), (ho, wo)) = (self.image, self.kernel, self.out());
        if self.back {
            let mut dst = vec![T::zero(); n * c * h * w];
            self.walk(|col, img| dst[img] += src[col]);
            dst
        } else {
            let mut dst = vec![T::zero(); c * kh * kw * n * ho * wo];
            self.walk(|col, img| dst[col] = src[img]);
            dst
        }
    }
}

impl CustomOp1 for Cols {
    fn name(&self) -> &'static str {
        if self.back {
            "col2im"
        } else {
            "im2col"
        }
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let Some((start, end)) = layout.contiguous_offsets() else {
            candle_core::bail!("{}: the input must be contiguous", self.name())
        };
        let ((n, c, h, w), (kh, kw), (ho, wo)) = (self.image, self.kernel, self.out());
        let shape: Shape = if self.back {
            (n, c, h, w).into()
        } else {
            (c * kh * kw, n * ho * wo).into()
        };
        let out = match storage {
            CpuStorage::F32(v) => CpuStorage::F32(self.map(&v[start..end])),
            CpuStorage::F64(v) => CpuStorage::F64(self.map(&v[start..end])),
            _ => candle_core::bail!("{}: only f32 and f64", self.name()),
        };
        Ok((out, shape))
    }

    fn bwd(&self, _arg: &Tensor, _res: &Tensor, grad: &Tensor) -> Result<Option<Tensor>> {
        let back = Cols {
            back: !self.back,
            ..*self
        };
        Ok(Some(grad.contiguous()?.apply_op1_no_bwd(&back)?))
    }
}
