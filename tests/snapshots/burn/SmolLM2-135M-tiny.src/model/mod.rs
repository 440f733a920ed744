//! The model: one module per block kind.
mod llama_attention;
mod llama_decoder_layer;
mod llama_for_causal_lm;
mod llama_mlp;
mod llama_model;
mod loss;

pub use llama_attention::LlamaAttention;
pub use llama_decoder_layer::LlamaDecoderLayer;
pub use llama_for_causal_lm::LlamaForCausalLM;
pub use llama_mlp::LlamaMLP;
pub use llama_model::LlamaModel;
pub use loss::loss_fn;
