//! The graphs of LlamaForCausalLM in Meganeura's builder, one function per variant, op by op as the
//! IR writes them. Values are flat [rows, columns]; attention heads stay [S, H * D].
use meganeura::{Graph, NodeId};

/// The full variant; returns its outputs (loss, logits).
#[allow(clippy::let_and_return)]
pub fn build_full(g: &mut Graph) -> Vec<NodeId> {
    let n1 = g.input_u32("input_ids", &[16]);
    let n2 = g.input("labels", &[16, 256]);
    let n3 = g.parameter("model.embed_tokens.weight", &[256, 64]);
    let n4 = g.parameter("model.layers.0.input_layernorm.weight", &[64]);
    let n5 = g.parameter("model.layers.0.self_attn.q_proj.weight", &[64, 64]);
    let n6 = g.parameter("model.layers.0.self_attn.k_proj.weight", &[32, 64]);
    let n7 = g.parameter("model.layers.0.self_attn.v_proj.weight", &[32, 64]);
    let n8 = g.parameter("model.layers.0.self_attn.o_proj.weight", &[64, 64]);
    let n9 = g.parameter("model.layers.0.post_attention_layernorm.weight", &[64]);
    let n10 = g.parameter("model.layers.0.mlp.gate_proj.weight", &[128, 64]);
    let n11 = g.parameter("model.layers.0.mlp.up_proj.weight", &[128, 64]);
    let n12 = g.parameter("model.layers.0.mlp.down_proj.weight", &[64, 128]);
    let n13 = g.parameter("model.layers.1.input_layernorm.weight", &[64]);
    let n14 = g.parameter("model.layers.1.self_attn.q_proj.weight", &[64, 64]);
    let n15 = g.parameter("model.layers.1.self_attn.k_proj.weight", &[32, 64]);
    let n16 = g.parameter("model.layers.1.self_attn.v_proj.weight", &[32, 64]);
    let n17 = g.parameter("model.layers.1.self_attn.o_proj.weight", &[64, 64]);
    let n18 = g.parameter("model.layers.1.post_attention_layernorm.weight", &[64]);
    let n19 = g.parameter("model.layers.1.mlp.gate_proj.weight", &[128, 64]);
    let n20 = g.parameter("model.layers.1.mlp.up_proj.weight", &[128, 64]);
    let n21 = g.parameter("model.layers.1.mlp.down_proj.weight", &[64, 128]);
    let n22 = g.parameter("model.norm.weight", &[64]);
    let n23 = g.embedding(n1, n3);
    let n24 = g.rms_norm(n23, n4, 1e-05_f32);
    let n25 = g.matmul_bt(n24, n5);
    let n26 = g.matmul_bt(n24, n6);
    let n27 = g.matmul_bt(n24, n7);
    let n28 = g.rope(n25, 100000.0_f32, 16);
    let n29 = g.rope(n26, 100000.0_f32, 16);
    let n30 = g.causal_attention(n28, n29, n27, 4, 2, 16);
    let n31 = g.matmul_bt(n30, n8);
    let n32 = g.add(n23, n31);
    let n33 = g.rms_norm(n32, n9, 1e-05_f32);
    let n34 = g.matmul_bt(n33, n10);
    let n35 = g.matmul_bt(n33, n11);
    let n36 = g.silu(n34);
    let n37 = g.mul(n36, n35);
    let n38 = g.matmul_bt(n37, n12);
    let n39 = g.add(n32, n38);
    let n40 = g.rms_norm(n39, n13, 1e-05_f32);
    let n41 = g.matmul_bt(n40, n14);
    let n42 = g.matmul_bt(n40, n15);
    let n43 = g.matmul_bt(n40, n16);
    let n44 = g.rope(n41, 100000.0_f32, 16);
    let n45 = g.rope(n42, 100000.0_f32, 16);
    let n46 = g.causal_attention(n44, n45, n43, 4, 2, 16);
    let n47 = g.matmul_bt(n46, n17);
    let n48 = g.add(n39, n47);
    let n49 = g.rms_norm(n48, n18, 1e-05_f32);
    let n50 = g.matmul_bt(n49, n19);
    let n51 = g.matmul_bt(n49, n20);
    let n52 = g.silu(n50);
    let n53 = g.mul(n52, n51);
    let n54 = g.matmul_bt(n53, n21);
    let n55 = g.add(n48, n54);
    let n56 = g.rms_norm(n55, n22, 1e-05_f32);
    let n57 = g.matmul_bt(n56, n3);
    let n58 = g.cross_entropy_loss(n57, n2);
    vec![n58, n57]
}

