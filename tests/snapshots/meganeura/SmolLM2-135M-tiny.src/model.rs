//! The graphs of LlamaForCausalLM in Meganeura's builder, one function per variant, op by op as the
//! IR writes them. Values are flat [rows, columns]; attention heads stay [S, H * D].
use meganeura::{Graph, NodeId};

/// The full variant; returns its outputs (loss, logits).
#[allow(clippy::let_and_return)]
pub fn build_full(g: &mut Graph) -> Vec<NodeId> {
    let input_ids = g.input_u32("input_ids", &[16]);
    let labels = g.input("labels", &[16, 256]);
    let embed_tokens_weight = g.parameter("model.embed_tokens.weight", &[256, 64]);
    let layers_0_input_layernorm_weight =
        g.parameter("model.layers.0.input_layernorm.weight", &[64]);
    let layers_0_self_attn_q_proj_weight =
        g.parameter("model.layers.0.self_attn.q_proj.weight", &[64, 64]);
    let layers_0_self_attn_k_proj_weight =
        g.parameter("model.layers.0.self_attn.k_proj.weight", &[32, 64]);
    let layers_0_self_attn_v_proj_weight =
        g.parameter("model.layers.0.self_attn.v_proj.weight", &[32, 64]);
    let layers_0_self_attn_o_proj_weight =
        g.parameter("model.layers.0.self_attn.o_proj.weight", &[64, 64]);
    let layers_0_post_attention_layernorm_weight =
        g.parameter("model.layers.0.post_attention_layernorm.weight", &[64]);
    let layers_0_mlp_gate_proj_weight =
        g.parameter("model.layers.0.mlp.gate_proj.weight", &[128, 64]);
    let layers_0_mlp_up_proj_weight = g.parameter("model.layers.0.mlp.up_proj.weight", &[128, 64]);
    let layers_0_mlp_down_proj_weight =
        g.parameter("model.layers.0.mlp.down_proj.weight", &[64, 128]);
    let layers_1_input_layernorm_weight =
        g.parameter("model.layers.1.input_layernorm.weight", &[64]);
    let layers_1_self_attn_q_proj_weight =
        g.parameter("model.layers.1.self_attn.q_proj.weight", &[64, 64]);
    let layers_1_self_attn_k_proj_weight =
        g.parameter("model.layers.1.self_attn.k_proj.weight", &[32, 64]);
    let layers_1_self_attn_v_proj_weight =
        g.parameter("model.layers.1.self_attn.v_proj.weight", &[32, 64]);
    let layers_1_self_attn_o_proj_weight =
        g.parameter("model.layers.1.self_attn.o_proj.weight", &[64, 64]);
    let layers_1_post_attention_layernorm_weight =
        g.parameter("model.layers.1.post_attention_layernorm.weight", &[64]);
    let layers_1_mlp_gate_proj_weight =
        g.parameter("model.layers.1.mlp.gate_proj.weight", &[128, 64]);
    let layers_1_mlp_up_proj_weight = g.parameter("model.layers.1.mlp.up_proj.weight", &[128, 64]);
    let layers_1_mlp_down_proj_weight =
        g.parameter("model.layers.1.mlp.down_proj.weight", &[64, 128]);
    let norm_weight = g.parameter("model.norm.weight", &[64]);
    // model
    let h = g.embedding(input_ids, embed_tokens_weight);
    // model.layers.0
    let layers_0_normed = g.rms_norm(h, layers_0_input_layernorm_weight, 1e-05_f32);
    // model.layers.0.self_attn
    let layers_0_self_attn_q = g.matmul_bt(layers_0_normed, layers_0_self_attn_q_proj_weight);
    let layers_0_self_attn_k = g.matmul_bt(layers_0_normed, layers_0_self_attn_k_proj_weight);
    let layers_0_self_attn_v = g.matmul_bt(layers_0_normed, layers_0_self_attn_v_proj_weight);
    let layers_0_self_attn_q_3 = g.rope(layers_0_self_attn_q, 100000.0_f32, 16);
    let layers_0_self_attn_k_3 = g.rope(layers_0_self_attn_k, 100000.0_f32, 16);
    let layers_0_self_attn_out = g.causal_attention(
        layers_0_self_attn_q_3,
        layers_0_self_attn_k_3,
        layers_0_self_attn_v,
        4,
        2,
        16,
    );
    let layers_0_self_attn_out_3 =
        g.matmul_bt(layers_0_self_attn_out, layers_0_self_attn_o_proj_weight);
    // model.layers.0
    let layers_0_h = g.add(h, layers_0_self_attn_out_3);
    let layers_0_normed_1 = g.rms_norm(
        layers_0_h,
        layers_0_post_attention_layernorm_weight,
        1e-05_f32,
    );
    // model.layers.0.mlp
    let layers_0_mlp_gate = g.matmul_bt(layers_0_normed_1, layers_0_mlp_gate_proj_weight);
    let layers_0_mlp_up = g.matmul_bt(layers_0_normed_1, layers_0_mlp_up_proj_weight);
    let layers_0_mlp_gate_1 = g.silu(layers_0_mlp_gate);
    let layers_0_mlp_h = g.mul(layers_0_mlp_gate_1, layers_0_mlp_up);
    let layers_0_mlp_out = g.matmul_bt(layers_0_mlp_h, layers_0_mlp_down_proj_weight);
    // model.layers.0
    let layers_0_h_1 = g.add(layers_0_h, layers_0_mlp_out);
    // model.layers.1
    let layers_1_normed = g.rms_norm(layers_0_h_1, layers_1_input_layernorm_weight, 1e-05_f32);
    // model.layers.1.self_attn
    let layers_1_self_attn_q = g.matmul_bt(layers_1_normed, layers_1_self_attn_q_proj_weight);
    let layers_1_self_attn_k = g.matmul_bt(layers_1_normed, layers_1_self_attn_k_proj_weight);
    let layers_1_self_attn_v = g.matmul_bt(layers_1_normed, layers_1_self_attn_v_proj_weight);
    let layers_1_self_attn_q_3 = g.rope(layers_1_self_attn_q, 100000.0_f32, 16);
    let layers_1_self_attn_k_3 = g.rope(layers_1_self_attn_k, 100000.0_f32, 16);
    let layers_1_self_attn_out = g.causal_attention(
        layers_1_self_attn_q_3,
        layers_1_self_attn_k_3,
        layers_1_self_attn_v,
        4,
        2,
        16,
    );
    let layers_1_self_attn_out_3 =
        g.matmul_bt(layers_1_self_attn_out, layers_1_self_attn_o_proj_weight);
    // model.layers.1
    let layers_1_h = g.add(layers_0_h_1, layers_1_self_attn_out_3);
    let layers_1_normed_1 = g.rms_norm(
        layers_1_h,
        layers_1_post_attention_layernorm_weight,
        1e-05_f32,
    );
    // model.layers.1.mlp
    let layers_1_mlp_gate = g.matmul_bt(layers_1_normed_1, layers_1_mlp_gate_proj_weight);
    let layers_1_mlp_up = g.matmul_bt(layers_1_normed_1, layers_1_mlp_up_proj_weight);
    let layers_1_mlp_gate_1 = g.silu(layers_1_mlp_gate);
    let layers_1_mlp_h = g.mul(layers_1_mlp_gate_1, layers_1_mlp_up);
    let layers_1_mlp_out = g.matmul_bt(layers_1_mlp_h, layers_1_mlp_down_proj_weight);
    // model.layers.1
    let layers_1_h_1 = g.add(layers_1_h, layers_1_mlp_out);
    // model
    let normed = g.rms_norm(layers_1_h_1, norm_weight, 1e-05_f32);
    let logits = g.matmul_bt(normed, embed_tokens_weight);
    let loss = g.cross_entropy_loss(logits, labels);
    vec![loss, logits]
}

