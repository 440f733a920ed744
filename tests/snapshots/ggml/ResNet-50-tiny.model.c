/* test */
#include <math.h>

#include "model.h"

/* Bottleneck: `layer1.0` in the checkpoint, and the blocks like it of other sizes */
static struct ggml_tensor *bottleneck(struct net *n, const char *p, int64_t stride, struct ggml_tensor *x) {
    struct ggml_context *ctx = n->ctx;
    struct ggml_tensor *out = ggml_conv_2d_direct(ctx, W(n, p, "conv1.weight"), x, 1, 1, 0, 0, 1, 1);
    out = batch_norm(ctx, out, W(n, p, "bn1.weight"), W(n, p, "bn1.bias"), W(n, p, "bn1.running_mean"), W(n, p, "bn1.running_var"), 1e-05f, 4);
    out = ggml_relu(ctx, out);
    out = ggml_conv_2d_direct(ctx, W(n, p, "conv2.weight"), out, stride, stride, 1, 1, 1, 1);
    out = batch_norm(ctx, out, W(n, p, "bn2.weight"), W(n, p, "bn2.bias"), W(n, p, "bn2.running_mean"), W(n, p, "bn2.running_var"), 1e-05f, 4);
    out = ggml_relu(ctx, out);
    out = ggml_conv_2d_direct(ctx, W(n, p, "conv3.weight"), out, 1, 1, 0, 0, 1, 1);
    out = batch_norm(ctx, out, W(n, p, "bn3.weight"), W(n, p, "bn3.bias"), W(n, p, "bn3.running_mean"), W(n, p, "bn3.running_var"), 1e-05f, 4);
    struct ggml_tensor *identity = ggml_conv_2d_direct(ctx, W(n, p, "downsample.0.weight"), x, stride, stride, 0, 0, 1, 1);
    identity = batch_norm(ctx, identity, W(n, p, "downsample.1.weight"), W(n, p, "downsample.1.bias"), W(n, p, "downsample.1.running_mean"), W(n, p, "downsample.1.running_var"), 1e-05f, 4);
    out = ggml_add(ctx, out, identity);
    x = ggml_relu(ctx, out);
    return x;
}

/* ResNet: the model */
static struct ggml_tensor *res_net(struct net *n, const char *p, struct ggml_tensor *images) {
    struct ggml_context *ctx = n->ctx;
    struct ggml_tensor *x = ggml_conv_2d_direct(ctx, W(n, p, "conv1.weight"), images, 2, 2, 3, 3, 1, 1);
    x = batch_norm(ctx, x, W(n, p, "bn1.weight"), W(n, p, "bn1.bias"), W(n, p, "bn1.running_mean"), W(n, p, "bn1.running_var"), 1e-05f, 4);
    x = ggml_relu(ctx, x);
    x = ggml_pool_2d(ctx, x, GGML_OP_POOL_MAX, 3, 3, 2, 2, 1, 1);
    x = bottleneck(n, item(n, p, "layer1", 0), 1, x);
    x = bottleneck(n, item(n, p, "layer2", 0), 2, x);
    x = bottleneck(n, item(n, p, "layer3", 0), 2, x);
    x = bottleneck(n, item(n, p, "layer4", 0), 2, x);
    x = reshape(ctx, ggml_mean(ctx, reshape(ctx, x, 3, x->ne[1] * x->ne[0], x->ne[2], x->ne[3], 1)), 2, x->ne[2], x->ne[3], 1, 1);
    struct ggml_tensor *logits = ggml_add(ctx, ggml_mul_mat(ctx, W(n, p, "fc.weight"), x), W(n, p, "fc.bias"));
    return logits;
}

/* The loss */
static struct ggml_tensor *loss_fn(struct net *n, const char *p, struct ggml_tensor *logits, struct ggml_tensor *labels) {
    struct ggml_tensor *loss = cross_entropy(n, logits, labels);
    return loss;
}

/* The full graph: its outputs into outs[]. */
void build_full(struct net *n, struct ggml_tensor **outs) {
    struct ggml_tensor *images = input(n, "images");
    outs[0] = res_net(n, "", images);
}

/* The latency graph: its outputs into outs[]. */
void build_latency(struct net *n, struct ggml_tensor **outs) {
    struct ggml_tensor *images = input(n, "images");
    outs[0] = res_net(n, "", images);
}

/* The loss of the full graph's outputs. */
struct ggml_tensor *build_loss(struct net *n, struct ggml_tensor **outs) {
    struct ggml_tensor *labels = input(n, "labels");
    return loss_fn(n, "", outs[0], labels);
}
