/* The graph-building helpers inferena's GGML programs share (ops.h). */
#include "ops.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* f32 for floats (f64 read as f32) and for bool (0 / 1: masks multiply and add), i32 for integers */
static enum ggml_type type_of(const char *dtype) {
    return !strcmp(dtype, "F32") || !strcmp(dtype, "F64") || !strcmp(dtype, "BOOL") ? GGML_TYPE_F32 : GGML_TYPE_I32;
}

/* Host data of a safetensors tensor in the ggml type (f64 -> f32, i64/bool -> i32). */
static void *convert(const struct st_tensor *t) {
    int64_t n = st_numel(t);
    void *out = malloc(n * 4 + 4);
    if (!strcmp(t->dtype, "F32") || !strcmp(t->dtype, "I32")) {
        memcpy(out, t->data, n * 4);
    } else if (!strcmp(t->dtype, "F64")) {
        for (int64_t i = 0; i < n; i++) ((float *)out)[i] = (float)((const double *)t->data)[i];
    } else if (!strcmp(t->dtype, "I64")) {
        for (int64_t i = 0; i < n; i++) ((int32_t *)out)[i] = (int32_t)((const int64_t *)t->data)[i];
    } else if (!strcmp(t->dtype, "BOOL")) {
        for (int64_t i = 0; i < n; i++) ((float *)out)[i] = ((const uint8_t *)t->data)[i] ? 1.0f : 0.0f;
    } else if (!strcmp(t->dtype, "U8")) {
        for (int64_t i = 0; i < n; i++) ((int32_t *)out)[i] = ((const uint8_t *)t->data)[i];
    } else {
        fail("%s: dtype %s is not read", t->name, t->dtype);
    }
    return out;
}

static struct ggml_tensor *new_reversed(struct ggml_context *ctx, enum ggml_type type, int rank, const int64_t *shape) {
    int64_t ne[4] = {1, 1, 1, 1};
    if (rank > 4) fail("ggml tensors have at most 4 dimensions, got %d", rank);
    for (int i = 0; i < rank; i++) ne[i] = shape[rank - 1 - i];
    return ggml_new_tensor(ctx, type, rank ? rank : 1, ne);
}

struct weights load_weights(const char *path, ggml_backend_t backend, const char *const *frozen, int n_frozen) {
    struct st_file f = st_load(path);
    struct weights w = {f.n, calloc(f.n, sizeof(struct param)), NULL, NULL, backend};
    struct ggml_init_params ip = {ggml_tensor_overhead() * (f.n + 1), NULL, true};
    w.ctx = ggml_init(ip);
    for (int i = 0; i < f.n; i++) {
        const struct st_tensor *t = &f.tensors[i];
        struct param *p = &w.params[i];
        snprintf(p->name, sizeof p->name, "%s", t->name);
        p->t = new_reversed(w.ctx, type_of(t->dtype), t->rank, t->shape);
        ggml_format_name(p->t, "w%d", i);      /* checkpoint names can be longer than GGML_MAX_NAME */
        p->trainable = p->t->type == GGML_TYPE_F32;
        p->rank = t->rank;
        memcpy(p->shape, t->shape, sizeof p->shape);
        for (int j = 0; j < n_frozen; j++) {
            size_t a = strlen(p->name), b = strlen(frozen[j]);
            if (!strcmp(p->name, frozen[j]) || (a > b && p->name[a - b - 1] == '.' && !strcmp(p->name + a - b, frozen[j])))
                p->trainable = 0;
        }
    }
    w.buffer = ggml_backend_alloc_ctx_tensors(w.ctx, backend);
    for (int i = 0; i < f.n; i++) {
        void *data = convert(&f.tensors[i]);
        ggml_backend_tensor_set(w.params[i].t, data, 0, ggml_nbytes(w.params[i].t));
        free(data);
    }
    free(f.tensors);
    free(f.blob);
    return w;
}

