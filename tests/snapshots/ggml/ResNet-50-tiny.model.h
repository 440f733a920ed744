/* test */
#ifndef MODEL_H
#define MODEL_H

#include "ops.h"

/* ResNet-50 (tiny): the sizes the code is built with */
static const int64_t PLANES[4] = {64, 128, 256, 512};
#define WIDTH_PER_GROUP 8
#define EXPANSION 4
#define STEM 64
#define CLASSES 10
#define BATCH 4

/* model.c: the graphs of the full and the latency input, and the loss */
void build_full(struct net *n, struct ggml_tensor **outs);
void build_latency(struct net *n, struct ggml_tensor **outs);
struct ggml_tensor *build_loss(struct net *n, struct ggml_tensor **outs);
/* train.c: forward, loss and the IR's backward graph: outs[] = loss, then every gradient */
void build_training(struct net *n, struct ggml_tensor **outs);

#endif
