//! SmolLM2 as candle-transformers runs it: `smol::smollm3::Model`, the SmolLM family's LLaMA
//! (its NoPE layers off: every layer takes RoPE, as SmolLM2's do), under the tied LM head.
use candle_core::{Error, Module, Result, Tensor};
use candle_nn::{Linear, VarBuilder};
use candle_transformers::models::smol::smollm3::{Config, Model as SmolLM};
use serde_json::json;

/// The LM, logits at every position (`ModelForCausalLM::forward` keeps the last one's only).
pub struct Model {
    model: SmolLM,
    lm_head: Linear,
}

impl Model {
    pub fn load(vb: VarBuilder) -> Result<Self> {
        // the fields of the checkpoint's config.json
        let config: Config = serde_json::from_value(json!({
            "vocab_size": 256,
            "hidden_size": 64,
            "intermediate_size": 128,
            "num_hidden_layers": 2,
            "num_attention_heads": 4,
            "num_key_value_heads": 2,
            "max_position_embeddings": 8192,
            "tie_word_embeddings": true,
            "rope_theta": 100000.0,
            "rms_norm_eps": 1e-05,
            "hidden_act": "silu",
        }))
        .map_err(Error::wrap)?;
        let model = SmolLM::new(&config, vb.clone())?;
        // tie_word_embeddings: the head is embed_tokens, as ModelForCausalLM builds it
        let embed_tokens = vb.get((256, 64), "model.embed_tokens.weight")?;
        Ok(Self {
            model,
            lm_head: Linear::new(embed_tokens, None),
        })
    }

    pub fn forward(&mut self, input_ids: &Tensor) -> Result<Tensor> {
        self.lm_head.forward(&self.model.forward(input_ids, 0)?)
    }

    /// One token at position 0: the same forward (an empty KV cache).
    pub fn latency(&mut self, input_ids: &Tensor) -> Result<Tensor> {
        self.forward(input_ids)
    }
}