struct net net_new(const struct weights *w, const struct st_file *inputs, const char *prefix, size_t max_nodes) {
    struct net n = {0};
    struct ggml_init_params ip = {ggml_tensor_overhead() * max_nodes + ggml_graph_overhead_custom(max_nodes, true), NULL, true};
    n.ctx = ggml_init(ip);
    struct ggml_init_params in = {ggml_tensor_overhead() * 1024, NULL, true};
    n.ctx_in = ggml_init(in);
    n.w = w;
    n.inputs = inputs;
    n.prefix = prefix;
    return n;
}

static struct ggml_tensor *add_fill(struct net *n, struct ggml_tensor *t, void *data) {
    if (n->n_fills == n->cap_fills)
        n->fills = realloc(n->fills, (n->cap_fills = n->cap_fills ? 2 * n->cap_fills : 16) * sizeof *n->fills);
    n->fills[n->n_fills++] = (struct fill){t, data};
    ggml_set_input(t);
    return t;
}

void net_set_inputs(struct net *n, ggml_backend_t backend) {
    n->in_buffer = ggml_backend_alloc_ctx_tensors(n->ctx_in, backend);
    for (int i = 0; i < n->n_fills; i++)
        ggml_backend_tensor_set(n->fills[i].t, n->fills[i].data, 0, ggml_nbytes(n->fills[i].t));
}

void net_free(struct net *n) {
    for (int i = 0; i < n->n_fills; i++) free(n->fills[i].data);
    free(n->fills);
    if (n->in_buffer) ggml_backend_buffer_free(n->in_buffer);
    ggml_free(n->ctx_in);
    ggml_free(n->ctx);
}

const char *unsupported(ggml_backend_t backend, struct ggml_cgraph *g, char *buf, size_t size) {
    for (int i = 0; i < ggml_graph_n_nodes(g); i++) {
        struct ggml_tensor *t = ggml_graph_node(g, i);
        if (ggml_backend_supports_op(backend, t)) continue;
        snprintf(buf, size, "ggml's %s backend has no %s for %s [%lld, %lld, %lld, %lld] (node %s)", ggml_backend_name(backend),
                 ggml_op_desc(t), ggml_type_name(t->type), (long long)t->ne[0], (long long)t->ne[1], (long long)t->ne[2],
                 (long long)t->ne[3], t->name);
        return buf;
    }
    return NULL;
}

struct ggml_tensor *W(struct net *n, const char *p, const char *rel) {
    char name[512];
    snprintf(name, sizeof name, "%s%s%s", p, *p ? "." : "", rel);
    for (int i = 0; i < n->w->n; i++)
        if (!strcmp(n->w->params[i].name, name)) return n->w->params[i].t;
    fail("weights.safetensors has no %s", name);
    return NULL;
}

/* Paths live as long as the program: a few hundred short strings. */
const char *child(struct net *n, const char *p, const char *name) {
    (void)n;
    size_t len = strlen(p) + strlen(name) + 2;
    char *s = malloc(len);
    snprintf(s, len, "%s%s%s", p, *p ? "." : "", name);
    return s;
}

const char *item(struct net *n, const char *p, const char *name, int i) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s.%d", name, i);
    return child(n, p, buf);
}

struct ggml_tensor *input(struct net *n, const char *name) {
    char key[512];
    snprintf(key, sizeof key, "%s%s", n->prefix, name);
    const struct st_tensor *t = st_find(n->inputs, key);
    if (!t) fail("inputs.safetensors has no %s", key);
    struct ggml_tensor *x = new_reversed(n->ctx_in, type_of(t->dtype), t->rank, t->shape);
    ggml_set_name(x, name);
    return add_fill(n, x, convert(t));
}

struct ggml_tensor *positions(struct net *n, int64_t len, int64_t offset) {
    struct ggml_tensor *t = ggml_new_tensor_1d(n->ctx_in, GGML_TYPE_I32, len);
    int32_t *data = malloc(len * sizeof *data);
    for (int64_t i = 0; i < len; i++) data[i] = (int32_t)(i + offset);
    return add_fill(n, t, data);
}

struct ggml_tensor *scalar(struct net *n, float value) {
    struct ggml_tensor *t = ggml_new_tensor_1d(n->ctx_in, GGML_TYPE_F32, 1);
    float *data = malloc(sizeof *data);
    *data = value;
    return add_fill(n, t, data);
}


