/* test */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "model.h"

#define MAX_NODES 8192

/* Forward outputs and their IR shapes (ggml holds them reversed). */
static const char *const OUTPUTS[] = {"logits"};
static const char *const LATENCY_OUTPUTS[] = {"latency.logits"};
/* Parameters held as buffers, not trained: no gradient is written for them. */
static const char *const FROZEN[] = {"bn1.running_mean", "bn1.running_var", "layer1.0.bn1.running_mean", "layer1.0.bn1.running_var", "layer1.0.bn2.running_mean", "layer1.0.bn2.running_var", "layer1.0.bn3.running_mean", "layer1.0.bn3.running_var", "layer1.0.downsample.1.running_mean", "layer1.0.downsample.1.running_var", "layer2.0.bn1.running_mean", "layer2.0.bn1.running_var", "layer2.0.bn2.running_mean", "layer2.0.bn2.running_var", "layer2.0.bn3.running_mean", "layer2.0.bn3.running_var", "layer2.0.downsample.1.running_mean", "layer2.0.downsample.1.running_var", "layer3.0.bn1.running_mean", "layer3.0.bn1.running_var", "layer3.0.bn2.running_mean", "layer3.0.bn2.running_var", "layer3.0.bn3.running_mean", "layer3.0.bn3.running_var", "layer3.0.downsample.1.running_mean", "layer3.0.downsample.1.running_var", "layer4.0.bn1.running_mean", "layer4.0.bn1.running_var", "layer4.0.bn2.running_mean", "layer4.0.bn2.running_var", "layer4.0.bn3.running_mean", "layer4.0.bn3.running_var", "layer4.0.downsample.1.running_mean", "layer4.0.downsample.1.running_var"};
#define N_FROZEN 34
/* Results of the training graph (train.c): the loss, then d loss / d each parameter. */
static const char *const TRAINING_OUTPUTS[] = {"loss", "grad.conv1.weight", "grad.bn1.weight", "grad.bn1.bias", "grad.layer1.0.conv1.weight", "grad.layer1.0.bn1.weight", "grad.layer1.0.bn1.bias", "grad.layer1.0.conv2.weight", "grad.layer1.0.bn2.weight", "grad.layer1.0.bn2.bias", "grad.layer1.0.conv3.weight", "grad.layer1.0.bn3.weight", "grad.layer1.0.bn3.bias", "grad.layer1.0.downsample.0.weight", "grad.layer1.0.downsample.1.weight", "grad.layer1.0.downsample.1.bias", "grad.layer2.0.conv1.weight", "grad.layer2.0.bn1.weight", "grad.layer2.0.bn1.bias", "grad.layer2.0.conv2.weight", "grad.layer2.0.bn2.weight", "grad.layer2.0.bn2.bias", "grad.layer2.0.conv3.weight", "grad.layer2.0.bn3.weight", "grad.layer2.0.bn3.bias", "grad.layer2.0.downsample.0.weight", "grad.layer2.0.downsample.1.weight", "grad.layer2.0.downsample.1.bias", "grad.layer3.0.conv1.weight", "grad.layer3.0.bn1.weight", "grad.layer3.0.bn1.bias", "grad.layer3.0.conv2.weight", "grad.layer3.0.bn2.weight", "grad.layer3.0.bn2.bias", "grad.layer3.0.conv3.weight", "grad.layer3.0.bn3.weight", "grad.layer3.0.bn3.bias", "grad.layer3.0.downsample.0.weight", "grad.layer3.0.downsample.1.weight", "grad.layer3.0.downsample.1.bias", "grad.layer4.0.conv1.weight", "grad.layer4.0.bn1.weight", "grad.layer4.0.bn1.bias", "grad.layer4.0.conv2.weight", "grad.layer4.0.bn2.weight", "grad.layer4.0.bn2.bias", "grad.layer4.0.conv3.weight", "grad.layer4.0.bn3.weight", "grad.layer4.0.bn3.bias", "grad.layer4.0.downsample.0.weight", "grad.layer4.0.downsample.1.weight", "grad.layer4.0.downsample.1.bias", "grad.fc.weight", "grad.fc.bias"};

