//! Helpers the model calls. Candle's fused kernels (rms_norm, layer_norm, softmax_last_dim,
//! rope) have no backward: they serve inference, and while gradients are being recorded
//! (`track_op`, training) the same formula is computed in differentiable ops.
use candle_core::shape::Dim;
use candle_core::{CpuStorage, CustomOp1, DType, Device, Layout, Result, Shape, Tensor, D};
use candle_nn::VarBuilder;
use num_traits::Float;
use rayon::prelude::*;

/// RMSNorm with a learned scale (`weight`), as in the checkpoint.
pub struct RmsNorm {
    pub weight: Tensor,
    eps: f64,
}

impl RmsNorm {
    pub fn load(size: usize, eps: f64, vb: VarBuilder) -> Result<Self> {
        Ok(Self {
            weight: vb.get(size, "weight")?,
            eps,
        })
    }

    pub fn forward(&self, x: &Tensor) -> Result<Tensor> {
        rms_norm(x, &self.weight, self.eps)
    }
}

pub fn rms_norm(x: &Tensor, weight: &Tensor, eps: f64) -> Result<Tensor> {
    if x.track_op() || weight.track_op() {
        candle_nn::ops::rms_norm_slow(x, weight, eps as f32)
    } else {
        candle_nn::ops::rms_norm(&x.contiguous()?, weight, eps as f32)
    }
}

/// Softmax over `dim`; over the last axis as `SoftmaxLastDim`: one pass forward and a backward
/// from the probabilities alone. (candle-nn's fused softmax_last_dim has no backward, and its
/// differentiable `softmax` records four ops whose [.., S, T] results all stay alive until the
/// backward: SD 1.5's training ran out of 23 GB with it.)
pub fn softmax(x: &Tensor, dim: impl Dim) -> Result<Tensor> {
    let dim = dim.to_index(x.shape(), "softmax")?;
    if dim + 1 == x.rank() {
        x.contiguous()?.apply_op1(SoftmaxLastDim)
    } else {
        candle_nn::ops::softmax(x, dim)
    }
}

struct SoftmaxLastDim;

impl CustomOp1 for SoftmaxLastDim {
    fn name(&self) -> &'static str {
        "softmax-last-dim"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let Some((start, end)) = layout.contiguous_offsets() else {
            candle_core::bail!("softmax: the input must be contiguous")
        };
        let width = layout.dims()[layout.dims().len() - 1];
        let probs = match storage {
            CpuStorage::F32(v) => CpuStorage::F32(softmax_rows(&v[start..end], width)),
            CpuStorage::F64(v) => CpuStorage::F64(softmax_rows(&v[start..end], width)),
            _ => candle_core::bail!("softmax: only f32 and f64"),
        };
        Ok((probs, layout.shape().clone()))
    }

    fn bwd(&self, _x: &Tensor, probs: &Tensor, grad: &Tensor) -> Result<Option<Tensor>> {
        let dot = (grad * probs)?.sum_keepdim(D::Minus1)?;
        Ok(Some((grad.broadcast_sub(&dot)? * probs)?))
    }
}

/// exp(x - max) / sum over each row of `width` values, rows in parallel.
fn softmax_rows<T: Float + Send + Sync>(src: &[T], width: usize) -> Vec<T> {
    let mut dst = vec![T::zero(); src.len()];
    src.par_chunks(width)
        .zip(dst.par_chunks_mut(width))
        .for_each(|(row, out)| {
            let max = row.iter().copied().fold(T::neg_infinity(), T::max);
            let mut sum = T::zero();
            for (x, y) in row.iter().zip(out.iter_mut()) {
                *y = (*x - max).exp();
                sum = sum + *y;
            }
            out.iter_mut().for_each(|y| *y = *y / sum);
        });
    dst
}

