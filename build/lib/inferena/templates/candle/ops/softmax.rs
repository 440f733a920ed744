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