static const void *host_data(struct net *n, struct ggml_tensor *t) {
    for (int i = 0; i < n->n_fills; i++)
        if (n->fills[i].t == t) return n->fills[i].data;
    fail("%s is not an input of the program (one_hot reads its data)", t->name);
    return NULL;
}

struct ggml_tensor *one_hot(struct net *n, struct ggml_tensor *labels, int64_t depth) {
    int64_t count = ggml_nelements(labels);
    const int32_t *idx = host_data(n, labels);
    struct ggml_tensor *t = ggml_new_tensor_4d(n->ctx_in, GGML_TYPE_F32, depth, labels->ne[0], labels->ne[1], labels->ne[2]);
    float *data = calloc(depth * count, sizeof *data);
    for (int64_t i = 0; i < count; i++) data[i * depth + idx[i]] = 1.0f;
    return add_fill(n, t, data);
}

struct ggml_tensor *rope_table(struct net *n, struct ggml_tensor *pos, int dim, double theta, int which) {
    const int32_t *at = host_data(n, pos);
    int64_t len = ggml_nelements(pos), half = dim / 2;
    struct ggml_tensor *t = ggml_new_tensor_2d(n->ctx_in, GGML_TYPE_F32, half, len);
    float *data = malloc(len * half * sizeof *data);
    for (int64_t i = 0; i < len; i++)
        for (int64_t j = 0; j < half; j++) {
            double angle = at[i] / pow(theta, 2.0 * j / dim);
            data[i * half + j] = (float)(which ? sin(angle) : cos(angle));
        }
    return add_fill(n, t, data);
}

struct ggml_tensor *causal_mask(struct net *n, int64_t s, int64_t t, int64_t offset) {
    struct ggml_tensor *m = ggml_new_tensor_2d(n->ctx_in, GGML_TYPE_F32, t, s);
    float *data = malloc(s * t * sizeof *data);
    for (int64_t i = 0; i < s; i++)
        for (int64_t j = 0; j < t; j++) data[i * t + j] = j <= i + offset ? 1.0f : 0.0f;
    return add_fill(n, m, data);
}

struct ggml_tensor *reshape(struct ggml_context *ctx, struct ggml_tensor *x, int r, int64_t ne0, int64_t ne1, int64_t ne2, int64_t ne3) {
    if (!ggml_is_contiguous(x)) x = ggml_cont(ctx, x);
    int64_t ne[4] = {ne0, ne1, ne2, ne3}, known = 1;
    for (int i = 0; i < 4; i++) known *= ne[i] < 0 ? 1 : ne[i];
    for (int i = 0; i < 4; i++) if (ne[i] < 0) ne[i] = ggml_nelements(x) / known;     /* the -1 of the spec */
    ne0 = ne[0], ne1 = ne[1], ne2 = ne[2], ne3 = ne[3];
    switch (r) {
    case 0: case 1: return ggml_reshape_1d(ctx, x, ne0);
    case 2: return ggml_reshape_2d(ctx, x, ne0, ne1);
    case 3: return ggml_reshape_3d(ctx, x, ne0, ne1, ne2);
    default: return ggml_reshape_4d(ctx, x, ne0, ne1, ne2, ne3);
    }
}

struct ggml_tensor *slice_axis(struct ggml_context *ctx, struct ggml_tensor *x, int ax, int64_t start, int64_t size) {
    int64_t ne[4] = {x->ne[0], x->ne[1], x->ne[2], x->ne[3]};
    ne[ax] = size;
    struct ggml_tensor *v = ggml_view_4d(ctx, x, ne[0], ne[1], ne[2], ne[3], x->nb[1], x->nb[2], x->nb[3], start * x->nb[ax]);
    return ggml_cont(ctx, v);
}

struct ggml_tensor *select_axis(struct ggml_context *ctx, struct ggml_tensor *x, int ax, int64_t k, int r) {
    struct ggml_tensor *s = slice_axis(ctx, x, ax, k, 1);
    int64_t ne[4] = {1, 1, 1, 1};
    for (int i = 0, j = 0; i < 4; i++)
        if (i != ax) ne[j++] = x->ne[i];
    return reshape(ctx, s, r < 1 ? 1 : r, ne[0], ne[1], ne[2], ne[3]);
}

