//! The graphs of ResNet in Meganeura's builder, one function per variant, op by op as the
//! IR writes them. Values are flat [rows, columns]; attention heads stay [S, H * D].
use meganeura::{Graph, NodeId};

/// The full variant; returns its outputs (loss, logits).
#[allow(clippy::let_and_return)]
pub fn build_full(g: &mut Graph) -> Vec<NodeId> {
    let images = g.input("images", &[12288]);
    let labels = g.input("labels", &[4, 10]);
    let conv1_weight = g.parameter("conv1.weight", &[9408]);
    let bn1_weight = g.parameter("bn1.weight", &[64]);
    let bn1_bias = g.parameter("bn1.bias", &[64]);
    let bn1_running_mean = g.parameter("bn1.running_mean", &[64]);
    let bn1_running_var = g.parameter("bn1.running_var", &[64]);
    let layer1_0_conv1_weight = g.parameter("layer1.0.conv1.weight", &[512]);
    let layer1_0_bn1_weight = g.parameter("layer1.0.bn1.weight", &[8]);
    let layer1_0_bn1_bias = g.parameter("layer1.0.bn1.bias", &[8]);
    let layer1_0_bn1_running_mean = g.parameter("layer1.0.bn1.running_mean", &[8]);
    let layer1_0_bn1_running_var = g.parameter("layer1.0.bn1.running_var", &[8]);
    let layer1_0_conv2_weight = g.parameter("layer1.0.conv2.weight", &[576]);
    let layer1_0_bn2_weight = g.parameter("layer1.0.bn2.weight", &[8]);
    let layer1_0_bn2_bias = g.parameter("layer1.0.bn2.bias", &[8]);
    let layer1_0_bn2_running_mean = g.parameter("layer1.0.bn2.running_mean", &[8]);
    let layer1_0_bn2_running_var = g.parameter("layer1.0.bn2.running_var", &[8]);
    let layer1_0_conv3_weight = g.parameter("layer1.0.conv3.weight", &[2048]);
    let layer1_0_bn3_weight = g.parameter("layer1.0.bn3.weight", &[256]);
    let layer1_0_bn3_bias = g.parameter("layer1.0.bn3.bias", &[256]);
    let layer1_0_bn3_running_mean = g.parameter("layer1.0.bn3.running_mean", &[256]);
    let layer1_0_bn3_running_var = g.parameter("layer1.0.bn3.running_var", &[256]);
    let layer1_0_downsample_0_weight = g.parameter("layer1.0.downsample.0.weight", &[16384]);
    let layer1_0_downsample_1_weight = g.parameter("layer1.0.downsample.1.weight", &[256]);
    let layer1_0_downsample_1_bias = g.parameter("layer1.0.downsample.1.bias", &[256]);
    let layer1_0_downsample_1_running_mean =
        g.parameter("layer1.0.downsample.1.running_mean", &[256]);
    let layer1_0_downsample_1_running_var =
        g.parameter("layer1.0.downsample.1.running_var", &[256]);
    let layer2_0_conv1_weight = g.parameter("layer2.0.conv1.weight", &[4096]);
    let layer2_0_bn1_weight = g.parameter("layer2.0.bn1.weight", &[16]);
    let layer2_0_bn1_bias = g.parameter("layer2.0.bn1.bias", &[16]);
    let layer2_0_bn1_running_mean = g.parameter("layer2.0.bn1.running_mean", &[16]);
    let layer2_0_bn1_running_var = g.parameter("layer2.0.bn1.running_var", &[16]);
    let layer2_0_conv2_weight = g.parameter("layer2.0.conv2.weight", &[2304]);
    let layer2_0_bn2_weight = g.parameter("layer2.0.bn2.weight", &[16]);
    let layer2_0_bn2_bias = g.parameter("layer2.0.bn2.bias", &[16]);
    let layer2_0_bn2_running_mean = g.parameter("layer2.0.bn2.running_mean", &[16]);
    let layer2_0_bn2_running_var = g.parameter("layer2.0.bn2.running_var", &[16]);
    let layer2_0_conv3_weight = g.parameter("layer2.0.conv3.weight", &[8192]);
    let layer2_0_bn3_weight = g.parameter("layer2.0.bn3.weight", &[512]);
    let layer2_0_bn3_bias = g.parameter("layer2.0.bn3.bias", &[512]);
    let layer2_0_bn3_running_mean = g.parameter("layer2.0.bn3.running_mean", &[512]);
    let layer2_0_bn3_running_var = g.parameter("layer2.0.bn3.running_var", &[512]);
    let layer2_0_downsample_0_weight = g.parameter("layer2.0.downsample.0.weight", &[131072]);
    let layer2_0_downsample_1_weight = g.parameter("layer2.0.downsample.1.weight", &[512]);
    let layer2_0_downsample_1_bias = g.parameter("layer2.0.downsample.1.bias", &[512]);
    let layer2_0_downsample_1_running_mean =
        g.parameter("layer2.0.downsample.1.running_mean", &[512]);
    let layer2_0_downsample_1_running_var =
        g.parameter("layer2.0.downsample.1.running_var", &[512]);
    let layer3_0_conv1_weight = g.parameter("layer3.0.conv1.weight", &[16384]);
    let layer3_0_bn1_weight = g.parameter("layer3.0.bn1.weight", &[32]);
    let layer3_0_bn1_bias = g.parameter("layer3.0.bn1.bias", &[32]);
    let layer3_0_bn1_running_mean = g.parameter("layer3.0.bn1.running_mean", &[32]);
    let layer3_0_bn1_running_var = g.parameter("layer3.0.bn1.running_var", &[32]);
    let layer3_0_conv2_weight = g.parameter("layer3.0.conv2.weight", &[9216]);
    let layer3_0_bn2_weight = g.parameter("layer3.0.bn2.weight", &[32]);
    let layer3_0_bn2_bias = g.parameter("layer3.0.bn2.bias", &[32]);
    let layer3_0_bn2_running_mean = g.parameter("layer3.0.bn2.running_mean", &[32]);
    let layer3_0_bn2_running_var = g.parameter("layer3.0.bn2.running_var", &[32]);
    let layer3_0_conv3_weight = g.parameter("layer3.0.conv3.weight", &[32768]);
    let layer3_0_bn3_weight = g.parameter("layer3.0.bn3.weight", &[1024]);
    let layer3_0_bn3_bias = g.parameter("layer3.0.bn3.bias", &[1024]);
    let layer3_0_bn3_running_mean = g.parameter("layer3.0.bn3.running_mean", &[1024]);
    let layer3_0_bn3_running_var = g.parameter("layer3.0.bn3.running_var", &[1024]);
    let layer3_0_downsample_0_weight = g.parameter("layer3.0.downsample.0.weight", &[524288]);
    let layer3_0_downsample_1_weight = g.parameter("layer3.0.downsample.1.weight", &[1024]);
    let layer3_0_downsample_1_bias = g.parameter("layer3.0.downsample.1.bias", &[1024]);
    let layer3_0_downsample_1_running_mean =
        g.parameter("layer3.0.downsample.1.running_mean", &[1024]);
    let layer3_0_downsample_1_running_var =
        g.parameter("layer3.0.downsample.1.running_var", &[1024]);
    let layer4_0_conv1_weight = g.parameter("layer4.0.conv1.weight", &[65536]);
    let layer4_0_bn1_weight = g.parameter("layer4.0.bn1.weight", &[64]);
    let layer4_0_bn1_bias = g.parameter("layer4.0.bn1.bias", &[64]);
    let layer4_0_bn1_running_mean = g.parameter("layer4.0.bn1.running_mean", &[64]);
    let layer4_0_bn1_running_var = g.parameter("layer4.0.bn1.running_var", &[64]);
    let layer4_0_conv2_weight = g.parameter("layer4.0.conv2.weight", &[36864]);
    let layer4_0_bn2_weight = g.parameter("layer4.0.bn2.weight", &[64]);
    let layer4_0_bn2_bias = g.parameter("layer4.0.bn2.bias", &[64]);
    let layer4_0_bn2_running_mean = g.parameter("layer4.0.bn2.running_mean", &[64]);
    let layer4_0_bn2_running_var = g.parameter("layer4.0.bn2.running_var", &[64]);
    let layer4_0_conv3_weight = g.parameter("layer4.0.conv3.weight", &[131072]);
    let layer4_0_bn3_weight = g.parameter("layer4.0.bn3.weight", &[2048]);
    let layer4_0_bn3_bias = g.parameter("layer4.0.bn3.bias", &[2048]);
    let layer4_0_bn3_running_mean = g.parameter("layer4.0.bn3.running_mean", &[2048]);
    let layer4_0_bn3_running_var = g.parameter("layer4.0.bn3.running_var", &[2048]);
    let layer4_0_downsample_0_weight = g.parameter("layer4.0.downsample.0.weight", &[2097152]);
    let layer4_0_downsample_1_weight = g.parameter("layer4.0.downsample.1.weight", &[2048]);
    let layer4_0_downsample_1_bias = g.parameter("layer4.0.downsample.1.bias", &[2048]);
    let layer4_0_downsample_1_running_mean =
        g.parameter("layer4.0.downsample.1.running_mean", &[2048]);
    let layer4_0_downsample_1_running_var =
        g.parameter("layer4.0.downsample.1.running_var", &[2048]);
    let fc_weight = g.parameter("fc.weight", &[10, 2048]);
    let fc_bias = g.parameter("fc.bias", &[10]);
    let x = g.conv2d_hw(images, conv1_weight, 4, 3, 32, 32, 64, 7, 7, 2, 3, 3);
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let x_1_eps = g.constant(vec![1e-05; 64], &[64]);
    let x_1_minus_half = g.constant(vec![-0.5; 64], &[64]);
    let x_1_var = g.add(bn1_running_var, x_1_eps);
    let x_1_log_var = g.log(x_1_var);
    let x_1_half_log_var = g.mul(x_1_log_var, x_1_minus_half);
    let x_1_rsqrt = g.exp(x_1_half_log_var);
    let x_1_scale = g.mul(bn1_weight, x_1_rsqrt);
    let x_1_mean_scaled = g.mul(bn1_running_mean, x_1_scale);
    let x_1_minus_mean_scaled = g.neg(x_1_mean_scaled);
    let x_1_shift = g.add(bn1_bias, x_1_minus_mean_scaled);
    let x_1_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let x_1_scale_row = g.reshape(x_1_scale, &[1, 64]);
    let x_1_scale_tiled = g.matmul(x_1_ones, x_1_scale_row);
    let x_1_gate = g.reshape(x_1_scale_tiled, &[256]);
    let x_1_scaled = g.mul_per_channel(x, x_1_gate, 64, 256);
    let x_1 = g.add_per_channel(x_1_scaled, x_1_shift, 64, 256);
    let x_2 = g.relu(x_1);
    let x_3 = g.max_pool_2d(x_2, 4, 64, 16, 16, 3, 3, 2, 1);
    // layer1.0
    let layer1_0_out = g.conv2d_hw(x_3, layer1_0_conv1_weight, 4, 64, 8, 8, 8, 1, 1, 1, 0, 0);
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer1_0_out_1_eps = g.constant(vec![1e-05; 8], &[8]);
    let layer1_0_out_1_minus_half = g.constant(vec![-0.5; 8], &[8]);
    let layer1_0_out_1_var = g.add(layer1_0_bn1_running_var, layer1_0_out_1_eps);
    let layer1_0_out_1_log_var = g.log(layer1_0_out_1_var);
    let layer1_0_out_1_half_log_var = g.mul(layer1_0_out_1_log_var, layer1_0_out_1_minus_half);
    let layer1_0_out_1_rsqrt = g.exp(layer1_0_out_1_half_log_var);
    let layer1_0_out_1_scale = g.mul(layer1_0_bn1_weight, layer1_0_out_1_rsqrt);
    let layer1_0_out_1_mean_scaled = g.mul(layer1_0_bn1_running_mean, layer1_0_out_1_scale);
    let layer1_0_out_1_minus_mean_scaled = g.neg(layer1_0_out_1_mean_scaled);
    let layer1_0_out_1_shift = g.add(layer1_0_bn1_bias, layer1_0_out_1_minus_mean_scaled);
    let layer1_0_out_1_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer1_0_out_1_scale_row = g.reshape(layer1_0_out_1_scale, &[1, 8]);
    let layer1_0_out_1_scale_tiled = g.matmul(layer1_0_out_1_ones, layer1_0_out_1_scale_row);
    let layer1_0_out_1_gate = g.reshape(layer1_0_out_1_scale_tiled, &[32]);
    let layer1_0_out_1_scaled = g.mul_per_channel(layer1_0_out, layer1_0_out_1_gate, 8, 64);
    let layer1_0_out_1 = g.add_per_channel(layer1_0_out_1_scaled, layer1_0_out_1_shift, 8, 64);
    let layer1_0_out_2 = g.relu(layer1_0_out_1);
    let layer1_0_out_3 = g.conv2d_hw(
        layer1_0_out_2,
        layer1_0_conv2_weight,
        4,
        8,
        8,
        8,
        8,
        3,
        3,
        1,
        1,
        1,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer1_0_out_4_eps = g.constant(vec![1e-05; 8], &[8]);
    let layer1_0_out_4_minus_half = g.constant(vec![-0.5; 8], &[8]);
    let layer1_0_out_4_var = g.add(layer1_0_bn2_running_var, layer1_0_out_4_eps);
    let layer1_0_out_4_log_var = g.log(layer1_0_out_4_var);
    let layer1_0_out_4_half_log_var = g.mul(layer1_0_out_4_log_var, layer1_0_out_4_minus_half);
    let layer1_0_out_4_rsqrt = g.exp(layer1_0_out_4_half_log_var);
    let layer1_0_out_4_scale = g.mul(layer1_0_bn2_weight, layer1_0_out_4_rsqrt);
    let layer1_0_out_4_mean_scaled = g.mul(layer1_0_bn2_running_mean, layer1_0_out_4_scale);
    let layer1_0_out_4_minus_mean_scaled = g.neg(layer1_0_out_4_mean_scaled);
    let layer1_0_out_4_shift = g.add(layer1_0_bn2_bias, layer1_0_out_4_minus_mean_scaled);
    let layer1_0_out_4_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer1_0_out_4_scale_row = g.reshape(layer1_0_out_4_scale, &[1, 8]);
    let layer1_0_out_4_scale_tiled = g.matmul(layer1_0_out_4_ones, layer1_0_out_4_scale_row);
    let layer1_0_out_4_gate = g.reshape(layer1_0_out_4_scale_tiled, &[32]);
    let layer1_0_out_4_scaled = g.mul_per_channel(layer1_0_out_3, layer1_0_out_4_gate, 8, 64);
    let layer1_0_out_4 = g.add_per_channel(layer1_0_out_4_scaled, layer1_0_out_4_shift, 8, 64);
    let layer1_0_out_5 = g.relu(layer1_0_out_4);
    let layer1_0_out_6 = g.conv2d_hw(
        layer1_0_out_5,
        layer1_0_conv3_weight,
        4,
        8,
        8,
        8,
        256,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer1_0_out_7_eps = g.constant(vec![1e-05; 256], &[256]);
    let layer1_0_out_7_minus_half = g.constant(vec![-0.5; 256], &[256]);
    let layer1_0_out_7_var = g.add(layer1_0_bn3_running_var, layer1_0_out_7_eps);
    let layer1_0_out_7_log_var = g.log(layer1_0_out_7_var);
    let layer1_0_out_7_half_log_var = g.mul(layer1_0_out_7_log_var, layer1_0_out_7_minus_half);
    let layer1_0_out_7_rsqrt = g.exp(layer1_0_out_7_half_log_var);
    let layer1_0_out_7_scale = g.mul(layer1_0_bn3_weight, layer1_0_out_7_rsqrt);
    let layer1_0_out_7_mean_scaled = g.mul(layer1_0_bn3_running_mean, layer1_0_out_7_scale);
    let layer1_0_out_7_minus_mean_scaled = g.neg(layer1_0_out_7_mean_scaled);
    let layer1_0_out_7_shift = g.add(layer1_0_bn3_bias, layer1_0_out_7_minus_mean_scaled);
    let layer1_0_out_7_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer1_0_out_7_scale_row = g.reshape(layer1_0_out_7_scale, &[1, 256]);
    let layer1_0_out_7_scale_tiled = g.matmul(layer1_0_out_7_ones, layer1_0_out_7_scale_row);
    let layer1_0_out_7_gate = g.reshape(layer1_0_out_7_scale_tiled, &[1024]);
    let layer1_0_out_7_scaled = g.mul_per_channel(layer1_0_out_6, layer1_0_out_7_gate, 256, 64);
    let layer1_0_out_7 = g.add_per_channel(layer1_0_out_7_scaled, layer1_0_out_7_shift, 256, 64);
    let layer1_0_identity = g.conv2d_hw(
        x_3,
        layer1_0_downsample_0_weight,
        4,
        64,
        8,
        8,
        256,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer1_0_identity_1_eps = g.constant(vec![1e-05; 256], &[256]);
    let layer1_0_identity_1_minus_half = g.constant(vec![-0.5; 256], &[256]);
    let layer1_0_identity_1_var = g.add(layer1_0_downsample_1_running_var, layer1_0_identity_1_eps);
    let layer1_0_identity_1_log_var = g.log(layer1_0_identity_1_var);
    let layer1_0_identity_1_half_log_var =
        g.mul(layer1_0_identity_1_log_var, layer1_0_identity_1_minus_half);
    let layer1_0_identity_1_rsqrt = g.exp(layer1_0_identity_1_half_log_var);
    let layer1_0_identity_1_scale = g.mul(layer1_0_downsample_1_weight, layer1_0_identity_1_rsqrt);
    let layer1_0_identity_1_mean_scaled = g.mul(
        layer1_0_downsample_1_running_mean,
        layer1_0_identity_1_scale,
    );
    let layer1_0_identity_1_minus_mean_scaled = g.neg(layer1_0_identity_1_mean_scaled);
    let layer1_0_identity_1_shift = g.add(
        layer1_0_downsample_1_bias,
        layer1_0_identity_1_minus_mean_scaled,
    );
    let layer1_0_identity_1_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer1_0_identity_1_scale_row = g.reshape(layer1_0_identity_1_scale, &[1, 256]);
    let layer1_0_identity_1_scale_tiled =
        g.matmul(layer1_0_identity_1_ones, layer1_0_identity_1_scale_row);
    let layer1_0_identity_1_gate = g.reshape(layer1_0_identity_1_scale_tiled, &[1024]);
    let layer1_0_identity_1_scaled =
        g.mul_per_channel(layer1_0_identity, layer1_0_identity_1_gate, 256, 64);
    let layer1_0_identity_1 = g.add_per_channel(
        layer1_0_identity_1_scaled,
        layer1_0_identity_1_shift,
        256,
        64,
    );
    let layer1_0_out_8 = g.add(layer1_0_out_7, layer1_0_identity_1);
    let layer1_0_x = g.relu(layer1_0_out_8);
    // layer2.0
    let layer2_0_out = g.conv2d_hw(
        layer1_0_x,
        layer2_0_conv1_weight,
        4,
        256,
        8,
        8,
        16,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer2_0_out_1_eps = g.constant(vec![1e-05; 16], &[16]);
    let layer2_0_out_1_minus_half = g.constant(vec![-0.5; 16], &[16]);
    let layer2_0_out_1_var = g.add(layer2_0_bn1_running_var, layer2_0_out_1_eps);
    let layer2_0_out_1_log_var = g.log(layer2_0_out_1_var);
    let layer2_0_out_1_half_log_var = g.mul(layer2_0_out_1_log_var, layer2_0_out_1_minus_half);
    let layer2_0_out_1_rsqrt = g.exp(layer2_0_out_1_half_log_var);
    let layer2_0_out_1_scale = g.mul(layer2_0_bn1_weight, layer2_0_out_1_rsqrt);
    let layer2_0_out_1_mean_scaled = g.mul(layer2_0_bn1_running_mean, layer2_0_out_1_scale);
    let layer2_0_out_1_minus_mean_scaled = g.neg(layer2_0_out_1_mean_scaled);
    let layer2_0_out_1_shift = g.add(layer2_0_bn1_bias, layer2_0_out_1_minus_mean_scaled);
    let layer2_0_out_1_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer2_0_out_1_scale_row = g.reshape(layer2_0_out_1_scale, &[1, 16]);
    let layer2_0_out_1_scale_tiled = g.matmul(layer2_0_out_1_ones, layer2_0_out_1_scale_row);
    let layer2_0_out_1_gate = g.reshape(layer2_0_out_1_scale_tiled, &[64]);
    let layer2_0_out_1_scaled = g.mul_per_channel(layer2_0_out, layer2_0_out_1_gate, 16, 64);
    let layer2_0_out_1 = g.add_per_channel(layer2_0_out_1_scaled, layer2_0_out_1_shift, 16, 64);
    let layer2_0_out_2 = g.relu(layer2_0_out_1);
    let layer2_0_out_3 = g.conv2d_hw(
        layer2_0_out_2,
        layer2_0_conv2_weight,
        4,
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
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer2_0_out_4_eps = g.constant(vec![1e-05; 16], &[16]);
    let layer2_0_out_4_minus_half = g.constant(vec![-0.5; 16], &[16]);
    let layer2_0_out_4_var = g.add(layer2_0_bn2_running_var, layer2_0_out_4_eps);
    let layer2_0_out_4_log_var = g.log(layer2_0_out_4_var);
    let layer2_0_out_4_half_log_var = g.mul(layer2_0_out_4_log_var, layer2_0_out_4_minus_half);
    let layer2_0_out_4_rsqrt = g.exp(layer2_0_out_4_half_log_var);
    let layer2_0_out_4_scale = g.mul(layer2_0_bn2_weight, layer2_0_out_4_rsqrt);
    let layer2_0_out_4_mean_scaled = g.mul(layer2_0_bn2_running_mean, layer2_0_out_4_scale);
    let layer2_0_out_4_minus_mean_scaled = g.neg(layer2_0_out_4_mean_scaled);
    let layer2_0_out_4_shift = g.add(layer2_0_bn2_bias, layer2_0_out_4_minus_mean_scaled);
    let layer2_0_out_4_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer2_0_out_4_scale_row = g.reshape(layer2_0_out_4_scale, &[1, 16]);
    let layer2_0_out_4_scale_tiled = g.matmul(layer2_0_out_4_ones, layer2_0_out_4_scale_row);
    let layer2_0_out_4_gate = g.reshape(layer2_0_out_4_scale_tiled, &[64]);
    let layer2_0_out_4_scaled = g.mul_per_channel(layer2_0_out_3, layer2_0_out_4_gate, 16, 16);
    let layer2_0_out_4 = g.add_per_channel(layer2_0_out_4_scaled, layer2_0_out_4_shift, 16, 16);
    let layer2_0_out_5 = g.relu(layer2_0_out_4);
    let layer2_0_out_6 = g.conv2d_hw(
        layer2_0_out_5,
        layer2_0_conv3_weight,
        4,
        16,
        4,
        4,
        512,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer2_0_out_7_eps = g.constant(vec![1e-05; 512], &[512]);
    let layer2_0_out_7_minus_half = g.constant(vec![-0.5; 512], &[512]);
    let layer2_0_out_7_var = g.add(layer2_0_bn3_running_var, layer2_0_out_7_eps);
    let layer2_0_out_7_log_var = g.log(layer2_0_out_7_var);
    let layer2_0_out_7_half_log_var = g.mul(layer2_0_out_7_log_var, layer2_0_out_7_minus_half);
    let layer2_0_out_7_rsqrt = g.exp(layer2_0_out_7_half_log_var);
    let layer2_0_out_7_scale = g.mul(layer2_0_bn3_weight, layer2_0_out_7_rsqrt);
    let layer2_0_out_7_mean_scaled = g.mul(layer2_0_bn3_running_mean, layer2_0_out_7_scale);
    let layer2_0_out_7_minus_mean_scaled = g.neg(layer2_0_out_7_mean_scaled);
    let layer2_0_out_7_shift = g.add(layer2_0_bn3_bias, layer2_0_out_7_minus_mean_scaled);
    let layer2_0_out_7_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer2_0_out_7_scale_row = g.reshape(layer2_0_out_7_scale, &[1, 512]);
    let layer2_0_out_7_scale_tiled = g.matmul(layer2_0_out_7_ones, layer2_0_out_7_scale_row);
    let layer2_0_out_7_gate = g.reshape(layer2_0_out_7_scale_tiled, &[2048]);
    let layer2_0_out_7_scaled = g.mul_per_channel(layer2_0_out_6, layer2_0_out_7_gate, 512, 16);
    let layer2_0_out_7 = g.add_per_channel(layer2_0_out_7_scaled, layer2_0_out_7_shift, 512, 16);
    let layer2_0_identity = g.conv2d_hw(
        layer1_0_x,
        layer2_0_downsample_0_weight,
        4,
        256,
        8,
        8,
        512,
        1,
        1,
        2,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer2_0_identity_1_eps = g.constant(vec![1e-05; 512], &[512]);
    let layer2_0_identity_1_minus_half = g.constant(vec![-0.5; 512], &[512]);
    let layer2_0_identity_1_var = g.add(layer2_0_downsample_1_running_var, layer2_0_identity_1_eps);
    let layer2_0_identity_1_log_var = g.log(layer2_0_identity_1_var);
    let layer2_0_identity_1_half_log_var =
        g.mul(layer2_0_identity_1_log_var, layer2_0_identity_1_minus_half);
    let layer2_0_identity_1_rsqrt = g.exp(layer2_0_identity_1_half_log_var);
    let layer2_0_identity_1_scale = g.mul(layer2_0_downsample_1_weight, layer2_0_identity_1_rsqrt);
    let layer2_0_identity_1_mean_scaled = g.mul(
        layer2_0_downsample_1_running_mean,
        layer2_0_identity_1_scale,
    );
    let layer2_0_identity_1_minus_mean_scaled = g.neg(layer2_0_identity_1_mean_scaled);
    let layer2_0_identity_1_shift = g.add(
        layer2_0_downsample_1_bias,
        layer2_0_identity_1_minus_mean_scaled,
    );
    let layer2_0_identity_1_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer2_0_identity_1_scale_row = g.reshape(layer2_0_identity_1_scale, &[1, 512]);
    let layer2_0_identity_1_scale_tiled =
        g.matmul(layer2_0_identity_1_ones, layer2_0_identity_1_scale_row);
    let layer2_0_identity_1_gate = g.reshape(layer2_0_identity_1_scale_tiled, &[2048]);
    let layer2_0_identity_1_scaled =
        g.mul_per_channel(layer2_0_identity, layer2_0_identity_1_gate, 512, 16);
    let layer2_0_identity_1 = g.add_per_channel(
        layer2_0_identity_1_scaled,
        layer2_0_identity_1_shift,
        512,
        16,
    );
    let layer2_0_out_8 = g.add(layer2_0_out_7, layer2_0_identity_1);
    let layer2_0_x = g.relu(layer2_0_out_8);
    // layer3.0
    let layer3_0_out = g.conv2d_hw(
        layer2_0_x,
        layer3_0_conv1_weight,
        4,
        512,
        4,
        4,
        32,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer3_0_out_1_eps = g.constant(vec![1e-05; 32], &[32]);
    let layer3_0_out_1_minus_half = g.constant(vec![-0.5; 32], &[32]);
    let layer3_0_out_1_var = g.add(layer3_0_bn1_running_var, layer3_0_out_1_eps);
    let layer3_0_out_1_log_var = g.log(layer3_0_out_1_var);
    let layer3_0_out_1_half_log_var = g.mul(layer3_0_out_1_log_var, layer3_0_out_1_minus_half);
    let layer3_0_out_1_rsqrt = g.exp(layer3_0_out_1_half_log_var);
    let layer3_0_out_1_scale = g.mul(layer3_0_bn1_weight, layer3_0_out_1_rsqrt);
    let layer3_0_out_1_mean_scaled = g.mul(layer3_0_bn1_running_mean, layer3_0_out_1_scale);
    let layer3_0_out_1_minus_mean_scaled = g.neg(layer3_0_out_1_mean_scaled);
    let layer3_0_out_1_shift = g.add(layer3_0_bn1_bias, layer3_0_out_1_minus_mean_scaled);
    let layer3_0_out_1_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer3_0_out_1_scale_row = g.reshape(layer3_0_out_1_scale, &[1, 32]);
    let layer3_0_out_1_scale_tiled = g.matmul(layer3_0_out_1_ones, layer3_0_out_1_scale_row);
    let layer3_0_out_1_gate = g.reshape(layer3_0_out_1_scale_tiled, &[128]);
    let layer3_0_out_1_scaled = g.mul_per_channel(layer3_0_out, layer3_0_out_1_gate, 32, 16);
    let layer3_0_out_1 = g.add_per_channel(layer3_0_out_1_scaled, layer3_0_out_1_shift, 32, 16);
    let layer3_0_out_2 = g.relu(layer3_0_out_1);
    let layer3_0_out_3 = g.conv2d_hw(
        layer3_0_out_2,
        layer3_0_conv2_weight,
        4,
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
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer3_0_out_4_eps = g.constant(vec![1e-05; 32], &[32]);
    let layer3_0_out_4_minus_half = g.constant(vec![-0.5; 32], &[32]);
    let layer3_0_out_4_var = g.add(layer3_0_bn2_running_var, layer3_0_out_4_eps);
    let layer3_0_out_4_log_var = g.log(layer3_0_out_4_var);
    let layer3_0_out_4_half_log_var = g.mul(layer3_0_out_4_log_var, layer3_0_out_4_minus_half);
    let layer3_0_out_4_rsqrt = g.exp(layer3_0_out_4_half_log_var);
    let layer3_0_out_4_scale = g.mul(layer3_0_bn2_weight, layer3_0_out_4_rsqrt);
    let layer3_0_out_4_mean_scaled = g.mul(layer3_0_bn2_running_mean, layer3_0_out_4_scale);
    let layer3_0_out_4_minus_mean_scaled = g.neg(layer3_0_out_4_mean_scaled);
    let layer3_0_out_4_shift = g.add(layer3_0_bn2_bias, layer3_0_out_4_minus_mean_scaled);
    let layer3_0_out_4_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer3_0_out_4_scale_row = g.reshape(layer3_0_out_4_scale, &[1, 32]);
    let layer3_0_out_4_scale_tiled = g.matmul(layer3_0_out_4_ones, layer3_0_out_4_scale_row);
    let layer3_0_out_4_gate = g.reshape(layer3_0_out_4_scale_tiled, &[128]);
    let layer3_0_out_4_scaled = g.mul_per_channel(layer3_0_out_3, layer3_0_out_4_gate, 32, 4);
    let layer3_0_out_4 = g.add_per_channel(layer3_0_out_4_scaled, layer3_0_out_4_shift, 32, 4);
    let layer3_0_out_5 = g.relu(layer3_0_out_4);
    let layer3_0_out_6 = g.conv2d_hw(
        layer3_0_out_5,
        layer3_0_conv3_weight,
        4,
        32,
        2,
        2,
        1024,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer3_0_out_7_eps = g.constant(vec![1e-05; 1024], &[1024]);
    let layer3_0_out_7_minus_half = g.constant(vec![-0.5; 1024], &[1024]);
    let layer3_0_out_7_var = g.add(layer3_0_bn3_running_var, layer3_0_out_7_eps);
    let layer3_0_out_7_log_var = g.log(layer3_0_out_7_var);
    let layer3_0_out_7_half_log_var = g.mul(layer3_0_out_7_log_var, layer3_0_out_7_minus_half);
    let layer3_0_out_7_rsqrt = g.exp(layer3_0_out_7_half_log_var);
    let layer3_0_out_7_scale = g.mul(layer3_0_bn3_weight, layer3_0_out_7_rsqrt);
    let layer3_0_out_7_mean_scaled = g.mul(layer3_0_bn3_running_mean, layer3_0_out_7_scale);
    let layer3_0_out_7_minus_mean_scaled = g.neg(layer3_0_out_7_mean_scaled);
    let layer3_0_out_7_shift = g.add(layer3_0_bn3_bias, layer3_0_out_7_minus_mean_scaled);
    let layer3_0_out_7_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer3_0_out_7_scale_row = g.reshape(layer3_0_out_7_scale, &[1, 1024]);
    let layer3_0_out_7_scale_tiled = g.matmul(layer3_0_out_7_ones, layer3_0_out_7_scale_row);
    let layer3_0_out_7_gate = g.reshape(layer3_0_out_7_scale_tiled, &[4096]);
    let layer3_0_out_7_scaled = g.mul_per_channel(layer3_0_out_6, layer3_0_out_7_gate, 1024, 4);
    let layer3_0_out_7 = g.add_per_channel(layer3_0_out_7_scaled, layer3_0_out_7_shift, 1024, 4);
    let layer3_0_identity = g.conv2d_hw(
        layer2_0_x,
        layer3_0_downsample_0_weight,
        4,
        512,
        4,
        4,
        1024,
        1,
        1,
        2,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer3_0_identity_1_eps = g.constant(vec![1e-05; 1024], &[1024]);
    let layer3_0_identity_1_minus_half = g.constant(vec![-0.5; 1024], &[1024]);
    let layer3_0_identity_1_var = g.add(layer3_0_downsample_1_running_var, layer3_0_identity_1_eps);
    let layer3_0_identity_1_log_var = g.log(layer3_0_identity_1_var);
    let layer3_0_identity_1_half_log_var =
        g.mul(layer3_0_identity_1_log_var, layer3_0_identity_1_minus_half);
    let layer3_0_identity_1_rsqrt = g.exp(layer3_0_identity_1_half_log_var);
    let layer3_0_identity_1_scale = g.mul(layer3_0_downsample_1_weight, layer3_0_identity_1_rsqrt);
    let layer3_0_identity_1_mean_scaled = g.mul(
        layer3_0_downsample_1_running_mean,
        layer3_0_identity_1_scale,
    );
    let layer3_0_identity_1_minus_mean_scaled = g.neg(layer3_0_identity_1_mean_scaled);
    let layer3_0_identity_1_shift = g.add(
        layer3_0_downsample_1_bias,
        layer3_0_identity_1_minus_mean_scaled,
    );
    let layer3_0_identity_1_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer3_0_identity_1_scale_row = g.reshape(layer3_0_identity_1_scale, &[1, 1024]);
    let layer3_0_identity_1_scale_tiled =
        g.matmul(layer3_0_identity_1_ones, layer3_0_identity_1_scale_row);
    let layer3_0_identity_1_gate = g.reshape(layer3_0_identity_1_scale_tiled, &[4096]);
    let layer3_0_identity_1_scaled =
        g.mul_per_channel(layer3_0_identity, layer3_0_identity_1_gate, 1024, 4);
    let layer3_0_identity_1 = g.add_per_channel(
        layer3_0_identity_1_scaled,
        layer3_0_identity_1_shift,
        1024,
        4,
    );
    let layer3_0_out_8 = g.add(layer3_0_out_7, layer3_0_identity_1);
    let layer3_0_x = g.relu(layer3_0_out_8);
    // layer4.0
    let layer4_0_out = g.conv2d_hw(
        layer3_0_x,
        layer4_0_conv1_weight,
        4,
        1024,
        2,
        2,
        64,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer4_0_out_1_eps = g.constant(vec![1e-05; 64], &[64]);
    let layer4_0_out_1_minus_half = g.constant(vec![-0.5; 64], &[64]);
    let layer4_0_out_1_var = g.add(layer4_0_bn1_running_var, layer4_0_out_1_eps);
    let layer4_0_out_1_log_var = g.log(layer4_0_out_1_var);
    let layer4_0_out_1_half_log_var = g.mul(layer4_0_out_1_log_var, layer4_0_out_1_minus_half);
    let layer4_0_out_1_rsqrt = g.exp(layer4_0_out_1_half_log_var);
    let layer4_0_out_1_scale = g.mul(layer4_0_bn1_weight, layer4_0_out_1_rsqrt);
    let layer4_0_out_1_mean_scaled = g.mul(layer4_0_bn1_running_mean, layer4_0_out_1_scale);
    let layer4_0_out_1_minus_mean_scaled = g.neg(layer4_0_out_1_mean_scaled);
    let layer4_0_out_1_shift = g.add(layer4_0_bn1_bias, layer4_0_out_1_minus_mean_scaled);
    let layer4_0_out_1_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer4_0_out_1_scale_row = g.reshape(layer4_0_out_1_scale, &[1, 64]);
    let layer4_0_out_1_scale_tiled = g.matmul(layer4_0_out_1_ones, layer4_0_out_1_scale_row);
    let layer4_0_out_1_gate = g.reshape(layer4_0_out_1_scale_tiled, &[256]);
    let layer4_0_out_1_scaled = g.mul_per_channel(layer4_0_out, layer4_0_out_1_gate, 64, 4);
    let layer4_0_out_1 = g.add_per_channel(layer4_0_out_1_scaled, layer4_0_out_1_shift, 64, 4);
    let layer4_0_out_2 = g.relu(layer4_0_out_1);
    let layer4_0_out_3 = g.conv2d_hw(
        layer4_0_out_2,
        layer4_0_conv2_weight,
        4,
        64,
        2,
        2,
        64,
        3,
        3,
        2,
        1,
        1,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer4_0_out_4_eps = g.constant(vec![1e-05; 64], &[64]);
    let layer4_0_out_4_minus_half = g.constant(vec![-0.5; 64], &[64]);
    let layer4_0_out_4_var = g.add(layer4_0_bn2_running_var, layer4_0_out_4_eps);
    let layer4_0_out_4_log_var = g.log(layer4_0_out_4_var);
    let layer4_0_out_4_half_log_var = g.mul(layer4_0_out_4_log_var, layer4_0_out_4_minus_half);
    let layer4_0_out_4_rsqrt = g.exp(layer4_0_out_4_half_log_var);
    let layer4_0_out_4_scale = g.mul(layer4_0_bn2_weight, layer4_0_out_4_rsqrt);
    let layer4_0_out_4_mean_scaled = g.mul(layer4_0_bn2_running_mean, layer4_0_out_4_scale);
    let layer4_0_out_4_minus_mean_scaled = g.neg(layer4_0_out_4_mean_scaled);
    let layer4_0_out_4_shift = g.add(layer4_0_bn2_bias, layer4_0_out_4_minus_mean_scaled);
    let layer4_0_out_4_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer4_0_out_4_scale_row = g.reshape(layer4_0_out_4_scale, &[1, 64]);
    let layer4_0_out_4_scale_tiled = g.matmul(layer4_0_out_4_ones, layer4_0_out_4_scale_row);
    let layer4_0_out_4_gate = g.reshape(layer4_0_out_4_scale_tiled, &[256]);
    let layer4_0_out_4_scaled = g.mul_per_channel(layer4_0_out_3, layer4_0_out_4_gate, 64, 1);
    let layer4_0_out_4 = g.add_per_channel(layer4_0_out_4_scaled, layer4_0_out_4_shift, 64, 1);
    let layer4_0_out_5 = g.relu(layer4_0_out_4);
    let layer4_0_out_6 = g.conv2d_hw(
        layer4_0_out_5,
        layer4_0_conv3_weight,
        4,
        64,
        1,
        1,
        2048,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer4_0_out_7_eps = g.constant(vec![1e-05; 2048], &[2048]);
    let layer4_0_out_7_minus_half = g.constant(vec![-0.5; 2048], &[2048]);
    let layer4_0_out_7_var = g.add(layer4_0_bn3_running_var, layer4_0_out_7_eps);
    let layer4_0_out_7_log_var = g.log(layer4_0_out_7_var);
    let layer4_0_out_7_half_log_var = g.mul(layer4_0_out_7_log_var, layer4_0_out_7_minus_half);
    let layer4_0_out_7_rsqrt = g.exp(layer4_0_out_7_half_log_var);
    let layer4_0_out_7_scale = g.mul(layer4_0_bn3_weight, layer4_0_out_7_rsqrt);
    let layer4_0_out_7_mean_scaled = g.mul(layer4_0_bn3_running_mean, layer4_0_out_7_scale);
    let layer4_0_out_7_minus_mean_scaled = g.neg(layer4_0_out_7_mean_scaled);
    let layer4_0_out_7_shift = g.add(layer4_0_bn3_bias, layer4_0_out_7_minus_mean_scaled);
    let layer4_0_out_7_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer4_0_out_7_scale_row = g.reshape(layer4_0_out_7_scale, &[1, 2048]);
    let layer4_0_out_7_scale_tiled = g.matmul(layer4_0_out_7_ones, layer4_0_out_7_scale_row);
    let layer4_0_out_7_gate = g.reshape(layer4_0_out_7_scale_tiled, &[8192]);
    let layer4_0_out_7_scaled = g.mul_per_channel(layer4_0_out_6, layer4_0_out_7_gate, 2048, 1);
    let layer4_0_out_7 = g.add_per_channel(layer4_0_out_7_scaled, layer4_0_out_7_shift, 2048, 1);
    let layer4_0_identity = g.conv2d_hw(
        layer3_0_x,
        layer4_0_downsample_0_weight,
        4,
        1024,
        2,
        2,
        2048,
        1,
        1,
        2,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer4_0_identity_1_eps = g.constant(vec![1e-05; 2048], &[2048]);
    let layer4_0_identity_1_minus_half = g.constant(vec![-0.5; 2048], &[2048]);
    let layer4_0_identity_1_var = g.add(layer4_0_downsample_1_running_var, layer4_0_identity_1_eps);
    let layer4_0_identity_1_log_var = g.log(layer4_0_identity_1_var);
    let layer4_0_identity_1_half_log_var =
        g.mul(layer4_0_identity_1_log_var, layer4_0_identity_1_minus_half);
    let layer4_0_identity_1_rsqrt = g.exp(layer4_0_identity_1_half_log_var);
    let layer4_0_identity_1_scale = g.mul(layer4_0_downsample_1_weight, layer4_0_identity_1_rsqrt);
    let layer4_0_identity_1_mean_scaled = g.mul(
        layer4_0_downsample_1_running_mean,
        layer4_0_identity_1_scale,
    );
    let layer4_0_identity_1_minus_mean_scaled = g.neg(layer4_0_identity_1_mean_scaled);
    let layer4_0_identity_1_shift = g.add(
        layer4_0_downsample_1_bias,
        layer4_0_identity_1_minus_mean_scaled,
    );
    let layer4_0_identity_1_ones = g.constant(vec![1.0; 4], &[4, 1]);
    let layer4_0_identity_1_scale_row = g.reshape(layer4_0_identity_1_scale, &[1, 2048]);
    let layer4_0_identity_1_scale_tiled =
        g.matmul(layer4_0_identity_1_ones, layer4_0_identity_1_scale_row);
    let layer4_0_identity_1_gate = g.reshape(layer4_0_identity_1_scale_tiled, &[8192]);
    let layer4_0_identity_1_scaled =
        g.mul_per_channel(layer4_0_identity, layer4_0_identity_1_gate, 2048, 1);
    let layer4_0_identity_1 = g.add_per_channel(
        layer4_0_identity_1_scaled,
        layer4_0_identity_1_shift,
        2048,
        1,
    );
    let layer4_0_out_8 = g.add(layer4_0_out_7, layer4_0_identity_1);
    let layer4_0_x = g.relu(layer4_0_out_8);
    let x_4 = g.global_avg_pool(layer4_0_x, 4, 2048, 1);
    let logits = g.matmul_bt(x_4, fc_weight);
    let logits_399 = g.bias_add(logits, fc_bias);
    let loss = g.cross_entropy_loss(logits_399, labels);
    vec![loss, logits_399]
}

/// The latency variant; returns its outputs (logits).
#[allow(clippy::let_and_return)]
pub fn build_latency(g: &mut Graph) -> Vec<NodeId> {
    let images = g.input("images", &[3072]);
    let conv1_weight = g.parameter("conv1.weight", &[9408]);
    let bn1_weight = g.parameter("bn1.weight", &[64]);
    let bn1_bias = g.parameter("bn1.bias", &[64]);
    let bn1_running_mean = g.parameter("bn1.running_mean", &[64]);
    let bn1_running_var = g.parameter("bn1.running_var", &[64]);
    let layer1_0_conv1_weight = g.parameter("layer1.0.conv1.weight", &[512]);
    let layer1_0_bn1_weight = g.parameter("layer1.0.bn1.weight", &[8]);
    let layer1_0_bn1_bias = g.parameter("layer1.0.bn1.bias", &[8]);
    let layer1_0_bn1_running_mean = g.parameter("layer1.0.bn1.running_mean", &[8]);
    let layer1_0_bn1_running_var = g.parameter("layer1.0.bn1.running_var", &[8]);
    let layer1_0_conv2_weight = g.parameter("layer1.0.conv2.weight", &[576]);
    let layer1_0_bn2_weight = g.parameter("layer1.0.bn2.weight", &[8]);
    let layer1_0_bn2_bias = g.parameter("layer1.0.bn2.bias", &[8]);
    let layer1_0_bn2_running_mean = g.parameter("layer1.0.bn2.running_mean", &[8]);
    let layer1_0_bn2_running_var = g.parameter("layer1.0.bn2.running_var", &[8]);
    let layer1_0_conv3_weight = g.parameter("layer1.0.conv3.weight", &[2048]);
    let layer1_0_bn3_weight = g.parameter("layer1.0.bn3.weight", &[256]);
    let layer1_0_bn3_bias = g.parameter("layer1.0.bn3.bias", &[256]);
    let layer1_0_bn3_running_mean = g.parameter("layer1.0.bn3.running_mean", &[256]);
    let layer1_0_bn3_running_var = g.parameter("layer1.0.bn3.running_var", &[256]);
    let layer1_0_downsample_0_weight = g.parameter("layer1.0.downsample.0.weight", &[16384]);
    let layer1_0_downsample_1_weight = g.parameter("layer1.0.downsample.1.weight", &[256]);
    let layer1_0_downsample_1_bias = g.parameter("layer1.0.downsample.1.bias", &[256]);
    let layer1_0_downsample_1_running_mean =
        g.parameter("layer1.0.downsample.1.running_mean", &[256]);
    let layer1_0_downsample_1_running_var =
        g.parameter("layer1.0.downsample.1.running_var", &[256]);
    let layer2_0_conv1_weight = g.parameter("layer2.0.conv1.weight", &[4096]);
    let layer2_0_bn1_weight = g.parameter("layer2.0.bn1.weight", &[16]);
    let layer2_0_bn1_bias = g.parameter("layer2.0.bn1.bias", &[16]);
    let layer2_0_bn1_running_mean = g.parameter("layer2.0.bn1.running_mean", &[16]);
    let layer2_0_bn1_running_var = g.parameter("layer2.0.bn1.running_var", &[16]);
    let layer2_0_conv2_weight = g.parameter("layer2.0.conv2.weight", &[2304]);
    let layer2_0_bn2_weight = g.parameter("layer2.0.bn2.weight", &[16]);
    let layer2_0_bn2_bias = g.parameter("layer2.0.bn2.bias", &[16]);
    let layer2_0_bn2_running_mean = g.parameter("layer2.0.bn2.running_mean", &[16]);
    let layer2_0_bn2_running_var = g.parameter("layer2.0.bn2.running_var", &[16]);
    let layer2_0_conv3_weight = g.parameter("layer2.0.conv3.weight", &[8192]);
    let layer2_0_bn3_weight = g.parameter("layer2.0.bn3.weight", &[512]);
    let layer2_0_bn3_bias = g.parameter("layer2.0.bn3.bias", &[512]);
    let layer2_0_bn3_running_mean = g.parameter("layer2.0.bn3.running_mean", &[512]);
    let layer2_0_bn3_running_var = g.parameter("layer2.0.bn3.running_var", &[512]);
    let layer2_0_downsample_0_weight = g.parameter("layer2.0.downsample.0.weight", &[131072]);
    let layer2_0_downsample_1_weight = g.parameter("layer2.0.downsample.1.weight", &[512]);
    let layer2_0_downsample_1_bias = g.parameter("layer2.0.downsample.1.bias", &[512]);
    let layer2_0_downsample_1_running_mean =
        g.parameter("layer2.0.downsample.1.running_mean", &[512]);
    let layer2_0_downsample_1_running_var =
        g.parameter("layer2.0.downsample.1.running_var", &[512]);
    let layer3_0_conv1_weight = g.parameter("layer3.0.conv1.weight", &[16384]);
    let layer3_0_bn1_weight = g.parameter("layer3.0.bn1.weight", &[32]);
    let layer3_0_bn1_bias = g.parameter("layer3.0.bn1.bias", &[32]);
    let layer3_0_bn1_running_mean = g.parameter("layer3.0.bn1.running_mean", &[32]);
    let layer3_0_bn1_running_var = g.parameter("layer3.0.bn1.running_var", &[32]);
    let layer3_0_conv2_weight = g.parameter("layer3.0.conv2.weight", &[9216]);
    let layer3_0_bn2_weight = g.parameter("layer3.0.bn2.weight", &[32]);
    let layer3_0_bn2_bias = g.parameter("layer3.0.bn2.bias", &[32]);
    let layer3_0_bn2_running_mean = g.parameter("layer3.0.bn2.running_mean", &[32]);
    let layer3_0_bn2_running_var = g.parameter("layer3.0.bn2.running_var", &[32]);
    let layer3_0_conv3_weight = g.parameter("layer3.0.conv3.weight", &[32768]);
    let layer3_0_bn3_weight = g.parameter("layer3.0.bn3.weight", &[1024]);
    let layer3_0_bn3_bias = g.parameter("layer3.0.bn3.bias", &[1024]);
    let layer3_0_bn3_running_mean = g.parameter("layer3.0.bn3.running_mean", &[1024]);
    let layer3_0_bn3_running_var = g.parameter("layer3.0.bn3.running_var", &[1024]);
    let layer3_0_downsample_0_weight = g.parameter("layer3.0.downsample.0.weight", &[524288]);
    let layer3_0_downsample_1_weight = g.parameter("layer3.0.downsample.1.weight", &[1024]);
    let layer3_0_downsample_1_bias = g.parameter("layer3.0.downsample.1.bias", &[1024]);
    let layer3_0_downsample_1_running_mean =
        g.parameter("layer3.0.downsample.1.running_mean", &[1024]);
    let layer3_0_downsample_1_running_var =
        g.parameter("layer3.0.downsample.1.running_var", &[1024]);
    let layer4_0_conv1_weight = g.parameter("layer4.0.conv1.weight", &[65536]);
    let layer4_0_bn1_weight = g.parameter("layer4.0.bn1.weight", &[64]);
    let layer4_0_bn1_bias = g.parameter("layer4.0.bn1.bias", &[64]);
    let layer4_0_bn1_running_mean = g.parameter("layer4.0.bn1.running_mean", &[64]);
    let layer4_0_bn1_running_var = g.parameter("layer4.0.bn1.running_var", &[64]);
    let layer4_0_conv2_weight = g.parameter("layer4.0.conv2.weight", &[36864]);
    let layer4_0_bn2_weight = g.parameter("layer4.0.bn2.weight", &[64]);
    let layer4_0_bn2_bias = g.parameter("layer4.0.bn2.bias", &[64]);
    let layer4_0_bn2_running_mean = g.parameter("layer4.0.bn2.running_mean", &[64]);
    let layer4_0_bn2_running_var = g.parameter("layer4.0.bn2.running_var", &[64]);
    let layer4_0_conv3_weight = g.parameter("layer4.0.conv3.weight", &[131072]);
    let layer4_0_bn3_weight = g.parameter("layer4.0.bn3.weight", &[2048]);
    let layer4_0_bn3_bias = g.parameter("layer4.0.bn3.bias", &[2048]);
    let layer4_0_bn3_running_mean = g.parameter("layer4.0.bn3.running_mean", &[2048]);
    let layer4_0_bn3_running_var = g.parameter("layer4.0.bn3.running_var", &[2048]);
    let layer4_0_downsample_0_weight = g.parameter("layer4.0.downsample.0.weight", &[2097152]);
    let layer4_0_downsample_1_weight = g.parameter("layer4.0.downsample.1.weight", &[2048]);
    let layer4_0_downsample_1_bias = g.parameter("layer4.0.downsample.1.bias", &[2048]);
    let layer4_0_downsample_1_running_mean =
        g.parameter("layer4.0.downsample.1.running_mean", &[2048]);
    let layer4_0_downsample_1_running_var =
        g.parameter("layer4.0.downsample.1.running_var", &[2048]);
    let fc_weight = g.parameter("fc.weight", &[10, 2048]);
    let fc_bias = g.parameter("fc.bias", &[10]);
    let x = g.conv2d_hw(images, conv1_weight, 1, 3, 32, 32, 64, 7, 7, 2, 3, 3);
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let x_1_eps = g.constant(vec![1e-05; 64], &[64]);
    let x_1_minus_half = g.constant(vec![-0.5; 64], &[64]);
    let x_1_var = g.add(bn1_running_var, x_1_eps);
    let x_1_log_var = g.log(x_1_var);
    let x_1_half_log_var = g.mul(x_1_log_var, x_1_minus_half);
    let x_1_rsqrt = g.exp(x_1_half_log_var);
    let x_1_scale = g.mul(bn1_weight, x_1_rsqrt);
    let x_1_mean_scaled = g.mul(bn1_running_mean, x_1_scale);
    let x_1_minus_mean_scaled = g.neg(x_1_mean_scaled);
    let x_1_shift = g.add(bn1_bias, x_1_minus_mean_scaled);
    let x_1_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let x_1_scale_row = g.reshape(x_1_scale, &[1, 64]);
    let x_1_scale_tiled = g.matmul(x_1_ones, x_1_scale_row);
    let x_1_gate = g.reshape(x_1_scale_tiled, &[64]);
    let x_1_scaled = g.mul_per_channel(x, x_1_gate, 64, 256);
    let x_1 = g.add_per_channel(x_1_scaled, x_1_shift, 64, 256);
    let x_2 = g.relu(x_1);
    let x_3 = g.max_pool_2d(x_2, 1, 64, 16, 16, 3, 3, 2, 1);
    // layer1.0
    let layer1_0_out = g.conv2d_hw(x_3, layer1_0_conv1_weight, 1, 64, 8, 8, 8, 1, 1, 1, 0, 0);
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer1_0_out_1_eps = g.constant(vec![1e-05; 8], &[8]);
    let layer1_0_out_1_minus_half = g.constant(vec![-0.5; 8], &[8]);
    let layer1_0_out_1_var = g.add(layer1_0_bn1_running_var, layer1_0_out_1_eps);
    let layer1_0_out_1_log_var = g.log(layer1_0_out_1_var);
    let layer1_0_out_1_half_log_var = g.mul(layer1_0_out_1_log_var, layer1_0_out_1_minus_half);
    let layer1_0_out_1_rsqrt = g.exp(layer1_0_out_1_half_log_var);
    let layer1_0_out_1_scale = g.mul(layer1_0_bn1_weight, layer1_0_out_1_rsqrt);
    let layer1_0_out_1_mean_scaled = g.mul(layer1_0_bn1_running_mean, layer1_0_out_1_scale);
    let layer1_0_out_1_minus_mean_scaled = g.neg(layer1_0_out_1_mean_scaled);
    let layer1_0_out_1_shift = g.add(layer1_0_bn1_bias, layer1_0_out_1_minus_mean_scaled);
    let layer1_0_out_1_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer1_0_out_1_scale_row = g.reshape(layer1_0_out_1_scale, &[1, 8]);
    let layer1_0_out_1_scale_tiled = g.matmul(layer1_0_out_1_ones, layer1_0_out_1_scale_row);
    let layer1_0_out_1_gate = g.reshape(layer1_0_out_1_scale_tiled, &[8]);
    let layer1_0_out_1_scaled = g.mul_per_channel(layer1_0_out, layer1_0_out_1_gate, 8, 64);
    let layer1_0_out_1 = g.add_per_channel(layer1_0_out_1_scaled, layer1_0_out_1_shift, 8, 64);
    let layer1_0_out_2 = g.relu(layer1_0_out_1);
    let layer1_0_out_3 = g.conv2d_hw(
        layer1_0_out_2,
        layer1_0_conv2_weight,
        1,
        8,
        8,
        8,
        8,
        3,
        3,
        1,
        1,
        1,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer1_0_out_4_eps = g.constant(vec![1e-05; 8], &[8]);
    let layer1_0_out_4_minus_half = g.constant(vec![-0.5; 8], &[8]);
    let layer1_0_out_4_var = g.add(layer1_0_bn2_running_var, layer1_0_out_4_eps);
    let layer1_0_out_4_log_var = g.log(layer1_0_out_4_var);
    let layer1_0_out_4_half_log_var = g.mul(layer1_0_out_4_log_var, layer1_0_out_4_minus_half);
    let layer1_0_out_4_rsqrt = g.exp(layer1_0_out_4_half_log_var);
    let layer1_0_out_4_scale = g.mul(layer1_0_bn2_weight, layer1_0_out_4_rsqrt);
    let layer1_0_out_4_mean_scaled = g.mul(layer1_0_bn2_running_mean, layer1_0_out_4_scale);
    let layer1_0_out_4_minus_mean_scaled = g.neg(layer1_0_out_4_mean_scaled);
    let layer1_0_out_4_shift = g.add(layer1_0_bn2_bias, layer1_0_out_4_minus_mean_scaled);
    let layer1_0_out_4_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer1_0_out_4_scale_row = g.reshape(layer1_0_out_4_scale, &[1, 8]);
    let layer1_0_out_4_scale_tiled = g.matmul(layer1_0_out_4_ones, layer1_0_out_4_scale_row);
    let layer1_0_out_4_gate = g.reshape(layer1_0_out_4_scale_tiled, &[8]);
    let layer1_0_out_4_scaled = g.mul_per_channel(layer1_0_out_3, layer1_0_out_4_gate, 8, 64);
    let layer1_0_out_4 = g.add_per_channel(layer1_0_out_4_scaled, layer1_0_out_4_shift, 8, 64);
    let layer1_0_out_5 = g.relu(layer1_0_out_4);
    let layer1_0_out_6 = g.conv2d_hw(
        layer1_0_out_5,
        layer1_0_conv3_weight,
        1,
        8,
        8,
        8,
        256,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer1_0_out_7_eps = g.constant(vec![1e-05; 256], &[256]);
    let layer1_0_out_7_minus_half = g.constant(vec![-0.5; 256], &[256]);
    let layer1_0_out_7_var = g.add(layer1_0_bn3_running_var, layer1_0_out_7_eps);
    let layer1_0_out_7_log_var = g.log(layer1_0_out_7_var);
    let layer1_0_out_7_half_log_var = g.mul(layer1_0_out_7_log_var, layer1_0_out_7_minus_half);
    let layer1_0_out_7_rsqrt = g.exp(layer1_0_out_7_half_log_var);
    let layer1_0_out_7_scale = g.mul(layer1_0_bn3_weight, layer1_0_out_7_rsqrt);
    let layer1_0_out_7_mean_scaled = g.mul(layer1_0_bn3_running_mean, layer1_0_out_7_scale);
    let layer1_0_out_7_minus_mean_scaled = g.neg(layer1_0_out_7_mean_scaled);
    let layer1_0_out_7_shift = g.add(layer1_0_bn3_bias, layer1_0_out_7_minus_mean_scaled);
    let layer1_0_out_7_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer1_0_out_7_scale_row = g.reshape(layer1_0_out_7_scale, &[1, 256]);
    let layer1_0_out_7_scale_tiled = g.matmul(layer1_0_out_7_ones, layer1_0_out_7_scale_row);
    let layer1_0_out_7_gate = g.reshape(layer1_0_out_7_scale_tiled, &[256]);
    let layer1_0_out_7_scaled = g.mul_per_channel(layer1_0_out_6, layer1_0_out_7_gate, 256, 64);
    let layer1_0_out_7 = g.add_per_channel(layer1_0_out_7_scaled, layer1_0_out_7_shift, 256, 64);
    let layer1_0_identity = g.conv2d_hw(
        x_3,
        layer1_0_downsample_0_weight,
        1,
        64,
        8,
        8,
        256,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer1_0_identity_1_eps = g.constant(vec![1e-05; 256], &[256]);
    let layer1_0_identity_1_minus_half = g.constant(vec![-0.5; 256], &[256]);
    let layer1_0_identity_1_var = g.add(layer1_0_downsample_1_running_var, layer1_0_identity_1_eps);
    let layer1_0_identity_1_log_var = g.log(layer1_0_identity_1_var);
    let layer1_0_identity_1_half_log_var =
        g.mul(layer1_0_identity_1_log_var, layer1_0_identity_1_minus_half);
    let layer1_0_identity_1_rsqrt = g.exp(layer1_0_identity_1_half_log_var);
    let layer1_0_identity_1_scale = g.mul(layer1_0_downsample_1_weight, layer1_0_identity_1_rsqrt);
    let layer1_0_identity_1_mean_scaled = g.mul(
        layer1_0_downsample_1_running_mean,
        layer1_0_identity_1_scale,
    );
    let layer1_0_identity_1_minus_mean_scaled = g.neg(layer1_0_identity_1_mean_scaled);
    let layer1_0_identity_1_shift = g.add(
        layer1_0_downsample_1_bias,
        layer1_0_identity_1_minus_mean_scaled,
    );
    let layer1_0_identity_1_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer1_0_identity_1_scale_row = g.reshape(layer1_0_identity_1_scale, &[1, 256]);
    let layer1_0_identity_1_scale_tiled =
        g.matmul(layer1_0_identity_1_ones, layer1_0_identity_1_scale_row);
    let layer1_0_identity_1_gate = g.reshape(layer1_0_identity_1_scale_tiled, &[256]);
    let layer1_0_identity_1_scaled =
        g.mul_per_channel(layer1_0_identity, layer1_0_identity_1_gate, 256, 64);
    let layer1_0_identity_1 = g.add_per_channel(
        layer1_0_identity_1_scaled,
        layer1_0_identity_1_shift,
        256,
        64,
    );
    let layer1_0_out_8 = g.add(layer1_0_out_7, layer1_0_identity_1);
    let layer1_0_x = g.relu(layer1_0_out_8);
    // layer2.0
    let layer2_0_out = g.conv2d_hw(
        layer1_0_x,
        layer2_0_conv1_weight,
        1,
        256,
        8,
        8,
        16,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer2_0_out_1_eps = g.constant(vec![1e-05; 16], &[16]);
    let layer2_0_out_1_minus_half = g.constant(vec![-0.5; 16], &[16]);
    let layer2_0_out_1_var = g.add(layer2_0_bn1_running_var, layer2_0_out_1_eps);
    let layer2_0_out_1_log_var = g.log(layer2_0_out_1_var);
    let layer2_0_out_1_half_log_var = g.mul(layer2_0_out_1_log_var, layer2_0_out_1_minus_half);
    let layer2_0_out_1_rsqrt = g.exp(layer2_0_out_1_half_log_var);
    let layer2_0_out_1_scale = g.mul(layer2_0_bn1_weight, layer2_0_out_1_rsqrt);
    let layer2_0_out_1_mean_scaled = g.mul(layer2_0_bn1_running_mean, layer2_0_out_1_scale);
    let layer2_0_out_1_minus_mean_scaled = g.neg(layer2_0_out_1_mean_scaled);
    let layer2_0_out_1_shift = g.add(layer2_0_bn1_bias, layer2_0_out_1_minus_mean_scaled);
    let layer2_0_out_1_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer2_0_out_1_scale_row = g.reshape(layer2_0_out_1_scale, &[1, 16]);
    let layer2_0_out_1_scale_tiled = g.matmul(layer2_0_out_1_ones, layer2_0_out_1_scale_row);
    let layer2_0_out_1_gate = g.reshape(layer2_0_out_1_scale_tiled, &[16]);
    let layer2_0_out_1_scaled = g.mul_per_channel(layer2_0_out, layer2_0_out_1_gate, 16, 64);
    let layer2_0_out_1 = g.add_per_channel(layer2_0_out_1_scaled, layer2_0_out_1_shift, 16, 64);
    let layer2_0_out_2 = g.relu(layer2_0_out_1);
    let layer2_0_out_3 = g.conv2d_hw(
        layer2_0_out_2,
        layer2_0_conv2_weight,
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
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer2_0_out_4_eps = g.constant(vec![1e-05; 16], &[16]);
    let layer2_0_out_4_minus_half = g.constant(vec![-0.5; 16], &[16]);
    let layer2_0_out_4_var = g.add(layer2_0_bn2_running_var, layer2_0_out_4_eps);
    let layer2_0_out_4_log_var = g.log(layer2_0_out_4_var);
    let layer2_0_out_4_half_log_var = g.mul(layer2_0_out_4_log_var, layer2_0_out_4_minus_half);
    let layer2_0_out_4_rsqrt = g.exp(layer2_0_out_4_half_log_var);
    let layer2_0_out_4_scale = g.mul(layer2_0_bn2_weight, layer2_0_out_4_rsqrt);
    let layer2_0_out_4_mean_scaled = g.mul(layer2_0_bn2_running_mean, layer2_0_out_4_scale);
    let layer2_0_out_4_minus_mean_scaled = g.neg(layer2_0_out_4_mean_scaled);
    let layer2_0_out_4_shift = g.add(layer2_0_bn2_bias, layer2_0_out_4_minus_mean_scaled);
    let layer2_0_out_4_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer2_0_out_4_scale_row = g.reshape(layer2_0_out_4_scale, &[1, 16]);
    let layer2_0_out_4_scale_tiled = g.matmul(layer2_0_out_4_ones, layer2_0_out_4_scale_row);
    let layer2_0_out_4_gate = g.reshape(layer2_0_out_4_scale_tiled, &[16]);
    let layer2_0_out_4_scaled = g.mul_per_channel(layer2_0_out_3, layer2_0_out_4_gate, 16, 16);
    let layer2_0_out_4 = g.add_per_channel(layer2_0_out_4_scaled, layer2_0_out_4_shift, 16, 16);
    let layer2_0_out_5 = g.relu(layer2_0_out_4);
    let layer2_0_out_6 = g.conv2d_hw(
        layer2_0_out_5,
        layer2_0_conv3_weight,
        1,
        16,
        4,
        4,
        512,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer2_0_out_7_eps = g.constant(vec![1e-05; 512], &[512]);
    let layer2_0_out_7_minus_half = g.constant(vec![-0.5; 512], &[512]);
    let layer2_0_out_7_var = g.add(layer2_0_bn3_running_var, layer2_0_out_7_eps);
    let layer2_0_out_7_log_var = g.log(layer2_0_out_7_var);
    let layer2_0_out_7_half_log_var = g.mul(layer2_0_out_7_log_var, layer2_0_out_7_minus_half);
    let layer2_0_out_7_rsqrt = g.exp(layer2_0_out_7_half_log_var);
    let layer2_0_out_7_scale = g.mul(layer2_0_bn3_weight, layer2_0_out_7_rsqrt);
    let layer2_0_out_7_mean_scaled = g.mul(layer2_0_bn3_running_mean, layer2_0_out_7_scale);
    let layer2_0_out_7_minus_mean_scaled = g.neg(layer2_0_out_7_mean_scaled);
    let layer2_0_out_7_shift = g.add(layer2_0_bn3_bias, layer2_0_out_7_minus_mean_scaled);
    let layer2_0_out_7_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer2_0_out_7_scale_row = g.reshape(layer2_0_out_7_scale, &[1, 512]);
    let layer2_0_out_7_scale_tiled = g.matmul(layer2_0_out_7_ones, layer2_0_out_7_scale_row);
    let layer2_0_out_7_gate = g.reshape(layer2_0_out_7_scale_tiled, &[512]);
    let layer2_0_out_7_scaled = g.mul_per_channel(layer2_0_out_6, layer2_0_out_7_gate, 512, 16);
    let layer2_0_out_7 = g.add_per_channel(layer2_0_out_7_scaled, layer2_0_out_7_shift, 512, 16);
    let layer2_0_identity = g.conv2d_hw(
        layer1_0_x,
        layer2_0_downsample_0_weight,
        1,
        256,
        8,
        8,
        512,
        1,
        1,
        2,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer2_0_identity_1_eps = g.constant(vec![1e-05; 512], &[512]);
    let layer2_0_identity_1_minus_half = g.constant(vec![-0.5; 512], &[512]);
    let layer2_0_identity_1_var = g.add(layer2_0_downsample_1_running_var, layer2_0_identity_1_eps);
    let layer2_0_identity_1_log_var = g.log(layer2_0_identity_1_var);
    let layer2_0_identity_1_half_log_var =
        g.mul(layer2_0_identity_1_log_var, layer2_0_identity_1_minus_half);
    let layer2_0_identity_1_rsqrt = g.exp(layer2_0_identity_1_half_log_var);
    let layer2_0_identity_1_scale = g.mul(layer2_0_downsample_1_weight, layer2_0_identity_1_rsqrt);
    let layer2_0_identity_1_mean_scaled = g.mul(
        layer2_0_downsample_1_running_mean,
        layer2_0_identity_1_scale,
    );
    let layer2_0_identity_1_minus_mean_scaled = g.neg(layer2_0_identity_1_mean_scaled);
    let layer2_0_identity_1_shift = g.add(
        layer2_0_downsample_1_bias,
        layer2_0_identity_1_minus_mean_scaled,
    );
    let layer2_0_identity_1_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer2_0_identity_1_scale_row = g.reshape(layer2_0_identity_1_scale, &[1, 512]);
    let layer2_0_identity_1_scale_tiled =
        g.matmul(layer2_0_identity_1_ones, layer2_0_identity_1_scale_row);
    let layer2_0_identity_1_gate = g.reshape(layer2_0_identity_1_scale_tiled, &[512]);
    let layer2_0_identity_1_scaled =
        g.mul_per_channel(layer2_0_identity, layer2_0_identity_1_gate, 512, 16);
    let layer2_0_identity_1 = g.add_per_channel(
        layer2_0_identity_1_scaled,
        layer2_0_identity_1_shift,
        512,
        16,
    );
    let layer2_0_out_8 = g.add(layer2_0_out_7, layer2_0_identity_1);
    let layer2_0_x = g.relu(layer2_0_out_8);
    // layer3.0
    let layer3_0_out = g.conv2d_hw(
        layer2_0_x,
        layer3_0_conv1_weight,
        1,
        512,
        4,
        4,
        32,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer3_0_out_1_eps = g.constant(vec![1e-05; 32], &[32]);
    let layer3_0_out_1_minus_half = g.constant(vec![-0.5; 32], &[32]);
    let layer3_0_out_1_var = g.add(layer3_0_bn1_running_var, layer3_0_out_1_eps);
    let layer3_0_out_1_log_var = g.log(layer3_0_out_1_var);
    let layer3_0_out_1_half_log_var = g.mul(layer3_0_out_1_log_var, layer3_0_out_1_minus_half);
    let layer3_0_out_1_rsqrt = g.exp(layer3_0_out_1_half_log_var);
    let layer3_0_out_1_scale = g.mul(layer3_0_bn1_weight, layer3_0_out_1_rsqrt);
    let layer3_0_out_1_mean_scaled = g.mul(layer3_0_bn1_running_mean, layer3_0_out_1_scale);
    let layer3_0_out_1_minus_mean_scaled = g.neg(layer3_0_out_1_mean_scaled);
    let layer3_0_out_1_shift = g.add(layer3_0_bn1_bias, layer3_0_out_1_minus_mean_scaled);
    let layer3_0_out_1_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer3_0_out_1_scale_row = g.reshape(layer3_0_out_1_scale, &[1, 32]);
    let layer3_0_out_1_scale_tiled = g.matmul(layer3_0_out_1_ones, layer3_0_out_1_scale_row);
    let layer3_0_out_1_gate = g.reshape(layer3_0_out_1_scale_tiled, &[32]);
    let layer3_0_out_1_scaled = g.mul_per_channel(layer3_0_out, layer3_0_out_1_gate, 32, 16);
    let layer3_0_out_1 = g.add_per_channel(layer3_0_out_1_scaled, layer3_0_out_1_shift, 32, 16);
    let layer3_0_out_2 = g.relu(layer3_0_out_1);
    let layer3_0_out_3 = g.conv2d_hw(
        layer3_0_out_2,
        layer3_0_conv2_weight,
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
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer3_0_out_4_eps = g.constant(vec![1e-05; 32], &[32]);
    let layer3_0_out_4_minus_half = g.constant(vec![-0.5; 32], &[32]);
    let layer3_0_out_4_var = g.add(layer3_0_bn2_running_var, layer3_0_out_4_eps);
    let layer3_0_out_4_log_var = g.log(layer3_0_out_4_var);
    let layer3_0_out_4_half_log_var = g.mul(layer3_0_out_4_log_var, layer3_0_out_4_minus_half);
    let layer3_0_out_4_rsqrt = g.exp(layer3_0_out_4_half_log_var);
    let layer3_0_out_4_scale = g.mul(layer3_0_bn2_weight, layer3_0_out_4_rsqrt);
    let layer3_0_out_4_mean_scaled = g.mul(layer3_0_bn2_running_mean, layer3_0_out_4_scale);
    let layer3_0_out_4_minus_mean_scaled = g.neg(layer3_0_out_4_mean_scaled);
    let layer3_0_out_4_shift = g.add(layer3_0_bn2_bias, layer3_0_out_4_minus_mean_scaled);
    let layer3_0_out_4_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer3_0_out_4_scale_row = g.reshape(layer3_0_out_4_scale, &[1, 32]);
    let layer3_0_out_4_scale_tiled = g.matmul(layer3_0_out_4_ones, layer3_0_out_4_scale_row);
    let layer3_0_out_4_gate = g.reshape(layer3_0_out_4_scale_tiled, &[32]);
    let layer3_0_out_4_scaled = g.mul_per_channel(layer3_0_out_3, layer3_0_out_4_gate, 32, 4);
    let layer3_0_out_4 = g.add_per_channel(layer3_0_out_4_scaled, layer3_0_out_4_shift, 32, 4);
    let layer3_0_out_5 = g.relu(layer3_0_out_4);
    let layer3_0_out_6 = g.conv2d_hw(
        layer3_0_out_5,
        layer3_0_conv3_weight,
        1,
        32,
        2,
        2,
        1024,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer3_0_out_7_eps = g.constant(vec![1e-05; 1024], &[1024]);
    let layer3_0_out_7_minus_half = g.constant(vec![-0.5; 1024], &[1024]);
    let layer3_0_out_7_var = g.add(layer3_0_bn3_running_var, layer3_0_out_7_eps);
    let layer3_0_out_7_log_var = g.log(layer3_0_out_7_var);
    let layer3_0_out_7_half_log_var = g.mul(layer3_0_out_7_log_var, layer3_0_out_7_minus_half);
    let layer3_0_out_7_rsqrt = g.exp(layer3_0_out_7_half_log_var);
    let layer3_0_out_7_scale = g.mul(layer3_0_bn3_weight, layer3_0_out_7_rsqrt);
    let layer3_0_out_7_mean_scaled = g.mul(layer3_0_bn3_running_mean, layer3_0_out_7_scale);
    let layer3_0_out_7_minus_mean_scaled = g.neg(layer3_0_out_7_mean_scaled);
    let layer3_0_out_7_shift = g.add(layer3_0_bn3_bias, layer3_0_out_7_minus_mean_scaled);
    let layer3_0_out_7_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer3_0_out_7_scale_row = g.reshape(layer3_0_out_7_scale, &[1, 1024]);
    let layer3_0_out_7_scale_tiled = g.matmul(layer3_0_out_7_ones, layer3_0_out_7_scale_row);
    let layer3_0_out_7_gate = g.reshape(layer3_0_out_7_scale_tiled, &[1024]);
    let layer3_0_out_7_scaled = g.mul_per_channel(layer3_0_out_6, layer3_0_out_7_gate, 1024, 4);
    let layer3_0_out_7 = g.add_per_channel(layer3_0_out_7_scaled, layer3_0_out_7_shift, 1024, 4);
    let layer3_0_identity = g.conv2d_hw(
        layer2_0_x,
        layer3_0_downsample_0_weight,
        1,
        512,
        4,
        4,
        1024,
        1,
        1,
        2,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer3_0_identity_1_eps = g.constant(vec![1e-05; 1024], &[1024]);
    let layer3_0_identity_1_minus_half = g.constant(vec![-0.5; 1024], &[1024]);
    let layer3_0_identity_1_var = g.add(layer3_0_downsample_1_running_var, layer3_0_identity_1_eps);
    let layer3_0_identity_1_log_var = g.log(layer3_0_identity_1_var);
    let layer3_0_identity_1_half_log_var =
        g.mul(layer3_0_identity_1_log_var, layer3_0_identity_1_minus_half);
    let layer3_0_identity_1_rsqrt = g.exp(layer3_0_identity_1_half_log_var);
    let layer3_0_identity_1_scale = g.mul(layer3_0_downsample_1_weight, layer3_0_identity_1_rsqrt);
    let layer3_0_identity_1_mean_scaled = g.mul(
        layer3_0_downsample_1_running_mean,
        layer3_0_identity_1_scale,
    );
    let layer3_0_identity_1_minus_mean_scaled = g.neg(layer3_0_identity_1_mean_scaled);
    let layer3_0_identity_1_shift = g.add(
        layer3_0_downsample_1_bias,
        layer3_0_identity_1_minus_mean_scaled,
    );
    let layer3_0_identity_1_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer3_0_identity_1_scale_row = g.reshape(layer3_0_identity_1_scale, &[1, 1024]);
    let layer3_0_identity_1_scale_tiled =
        g.matmul(layer3_0_identity_1_ones, layer3_0_identity_1_scale_row);
    let layer3_0_identity_1_gate = g.reshape(layer3_0_identity_1_scale_tiled, &[1024]);
    let layer3_0_identity_1_scaled =
        g.mul_per_channel(layer3_0_identity, layer3_0_identity_1_gate, 1024, 4);
    let layer3_0_identity_1 = g.add_per_channel(
        layer3_0_identity_1_scaled,
        layer3_0_identity_1_shift,
        1024,
        4,
    );
    let layer3_0_out_8 = g.add(layer3_0_out_7, layer3_0_identity_1);
    let layer3_0_x = g.relu(layer3_0_out_8);
    // layer4.0
    let layer4_0_out = g.conv2d_hw(
        layer3_0_x,
        layer4_0_conv1_weight,
        1,
        1024,
        2,
        2,
        64,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer4_0_out_1_eps = g.constant(vec![1e-05; 64], &[64]);
    let layer4_0_out_1_minus_half = g.constant(vec![-0.5; 64], &[64]);
    let layer4_0_out_1_var = g.add(layer4_0_bn1_running_var, layer4_0_out_1_eps);
    let layer4_0_out_1_log_var = g.log(layer4_0_out_1_var);
    let layer4_0_out_1_half_log_var = g.mul(layer4_0_out_1_log_var, layer4_0_out_1_minus_half);
    let layer4_0_out_1_rsqrt = g.exp(layer4_0_out_1_half_log_var);
    let layer4_0_out_1_scale = g.mul(layer4_0_bn1_weight, layer4_0_out_1_rsqrt);
    let layer4_0_out_1_mean_scaled = g.mul(layer4_0_bn1_running_mean, layer4_0_out_1_scale);
    let layer4_0_out_1_minus_mean_scaled = g.neg(layer4_0_out_1_mean_scaled);
    let layer4_0_out_1_shift = g.add(layer4_0_bn1_bias, layer4_0_out_1_minus_mean_scaled);
    let layer4_0_out_1_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer4_0_out_1_scale_row = g.reshape(layer4_0_out_1_scale, &[1, 64]);
    let layer4_0_out_1_scale_tiled = g.matmul(layer4_0_out_1_ones, layer4_0_out_1_scale_row);
    let layer4_0_out_1_gate = g.reshape(layer4_0_out_1_scale_tiled, &[64]);
    let layer4_0_out_1_scaled = g.mul_per_channel(layer4_0_out, layer4_0_out_1_gate, 64, 4);
    let layer4_0_out_1 = g.add_per_channel(layer4_0_out_1_scaled, layer4_0_out_1_shift, 64, 4);
    let layer4_0_out_2 = g.relu(layer4_0_out_1);
    let layer4_0_out_3 = g.conv2d_hw(
        layer4_0_out_2,
        layer4_0_conv2_weight,
        1,
        64,
        2,
        2,
        64,
        3,
        3,
        2,
        1,
        1,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer4_0_out_4_eps = g.constant(vec![1e-05; 64], &[64]);
    let layer4_0_out_4_minus_half = g.constant(vec![-0.5; 64], &[64]);
    let layer4_0_out_4_var = g.add(layer4_0_bn2_running_var, layer4_0_out_4_eps);
    let layer4_0_out_4_log_var = g.log(layer4_0_out_4_var);
    let layer4_0_out_4_half_log_var = g.mul(layer4_0_out_4_log_var, layer4_0_out_4_minus_half);
    let layer4_0_out_4_rsqrt = g.exp(layer4_0_out_4_half_log_var);
    let layer4_0_out_4_scale = g.mul(layer4_0_bn2_weight, layer4_0_out_4_rsqrt);
    let layer4_0_out_4_mean_scaled = g.mul(layer4_0_bn2_running_mean, layer4_0_out_4_scale);
    let layer4_0_out_4_minus_mean_scaled = g.neg(layer4_0_out_4_mean_scaled);
    let layer4_0_out_4_shift = g.add(layer4_0_bn2_bias, layer4_0_out_4_minus_mean_scaled);
    let layer4_0_out_4_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer4_0_out_4_scale_row = g.reshape(layer4_0_out_4_scale, &[1, 64]);
    let layer4_0_out_4_scale_tiled = g.matmul(layer4_0_out_4_ones, layer4_0_out_4_scale_row);
    let layer4_0_out_4_gate = g.reshape(layer4_0_out_4_scale_tiled, &[64]);
    let layer4_0_out_4_scaled = g.mul_per_channel(layer4_0_out_3, layer4_0_out_4_gate, 64, 1);
    let layer4_0_out_4 = g.add_per_channel(layer4_0_out_4_scaled, layer4_0_out_4_shift, 64, 1);
    let layer4_0_out_5 = g.relu(layer4_0_out_4);
    let layer4_0_out_6 = g.conv2d_hw(
        layer4_0_out_5,
        layer4_0_conv3_weight,
        1,
        64,
        1,
        1,
        2048,
        1,
        1,
        1,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer4_0_out_7_eps = g.constant(vec![1e-05; 2048], &[2048]);
    let layer4_0_out_7_minus_half = g.constant(vec![-0.5; 2048], &[2048]);
    let layer4_0_out_7_var = g.add(layer4_0_bn3_running_var, layer4_0_out_7_eps);
    let layer4_0_out_7_log_var = g.log(layer4_0_out_7_var);
    let layer4_0_out_7_half_log_var = g.mul(layer4_0_out_7_log_var, layer4_0_out_7_minus_half);
    let layer4_0_out_7_rsqrt = g.exp(layer4_0_out_7_half_log_var);
    let layer4_0_out_7_scale = g.mul(layer4_0_bn3_weight, layer4_0_out_7_rsqrt);
    let layer4_0_out_7_mean_scaled = g.mul(layer4_0_bn3_running_mean, layer4_0_out_7_scale);
    let layer4_0_out_7_minus_mean_scaled = g.neg(layer4_0_out_7_mean_scaled);
    let layer4_0_out_7_shift = g.add(layer4_0_bn3_bias, layer4_0_out_7_minus_mean_scaled);
    let layer4_0_out_7_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer4_0_out_7_scale_row = g.reshape(layer4_0_out_7_scale, &[1, 2048]);
    let layer4_0_out_7_scale_tiled = g.matmul(layer4_0_out_7_ones, layer4_0_out_7_scale_row);
    let layer4_0_out_7_gate = g.reshape(layer4_0_out_7_scale_tiled, &[2048]);
    let layer4_0_out_7_scaled = g.mul_per_channel(layer4_0_out_6, layer4_0_out_7_gate, 2048, 1);
    let layer4_0_out_7 = g.add_per_channel(layer4_0_out_7_scaled, layer4_0_out_7_shift, 2048, 1);
    let layer4_0_identity = g.conv2d_hw(
        layer3_0_x,
        layer4_0_downsample_0_weight,
        1,
        1024,
        2,
        2,
        2048,
        1,
        1,
        2,
        0,
        0,
    );
    // batch_norm: scale = weight / sqrt(var + 1e-05), shift = bias - mean * scale
    let layer4_0_identity_1_eps = g.constant(vec![1e-05; 2048], &[2048]);
    let layer4_0_identity_1_minus_half = g.constant(vec![-0.5; 2048], &[2048]);
    let layer4_0_identity_1_var = g.add(layer4_0_downsample_1_running_var, layer4_0_identity_1_eps);
    let layer4_0_identity_1_log_var = g.log(layer4_0_identity_1_var);
    let layer4_0_identity_1_half_log_var =
        g.mul(layer4_0_identity_1_log_var, layer4_0_identity_1_minus_half);
    let layer4_0_identity_1_rsqrt = g.exp(layer4_0_identity_1_half_log_var);
    let layer4_0_identity_1_scale = g.mul(layer4_0_downsample_1_weight, layer4_0_identity_1_rsqrt);
    let layer4_0_identity_1_mean_scaled = g.mul(
        layer4_0_downsample_1_running_mean,
        layer4_0_identity_1_scale,
    );
    let layer4_0_identity_1_minus_mean_scaled = g.neg(layer4_0_identity_1_mean_scaled);
    let layer4_0_identity_1_shift = g.add(
        layer4_0_downsample_1_bias,
        layer4_0_identity_1_minus_mean_scaled,
    );
    let layer4_0_identity_1_ones = g.constant(vec![1.0; 1], &[1, 1]);
    let layer4_0_identity_1_scale_row = g.reshape(layer4_0_identity_1_scale, &[1, 2048]);
    let layer4_0_identity_1_scale_tiled =
        g.matmul(layer4_0_identity_1_ones, layer4_0_identity_1_scale_row);
    let layer4_0_identity_1_gate = g.reshape(layer4_0_identity_1_scale_tiled, &[2048]);
    let layer4_0_identity_1_scaled =
        g.mul_per_channel(layer4_0_identity, layer4_0_identity_1_gate, 2048, 1);
    let layer4_0_identity_1 = g.add_per_channel(
        layer4_0_identity_1_scaled,
        layer4_0_identity_1_shift,
        2048,
        1,
    );
    let layer4_0_out_8 = g.add(layer4_0_out_7, layer4_0_identity_1);
    let layer4_0_x = g.relu(layer4_0_out_8);
    let x_4 = g.global_avg_pool(layer4_0_x, 1, 2048, 1);
    let logits = g.matmul_bt(x_4, fc_weight);
    let logits_398 = g.bias_add(logits, fc_bias);
    vec![logits_398]
}
