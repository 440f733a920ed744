//! LlamaForCausalLM in Meganeura's graph builder, from the IR: one function per block kind (per size
//! where Meganeura's builder calls take the sizes), reading its parameters by checkpoint name
//! under its path. Values are flat [rows, columns], images flat NCHW vectors; attention heads
//! stay [S, H * D].
use meganeura::graph::Op;
use meganeura::{Graph, NodeId};

/// How the program feeds a graph input.
#[allow(dead_code)] // a model's inputs use some of them
pub enum Feed {
    /// i64 ids as u32
    Ids,
    /// i64 labels as one-hot rows of this many classes
    OneHot(usize),
    /// floats
    Values,
}

/// One graph of the model: how it is built, what it reads and what it returns.
pub struct Variant {
    pub build: fn(&mut Graph) -> Vec<NodeId>,
    /// the prefix of its tensors' names in inputs.safetensors and in the outputs
    pub prefix: &'static str,
    pub inputs: &'static [(&'static str, Feed)],
    pub outputs: &'static [(&'static str, &'static [usize])],
}

/// Parameters held as buffers (no gradient), by name or last name segment.
pub const FROZEN: &[&str] = &[];

pub const FULL: Variant = Variant {
    build: build_full,
    prefix: "",
    inputs: &[("input_ids", Feed::Ids), ("labels", Feed::OneHot(256))],
    outputs: &[("loss", &[]), ("logits", &[1, 16, 256])],
};

pub const LATENCY: Variant = Variant {
    build: build_latency,
    prefix: "latency.",
    inputs: &[("input_ids", Feed::Ids)],
    outputs: &[("logits", &[1, 1, 256])],
};

/// The full graph; returns its outputs (loss, logits).
pub fn build_full(g: &mut Graph) -> Vec<NodeId> {
    let input_ids = g.input_u32("input_ids", &[16]);
    let labels = g.input("labels", &[16, 256]);
    let logits = llama_for_causal_lm(g, input_ids);
    let loss = g.cross_entropy_loss(logits, labels);
    vec![loss, logits]
}

/// The latency graph; returns its outputs (logits).
pub fn build_latency(g: &mut Graph) -> Vec<NodeId> {
    let input_ids = g.input_u32("input_ids", &[1]);
    let logits = llama_for_causal_lm(g, input_ids);
    vec![logits]
}

/// LlamaAttention: `model.layers.0.self_attn` in the checkpoint, and the blocks like it.
fn llama_attention(g: &mut Graph, p: &str, normed: NodeId) -> NodeId {
    let q = linear(g, &format!("{p}.q_proj"), normed, [64, 64], false);
    let k = linear(g, &format!("{p}.k_proj"), normed, [32, 64], false);
    let v = linear(g, &format!("{p}.v_proj"), normed, [32, 64], false);
    let q_2 = g.rope(q, 100000.0_f32, 16);
    let k_2 = g.rope(k, 100000.0_f32, 16);
    let out = g.causal_attention(q_2, k_2, v, 4, 2, 16);
    linear(g, &format!("{p}.o_proj"), out, [64, 64], false)
}

/// LlamaMLP: `model.layers.0.mlp` in the checkpoint, and the blocks like it.
fn llama_mlp(g: &mut Graph, p: &str, normed: NodeId) -> NodeId {
    let gate = linear(g, &format!("{p}.gate_proj"), normed, [128, 64], false);
    let up = linear(g, &format!("{p}.up_proj"), normed, [128, 64], false);
    let gate_2 = g.silu(gate);
    let h = g.mul(gate_2, up);
    linear(g, &format!("{p}.down_proj"), h, [64, 128], false)
}

/// LlamaDecoderLayer: `model.layers.0` in the checkpoint, and the blocks like it.
fn llama_decoder_layer(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let input_layernorm_weight = g.parameter(&format!("{p}.input_layernorm.weight"), &[64]);
    let normed = g.rms_norm(h, input_layernorm_weight, 1e-05_f32);
    let out = llama_attention(g, &format!("{p}.self_attn"), normed);
    let h_2 = g.add(h, out);
    let post_attention_layernorm_weight =
        g.parameter(&format!("{p}.post_attention_layernorm.weight"), &[64]);
    let normed_2 = g.rms_norm(h_2, post_attention_layernorm_weight, 1e-05_f32);
    let out_2 = llama_mlp(g, &format!("{p}.mlp"), normed_2);
    g.add(h_2, out_2)
}

/// LlamaModel: `model` in the checkpoint, and the blocks like it.
fn llama_model(g: &mut Graph, p: &str, input_ids: NodeId) -> NodeId {
    let embed_tokens_weight = shared_parameter(g, &format!("{p}.embed_tokens.weight"), &[256, 64]);
    let h = g.embedding(input_ids, embed_tokens_weight);
    let mut h_2 = h;
    for i in 0..2 {
        h_2 = llama_decoder_layer(g, &format!("{p}.layers.{i}"), h_2);
    }
    let norm_weight = g.parameter(&format!("{p}.norm.weight"), &[64]);
    g.rms_norm(h_2, norm_weight, 1e-05_f32)
}

/// LlamaForCausalLM: the model, its parameters by their checkpoint names.
fn llama_for_causal_lm(g: &mut Graph, input_ids: NodeId) -> NodeId {
    let normed = llama_model(g, "model", input_ids);
    let embed_tokens_weight = shared_parameter(g, "model.embed_tokens.weight", &[256, 64]);
    g.matmul_bt(normed, embed_tokens_weight)
}

/// A linear layer under `p`: x · weightᵀ (+ bias), its weight [out, in] as the checkpoint has it.
fn linear(
    g: &mut Graph,
    p: &str,
    x: NodeId,
    [out_features, in_features]: [usize; 2],
    bias: bool,
) -> NodeId {
    let weight = g.parameter(&format!("{p}.weight"), &[out_features, in_features]);
    let y = g.matmul_bt(x, weight);
    if !bias {
        return y;
    }
    let bias = g.parameter(&format!("{p}.bias"), &[out_features]);
    g.bias_add(y, bias)
}

/// A parameter read by more than one block (tied weights): one node, made by whichever block
/// reads it first.
fn shared_parameter(g: &mut Graph, name: &str, shape: &[usize]) -> NodeId {
    let found = g
        .nodes()
        .iter()
        .find(|n| matches!(&n.op, Op::Parameter { name: m } if m == name));
    match found {
        Some(node) => node.id,
        None => g.parameter(name, shape),
    }
}
