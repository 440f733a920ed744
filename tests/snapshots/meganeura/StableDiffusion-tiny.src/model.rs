//! UNet in Meganeura's graph builder, from the IR: one function per block kind (per size
//! where Meganeura's builder calls take the sizes), reading its parameters by checkpoint name
//! under its path. Values are flat [rows, columns], images flat NCHW vectors; attention heads
//! stay [S, H * D].
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
    inputs: &[("noisy_latent", Feed::Values), ("target", Feed::Values)],
    outputs: &[("loss", &[]), ("sample", &[2, 4, 8, 8])],
};

pub const LATENCY: Variant = Variant {
    build: build_latency,
    prefix: "latency.",
    inputs: &[("noisy_latent", Feed::Values)],
    outputs: &[("sample", &[1, 4, 8, 8])],
};

/// The full graph; returns its outputs (loss, sample).
pub fn build_full(g: &mut Graph) -> Vec<NodeId> {
    let noisy_latent = g.input("noisy_latent", &[512]);
    let target = g.input("target", &[512]);
    let sample = u_net(g, noisy_latent);
    let loss = g.mse_loss(sample, target);
    vec![loss, sample]
}

/// The latency graph; returns its outputs (sample).
pub fn build_latency(g: &mut Graph) -> Vec<NodeId> {
    let noisy_latent = g.input("noisy_latent", &[256]);
    let sample = u_net_2(g, noisy_latent);
    vec![sample]
}

/// ResBlock: `encoder_blocks.0` in the checkpoint, and the blocks like it at these sizes.
fn res_block(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[16]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[16]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 2, 16, 64, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [2, 16, 8, 8],
        [16, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[16]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[16]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 2, 16, 64, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [2, 16, 8, 8],
        [16, 3, 3],
        1,
        [1, 1],
        false,
    );
    g.add(h_7, h)
}

/// ResBlock2: `encoder_blocks.1` in the checkpoint, and the blocks like it at these sizes.
fn res_block_2(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[16]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[16]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 2, 16, 16, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [2, 16, 4, 4],
        [32, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[32]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[32]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 2, 32, 16, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [2, 32, 4, 4],
        [32, 3, 3],
        1,
        [1, 1],
        false,
    );
    let skip = conv2d(
        g,
        &format!("{p}.res_conv"),
        h,
        [2, 16, 4, 4],
        [32, 1, 1],
        1,
        [0, 0],
        false,
    );
    g.add(h_7, skip)
}

