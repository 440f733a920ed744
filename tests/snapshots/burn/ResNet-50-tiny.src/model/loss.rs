use crate::ops::cross_entropy;
use burn::tensor::{Int, Tensor};

/// The training loss.
pub fn loss_fn(logits: Tensor<2>, labels: Tensor<1, Int>) -> Tensor<1> {
    cross_entropy(logits, labels)
}
