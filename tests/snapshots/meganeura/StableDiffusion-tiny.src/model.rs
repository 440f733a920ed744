//! The graphs of UNet in Meganeura's builder, one function per variant, op by op as the
//! IR writes them. Values are flat [rows, columns]; attention heads stay [S, H * D].
use meganeura::{Graph, NodeId};

/// The full variant; returns its outputs (loss, sample).
#[allow(clippy::let_and_return)]
pub fn build_full(g: &mut Graph) -> Vec<NodeId> {
    let noisy_latent = g.input("noisy_latent", &[512]);
    let target = g.input("target", &[512]);
    let conv_in_weight = g.parameter("conv_in.weight", &[576]);
    let encoder_blocks_0_norm1_weight = g.parameter("encoder_blocks.0.norm1.weight", &[16]);
    let encoder_blocks_0_norm1_bias = g.parameter("encoder_blocks.0.norm1.bias", &[16]);
    let encoder_blocks_0_conv1_weight = g.parameter("encoder_blocks.0.conv1.weight", &[2304]);
    let encoder_blocks_0_norm2_weight = g.parameter("encoder_blocks.0.norm2.weight", &[16]);
    let encoder_blocks_0_norm2_bias = g.parameter("encoder_blocks.0.norm2.bias", &[16]);
    let encoder_blocks_0_conv2_weight = g.parameter("encoder_blocks.0.conv2.weight", &[2304]);
    let downsamples_0_weight = g.parameter("downsamples.0.weight", &[2304]);
    let encoder_blocks_1_norm1_weight = g.parameter("encoder_blocks.1.norm1.weight", &[16]);
    let encoder_blocks_1_norm1_bias = g.parameter("encoder_blocks.1.norm1.bias", &[16]);
    let encoder_blocks_1_conv1_weight = g.parameter("encoder_blocks.1.conv1.weight", &[4608]);
    let encoder_blocks_1_norm2_weight = g.parameter("encoder_blocks.1.norm2.weight", &[32]);
    let encoder_blocks_1_norm2_bias = g.parameter("encoder_blocks.1.norm2.bias", &[32]);
    let encoder_blocks_1_conv2_weight = g.parameter("encoder_blocks.1.conv2.weight", &[9216]);
    let encoder_blocks_1_res_conv_weight = g.parameter("encoder_blocks.1.res_conv.weight", &[512]);
    let downsamples_1_weight = g.parameter("downsamples.1.weight", &[9216]);
    let encoder_blocks_2_norm1_weight = g.parameter("encoder_blocks.2.norm1.weight", &[32]);
    let encoder_blocks_2_norm1_bias = g.parameter("encoder_blocks.2.norm1.bias", &[32]);
    let encoder_blocks_2_conv1_weight = g.parameter("encoder_blocks.2.conv1.weight", &[18432]);
    let encoder_blocks_2_norm2_weight = g.parameter("encoder_blocks.2.norm2.weight", &[64]);
    let encoder_blocks_2_norm2_bias = g.parameter("encoder_blocks.2.norm2.bias", &[64]);
    let encoder_blocks_2_conv2_weight = g.parameter("encoder_blocks.2.conv2.weight", &[36864]);
    let encoder_blocks_2_res_conv_weight = g.parameter("encoder_blocks.2.res_conv.weight", &[2048]);
    let middle_norm1_weight = g.parameter("middle.norm1.weight", &[64]);
    let middle_norm1_bias = g.parameter("middle.norm1.bias", &[64]);
    let middle_conv1_weight = g.parameter("middle.conv1.weight", &[36864]);
    let middle_norm2_weight = g.parameter("middle.norm2.weight", &[64]);
    let middle_norm2_bias = g.parameter("middle.norm2.bias", &[64]);
    let middle_conv2_weight = g.parameter("middle.conv2.weight", &[36864]);
    let decoder_blocks_0_norm1_weight = g.parameter("decoder_blocks.0.norm1.weight", &[128]);
    let decoder_blocks_0_norm1_bias = g.parameter("decoder_blocks.0.norm1.bias", &[128]);
    let decoder_blocks_0_conv1_weight = g.parameter("decoder_blocks.0.conv1.weight", &[73728]);
    let decoder_blocks_0_norm2_weight = g.parameter("decoder_blocks.0.norm2.weight", &[64]);
    let decoder_blocks_0_norm2_bias = g.parameter("decoder_blocks.0.norm2.bias", &[64]);
    let decoder_blocks_0_conv2_weight = g.parameter("decoder_blocks.0.conv2.weight", &[36864]);
    let decoder_blocks_0_res_conv_weight = g.parameter("decoder_blocks.0.res_conv.weight", &[8192]);
    let decoder_blocks_1_norm1_weight = g.parameter("decoder_blocks.1.norm1.weight", &[96]);
    let decoder_blocks_1_norm1_bias = g.parameter("decoder_blocks.1.norm1.bias", &[96]);
    let decoder_blocks_1_conv1_weight = g.parameter("decoder_blocks.1.conv1.weight", &[27648]);
    let decoder_blocks_1_norm2_weight = g.parameter("decoder_blocks.1.norm2.weight", &[32]);
    let decoder_blocks_1_norm2_bias = g.parameter("decoder_blocks.1.norm2.bias", &[32]);
    let decoder_blocks_1_conv2_weight = g.parameter("decoder_blocks.1.conv2.weight", &[9216]);
    let decoder_blocks_1_res_conv_weight = g.parameter("decoder_blocks.1.res_conv.weight", &[3072]);
    let decoder_blocks_2_norm1_weight = g.parameter("decoder_blocks.2.norm1.weight", &[48]);
    let decoder_blocks_2_norm1_bias = g.parameter("decoder_blocks.2.norm1.bias", &[48]);
    let decoder_blocks_2_conv1_weight = g.parameter("decoder_blocks.2.conv1.weight", &[6912]);
    let decoder_blocks_2_norm2_weight = g.parameter("decoder_blocks.2.norm2.weight", &[16]);
    let decoder_blocks_2_norm2_bias = g.parameter("decoder_blocks.2.norm2.bias", &[16]);
    let decoder_blocks_2_conv2_weight = g.parameter("decoder_blocks.2.conv2.weight", &[2304]);
    let decoder_blocks_2_res_conv_weight = g.parameter("decoder_blocks.2.res_conv.weight", &[768]);
    let norm_out_weight = g.parameter("norm_out.weight", &[16]);
    let norm_out_bias = g.parameter("norm_out.bias", &[16]);
    let conv_out_weight = g.parameter("conv_out.weight", &[576]);
    let h = g.conv2d_hw(noisy_latent, conv_in_weight, 2, 4, 8, 8, 16, 3, 3, 1, 1, 1);
    // encoder_blocks.0
    let encoder_blocks_0_h = g.group_norm(
        h,
        encoder_blocks_0_norm1_weight,
        encoder_blocks_0_norm1_bias,
        2,
        16,
        64,
        4,
        1e-05_f32,
    );
    let encoder_blocks_0_h_1 = g.silu(encoder_blocks_0_h);
    let encoder_blocks_0_h_2 = g.conv2d_hw(
        encoder_blocks_0_h_1,
        encoder_blocks_0_conv1_weight,
        2,
        16,
        8,
        8,
        16,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_0_h_3 = g.group_norm(
        encoder_blocks_0_h_2,
        encoder_blocks_0_norm2_weight,
        encoder_blocks_0_norm2_bias,
        2,
        16,
        64,
        4,
        1e-05_f32,
    );
    let encoder_blocks_0_h_4 = g.silu(encoder_blocks_0_h_3);
    let encoder_blocks_0_h_5 = g.conv2d_hw(
        encoder_blocks_0_h_4,
        encoder_blocks_0_conv2_weight,
        2,
        16,
        8,
        8,
        16,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_0_out = g.add(encoder_blocks_0_h_5, h);
    let h_1 = g.conv2d_hw(
        encoder_blocks_0_out,
        downsamples_0_weight,
        2,
        16,
        8,
        8,
        16,
        3,
        3,
        2,
        1,
        1,
    );
    // encoder_blocks.1
    let encoder_blocks_1_h = g.group_norm(
        h_1,
        encoder_blocks_1_norm1_weight,
        encoder_blocks_1_norm1_bias,
        2,
        16,
        16,
        4,
        1e-05_f32,
    );
    let encoder_blocks_1_h_1 = g.silu(encoder_blocks_1_h);
    let encoder_blocks_1_h_2 = g.conv2d_hw(
        encoder_blocks_1_h_1,
        encoder_blocks_1_conv1_weight,
        2,
        16,
        4,
        4,
        32,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_1_h_3 = g.group_norm(
        encoder_blocks_1_h_2,
        encoder_blocks_1_norm2_weight,
        encoder_blocks_1_norm2_bias,
        2,
        32,
        16,
        4,
        1e-05_f32,
    );
    let encoder_blocks_1_h_4 = g.silu(encoder_blocks_1_h_3);
    let encoder_blocks_1_h_5 = g.conv2d_hw(
        encoder_blocks_1_h_4,
        encoder_blocks_1_conv2_weight,
        2,
        32,
        4,
        4,
        32,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_1_skip = g.conv2d_hw(
        h_1,
        encoder_blocks_1_res_conv_weight,
        2,
        16,
        4,
        4,
        32,
        1,
        1,
        1,
        0,
        0,
    );
    let encoder_blocks_1_out = g.add(encoder_blocks_1_h_5, encoder_blocks_1_skip);
    let h_2 = g.conv2d_hw(
        encoder_blocks_1_out,
        downsamples_1_weight,
        2,
        32,
        4,
        4,
        32,
        3,
        3,
        2,
        1,
        1,
    );
    // encoder_blocks.2
    let encoder_blocks_2_h = g.group_norm(
        h_2,
        encoder_blocks_2_norm1_weight,
        encoder_blocks_2_norm1_bias,
        2,
        32,
        4,
        4,
        1e-05_f32,
    );
    let encoder_blocks_2_h_1 = g.silu(encoder_blocks_2_h);
    let encoder_blocks_2_h_2 = g.conv2d_hw(
        encoder_blocks_2_h_1,
        encoder_blocks_2_conv1_weight,
        2,
        32,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_2_h_3 = g.group_norm(
        encoder_blocks_2_h_2,
        encoder_blocks_2_norm2_weight,
        encoder_blocks_2_norm2_bias,
        2,
        64,
        4,
        4,
        1e-05_f32,
    );
    let encoder_blocks_2_h_4 = g.silu(encoder_blocks_2_h_3);
    let encoder_blocks_2_h_5 = g.conv2d_hw(
        encoder_blocks_2_h_4,
        encoder_blocks_2_conv2_weight,
        2,
        64,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_2_skip = g.conv2d_hw(
        h_2,
        encoder_blocks_2_res_conv_weight,
        2,
        32,
        2,
        2,
        64,
        1,
        1,
        1,
        0,
        0,
    );
    let encoder_blocks_2_out = g.add(encoder_blocks_2_h_5, encoder_blocks_2_skip);
    // middle
    let middle_h = g.group_norm(
        encoder_blocks_2_out,
        middle_norm1_weight,
        middle_norm1_bias,
        2,
        64,
        4,
        4,
        1e-05_f32,
    );
    let middle_h_1 = g.silu(middle_h);
    let middle_h_2 = g.conv2d_hw(
        middle_h_1,
        middle_conv1_weight,
        2,
        64,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let middle_h_3 = g.group_norm(
        middle_h_2,
        middle_norm2_weight,
        middle_norm2_bias,
        2,
        64,
        4,
        4,
        1e-05_f32,
    );
    let middle_h_4 = g.silu(middle_h_3);
    let middle_h_5 = g.conv2d_hw(
        middle_h_4,
        middle_conv2_weight,
        2,
        64,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let middle_out = g.add(middle_h_5, encoder_blocks_2_out);
    let h_3 = g.concat(middle_out, encoder_blocks_2_out, 2, 64, 64, 4);
    // decoder_blocks.0
    let decoder_blocks_0_h = g.group_norm(
        h_3,
        decoder_blocks_0_norm1_weight,
        decoder_blocks_0_norm1_bias,
        2,
        128,
        4,
        4,
        1e-05_f32,
    );
    let decoder_blocks_0_h_1 = g.silu(decoder_blocks_0_h);
    let decoder_blocks_0_h_2 = g.conv2d_hw(
        decoder_blocks_0_h_1,
        decoder_blocks_0_conv1_weight,
        2,
        128,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_0_h_3 = g.group_norm(
        decoder_blocks_0_h_2,
        decoder_blocks_0_norm2_weight,
        decoder_blocks_0_norm2_bias,
        2,
        64,
        4,
        4,
        1e-05_f32,
    );
    let decoder_blocks_0_h_4 = g.silu(decoder_blocks_0_h_3);
    let decoder_blocks_0_h_5 = g.conv2d_hw(
        decoder_blocks_0_h_4,
        decoder_blocks_0_conv2_weight,
        2,
        64,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_0_skip = g.conv2d_hw(
        h_3,
        decoder_blocks_0_res_conv_weight,
        2,
        128,
        2,
        2,
        64,
        1,
        1,
        1,
        0,
        0,
    );
    let decoder_blocks_0_out = g.add(decoder_blocks_0_h_5, decoder_blocks_0_skip);
    let h_4 = g.upsample_2x(decoder_blocks_0_out, 2, 64, 2, 2);
    let h_5 = g.concat(h_4, encoder_blocks_1_out, 2, 64, 32, 16);
    // decoder_blocks.1
    let decoder_blocks_1_h = g.group_norm(
        h_5,
        decoder_blocks_1_norm1_weight,
        decoder_blocks_1_norm1_bias,
        2,
        96,
        16,
        4,
        1e-05_f32,
    );
    let decoder_blocks_1_h_1 = g.silu(decoder_blocks_1_h);
    let decoder_blocks_1_h_2 = g.conv2d_hw(
        decoder_blocks_1_h_1,
        decoder_blocks_1_conv1_weight,
        2,
        96,
        4,
        4,
        32,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_1_h_3 = g.group_norm(
        decoder_blocks_1_h_2,
        decoder_blocks_1_norm2_weight,
        decoder_blocks_1_norm2_bias,
        2,
        32,
        16,
        4,
        1e-05_f32,
    );
    let decoder_blocks_1_h_4 = g.silu(decoder_blocks_1_h_3);
    let decoder_blocks_1_h_5 = g.conv2d_hw(
        decoder_blocks_1_h_4,
        decoder_blocks_1_conv2_weight,
        2,
        32,
        4,
        4,
        32,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_1_skip = g.conv2d_hw(
        h_5,
        decoder_blocks_1_res_conv_weight,
        2,
        96,
        4,
        4,
        32,
        1,
        1,
        1,
        0,
        0,
    );
    let decoder_blocks_1_out = g.add(decoder_blocks_1_h_5, decoder_blocks_1_skip);
    let h_6 = g.upsample_2x(decoder_blocks_1_out, 2, 32, 4, 4);
    let h_7 = g.concat(h_6, encoder_blocks_0_out, 2, 32, 16, 64);
    // decoder_blocks.2
    let decoder_blocks_2_h = g.group_norm(
        h_7,
        decoder_blocks_2_norm1_weight,
        decoder_blocks_2_norm1_bias,
        2,
        48,
        64,
        4,
        1e-05_f32,
    );
    let decoder_blocks_2_h_1 = g.silu(decoder_blocks_2_h);
    let decoder_blocks_2_h_2 = g.conv2d_hw(
        decoder_blocks_2_h_1,
        decoder_blocks_2_conv1_weight,
        2,
        48,
        8,
        8,
        16,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_2_h_3 = g.group_norm(
        decoder_blocks_2_h_2,
        decoder_blocks_2_norm2_weight,
        decoder_blocks_2_norm2_bias,
        2,
        16,
        64,
        4,
        1e-05_f32,
    );
    let decoder_blocks_2_h_4 = g.silu(decoder_blocks_2_h_3);
    let decoder_blocks_2_h_5 = g.conv2d_hw(
        decoder_blocks_2_h_4,
        decoder_blocks_2_conv2_weight,
        2,
        16,
        8,
        8,
        16,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_2_skip = g.conv2d_hw(
        h_7,
        decoder_blocks_2_res_conv_weight,
        2,
        48,
        8,
        8,
        16,
        1,
        1,
        1,
        0,
        0,
    );
    let decoder_blocks_2_out = g.add(decoder_blocks_2_h_5, decoder_blocks_2_skip);
    let h_8 = g.group_norm(
        decoder_blocks_2_out,
        norm_out_weight,
        norm_out_bias,
        2,
        16,
        64,
        4,
        1e-05_f32,
    );
    let h_9 = g.silu(h_8);
    let sample = g.conv2d_hw(h_9, conv_out_weight, 2, 16, 8, 8, 4, 3, 3, 1, 1, 1);
    let loss = g.mse_loss(sample, target);
    vec![loss, sample]
}

/// The latency variant; returns its outputs (sample).
#[allow(clippy::let_and_return)]
pub fn build_latency(g: &mut Graph) -> Vec<NodeId> {
    let noisy_latent = g.input("noisy_latent", &[256]);
    let conv_in_weight = g.parameter("conv_in.weight", &[576]);
    let encoder_blocks_0_norm1_weight = g.parameter("encoder_blocks.0.norm1.weight", &[16]);
    let encoder_blocks_0_norm1_bias = g.parameter("encoder_blocks.0.norm1.bias", &[16]);
    let encoder_blocks_0_conv1_weight = g.parameter("encoder_blocks.0.conv1.weight", &[2304]);
    let encoder_blocks_0_norm2_weight = g.parameter("encoder_blocks.0.norm2.weight", &[16]);
    let encoder_blocks_0_norm2_bias = g.parameter("encoder_blocks.0.norm2.bias", &[16]);
    let encoder_blocks_0_conv2_weight = g.parameter("encoder_blocks.0.conv2.weight", &[2304]);
    let downsamples_0_weight = g.parameter("downsamples.0.weight", &[2304]);
    let encoder_blocks_1_norm1_weight = g.parameter("encoder_blocks.1.norm1.weight", &[16]);
    let encoder_blocks_1_norm1_bias = g.parameter("encoder_blocks.1.norm1.bias", &[16]);
    let encoder_blocks_1_conv1_weight = g.parameter("encoder_blocks.1.conv1.weight", &[4608]);
    let encoder_blocks_1_norm2_weight = g.parameter("encoder_blocks.1.norm2.weight", &[32]);
    let encoder_blocks_1_norm2_bias = g.parameter("encoder_blocks.1.norm2.bias", &[32]);
    let encoder_blocks_1_conv2_weight = g.parameter("encoder_blocks.1.conv2.weight", &[9216]);
    let encoder_blocks_1_res_conv_weight = g.parameter("encoder_blocks.1.res_conv.weight", &[512]);
    let downsamples_1_weight = g.parameter("downsamples.1.weight", &[9216]);
    let encoder_blocks_2_norm1_weight = g.parameter("encoder_blocks.2.norm1.weight", &[32]);
    let encoder_blocks_2_norm1_bias = g.parameter("encoder_blocks.2.norm1.bias", &[32]);
    let encoder_blocks_2_conv1_weight = g.parameter("encoder_blocks.2.conv1.weight", &[18432]);
    let encoder_blocks_2_norm2_weight = g.parameter("encoder_blocks.2.norm2.weight", &[64]);
    let encoder_blocks_2_norm2_bias = g.parameter("encoder_blocks.2.norm2.bias", &[64]);
    let encoder_blocks_2_conv2_weight = g.parameter("encoder_blocks.2.conv2.weight", &[36864]);
    let encoder_blocks_2_res_conv_weight = g.parameter("encoder_blocks.2.res_conv.weight", &[2048]);
    let middle_norm1_weight = g.parameter("middle.norm1.weight", &[64]);
    let middle_norm1_bias = g.parameter("middle.norm1.bias", &[64]);
    let middle_conv1_weight = g.parameter("middle.conv1.weight", &[36864]);
    let middle_norm2_weight = g.parameter("middle.norm2.weight", &[64]);
    let middle_norm2_bias = g.parameter("middle.norm2.bias", &[64]);
    let middle_conv2_weight = g.parameter("middle.conv2.weight", &[36864]);
    let decoder_blocks_0_norm1_weight = g.parameter("decoder_blocks.0.norm1.weight", &[128]);
    let decoder_blocks_0_norm1_bias = g.parameter("decoder_blocks.0.norm1.bias", &[128]);
    let decoder_blocks_0_conv1_weight = g.parameter("decoder_blocks.0.conv1.weight", &[73728]);
    let decoder_blocks_0_norm2_weight = g.parameter("decoder_blocks.0.norm2.weight", &[64]);
    let decoder_blocks_0_norm2_bias = g.parameter("decoder_blocks.0.norm2.bias", &[64]);
    let decoder_blocks_0_conv2_weight = g.parameter("decoder_blocks.0.conv2.weight", &[36864]);
    let decoder_blocks_0_res_conv_weight = g.parameter("decoder_blocks.0.res_conv.weight", &[8192]);
    let decoder_blocks_1_norm1_weight = g.parameter("decoder_blocks.1.norm1.weight", &[96]);
    let decoder_blocks_1_norm1_bias = g.parameter("decoder_blocks.1.norm1.bias", &[96]);
    let decoder_blocks_1_conv1_weight = g.parameter("decoder_blocks.1.conv1.weight", &[27648]);
    let decoder_blocks_1_norm2_weight = g.parameter("decoder_blocks.1.norm2.weight", &[32]);
    let decoder_blocks_1_norm2_bias = g.parameter("decoder_blocks.1.norm2.bias", &[32]);
    let decoder_blocks_1_conv2_weight = g.parameter("decoder_blocks.1.conv2.weight", &[9216]);
    let decoder_blocks_1_res_conv_weight = g.parameter("decoder_blocks.1.res_conv.weight", &[3072]);
    let decoder_blocks_2_norm1_weight = g.parameter("decoder_blocks.2.norm1.weight", &[48]);
    let decoder_blocks_2_norm1_bias = g.parameter("decoder_blocks.2.norm1.bias", &[48]);
    let decoder_blocks_2_conv1_weight = g.parameter("decoder_blocks.2.conv1.weight", &[6912]);
    let decoder_blocks_2_norm2_weight = g.parameter("decoder_blocks.2.norm2.weight", &[16]);
    let decoder_blocks_2_norm2_bias = g.parameter("decoder_blocks.2.norm2.bias", &[16]);
    let decoder_blocks_2_conv2_weight = g.parameter("decoder_blocks.2.conv2.weight", &[2304]);
    let decoder_blocks_2_res_conv_weight = g.parameter("decoder_blocks.2.res_conv.weight", &[768]);
    let norm_out_weight = g.parameter("norm_out.weight", &[16]);
    let norm_out_bias = g.parameter("norm_out.bias", &[16]);
    let conv_out_weight = g.parameter("conv_out.weight", &[576]);
    let h = g.conv2d_hw(noisy_latent, conv_in_weight, 1, 4, 8, 8, 16, 3, 3, 1, 1, 1);
    // encoder_blocks.0
    let encoder_blocks_0_h = g.group_norm(
        h,
        encoder_blocks_0_norm1_weight,
        encoder_blocks_0_norm1_bias,
        1,
        16,
        64,
        4,
        1e-05_f32,
    );
    let encoder_blocks_0_h_1 = g.silu(encoder_blocks_0_h);
    let encoder_blocks_0_h_2 = g.conv2d_hw(
        encoder_blocks_0_h_1,
        encoder_blocks_0_conv1_weight,
        1,
        16,
        8,
        8,
        16,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_0_h_3 = g.group_norm(
        encoder_blocks_0_h_2,
        encoder_blocks_0_norm2_weight,
        encoder_blocks_0_norm2_bias,
        1,
        16,
        64,
        4,
        1e-05_f32,
    );
    let encoder_blocks_0_h_4 = g.silu(encoder_blocks_0_h_3);
    let encoder_blocks_0_h_5 = g.conv2d_hw(
        encoder_blocks_0_h_4,
        encoder_blocks_0_conv2_weight,
        1,
        16,
        8,
        8,
        16,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_0_out = g.add(encoder_blocks_0_h_5, h);
    let h_1 = g.conv2d_hw(
        encoder_blocks_0_out,
        downsamples_0_weight,
        1,
        16,
        8,
        8,
        16,
        3,
        3,
        2,
        1,
        1,
    );
    // encoder_blocks.1
    let encoder_blocks_1_h = g.group_norm(
        h_1,
        encoder_blocks_1_norm1_weight,
        encoder_blocks_1_norm1_bias,
        1,
        16,
        16,
        4,
        1e-05_f32,
    );
    let encoder_blocks_1_h_1 = g.silu(encoder_blocks_1_h);
    let encoder_blocks_1_h_2 = g.conv2d_hw(
        encoder_blocks_1_h_1,
        encoder_blocks_1_conv1_weight,
        1,
        16,
        4,
        4,
        32,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_1_h_3 = g.group_norm(
        encoder_blocks_1_h_2,
        encoder_blocks_1_norm2_weight,
        encoder_blocks_1_norm2_bias,
        1,
        32,
        16,
        4,
        1e-05_f32,
    );
    let encoder_blocks_1_h_4 = g.silu(encoder_blocks_1_h_3);
    let encoder_blocks_1_h_5 = g.conv2d_hw(
        encoder_blocks_1_h_4,
        encoder_blocks_1_conv2_weight,
        1,
        32,
        4,
        4,
        32,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_1_skip = g.conv2d_hw(
        h_1,
        encoder_blocks_1_res_conv_weight,
        1,
        16,
        4,
        4,
        32,
        1,
        1,
        1,
        0,
        0,
    );
    let encoder_blocks_1_out = g.add(encoder_blocks_1_h_5, encoder_blocks_1_skip);
    let h_2 = g.conv2d_hw(
        encoder_blocks_1_out,
        downsamples_1_weight,
        1,
        32,
        4,
        4,
        32,
        3,
        3,
        2,
        1,
        1,
    );
    // encoder_blocks.2
    let encoder_blocks_2_h = g.group_norm(
        h_2,
        encoder_blocks_2_norm1_weight,
        encoder_blocks_2_norm1_bias,
        1,
        32,
        4,
        4,
        1e-05_f32,
    );
    let encoder_blocks_2_h_1 = g.silu(encoder_blocks_2_h);
    let encoder_blocks_2_h_2 = g.conv2d_hw(
        encoder_blocks_2_h_1,
        encoder_blocks_2_conv1_weight,
        1,
        32,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_2_h_3 = g.group_norm(
        encoder_blocks_2_h_2,
        encoder_blocks_2_norm2_weight,
        encoder_blocks_2_norm2_bias,
        1,
        64,
        4,
        4,
        1e-05_f32,
    );
    let encoder_blocks_2_h_4 = g.silu(encoder_blocks_2_h_3);
    let encoder_blocks_2_h_5 = g.conv2d_hw(
        encoder_blocks_2_h_4,
        encoder_blocks_2_conv2_weight,
        1,
        64,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let encoder_blocks_2_skip = g.conv2d_hw(
        h_2,
        encoder_blocks_2_res_conv_weight,
        1,
        32,
        2,
        2,
        64,
        1,
        1,
        1,
        0,
        0,
    );
    let encoder_blocks_2_out = g.add(encoder_blocks_2_h_5, encoder_blocks_2_skip);
    // middle
    let middle_h = g.group_norm(
        encoder_blocks_2_out,
        middle_norm1_weight,
        middle_norm1_bias,
        1,
        64,
        4,
        4,
        1e-05_f32,
    );
    let middle_h_1 = g.silu(middle_h);
    let middle_h_2 = g.conv2d_hw(
        middle_h_1,
        middle_conv1_weight,
        1,
        64,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let middle_h_3 = g.group_norm(
        middle_h_2,
        middle_norm2_weight,
        middle_norm2_bias,
        1,
        64,
        4,
        4,
        1e-05_f32,
    );
    let middle_h_4 = g.silu(middle_h_3);
    let middle_h_5 = g.conv2d_hw(
        middle_h_4,
        middle_conv2_weight,
        1,
        64,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let middle_out = g.add(middle_h_5, encoder_blocks_2_out);
    let h_3 = g.concat(middle_out, encoder_blocks_2_out, 1, 64, 64, 4);
    // decoder_blocks.0
    let decoder_blocks_0_h = g.group_norm(
        h_3,
        decoder_blocks_0_norm1_weight,
        decoder_blocks_0_norm1_bias,
        1,
        128,
        4,
        4,
        1e-05_f32,
    );
    let decoder_blocks_0_h_1 = g.silu(decoder_blocks_0_h);
    let decoder_blocks_0_h_2 = g.conv2d_hw(
        decoder_blocks_0_h_1,
        decoder_blocks_0_conv1_weight,
        1,
        128,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_0_h_3 = g.group_norm(
        decoder_blocks_0_h_2,
        decoder_blocks_0_norm2_weight,
        decoder_blocks_0_norm2_bias,
        1,
        64,
        4,
        4,
        1e-05_f32,
    );
    let decoder_blocks_0_h_4 = g.silu(decoder_blocks_0_h_3);
    let decoder_blocks_0_h_5 = g.conv2d_hw(
        decoder_blocks_0_h_4,
        decoder_blocks_0_conv2_weight,
        1,
        64,
        2,
        2,
        64,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_0_skip = g.conv2d_hw(
        h_3,
        decoder_blocks_0_res_conv_weight,
        1,
        128,
        2,
        2,
        64,
        1,
        1,
        1,
        0,
        0,
    );
    let decoder_blocks_0_out = g.add(decoder_blocks_0_h_5, decoder_blocks_0_skip);
    let h_4 = g.upsample_2x(decoder_blocks_0_out, 1, 64, 2, 2);
    let h_5 = g.concat(h_4, encoder_blocks_1_out, 1, 64, 32, 16);
    // decoder_blocks.1
    let decoder_blocks_1_h = g.group_norm(
        h_5,
        decoder_blocks_1_norm1_weight,
        decoder_blocks_1_norm1_bias,
        1,
        96,
        16,
        4,
        1e-05_f32,
    );
    let decoder_blocks_1_h_1 = g.silu(decoder_blocks_1_h);
    let decoder_blocks_1_h_2 = g.conv2d_hw(
        decoder_blocks_1_h_1,
        decoder_blocks_1_conv1_weight,
        1,
        96,
        4,
        4,
        32,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_1_h_3 = g.group_norm(
        decoder_blocks_1_h_2,
        decoder_blocks_1_norm2_weight,
        decoder_blocks_1_norm2_bias,
        1,
        32,
        16,
        4,
        1e-05_f32,
    );
    let decoder_blocks_1_h_4 = g.silu(decoder_blocks_1_h_3);
    let decoder_blocks_1_h_5 = g.conv2d_hw(
        decoder_blocks_1_h_4,
        decoder_blocks_1_conv2_weight,
        1,
        32,
        4,
        4,
        32,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_1_skip = g.conv2d_hw(
        h_5,
        decoder_blocks_1_res_conv_weight,
        1,
        96,
        4,
        4,
        32,
        1,
        1,
        1,
        0,
        0,
    );
    let decoder_blocks_1_out = g.add(decoder_blocks_1_h_5, decoder_blocks_1_skip);
    let h_6 = g.upsample_2x(decoder_blocks_1_out, 1, 32, 4, 4);
    let h_7 = g.concat(h_6, encoder_blocks_0_out, 1, 32, 16, 64);
    // decoder_blocks.2
    let decoder_blocks_2_h = g.group_norm(
        h_7,
        decoder_blocks_2_norm1_weight,
        decoder_blocks_2_norm1_bias,
        1,
        48,
        64,
        4,
        1e-05_f32,
    );
    let decoder_blocks_2_h_1 = g.silu(decoder_blocks_2_h);
    let decoder_blocks_2_h_2 = g.conv2d_hw(
        decoder_blocks_2_h_1,
        decoder_blocks_2_conv1_weight,
        1,
        48,
        8,
        8,
        16,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_2_h_3 = g.group_norm(
        decoder_blocks_2_h_2,
        decoder_blocks_2_norm2_weight,
        decoder_blocks_2_norm2_bias,
        1,
        16,
        64,
        4,
        1e-05_f32,
    );
    let decoder_blocks_2_h_4 = g.silu(decoder_blocks_2_h_3);
    let decoder_blocks_2_h_5 = g.conv2d_hw(
        decoder_blocks_2_h_4,
        decoder_blocks_2_conv2_weight,
        1,
        16,
        8,
        8,
        16,
        3,
        3,
        1,
        1,
        1,
    );
    let decoder_blocks_2_skip = g.conv2d_hw(
        h_7,
        decoder_blocks_2_res_conv_weight,
        1,
        48,
        8,
        8,
        16,
        1,
        1,
        1,
        0,
        0,
    );
    let decoder_blocks_2_out = g.add(decoder_blocks_2_h_5, decoder_blocks_2_skip);
    let h_8 = g.group_norm(
        decoder_blocks_2_out,
        norm_out_weight,
        norm_out_bias,
        1,
        16,
        64,
        4,
        1e-05_f32,
    );
    let h_9 = g.silu(h_8);
    let sample = g.conv2d_hw(h_9, conv_out_weight, 1, 16, 8, 8, 4, 3, 3, 1, 1, 1);
    vec![sample]
}