/// The latency variant; returns its outputs (logits).
#[allow(clippy::let_and_return)]
pub fn build_latency(g: &mut Graph) -> Vec<NodeId> {
    let n1 = g.input_u32("input_ids", &[1]);
    let n2 = g.parameter("model.embed_tokens.weight", &[256, 64]);
    let n3 = g.parameter("model.layers.0.input_layernorm.weight", &[64]);
    let n4 = g.parameter("model.layers.0.self_attn.q_proj.weight", &[64, 64]);
    let n5 = g.parameter("model.layers.0.self_attn.k_proj.weight", &[32, 64]);
    let n6 = g.parameter("model.layers.0.self_attn.v_proj.weight", &[32, 64]);
    let n7 = g.parameter("model.layers.0.self_attn.o_proj.weight", &[64, 64]);
    let n8 = g.parameter("model.layers.0.post_attention_layernorm.weight", &[64]);
    let n9 = g.parameter("model.layers.0.mlp.gate_proj.weight", &[128, 64]);
    let n10 = g.parameter("model.layers.0.mlp.up_proj.weight", &[128, 64]);
    let n11 = g.parameter("model.layers.0.mlp.down_proj.weight", &[64, 128]);
    let n12 = g.parameter("model.layers.1.input_layernorm.weight", &[64]);
    let n13 = g.parameter("model.layers.1.self_attn.q_proj.weight", &[64, 64]);
    let n14 = g.parameter("model.layers.1.self_attn.k_proj.weight", &[32, 64]);
    let n15 = g.parameter("model.layers.1.self_attn.v_proj.weight", &[32, 64]);
    let n16 = g.parameter("model.layers.1.self_attn.o_proj.weight", &[64, 64]);
    let n17 = g.parameter("model.layers.1.post_attention_layernorm.weight", &[64]);
    let n18 = g.parameter("model.layers.1.mlp.gate_proj.weight", &[128, 64]);
    let n19 = g.parameter("model.layers.1.mlp.up_proj.weight", &[128, 64]);
    let n20 = g.parameter("model.layers.1.mlp.down_proj.weight", &[64, 128]);
    let n21 = g.parameter("model.norm.weight", &[64]);
    let n22 = g.embedding(n1, n2);
    let n23 = g.rms_norm(n22, n3, 1e-05_f32);
    let n24 = g.matmul_bt(n23, n4);
    let n25 = g.matmul_bt(n23, n5);
    let n26 = g.matmul_bt(n23, n6);
    let n27 = g.rope(n24, 100000.0_f32, 16);
    let n28 = g.rope(n25, 100000.0_f32, 16);
    let n29 = g.causal_attention(n27, n28, n26, 4, 2, 16);
    let n30 = g.matmul_bt(n29, n7);
    let n31 = g.add(n22, n30);
    let n32 = g.rms_norm(n31, n8, 1e-05_f32);
    let n33 = g.matmul_bt(n32, n9);
    let n34 = g.matmul_bt(n32, n10);
    let n35 = g.silu(n33);
    let n36 = g.mul(n35, n34);
    let n37 = g.matmul_bt(n36, n11);
    let n38 = g.add(n31, n37);
    let n39 = g.rms_norm(n38, n12, 1e-05_f32);
    let n40 = g.matmul_bt(n39, n13);
    let n41 = g.matmul_bt(n39, n14);
    let n42 = g.matmul_bt(n39, n15);
    let n43 = g.rope(n40, 100000.0_f32, 16);
    let n44 = g.rope(n41, 100000.0_f32, 16);
    let n45 = g.causal_attention(n43, n44, n42, 4, 2, 16);
    let n46 = g.matmul_bt(n45, n16);
    let n47 = g.add(n38, n46);
    let n48 = g.rms_norm(n47, n17, 1e-05_f32);
    let n49 = g.matmul_bt(n48, n18);
    let n50 = g.matmul_bt(n48, n19);
    let n51 = g.silu(n49);
    let n52 = g.mul(n51, n50);
    let n53 = g.matmul_bt(n52, n20);
    let n54 = g.add(n47, n53);
    let n55 = g.rms_norm(n54, n21, 1e-05_f32);
    let n56 = g.matmul_bt(n55, n2);
    vec![n56]
}
