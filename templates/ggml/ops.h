/* The graph-building helpers inferena's GGML programs share: weights and inputs by name,
 * and the few ops that are several ggml calls (attention, RoPE on [B, H, S, D], reshapes). */
#ifndef INFERENA_GGML_OPS_H
#define INFERENA_GGML_OPS_H

#include "ggml.h"
#include "ggml-alloc.h"
#include "ggml-backend.h"
#include "ggml-cpu.h"
#include "harness.h"

/* One weight: its checkpoint name, tensor (dims reversed: ne0 is the last IR axis). */
struct param {
    char name[256];
    struct ggml_tensor *t;
    int trainable;
    int rank;                      /* its IR shape */
    int64_t shape[8];
};

struct weights {
    int n;
    struct param *params;
    struct ggml_context *ctx;
    ggml_backend_buffer_t buffer;
    ggml_backend_t backend;        /* where they live and the graphs run */
};

/* An input tensor and the host data it is set from once the graph is allocated. */
struct fill {
    struct ggml_tensor *t;
    void *data;
};

/* What a graph being built needs: its context (tensors placed by ggml-alloc), the weights,
 * the input file and a context for the inputs (allocated once, never overwritten). */
struct net {
    struct ggml_context *ctx, *ctx_in;
    const struct weights *w;
    const struct st_file *inputs;
    const char *prefix;            /* "" or "latency.": which inputs this graph reads */
    int n_fills, cap_fills;
    struct fill *fills;
    ggml_backend_buffer_t in_buffer;
    int grads;                     /* built for ggml's backward: only ops that have one */
};

struct weights load_weights(const char *path, ggml_backend_t backend, const char *const *frozen, int n_frozen);
struct net net_new(const struct weights *w, const struct st_file *inputs, const char *prefix, size_t max_nodes);
/* Allocates the inputs and sets their data (after the graph is built). */
void net_set_inputs(struct net *n, ggml_backend_t backend);
void net_free(struct net *n);
/* NULL if `backend` runs every node of `g`, else which one it cannot (written into buf). */
const char *unsupported(ggml_backend_t backend, struct ggml_cgraph *g, char *buf, size_t size);

/* Parameter `rel` of the block at path p. */
struct ggml_tensor *W(struct net *n, const char *p, const char *rel);
/* The path of a child block: p.name, p.name.i */
const char *child(struct net *n, const char *p, const char *name);
const char *item(struct net *n, const char *p, const char *name, int i);
/* A graph input by name (i64 becomes i32: ggml indexes with i32). */
struct ggml_tensor *input(struct net *n, const char *name);
/* New input tensors holding data computed here. */
struct ggml_tensor *positions(struct net *n, int64_t len, int64_t offset);
struct ggml_tensor *scalar(struct net *n, float value);
struct ggml_tensor *one_hot(struct net *n, struct ggml_tensor *labels, int64_t depth);
/* cos (which 0) or sin (1) of the rotary angles at input positions pos, [dim / 2, S], computed in double */
struct ggml_tensor *rope_table(struct net *n, struct ggml_tensor *pos, int dim, double theta, int which);
struct ggml_tensor *causal_mask(struct net *n, int64_t s, int64_t t, int64_t offset);

/* x viewed as the IR shape ne (reversed, rank r), contiguous first where it is not. */
struct ggml_tensor *reshape(struct ggml_context *ctx, struct ggml_tensor *x, int r, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3);
/* Element k of axis ax (ggml order) of x, that axis dropped (r: the IR rank left). */
struct ggml_tensor *select_axis(struct ggml_context *ctx, struct ggml_tensor *x, int ax, int64_t k, int r);
struct ggml_tensor *slice_axis(struct ggml_context *ctx, struct ggml_tensor *x, int ax, int64_t start, int64_t size);
/* x with its axes moved as ggml_permute moves them, contiguous (an identity reshape first, whose
 * backward makes the gradient reaching ggml_cont's backward contiguous, as that one asserts). */
struct ggml_tensor *permute(struct ggml_context *ctx, struct ggml_tensor *x, int a0, int a1, int a2, int a3);
/* Half-split RoPE (GGML_ROPE_TYPE_NEOX) of x [B, H, S, D] (ne [D, S, H, B]) at positions pos. */
struct ggml_tensor *rope(struct ggml_context *ctx, struct ggml_tensor *x, struct ggml_tensor *pos, int dim, float theta);
/* Half-split RoPE of x [.., S, D] with the tables cos, sin [S, D / 2] given */
struct ggml_tensor *rope_apply(struct ggml_context *ctx, struct ggml_tensor *x, struct ggml_tensor *cos, struct ggml_tensor *sin);
/* Scaled dot-product attention of q [B, Hq, S, D], k, v [B, Hkv, T, D] (query head h uses kv head
 * h / (Hq / Hkv), as ggml_mul_mat broadcasts); mask: f32 0 / -inf [.., S, T] or NULL. Without a
 * mask and outside a backward graph: ggml_flash_attn_ext (f32 K and V: f32 throughout). A scale of
 * 0 is the default, 1/sqrt(D). */
struct ggml_tensor *attention(struct net *n, struct ggml_tensor *q, struct ggml_tensor *k, struct ggml_tensor *v,
                              struct ggml_tensor *mask, int causal, float scale);
/* Mean token cross-entropy of logits [.., V] against integer labels. */
struct ggml_tensor *cross_entropy(struct net *n, struct ggml_tensor *logits, struct ggml_tensor *labels);

/* Inference batch norm of x [N, C, ...] (IR rank `rank`) with per-channel weight, bias, running mean and variance */
struct ggml_tensor *batch_norm(struct ggml_context *ctx, struct ggml_tensor *x, struct ggml_tensor *w, struct ggml_tensor *b,
                               struct ggml_tensor *mean, struct ggml_tensor *var, float eps, int rank);
/* erf, elementwise (ggml has no erf op: a custom op over erff) */
struct ggml_tensor *erf_op(struct net *n, struct ggml_tensor *x);
/* d loss / d embedding table [num, D] from the gradient of the looked-up rows */
struct ggml_tensor *embedding_grad(struct ggml_context *ctx, struct ggml_tensor *grad, struct ggml_tensor *ids, int64_t num);
/* ggml_conv_2d_direct (f32) of x [W, H, Cin, N] with kernel w [KW, KH, Cin / groups, Cout], a call per group */
struct ggml_tensor *conv2d(struct ggml_context *ctx, struct ggml_tensor *w, struct ggml_tensor *x, int groups,
                           int s0, int s1, int p0, int p1, int d0, int d1);
/* conv2d's gradients through im2col (f32) and its adjoint ggml_im2col_back: the weight's
 * [KW, KH, Cin, Cout] from input x and output gradient, the input's [W, H, Cin, N] */
struct ggml_tensor *conv2d_grad_weight(struct ggml_context *ctx, struct ggml_tensor *x, struct ggml_tensor *grad, int kw, int kh,
                                       int groups, int s0, int s1, int p0, int p1, int d0, int d1);
struct ggml_tensor *conv2d_grad_input(struct net *n, struct ggml_tensor *grad, struct ggml_tensor *w, int width, int height,
                                      int groups, int s0, int s1, int p0, int p1, int d0, int d1);
/* t's data on the host as f32 (i32 converted), malloc'ed */
float *host_f32(struct ggml_tensor *t);

/* IR shape of tensor t (rank r) into shape. */
void ir_shape(const struct ggml_tensor *t, int r, int64_t *shape);

#endif
