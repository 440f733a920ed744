/* Measurement harness shared by inferena's generated C programs (same for every framework).
 *
 * Command line: ./main [--data DIR] [--out FILE] [--warmup N] [--repeat N] [--device D]
 *                      [--min-samples N] [--budget S] [--warmup-budget S]
 *                      [--skip inference,latency,training]
 * Each measurement warms up for --warmup-budget seconds (at least one run), then takes samples
 * until it has --min-samples and --budget seconds are spent (at most INFERENA_MAX_RUNS runs);
 * --warmup N and --repeat N make the counts exact (a negative count: adaptive, the default).
 * Prints one line `INFERENA_RESULT {json}` with the timings; the program writes outputs,
 * loss and gradients to --out (safetensors). Same contract as templates/python/harness.py. */
#ifndef INFERENA_HARNESS_H
#define INFERENA_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#define INFERENA_MAX_RUNS 1000   /* of an adaptive warm-up or measurement (a step of microseconds) */

/* How many runs: exactly `count` where it is given (>= 0), else until at least `least` runs are
 * done and `budget_s` seconds are spent, at most INFERENA_MAX_RUNS. */
struct sampling {
    int count, least;
    double budget_s;
};

struct args {
    const char *data, *out, *device, *skip;
    struct sampling warmup, repeat;
};

/* Parses the command line (exits with a message on a bad one). */
struct args parse_args(int argc, char **argv);
/* Whether --skip names this measurement (inference, latency, training). */
int skips(const struct args *a, const char *what);
/* Exits with status 1 after printing the message (printf-style). */
void fail(const char *fmt, ...);
double now_s(void);

/* One tensor of a safetensors file: dtype "F32", "F64", "I64", "I32", "BOOL"... */
struct st_tensor {
    char name[256], dtype[8];
    int rank;
    int64_t shape[8];
    const void *data;
    size_t nbytes;
};
struct st_file {
    int n;
    struct st_tensor *tensors;
    char *blob;
};
struct st_file st_load(const char *path);
const struct st_tensor *st_find(const struct st_file *f, const char *name);  /* NULL if absent */
int64_t st_numel(const struct st_tensor *t);

/* Tensors to write: f32 data (copied), IR shape. */
struct st_out {
    int n, cap;
    struct st_tensor *tensors;
};
void st_add(struct st_out *o, const char *name, int rank, const int64_t *shape, const float *data);
void st_save(const struct st_out *o, const char *path);

/* Median/min/max wall time of run(arg) in ms after warm-up, with every sample and the warm-up
 * runs done, as a JSON object written into json (size bytes). */
void measure(struct sampling warmup, struct sampling repeat, void (*run)(void *), void *arg,
             char *json, size_t size);

#endif
