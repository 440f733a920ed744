/* test */
#include <math.h>

#include "model.h"

/* ResBlock: `encoder_blocks.1` in the checkpoint, and the blocks like it of other sizes */
static struct ggml_tensor *res_block2(struct net *n, const char *p, int64_t in_channels, int64_t out_channels, int64_t has_res_conv, struct ggml_tensor *h) {
    struct ggml_context *ctx = n->ctx;
    struct ggml_tensor *h2 = ggml_add(ctx, ggml_mul(ctx, ggml_group_norm(ctx, h, GROUPS, 1e-05f), ggml_reshape_3d(ctx, W(n, p, "norm1.weight"), 1, 1, in_channels)), ggml_reshape_3d(ctx, W(n, p, "norm1.bias"), 1, 1, in_channels));
    h2 = ggml_silu(ctx, h2);
    h2 = ggml_conv_2d_direct(ctx, W(n, p, "conv1.weight"), h2, 1, 1, 1, 1, 1, 1);
    h2 = ggml_add(ctx, ggml_mul(ctx, ggml_group_norm(ctx, h2, GROUPS, 1e-05f), ggml_reshape_3d(ctx, W(n, p, "norm2.weight"), 1, 1, out_channels)), ggml_reshape_3d(ctx, W(n, p, "norm2.bias"), 1, 1, out_channels));
    h2 = ggml_silu(ctx, h2);
    h2 = ggml_conv_2d_direct(ctx, W(n, p, "conv2.weight"), h2, 1, 1, 1, 1, 1, 1);
    struct ggml_tensor *skip = h;
    if (has_res_conv) {
        skip = ggml_conv_2d_direct(ctx, W(n, p, "res_conv.weight"), h, 1, 1, 0, 0, 1, 1);
    }
    struct ggml_tensor *out = ggml_add(ctx, h2, skip);
    return out;
}

/* UNet: the model */
static struct ggml_tensor *u_net(struct net *n, const char *p, struct ggml_tensor *noisy_latent) {
    struct ggml_context *ctx = n->ctx;
    struct ggml_tensor *h = ggml_conv_2d_direct(ctx, W(n, p, "conv_in.weight"), noisy_latent, 1, 1, 1, 1, 1, 1);
    struct ggml_tensor *out = res_block2(n, item(n, p, "encoder_blocks", 0), BASE, BASE * MULTS[0], 0, h);
    h = ggml_conv_2d_direct(ctx, W(n, p, "downsamples.0.weight"), out, 2, 2, 1, 1, 1, 1);
    struct ggml_tensor *out2 = res_block2(n, item(n, p, "encoder_blocks", 1), BASE * MULTS[0], BASE * MULTS[1], 1, h);
    h = ggml_conv_2d_direct(ctx, W(n, p, "downsamples.1.weight"), out2, 2, 2, 1, 1, 1, 1);
    struct ggml_tensor *out3 = res_block2(n, item(n, p, "encoder_blocks", 2), BASE * MULTS[1], BASE * MULTS[2], 1, h);
    struct ggml_tensor *out4 = res_block2(n, child(n, p, "middle"), BASE * MULTS[2], BASE * MULTS[2], 0, out3);
    h = ggml_concat(ctx, out4, out3, 2);
    out3 = res_block2(n, item(n, p, "decoder_blocks", 0), 128, BASE * MULTS[2], 1, h);
    h = ggml_upscale(ctx, out3, 2, GGML_SCALE_MODE_NEAREST);
    h = ggml_concat(ctx, h, out2, 2);
    out2 = res_block2(n, item(n, p, "decoder_blocks", 1), 96, BASE * MULTS[1], 1, h);
    h = ggml_upscale(ctx, out2, 2, GGML_SCALE_MODE_NEAREST);
    h = ggml_concat(ctx, h, out, 2);
    out = res_block2(n, item(n, p, "decoder_blocks", 2), 48, BASE * MULTS[0], 1, h);
    h = ggml_add(ctx, ggml_mul(ctx, ggml_group_norm(ctx, out, GROUPS, 1e-05f), ggml_reshape_3d(ctx, W(n, p, "norm_out.weight"), 1, 1, BASE * MULTS[0])), ggml_reshape_3d(ctx, W(n, p, "norm_out.bias"), 1, 1, BASE * MULTS[0]));
    h = ggml_silu(ctx, h);
    struct ggml_tensor *sample = ggml_conv_2d_direct(ctx, W(n, p, "conv_out.weight"), h, 1, 1, 1, 1, 1, 1);
    return sample;
}

/* The loss */
static struct ggml_tensor *loss_fn(struct net *n, const char *p, struct ggml_tensor *sample, struct ggml_tensor *target) {
    struct ggml_context *ctx = n->ctx;
    struct ggml_tensor *loss = ggml_scale(ctx, ggml_sum(ctx, ggml_sqr(ctx, ggml_sub(ctx, sample, target))), 1.0f / ggml_nelements(sample));
    return loss;
}

/* The full graph: its outputs into outs[]. */
void build_full(struct net *n, struct ggml_tensor **outs) {
    struct ggml_tensor *noisy_latent = input(n, "noisy_latent");
    outs[0] = u_net(n, "", noisy_latent);
}

/* The latency graph: its outputs into outs[]. */
void build_latency(struct net *n, struct ggml_tensor **outs) {
    struct ggml_tensor *noisy_latent = input(n, "noisy_latent");
    outs[0] = u_net(n, "", noisy_latent);
}

/* The loss of the full graph's outputs. */
struct ggml_tensor *build_loss(struct net *n, struct ggml_tensor **outs) {
    struct ggml_tensor *target = input(n, "target");
    return loss_fn(n, "", outs[0], target);
}
