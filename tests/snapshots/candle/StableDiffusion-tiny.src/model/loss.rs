use candle_core::{Result, Tensor};
use candle_nn::loss::mse;

/// The training loss.
pub fn loss_fn(sample: &Tensor, target: &Tensor) -> Result<Tensor> {
    let loss = mse(sample, target)?;
    Ok(loss)
}
