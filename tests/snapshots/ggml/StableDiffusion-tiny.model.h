/* test */
#ifndef MODEL_H
#define MODEL_H

#include "ops.h"

/* StableDiffusion (tiny): the sizes the code is built with */
#define CHANNELS 4
#define BASE 16
static const int64_t MULTS[3] = {1, 2, 4};
#define GROUPS 4
#define BATCH 2

/* model.c: the graphs of the full and the latency input, and the loss */
void build_full(struct net *n, struct ggml_tensor **outs);
void build_latency(struct net *n, struct ggml_tensor **outs);
struct ggml_tensor *build_loss(struct net *n, struct ggml_tensor **outs);
/* train.c: forward, loss and the IR's backward graph: outs[] = loss, then every gradient */
void build_training(struct net *n, struct ggml_tensor **outs);

#endif