/// Rotary embedding, half-split pairing (d with d + D/2): candle_nn's `rope`, not `rope_i`.
pub fn rope(x: &Tensor, cos: &Tensor, sin: &Tensor) -> Result<Tensor> {
    if x.rank() == 4 && !x.track_op() {
        return candle_nn::rotary_emb::rope(
            &x.contiguous()?,
            &cos.contiguous()?,
            &sin.contiguous()?,
        );
    }
    let half = x.dim(D::Minus1)? / 2;
    let (x1, x2) = (
        x.narrow(D::Minus1, 0, half)?,
        x.narrow(D::Minus1, half, half)?,
    );
    let rotated_1 = (x1.broadcast_mul(cos)? - x2.broadcast_mul(sin)?)?;
    let rotated_2 = (x2.broadcast_mul(cos)? + x1.broadcast_mul(sin)?)?;
    Tensor::cat(&[&rotated_1, &rotated_2], D::Minus1)
}

/// cos/sin of the rotary angles, [len(positions), dim / 2], computed in f64.
pub fn rope_tables(positions: &Tensor, dim: usize, theta: f64) -> Result<(Tensor, Tensor)> {
    let inv_freq: Vec<f64> = (0..dim)
        .step_by(2)
        .map(|i| 1.0 / theta.powf(i as f64 / dim as f64))
        .collect();
    let inv_freq = Tensor::new(inv_freq, positions.device())?;
    let angles = positions
        .to_dtype(DType::F64)?
        .unsqueeze(1)?
        .broadcast_mul(&inv_freq.unsqueeze(0)?)?;
    Ok((
        angles.cos()?.to_dtype(DType::F32)?,
        angles.sin()?.to_dtype(DType::F32)?,
    ))
}

/// 1 where query i may attend key j (j <= i + offset), [q_len, k_len].
pub fn causal_mask(q_len: usize, k_len: usize, offset: i64, device: &Device) -> Result<Tensor> {
    let mask: Vec<u8> = (0..q_len as i64)
        .flat_map(|i| (0..k_len as i64).map(move |j| u8::from(j <= i + offset)))
        .collect();
    Tensor::from_vec(mask, (q_len, k_len), device)
}

/// Scaled dot-product attention over q [B, Hq, S, D] and k, v [B, Hk, T, D]. Query head h
/// reads key/value head h / (Hq / Hk) (grouped-query attention, k and v are not copied).
/// `mask` (broadcast to [B, Hq, S, T]) is 1 where attending is allowed.
pub fn attention(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
    causal: bool,
    scale: f64,
) -> Result<Tensor> {
    let (b, hq, s, d) = q.dims4()?;
    let (_, hk, t, _) = k.dims4()?;
    let group = hq / hk;
    let q = (q * scale)?; // scaled before the product: one [.., S, T] tensor fewer kept for backward
    let scores = q.reshape((b, hk, group * s, d))?.matmul(&k.t()?)?;
    let mut scores = scores.reshape((b, hk, group, s, t))?;
    let blocked = scalar(f64::NEG_INFINITY, &scores)?;
    if let Some(mask) = mask {
        let mask = mask
            .broadcast_as((b, hq, s, t))?
            .reshape((b, hk, group, s, t))?;
        scores = where_cond(&mask, &scores, &blocked)?;
    }
    if causal {
        scores = where_cond(&causal_mask(s, t, 0, q.device())?, &scores, &blocked)?;
    }
    let probs = softmax(&scores, D::Minus1)?.reshape((b, hk, group * s, t))?;
    probs
        .matmul(&v.contiguous()?)?
        .reshape((b, hq, s, v.dim(3)?))
}

/// `cond ? on_true : on_false` with broadcasting (Tensor::where_cond wants one shape).
pub fn where_cond(cond: &Tensor, on_true: &Tensor, on_false: &Tensor) -> Result<Tensor> {
    let shape = cond
        .shape()
        .broadcast_shape_binary_op(on_true.shape(), "where")?;
    let shape = shape.broadcast_shape_binary_op(on_false.shape(), "where")?;
    cond.broadcast_as(&shape)?.where_cond(
        &on_true.broadcast_as(&shape)?,
        &on_false.broadcast_as(&shape)?,
    )
}

/// A scalar tensor of `like`'s dtype and device.
pub fn scalar(value: f64, like: &Tensor) -> Result<Tensor> {
    Tensor::new(value, like.device())?.to_dtype(like.dtype())
}
