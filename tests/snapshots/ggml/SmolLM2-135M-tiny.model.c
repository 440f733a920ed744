/* test */
#include <math.h>

#include "model.h"

/* LlamaAttention: `model.layers.0.self_attn` in the checkpoint, and the blocks like it */
static struct ggml_tensor *llama_attention(struct net *n, const char *p, struct ggml_tensor *normed, struct ggml_tensor *cos, struct ggml_tensor *sin) {
    struct ggml_context *ctx = n->ctx;
    struct ggml_tensor *q = ggml_mul_mat(ctx, W(n, p, "q_proj.weight"), normed);
    struct ggml_tensor *k = ggml_mul_mat(ctx, W(n, p, "k_proj.weight"), normed);
    struct ggml_tensor *v = ggml_mul_mat(ctx, W(n, p, "v_proj.weight"), normed);
    q = reshape(ctx, q, 4, HEAD_DIM, HEADS, q->ne[1], q->ne[2]);
    q = permute(ctx, q, 0, 2, 1, 3);
    q = rope(ctx, q, cos, HEAD_DIM, 100000.0f);
    k = reshape(ctx, k, 4, HEAD_DIM, KV_HEADS, k->ne[1], k->ne[2]);
    k = permute(ctx, k, 0, 2, 1, 3);
    k = rope(ctx, k, cos, HEAD_DIM, 100000.0f);
    v = reshape(ctx, v, 4, HEAD_DIM, KV_HEADS, v->ne[1], v->ne[2]);
    v = permute(ctx, v, 0, 2, 1, 3);
    struct ggml_tensor *out = attention(n, q, k, v, NULL, 1, 0.0f);
    out = permute(ctx, out, 0, 2, 1, 3);
    out = reshape(ctx, out, 3, HEADS * HEAD_DIM, out->ne[2], out->ne[3], 1);
    out = ggml_mul_mat(ctx, W(n, p, "o_proj.weight"), out);
    return out;
}

/* LlamaMLP: `model.layers.0.mlp` in the checkpoint, and the blocks like it */
static struct ggml_tensor *llama_mlp(struct net *n, const char *p, struct ggml_tensor *normed) {
    struct ggml_context *ctx = n->ctx;
    struct ggml_tensor *gate = ggml_mul_mat(ctx, W(n, p, "gate_proj.weight"), normed);
    struct ggml_tensor *up = ggml_mul_mat(ctx, W(n, p, "up_proj.weight"), normed);
    gate = ggml_silu(ctx, gate);
    struct ggml_tensor *h = ggml_mul(ctx, gate, up);
    struct ggml_tensor *out = ggml_mul_mat(ctx, W(n, p, "down_proj.weight"), h);
    return out;
}

/* LlamaDecoderLayer: `model.layers.0` in the checkpoint, and the blocks like it */
static struct ggml_tensor *llama_decoder_layer(struct net *n, const char *p, struct ggml_tensor *h, struct ggml_tensor *cos, struct ggml_tensor *sin) {
    struct ggml_context *ctx = n->ctx;
    struct ggml_tensor *normed = ggml_mul(ctx, ggml_rms_norm(ctx, h, 1e-05f), W(n, p, "input_layernorm.weight"));
    struct ggml_tensor *out = llama_attention(n, child(n, p, "self_attn"), normed, cos, sin);
    h = ggml_add(ctx, h, out);
    normed = ggml_mul(ctx, ggml_rms_norm(ctx, h, 1e-05f), W(n, p, "post_attention_layernorm.weight"));
    out = llama_mlp(n, child(n, p, "mlp"), normed);
    h = ggml_add(ctx, h, out);
    return h;
}

/* LlamaModel: `model` in the checkpoint, and the blocks like it */
static struct ggml_tensor *llama_model(struct net *n, const char *p, struct ggml_tensor *input_ids) {
    struct ggml_context *ctx = n->ctx;
    struct ggml_tensor *h = reshape(ctx, ggml_get_rows(ctx, W(n, p, "embed_tokens.weight"), reshape(ctx, input_ids, 1, -1, 1, 1, 1)), 3, HIDDEN, input_ids->ne[0], input_ids->ne[1], 1);
    struct ggml_tensor *v_positions = positions(n, input_ids->ne[0], 0);
    /* rope tables: ggml_rope_ext computes cos/sin from the positions itself */
    for (int i = 0; i < 2; i++)
        h = llama_decoder_layer(n, item(n, p, "layers", i), h, v_positions, v_positions);
    struct ggml_tensor *normed = ggml_mul(ctx, ggml_rms_norm(ctx, h, 1e-05f), W(n, p, "norm.weight"));
    return normed;
}

/* LlamaForCausalLM: the model */
static struct ggml_tensor *llama_for_causal_lm(struct net *n, const char *p, struct ggml_tensor *input_ids) {
    struct ggml_context *ctx = n->ctx;
    struct ggml_tensor *normed = llama_model(n, child(n, p, "model"), input_ids);
    struct ggml_tensor *logits = ggml_mul_mat(ctx, W(n, p, "model.embed_tokens.weight"), normed);
    return logits;
}

/* The loss */
static struct ggml_tensor *loss_fn(struct net *n, const char *p, struct ggml_tensor *logits, struct ggml_tensor *labels) {
    struct ggml_tensor *loss = cross_entropy(n, logits, labels);
    return loss;
}

/* The full graph: its outputs into outs[]. */
void build_full(struct net *n, struct ggml_tensor **outs) {
    struct ggml_tensor *input_ids = input(n, "input_ids");
    outs[0] = llama_for_causal_lm(n, "", input_ids);
}

/* The latency graph: its outputs into outs[]. */
void build_latency(struct net *n, struct ggml_tensor **outs) {
    struct ggml_tensor *input_ids = input(n, "input_ids");
    outs[0] = llama_for_causal_lm(n, "", input_ids);
}

/* The loss of the full graph's outputs. */
struct ggml_tensor *build_loss(struct net *n, struct ggml_tensor **outs) {
    struct ggml_tensor *labels = input(n, "labels");
    return loss_fn(n, "", outs[0], labels);
}