struct ggml_tensor *permute(struct ggml_context *ctx, struct ggml_tensor *x, int a0, int a1, int a2, int a3) {
    if (ggml_is_contiguous(x)) x = ggml_reshape(ctx, x, x);
    return ggml_cont(ctx, ggml_permute(ctx, x, a0, a1, a2, a3));
}

struct ggml_tensor *rope(struct ggml_context *ctx, struct ggml_tensor *x, struct ggml_tensor *pos, int dim, float theta) {
    /* ggml_rope_ext rotates [D, H, S, B] at the positions of axis 2: heads and sequence swap */
    struct ggml_tensor *t = permute(ctx, x, 0, 2, 1, 3);
    t = ggml_rope_ext(ctx, t, pos, NULL, dim, GGML_ROPE_TYPE_NEOX, 0, theta, 1.0f, 0.0f, 1.0f, 0.0f, 0.0f);
    return permute(ctx, t, 0, 2, 1, 3);
}

struct ggml_tensor *rope_apply(struct ggml_context *ctx, struct ggml_tensor *x, struct ggml_tensor *cos, struct ggml_tensor *sin) {
    int64_t half = x->ne[0] / 2;
    struct ggml_tensor *x1 = slice_axis(ctx, x, 0, 0, half), *x2 = slice_axis(ctx, x, 0, half, half);
    struct ggml_tensor *a = ggml_sub(ctx, ggml_mul(ctx, x1, cos), ggml_mul(ctx, x2, sin));
    struct ggml_tensor *b = ggml_add(ctx, ggml_mul(ctx, x2, cos), ggml_mul(ctx, x1, sin));
    return ggml_concat(ctx, a, b, 0);
}

/* additive causal mask [T, S]: 0 where key j <= query i, -inf after it */
static struct ggml_tensor *causal_bias(struct net *n, int64_t t, int64_t s, enum ggml_type type) {
    struct ggml_tensor *m = ggml_new_tensor_2d(n->ctx_in, type, t, s);
    float *bias = malloc(t * s * sizeof *bias);
    for (int64_t i = 0; i < s; i++)
        for (int64_t j = 0; j < t; j++) bias[i * t + j] = j <= i ? 0.0f : -INFINITY;
    if (type == GGML_TYPE_F32) return add_fill(n, m, bias);
    ggml_fp16_t *half = malloc(t * s * sizeof *half);
    ggml_fp32_to_fp16_row(bias, half, t * s);
    free(bias);
    return add_fill(n, m, half);
}

struct ggml_tensor *attention(struct net *n, struct ggml_tensor *q, struct ggml_tensor *k, struct ggml_tensor *v,
                              struct ggml_tensor *mask, int causal, float scale) {
    struct ggml_context *ctx = n->ctx;
    if (scale == 0.0f) scale = 1.0f / sqrtf((float) q->ne[0]);
    int64_t t = k->ne[1], s = q->ne[1];
    /* flash attention has no backward, and off the CPU (CUDA) it rounds F32 K/V to F16 */
    if (!mask && !n->grads && ggml_backend_is_cpu(n->w->backend)) {
        struct ggml_tensor *m = causal ? causal_bias(n, t, s, GGML_TYPE_F16) : NULL;
        struct ggml_tensor *out = ggml_flash_attn_ext(ctx, q, k, v, m, scale, 0.0f, 0.0f);   /* [D, Hq, S, B] */
        ggml_flash_attn_ext_set_prec(out, GGML_PREC_F32);
        return permute(ctx, out, 0, 2, 1, 3);
    }
    struct ggml_tensor *scores = ggml_mul_mat(ctx, k, q);            /* [T, S, Hq, B] */
    if (mask) scores = ggml_add(ctx, scores, mask);
    /* the causal mask as soft_max's own (not ggml_diag_mask_inf, whose backward CUDA lacks) */
    struct ggml_tensor *probs = ggml_soft_max_ext(ctx, scores, causal ? causal_bias(n, t, s, GGML_TYPE_F32) : NULL, scale, 0.0f);
    struct ggml_tensor *vt = permute(ctx, v, 1, 0, 2, 3);              /* [T, D, Hkv, B] */
    return ggml_mul_mat(ctx, vt, probs);                              /* [D, S, Hq, B] */
}