/// The latency variant; returns its outputs (logits).
#[allow(clippy::let_and_return)]
pub fn build_latency(g: &mut Graph) -> Vec<NodeId> {
    let input_ids = g.input_u32("input_ids", &[1]);
    let embed_tokens_weight = g.parameter("model.embed_tokens.weight", &[256, 64]);
    let layers_0_input_layernorm_weight =
        g.parameter("model.layers.0.input_layernorm.weight", &[64]);
    let layers_0_self_attn_q_proj_weight =
        g.parameter("model.layers.0.self_attn.q_proj.weight", &[64, 64]);
    let layers_0_self_attn_k_proj_weight =
        g.parameter("model.layers.0.self_attn.k_proj.weight", &[32, 64]);
    let layers_0_self_attn_v_proj_weight =
        g.parameter("model.layers.0.self_attn.v_proj.weight", &[32, 64]);
    let layers_0_self_attn_o_proj_weight =
        g.parameter("model.layers.0.self_attn.o_proj.weight", &[64, 64]);
    let layers_0_post_attention_layernorm_weight =
        g.parameter("model.layers.0.post_attention_layernorm.weight", &[64]);
    let layers_0_mlp_gate_proj_weight =
        g.parameter("model.layers.0.mlp.gate_proj.weight", &[128, 64]);
    let layers_0_mlp_up_proj_weight = g.parameter("model.layers.0.mlp.up_proj.weight", &[128, 64]);
    let layers_0_mlp_down_proj_weight =
        g.parameter("model.layers.0.mlp.down_proj.weight", &[64, 128]);
    let layers_1_input_layernorm_weight =
        g.parameter("model.layers.1.input_layernorm.weight", &[64]);
    let layers_1_self_attn_q_proj_weight =
        g.parameter("model.layers.1.self_attn.q_proj.weight", &[64, 64]);
    let layers_1_self_attn_k_proj_weight =
        g.parameter("model.layers.1.self_attn.k_proj.weight", &[32, 64]);
    let layers_1_self_attn_v_proj_weight =
        g.parameter("model.layers.1.self_attn.v_proj.weight", &[32, 64]);
    let layers_1_self_attn_o_proj_weight =
        g.parameter("model.layers.1.self_attn.o_proj.weight", &[64, 64]);
    let layers_1_post_attention_layernorm_weight =
        g.parameter("model.layers.1.post_attention_layernorm.weight", &[64]);
    let layers_1_mlp_gate_proj_weight =
        g.parameter("model.layers.1.mlp.gate_proj.weight", &[128, 64]);
    let layers_1_mlp_up_proj_weight = g.parameter("model.layers.1.mlp.up_proj.weight", &[128, 64]);
    let layers_1_mlp_down_proj_weight =
        g.parameter("model.layers.1.mlp.down_proj.weight", &[64, 128]);
    let norm_weight = g.parameter("model.norm.weight", &[64]);
    // model
    let h = g.embedding(input_ids, embed_tokens_weight);
    // model.layers.0
    let layers_0_normed = g.rms_norm(h, layers_0_input_layernorm_weight, 1e-05_f32);
    // model.layers.0.self_attn
    let layers_0_self_attn_q = g.matmul_bt(layers_0_normed, layers_0_self_attn_q_proj_weight);
    let layers_0_self_attn_k = g.matmul_bt(layers_0_normed, layers_0_self_attn_k_proj_weight);
    let layers_0_self_attn_v = g.matmul_bt(layers_0_normed, layers_0_self_attn_v_proj_weight);
    let layers_0_self_attn_q_3 = g.rope(layers_0_self_attn_q, 100000.0_f32, 16);
    let layers_0_self_attn_k_3 = g.rope(layers_0_self_attn_k, 100000.0_f32, 16);
    let layers_0_self_attn_out = g.causal_attention(
        layers_0_self_attn_q_3,
        layers_0_self_attn_k_3,
        layers_0_self_attn_v,
        4,
        2,
        16,
    );
    let layers_0_self_attn_out_3 =
        g.matmul_bt(layers_0_self_attn_out, layers_0_self_attn_o_proj_weight);
    // model.layers.0
    let layers_0_h = g.add(h, layers_0_self_attn_out_3);
    let layers_0_normed_1 = g.rms_norm(
        layers_0_h,
        layers_0_post_attention_layernorm_weight,
        1e-05_f32,
    );
    // model.layers.0.mlp
    let layers_0_mlp_gate = g.matmul_bt(layers_0_normed_1, layers_0_mlp_gate_proj_weight);
    let layers_0_mlp_up = g.matmul_bt(layers_0_normed_1, layers_0_mlp_up_proj_weight);
    let layers_0_mlp_gate_1 = g.silu(layers_0_mlp_gate);
    let layers_0_mlp_h = g.mul(layers_0_mlp_gate_1, layers_0_mlp_up);
    let layers_0_mlp_out = g.matmul_bt(layers_0_mlp_h, layers_0_mlp_down_proj_weight);
    // model.layers.0
    let layers_0_h_1 = g.add(layers_0_h, layers_0_mlp_out);
    // model.layers.1
    let layers_1_normed = g.rms_norm(layers_0_h_1, layers_1_input_layernorm_weight, 1e-05_f32);
    // model.layers.1.self_attn
    let layers_1_self_attn_q = g.matmul_bt(layers_1_normed, layers_1_self_attn_q_proj_weight);
    let layers_1_self_attn_k = g.matmul_bt(layers_1_normed, layers_1_self_attn_k_proj_weight);
    let layers_1_self_attn_v = g.matmul_bt(layers_1_normed, layers_1_self_attn_v_proj_weight);
    let layers_1_self_attn_q_3 = g.rope(layers_1_self_attn_q, 100000.0_f32, 16);
    let layers_1_self_attn_k_3 = g.rope(layers_1_self_attn_k, 100000.0_f32, 16);
    let layers_1_self_attn_out = g.causal_attention(
        layers_1_self_attn_q_3,
        layers_1_self_attn_k_3,
        layers_1_self_attn_v,
        4,
        2,
        16,
    );
    let layers_1_self_attn_out_3 =
        g.matmul_bt(layers_1_self_attn_out, layers_1_self_attn_o_proj_weight);
    // model.layers.1
    let layers_1_h = g.add(layers_0_h_1, layers_1_self_attn_out_3);
    let layers_1_normed_1 = g.rms_norm(
        layers_1_h,
        layers_1_post_attention_layernorm_weight,
        1e-05_f32,
    );
    // model.layers.1.mlp
    let layers_1_mlp_gate = g.matmul_bt(layers_1_normed_1, layers_1_mlp_gate_proj_weight);
    let layers_1_mlp_up = g.matmul_bt(layers_1_normed_1, layers_1_mlp_up_proj_weight);
    let layers_1_mlp_gate_1 = g.silu(layers_1_mlp_gate);
    let layers_1_mlp_h = g.mul(layers_1_mlp_gate_1, layers_1_mlp_up);
    let layers_1_mlp_out = g.matmul_bt(layers_1_mlp_h, layers_1_mlp_down_proj_weight);
    // model.layers.1
    let layers_1_h_1 = g.add(layers_1_h, layers_1_mlp_out);
    // model
    let normed = g.rms_norm(layers_1_h_1, norm_weight, 1e-05_f32);
    let logits = g.matmul_bt(normed, embed_tokens_weight);
    vec![logits]
}