/// ResBlock3: `encoder_blocks.2` in the checkpoint, and the blocks like it at these sizes.
fn res_block_3(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[32]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[32]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 2, 32, 4, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [2, 32, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[64]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[64]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 2, 64, 4, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [2, 64, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    let skip = conv2d(
        g,
        &format!("{p}.res_conv"),
        h,
        [2, 32, 2, 2],
        [64, 1, 1],
        1,
        [0, 0],
        false,
    );
    g.add(h_7, skip)
}

/// ResBlock4: `middle` in the checkpoint, and the blocks like it at these sizes.
fn res_block_4(g: &mut Graph, p: &str, out: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[64]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[64]);
    let h = g.group_norm(out, norm1_weight, norm1_bias, 2, 64, 4, 4, 1e-05_f32);
    let h_2 = g.silu(h);
    let h_3 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_2,
        [2, 64, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[64]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[64]);
    let h_4 = g.group_norm(h_3, norm2_weight, norm2_bias, 2, 64, 4, 4, 1e-05_f32);
    let h_5 = g.silu(h_4);
    let h_6 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_5,
        [2, 64, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    g.add(h_6, out)
}

/// ResBlock5: `decoder_blocks.0` in the checkpoint, and the blocks like it at these sizes.
fn res_block_5(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[128]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[128]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 2, 128, 4, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [2, 128, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[64]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[64]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 2, 64, 4, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [2, 64, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    let skip = conv2d(
        g,
        &format!("{p}.res_conv"),
        h,
        [2, 128, 2, 2],
        [64, 1, 1],
        1,
        [0, 0],
        false,
    );
    g.add(h_7, skip)
}

/// ResBlock6: `decoder_blocks.1` in the checkpoint, and the blocks like it at these sizes.
fn res_block_6(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[96]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[96]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 2, 96, 16, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [2, 96, 4, 4],
        [32, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[32]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[32]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 2, 32, 16, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [2, 32, 4, 4],
        [32, 3, 3],
        1,
        [1, 1],
        false,
    );
    let skip = conv2d(
        g,
        &format!("{p}.res_conv"),
        h,
        [2, 96, 4, 4],
        [32, 1, 1],
        1,
        [0, 0],
        false,
    );
    g.add(h_7, skip)
}

/// ResBlock7: `decoder_blocks.2` in the checkpoint, and the blocks like it at these sizes.
fn res_block_7(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[48]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[48]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 2, 48, 64, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [2, 48, 8, 8],
        [16, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[16]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[16]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 2, 16, 64, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [2, 16, 8, 8],
        [16, 3, 3],
        1,
        [1, 1],
        false,
    );
    let skip = conv2d(
        g,
        &format!("{p}.res_conv"),
        h,
        [2, 48, 8, 8],
        [16, 1, 1],
        1,
        [0, 0],
        false,
    );
    g.add(h_7, skip)
}

/// UNet: the model, its parameters by their checkpoint names.
fn u_net(g: &mut Graph, noisy_latent: NodeId) -> NodeId {
    let h = conv2d(
        g,
        "conv_in",
        noisy_latent,
        [2, 4, 8, 8],
        [16, 3, 3],
        1,
        [1, 1],
        false,
    );
    let out = res_block(g, "encoder_blocks.0", h);
    let h_2 = conv2d(
        g,
        "downsamples.0",
        out,
        [2, 16, 8, 8],
        [16, 3, 3],
        2,
        [1, 1],
        false,
    );
    let out_2 = res_block_2(g, "encoder_blocks.1", h_2);
    let h_3 = conv2d(
        g,
        "downsamples.1",
        out_2,
        [2, 32, 4, 4],
        [32, 3, 3],
        2,
        [1, 1],
        false,
    );
    let out_3 = res_block_3(g, "encoder_blocks.2", h_3);
    let out_4 = res_block_4(g, "middle", out_3);
    let h_4 = g.concat(out_4, out_3, 2, 64, 64, 4);
    let out_5 = res_block_5(g, "decoder_blocks.0", h_4);
    let h_5 = g.upsample_2x(out_5, 2, 64, 2, 2);
    let h_6 = g.concat(h_5, out_2, 2, 64, 32, 16);
    let out_6 = res_block_6(g, "decoder_blocks.1", h_6);
    let h_7 = g.upsample_2x(out_6, 2, 32, 4, 4);
    let h_8 = g.concat(h_7, out, 2, 32, 16, 64);
    let out_7 = res_block_7(g, "decoder_blocks.2", h_8);
    let norm_out_weight = g.parameter("norm_out.weight", &[16]);
    let norm_out_bias = g.parameter("norm_out.bias", &[16]);
    let h_9 = g.group_norm(
        out_7,
        norm_out_weight,
        norm_out_bias,
        2,
        16,
        64,
        4,
        1e-05_f32,
    );
    let h_10 = g.silu(h_9);
    conv2d(
        g,
        "conv_out",
        h_10,
        [2, 16, 8, 8],
        [4, 3, 3],
        1,
        [1, 1],
        false,
    )
}

/// ResBlock: `encoder_blocks.0` in the checkpoint, and the blocks like it at these sizes.
fn res_block_8(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[16]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[16]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 1, 16, 64, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [1, 16, 8, 8],
        [16, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[16]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[16]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 1, 16, 64, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [1, 16, 8, 8],
        [16, 3, 3],
        1,
        [1, 1],
        false,
    );
    g.add(h_7, h)
}

/// ResBlock2: `encoder_blocks.1` in the checkpoint, and the blocks like it at these sizes.
fn res_block_2_2(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[16]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[16]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 1, 16, 16, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [1, 16, 4, 4],
        [32, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[32]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[32]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 1, 32, 16, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [1, 32, 4, 4],
        [32, 3, 3],
        1,
        [1, 1],
        false,
    );
    let skip = conv2d(
        g,
        &format!("{p}.res_conv"),
        h,
        [1, 16, 4, 4],
        [32, 1, 1],
        1,
        [0, 0],
        false,
    );
    g.add(h_7, skip)
}

/// ResBlock3: `encoder_blocks.2` in the checkpoint, and the blocks like it at these sizes.
fn res_block_3_2(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[32]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[32]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 1, 32, 4, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [1, 32, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[64]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[64]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 1, 64, 4, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [1, 64, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    let skip = conv2d(
        g,
        &format!("{p}.res_conv"),
        h,
        [1, 32, 2, 2],
        [64, 1, 1],
        1,
        [0, 0],
        false,
    );
    g.add(h_7, skip)
}

/// ResBlock4: `middle` in the checkpoint, and the blocks like it at these sizes.
fn res_block_4_2(g: &mut Graph, p: &str, out: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[64]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[64]);
    let h = g.group_norm(out, norm1_weight, norm1_bias, 1, 64, 4, 4, 1e-05_f32);
    let h_2 = g.silu(h);
    let h_3 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_2,
        [1, 64, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[64]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[64]);
    let h_4 = g.group_norm(h_3, norm2_weight, norm2_bias, 1, 64, 4, 4, 1e-05_f32);
    let h_5 = g.silu(h_4);
    let h_6 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_5,
        [1, 64, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    g.add(h_6, out)
}

/// ResBlock5: `decoder_blocks.0` in the checkpoint, and the blocks like it at these sizes.
fn res_block_5_2(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[128]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[128]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 1, 128, 4, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [1, 128, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[64]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[64]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 1, 64, 4, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [1, 64, 2, 2],
        [64, 3, 3],
        1,
        [1, 1],
        false,
    );
    let skip = conv2d(
        g,
        &format!("{p}.res_conv"),
        h,
        [1, 128, 2, 2],
        [64, 1, 1],
        1,
        [0, 0],
        false,
    );
    g.add(h_7, skip)
}

/// ResBlock6: `decoder_blocks.1` in the checkpoint, and the blocks like it at these sizes.
fn res_block_6_2(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[96]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[96]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 1, 96, 16, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [1, 96, 4, 4],
        [32, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[32]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[32]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 1, 32, 16, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [1, 32, 4, 4],
        [32, 3, 3],
        1,
        [1, 1],
        false,
    );
    let skip = conv2d(
        g,
        &format!("{p}.res_conv"),
        h,
        [1, 96, 4, 4],
        [32, 1, 1],
        1,
        [0, 0],
        false,
    );
    g.add(h_7, skip)
}

/// ResBlock7: `decoder_blocks.2` in the checkpoint, and the blocks like it at these sizes.
fn res_block_7_2(g: &mut Graph, p: &str, h: NodeId) -> NodeId {
    let norm1_weight = g.parameter(&format!("{p}.norm1.weight"), &[48]);
    let norm1_bias = g.parameter(&format!("{p}.norm1.bias"), &[48]);
    let h_2 = g.group_norm(h, norm1_weight, norm1_bias, 1, 48, 64, 4, 1e-05_f32);
    let h_3 = g.silu(h_2);
    let h_4 = conv2d(
        g,
        &format!("{p}.conv1"),
        h_3,
        [1, 48, 8, 8],
        [16, 3, 3],
        1,
        [1, 1],
        false,
    );
    let norm2_weight = g.parameter(&format!("{p}.norm2.weight"), &[16]);
    let norm2_bias = g.parameter(&format!("{p}.norm2.bias"), &[16]);
    let h_5 = g.group_norm(h_4, norm2_weight, norm2_bias, 1, 16, 64, 4, 1e-05_f32);
    let h_6 = g.silu(h_5);
    let h_7 = conv2d(
        g,
        &format!("{p}.conv2"),
        h_6,
        [1, 16, 8, 8],
        [16, 3, 3],
        1,
        [1, 1],
        false,
    );
    let skip = conv2d(
        g,
        &format!("{p}.res_conv"),
        h,
        [1, 48, 8, 8],
        [16, 1, 1],
        1,
        [0, 0],
        false,
    );
    g.add(h_7, skip)
}

/// UNet: the model, its parameters by their checkpoint names.
fn u_net_2(g: &mut Graph, noisy_latent: NodeId) -> NodeId {
    let h = conv2d(
        g,
        "conv_in",
        noisy_latent,
        [1, 4, 8, 8],
        [16, 3, 3],
        1,
        [1, 1],
        false,
    );
    let out = res_block_8(g, "encoder_blocks.0", h);
    let h_2 = conv2d(
        g,
        "downsamples.0",
        out,
        [1, 16, 8, 8],
        [16, 3, 3],
        2,
        [1, 1],
        false,
    );
    let out_2 = res_block_2_2(g, "encoder_blocks.1", h_2);
    let h_3 = conv2d(
        g,
        "downsamples.1",
        out_2,
        [1, 32, 4, 4],
        [32, 3, 3],
        2,
        [1, 1],
        false,
    );
    let out_3 = res_block_3_2(g, "encoder_blocks.2", h_3);
    let out_4 = res_block_4_2(g, "middle", out_3);
    let h_4 = g.concat(out_4, out_3, 1, 64, 64, 4);
    let out_5 = res_block_5_2(g, "decoder_blocks.0", h_4);
    let h_5 = g.upsample_2x(out_5, 1, 64, 2, 2);
    let h_6 = g.concat(h_5, out_2, 1, 64, 32, 16);
    let out_6 = res_block_6_2(g, "decoder_blocks.1", h_6);
    let h_7 = g.upsample_2x(out_6, 1, 32, 4, 4);
    let h_8 = g.concat(h_7, out, 1, 32, 16, 64);
    let out_7 = res_block_7_2(g, "decoder_blocks.2", h_8);
    let norm_out_weight = g.parameter("norm_out.weight", &[16]);
    let norm_out_bias = g.parameter("norm_out.bias", &[16]);
    let h_9 = g.group_norm(
        out_7,
        norm_out_weight,
        norm_out_bias,
        1,
        16,
        64,
        4,
        1e-05_f32,
    );
    let h_10 = g.silu(h_9);
    conv2d(
        g,
        "conv_out",
        h_10,
        [1, 16, 8, 8],
        [4, 3, 3],
        1,
        [1, 1],
        false,
    )
}

/// A convolution under `p` of a flat NCHW image [n, c, h, w]: its kernel [out, c, kh, kw] (flat,
/// as Meganeura's conv2d takes it), one stride, padding [ph, pw], the bias added per channel.
#[allow(clippy::too_many_arguments)]
fn conv2d(
    g: &mut Graph,
    p: &str,
    x: NodeId,
    [n, c, h, w]: [u32; 4],
    [out, kh, kw]: [u32; 3],
    stride: u32,
    [ph, pw]: [u32; 2],
    bias: bool,
) -> NodeId {
    let weight = g.parameter(&format!("{p}.weight"), &[(out * c * kh * kw) as usize]);
    let y = g.conv2d_hw(x, weight, n, c, h, w, out, kh, kw, stride, ph, pw);
    if !bias {
        return y;
    }
    let bias = g.parameter(&format!("{p}.bias"), &[out as usize]);
    let spatial = ((h + 2 * ph - kh) / stride + 1) * ((w + 2 * pw - kw) / stride + 1);
    g.add_per_channel(y, bias, out, spatial)
}