struct ggml_tensor *cross_entropy(struct net *n, struct ggml_tensor *logits, struct ggml_tensor *labels) {
    int64_t v = logits->ne[0], rows = ggml_nelements(logits) / v;
    struct ggml_tensor *hot = one_hot(n, labels, v);
    return ggml_cross_entropy_loss(n->ctx, reshape(n->ctx, logits, 2, v, rows, 1, 1), reshape(n->ctx, hot, 2, v, rows, 1, 1));
}

void ir_shape(const struct ggml_tensor *t, int r, int64_t *shape) {
    for (int i = 0; i < r; i++) shape[i] = t->ne[r - 1 - i];
}

static void erf_rows(struct ggml_tensor *dst, const struct ggml_tensor *a, int ith, int nth, void *userdata) {
    (void)userdata;
    int64_t count = ggml_nelements(dst), per = (count + nth - 1) / nth;
    const float *x = a->data;
    float *y = dst->data;
    for (int64_t i = ith * per; i < count && i < (ith + 1) * per; i++) y[i] = erff(x[i]);
}

/* erf: erff on the CPU (a custom op); elsewhere (custom ops run on the CPU only) composed of
   ggml ops by Abramowitz & Stegun 7.1.26, |error| < 1.5e-7 */
struct ggml_tensor *erf_op(struct net *n, struct ggml_tensor *x) {
    struct ggml_context *ctx = n->ctx;
    if (!ggml_is_contiguous(x)) x = ggml_cont(ctx, x);
    if (ggml_backend_is_cpu(n->w->backend)) return ggml_map_custom1(ctx, x, erf_rows, GGML_N_TASKS_MAX, NULL);
    static const float A[] = {0.254829592f, -0.284496736f, 1.421413741f, -1.453152027f, 1.061405429f};
    struct ggml_tensor *ax = ggml_abs(ctx, x);
    struct ggml_tensor *t = ggml_div(ctx, ggml_scale_bias(ctx, ax, 0.0f, 1.0f), ggml_scale_bias(ctx, ax, 0.3275911f, 1.0f));
    struct ggml_tensor *poly = ggml_scale_bias(ctx, t, A[4], A[3]);
    for (int i = 2; i >= 0; i--) poly = ggml_scale_bias(ctx, ggml_mul(ctx, poly, t), 1.0f, A[i]);
    poly = ggml_mul(ctx, poly, t);
    struct ggml_tensor *tail = ggml_mul(ctx, poly, ggml_exp(ctx, ggml_neg(ctx, ggml_sqr(ctx, x))));
    return ggml_mul(ctx, ggml_sgn(ctx, x), ggml_scale_bias(ctx, tail, -1.0f, 1.0f));
}

struct ggml_tensor *embedding_grad(struct ggml_context *ctx, struct ggml_tensor *grad, struct ggml_tensor *ids, int64_t num) {
    int64_t d = grad->ne[0], rows = ggml_nelements(ids);
    struct ggml_tensor *like = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, d, num);      /* its shape only */
    return ggml_get_rows_back(ctx, reshape(ctx, grad, 2, d, rows, 1, 1), reshape(ctx, ids, 1, rows, 1, 1, 1), like);
}

struct ggml_tensor *conv2d(struct ggml_context *ctx, struct ggml_tensor *w, struct ggml_tensor *x, int groups,
                           int s0, int s1, int p0, int p1, int d0, int d1) {
    if (groups == 1) return ggml_conv_2d_direct(ctx, w, x, s0, s1, p0, p1, d0, d1);
    int64_t cin = w->ne[2], cout = w->ne[3] / groups;
    struct ggml_tensor *out = NULL;
    for (int g = 0; g < groups; g++) {            /* ggml_conv_2d_direct has no groups: one call per group */
        struct ggml_tensor *y = ggml_conv_2d_direct(ctx, slice_axis(ctx, w, 3, g * cout, cout),
                                                    slice_axis(ctx, x, 2, g * cin, cin), s0, s1, p0, p1, d0, d1);
        out = out ? ggml_concat(ctx, out, y, 2) : y;
    }
    return out;
}

