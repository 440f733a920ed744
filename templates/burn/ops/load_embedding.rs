/// burn-nn's Embedding from the checkpoint's `weight` ([n_embedding, d_model], as Burn's).
pub fn load_embedding(vb: Weights, n_embedding: usize, d_model: usize) -> Result<Embedding> {
    Ok(Embedding {
        weight: vb.param("weight", [n_embedding, d_model])?,
    })
}
