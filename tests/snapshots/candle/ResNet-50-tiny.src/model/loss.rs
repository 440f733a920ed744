use candle_core::{Result, Tensor};
use candle_nn::loss::cross_entropy;

/// The training loss.
pub fn loss_fn(logits: &Tensor, labels: &Tensor) -> Result<Tensor> {
    let loss = cross_entropy(logits, labels)?;
    Ok(loss)
}
