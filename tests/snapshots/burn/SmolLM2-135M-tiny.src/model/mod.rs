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

// SmolLM2-135M (tiny): the sizes the code is built with
pub const VOCAB: usize = 256;
pub const HIDDEN: usize = 64;
pub const HEADS: usize = 4;
pub const KV_HEADS: usize = 2;
pub const HEAD_DIM: usize = 16;
pub const INTERMEDIATE: usize = 128;