static struct ggml_tensor *grad_weight_1(struct ggml_context *ctx, struct ggml_tensor *x, struct ggml_tensor *grad, int kw, int kh,
                                         int s0, int s1, int p0, int p1, int d0, int d1);
static struct ggml_tensor *grad_input_1(struct net *n, struct ggml_tensor *grad, struct ggml_tensor *w, int width, int height,
                                        int s0, int s1, int p0, int p1, int d0, int d1);

struct ggml_tensor *conv2d_grad_weight(struct ggml_context *ctx, struct ggml_tensor *x, struct ggml_tensor *grad, int kw, int kh,
                                       int groups, int s0, int s1, int p0, int p1, int d0, int d1) {
    int64_t cin = x->ne[2] / groups, cout = grad->ne[2] / groups;
    struct ggml_tensor *out = NULL;
    for (int g = 0; g < groups; g++) {
        struct ggml_tensor *xg = groups == 1 ? x : slice_axis(ctx, x, 2, g * cin, cin);
        struct ggml_tensor *gg = groups == 1 ? grad : slice_axis(ctx, grad, 2, g * cout, cout);
        struct ggml_tensor *y = grad_weight_1(ctx, xg, gg, kw, kh, s0, s1, p0, p1, d0, d1);
        out = out ? ggml_concat(ctx, out, y, 3) : y;
    }
    return out;
}

struct ggml_tensor *conv2d_grad_input(struct net *n, struct ggml_tensor *grad, struct ggml_tensor *w, int width, int height,
                                      int groups, int s0, int s1, int p0, int p1, int d0, int d1) {
    struct ggml_context *ctx = n->ctx;
    int64_t cout = w->ne[3] / groups;
    struct ggml_tensor *out = NULL;
    for (int g = 0; g < groups; g++) {
        struct ggml_tensor *wg = groups == 1 ? w : slice_axis(ctx, w, 3, g * cout, cout);
        struct ggml_tensor *gg = groups == 1 ? grad : slice_axis(ctx, grad, 2, g * cout, cout);
        struct ggml_tensor *y = grad_input_1(n, gg, wg, width, height, s0, s1, p0, p1, d0, d1);
        out = out ? ggml_concat(ctx, out, y, 2) : y;
    }
    return out;
}

float *host_f32(struct ggml_tensor *t) {
    float *data = malloc(ggml_nelements(t) * sizeof *data + 4);
    ggml_backend_tensor_get(t, data, 0, ggml_nbytes(t));
    if (t->type == GGML_TYPE_I32)
        for (int64_t i = 0; i < ggml_nelements(t); i++) data[i] = (float)((int32_t *)data)[i];
    return data;
}

static struct ggml_tensor *grad_weight_1(struct ggml_context *ctx, struct ggml_tensor *x, struct ggml_tensor *grad, int kw, int kh,
                                         int s0, int s1, int p0, int p1, int d0, int d1) {
    int64_t cin = x->ne[2], cout = grad->ne[2];
    struct ggml_tensor *like = ggml_new_tensor_4d(ctx, GGML_TYPE_F32, kw, kh, cin, cout);   /* its shape only */
    struct ggml_tensor *cols = ggml_im2col(ctx, like, x, s0, s1, p0, p1, d0, d1, true, GGML_TYPE_F32);  /* [K, OW, OH, N] */
    int64_t k = cols->ne[0], pixels = ggml_nelements(cols) / k;
    struct ggml_tensor *cols_t = permute(ctx, reshape(ctx, cols, 2, k, pixels, 1, 1), 1, 0, 2, 3);      /* [P, K] */
    struct ggml_tensor *grad_t = reshape(ctx, permute(ctx, grad, 0, 1, 3, 2), 2, pixels, cout, 1, 1);    /* [P, Cout] */
    return reshape(ctx, ggml_mul_mat(ctx, cols_t, grad_t), 4, kw, kh, cin, cout);
}

