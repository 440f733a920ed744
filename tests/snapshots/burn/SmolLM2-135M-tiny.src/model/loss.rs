use crate::ops::cross_entropy;
use burn::tensor::{Int, Tensor};

/// The training loss.
pub fn loss_fn(logits: Tensor<3>, labels: Tensor<2, Int>) -> Tensor<1> {
    cross_entropy(logits.flatten::<2>(0, 1), labels.flatten::<1>(0, 1))
}
