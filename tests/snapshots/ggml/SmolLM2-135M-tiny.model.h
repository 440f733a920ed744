/* test */
#ifndef MODEL_H
#define MODEL_H

#include "ops.h"

/* SmolLM2-135M (tiny): the sizes the code is built with */
#define HIDDEN 64
#define HEADS 4
#define KV_HEADS 2
#define HEAD_DIM 16

/* model.c: the graphs of the full and the latency input, and the loss */
void build_full(struct net *n, struct ggml_tensor **outs);
void build_latency(struct net *n, struct ggml_tensor **outs);
struct ggml_tensor *build_loss(struct net *n, struct ggml_tensor **outs);

#endif
