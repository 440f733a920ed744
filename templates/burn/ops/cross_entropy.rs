/// Mean cross entropy of logits [N, C] against class indices [N] (log_softmax, then the
/// label's entry). Burn's CrossEntropyLoss computes the same, but wants its device at init.
pub fn cross_entropy(logits: Tensor<2>, labels: Tensor<1, Int>) -> Tensor<1> {
    let picked = log_softmax(logits, 1).gather(1, labels.unsqueeze_dim(1));
    picked.mean().neg()
}