/* A graph ready to run: built once, its tensors placed by ggml-alloc. */
struct graph {
    struct net n;
    struct ggml_cgraph *g;
    ggml_gallocr_t alloc;
    ggml_backend_t backend;
    int n_outs;
    struct ggml_tensor *outs[55];
};

static struct ggml_tensor *finish(struct graph *gr, struct ggml_tensor *t) {
    if (!ggml_is_contiguous(t)) t = ggml_cont(gr->n.ctx, t);  /* outputs are read as dense arrays */
    ggml_set_output(t);
    ggml_build_forward_expand(gr->g, t);
    return t;
}

/* Places the graph's tensors on its backend: NULL, or why the backend cannot run it. */
static const char *place(struct graph *gr) {
    static char why[512];
    if (unsupported(gr->backend, gr->g, why, sizeof why)) return why;
    net_set_inputs(&gr->n, gr->backend);
    gr->alloc = ggml_gallocr_new(ggml_backend_get_default_buffer_type(gr->backend));
    if (!ggml_gallocr_alloc_graph(gr->alloc, gr->g)) fail("ggml-alloc could not place the graph");
    return NULL;
}

static const char *forward(struct graph *gr, const struct weights *w, const struct st_file *inputs, const char *prefix,
                    void (*build)(struct net *, struct ggml_tensor **), int n_outs, ggml_backend_t backend) {
    gr->n = net_new(w, inputs, prefix, MAX_NODES);
    gr->backend = backend;
    gr->g = ggml_new_graph_custom(gr->n.ctx, MAX_NODES, false);
    gr->n_outs = n_outs;
    build(&gr->n, gr->outs);
    for (int i = 0; i < n_outs; i++) gr->outs[i] = finish(gr, gr->outs[i]);
    return place(gr);
}

static void compute(void *arg) {
    struct graph *gr = arg;
    if (ggml_backend_graph_compute(gr->backend, gr->g) != GGML_STATUS_SUCCESS) fail("ggml_backend_graph_compute failed");
}


static void save(struct st_out *out, const char *name, struct ggml_tensor *t, int rank, const int64_t *shape) {
    float *data = host_f32(t);
    st_add(out, name, rank, shape, data);
    free(data);
}

static void save_ir(struct st_out *out, const char *name, struct ggml_tensor *t, int rank) {
    int64_t shape[4];
    ir_shape(t, rank, shape);
    save(out, name, t, rank, shape);
}

static void add_stats(char *result, size_t size, const char *key, const char *stats) {
    size_t len = strlen(result);
    snprintf(result + len - 1, size - len + 1, ", \"%s\": %s}", key, stats);
}

/* A measurement this backend cannot make, and why (the row says so). */
static void not_measured(char *result, size_t size, const char *what, const char *why) {
    char entry[1024];
    snprintf(entry, sizeof entry, "{\"%s\": \"%s\"}", what, why);
    add_stats(result, size, "not_measured", entry);
}

/* --device cpu: ggml's CPU backend on every core; cuda: its CUDA backend (a ggml built with
 * -DGGML_CUDA=ON), or NULL. `name` says which it is. */
static ggml_backend_t open_backend(const char *device, char *name, size_t size) {
    if (!strcmp(device, "cpu")) {
        int threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
        ggml_backend_t backend = ggml_backend_cpu_init();
        ggml_backend_cpu_set_n_threads(backend, threads);
        snprintf(name, size, "CPU, %d threads", threads);
        return backend;
    }
    setenv("NVIDIA_TF32_OVERRIDE", "0", 1);   /* fp32 means fp32: ggml asks cuBLAS for TF32 */
    ggml_backend_reg_t cuda = strcmp(device, "cuda") ? NULL : ggml_backend_reg_by_name("CUDA");
    if (!cuda || !ggml_backend_reg_dev_count(cuda)) return NULL;
    ggml_backend_dev_t dev = ggml_backend_reg_dev_get(cuda, 0);
    snprintf(name, size, "%s (%s)", ggml_backend_dev_name(dev), ggml_backend_dev_description(dev));
    return ggml_backend_dev_init(dev, NULL);
}

