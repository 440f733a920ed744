use burn::nn::loss::{MseLoss, Reduction};
use burn::tensor::Tensor;

/// The training loss.
pub fn loss_fn(sample: Tensor<4>, target: Tensor<4>) -> Tensor<1> {
    MseLoss::new().forward(sample, target, Reduction::Mean)
}
