/// burn-nn's Embedding for `config` from the checkpoint's `weight` ([n_embedding, d_model]).
pub fn load_embedding(vb: Weights, config: EmbeddingConfig) -> Result<Embedding> {
    Ok(Embedding {
        weight: vb.param("weight", [config.n_embedding, config.d_model])?,
    })
}