int main(int argc, char **argv) {
    struct args a = parse_args(argc, argv);
    setenv("GGML_NO_BACKTRACE", "1", 0);      /* a failed GGML_ASSERT ends with its own message */
    char backend_name[256];
    ggml_backend_t backend = open_backend(a.device, backend_name, sizeof backend_name);
    if (!backend) {
        printf("INFERENA_RESULT {\"skipped\": \"the ggml this program is linked against (%s) has no %s backend"
               "%s\"}\n", ggml_version(), a.device, strcmp(a.device, "cuda") ? "" : ", or sees no GPU: build ggml with -DGGML_CUDA=ON");
        return 0;
    }
    char path[4096];
    static char result[1 << 16], stats[1 << 14];
    struct st_out out = {0};
    static const int OUTPUT_RANKS[] = {2};
    static const int LATENCY_RANKS[] = {2};

    double start = now_s();
    snprintf(path, sizeof path, "%s/weights.safetensors", a.data);
    struct weights w = load_weights(path, backend, FROZEN, N_FROZEN);
    snprintf(path, sizeof path, "%s/inputs.safetensors", a.data);
    struct st_file inputs = st_load(path);
    struct graph full;
    const char *why = forward(&full, &w, &inputs, "", build_full, 1, backend);
    if (why) fail("%s", why);
    compute(&full);
    double compile_s = now_s() - start;

    snprintf(result, sizeof result, "{\"framework\": \"ggml\", \"framework_version\": \"%s\", "
             "\"backend\": \"%s\", \"autodiff\": \"IR (backward graph emitted as ggml ops)\", \"compile_s\": %.6f}",
             ggml_version(), backend_name, compile_s);
    if (!skips(&a, "inference")) {
        measure(a.warmup, a.repeat, compute, &full, stats, sizeof stats);
        add_stats(result, sizeof result, "inference_ms", stats);
        for (int i = 0; i < full.n_outs; i++) save_ir(&out, OUTPUTS[i], full.outs[i], OUTPUT_RANKS[i]);
    }
    ggml_gallocr_free(full.alloc);
    net_free(&full.n);
    if (!skips(&a, "latency")) {
        struct graph latency;
        if ((why = forward(&latency, &w, &inputs, "latency.", build_latency, 1, backend))) fail("%s", why);
        measure(a.warmup, a.repeat, compute, &latency, stats, sizeof stats);
        add_stats(result, sizeof result, "latency_ms", stats);
        for (int i = 0; i < latency.n_outs; i++) save_ir(&out, LATENCY_OUTPUTS[i], latency.outs[i], LATENCY_RANKS[i]);
        ggml_gallocr_free(latency.alloc);
        net_free(&latency.n);
    }
    if (!skips(&a, "training")) {
        /* the IR's backward graph, run as a forward ggml graph (train.c) */
        struct graph train;
        static const int RANKS[] = {0, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 4, 1, 1, 2, 1};
        if ((why = forward(&train, &w, &inputs, "", build_training, 54, backend))) {
            not_measured(result, sizeof result, "training", why);
        } else {
            measure(a.warmup, a.repeat, compute, &train, stats, sizeof stats);
            add_stats(result, sizeof result, "training_ms", stats);
            for (int i = 0; i < train.n_outs; i++) save_ir(&out, TRAINING_OUTPUTS[i], train.outs[i], RANKS[i]);
        }
    }
    st_save(&out, a.out);
    printf("INFERENA_RESULT %s\n", result);
    return 0;
}