/* The input gradient as a transposed convolution of the output gradient, cut to the input's
   size: off the CPU, whose backends (CUDA) have no im2col_back; one stride, no dilation. */
static struct ggml_tensor *grad_input_transposed(struct ggml_context *ctx, struct ggml_tensor *grad, struct ggml_tensor *w,
                                                 int width, int height, int stride, int p0, int p1) {
    if (!ggml_is_contiguous(grad)) grad = ggml_cont(ctx, grad);
    if (!ggml_is_contiguous(w)) w = ggml_cont(ctx, w);
    struct ggml_tensor *full = ggml_conv_transpose_2d_p0(ctx, w, grad, stride);   /* [(OW-1)s+KW, (OH-1)s+KH, Cin, N] */
    int64_t cw = full->ne[0] - p0 < width ? full->ne[0] - p0 : width, ch = full->ne[1] - p1 < height ? full->ne[1] - p1 : height;
    struct ggml_tensor *cut = ggml_view_4d(ctx, full, cw, ch, full->ne[2], full->ne[3], full->nb[1], full->nb[2], full->nb[3],
                                           p0 * full->nb[0] + p1 * full->nb[1]);
    return ggml_pad(ctx, ggml_cont(ctx, cut), width - cw, height - ch, 0, 0);       /* rows no output reached */
}

static struct ggml_tensor *grad_input_1(struct net *n, struct ggml_tensor *grad, struct ggml_tensor *w, int width, int height,
                                        int s0, int s1, int p0, int p1, int d0, int d1) {
    struct ggml_context *ctx = n->ctx;
    int one_row = grad->ne[1] == 1 && w->ne[1] == 1 && p1 == 0;           /* a 1-D convolution: s1 is moot */
    if (!ggml_backend_is_cpu(n->w->backend) && d0 == 1 && d1 == 1 && (s0 == s1 || one_row))
        return grad_input_transposed(ctx, grad, w, width, height, s0, p0, p1);
    int64_t kw = w->ne[0], kh = w->ne[1], cin = w->ne[2], cout = w->ne[3], k = kw * kh * cin;
    int64_t ow = grad->ne[0], oh = grad->ne[1], batch = grad->ne[3];
    struct ggml_tensor *w_t = permute(ctx, reshape(ctx, w, 2, k, cout, 1, 1), 1, 0, 2, 3);              /* [Cout, K] */
    struct ggml_tensor *grad_t = reshape(ctx, permute(ctx, grad, 1, 2, 0, 3), 2, cout, ow * oh * batch, 1, 1);
    struct ggml_tensor *cols = reshape(ctx, ggml_mul_mat(ctx, w_t, grad_t), 4, k, ow, oh, batch);       /* [K, OW, OH, N] */
    int64_t ne[4] = {width, height, cin, batch};
    return ggml_im2col_back(ctx, cols, w, ne, s0, s1, p0, p1, d0, d1, true);   /* (gradient, kernel) as ggml's own backward passes them */
}

struct ggml_tensor *batch_norm(struct ggml_context *ctx, struct ggml_tensor *x, struct ggml_tensor *w, struct ggml_tensor *b,
                               struct ggml_tensor *mean, struct ggml_tensor *var, float eps, int rank) {
    int axis = rank - 2;                            /* channels: IR axis 1 */
    int64_t ne[4] = {1, 1, 1, 1};
    ne[axis] = w->ne[0];
    struct ggml_tensor *scale = ggml_div(ctx, w, ggml_sqrt(ctx, ggml_scale_bias(ctx, var, 1.0f, eps)));
    struct ggml_tensor *shift = ggml_sub(ctx, b, ggml_mul(ctx, mean, scale));        /* y = x * scale + shift */
    scale = ggml_reshape_4d(ctx, scale, ne[0], ne[1], ne[2], ne[3]);
    shift = ggml_reshape_4d(ctx, shift, ne[0], ne[1], ne[2], ne[3]);
    return ggml_add(ctx, ggml_mul(ctx, x, scale), shift);
}
