/* Measurement harness shared by inferena's generated C programs: command line, safetensors
 * reading and writing, timing. See harness.h. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *USAGE = "options: --data DIR (weights.safetensors, inputs.safetensors) --out FILE "
                           "--warmup N --repeat N --min-samples N --budget S --warmup-budget S "
                           "--device cpu --skip inference,latency,training";

void fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* An exact count of at least `least` runs; -1 (adaptive) for a negative one. */
static int count(const char *value, int least) {
    int n = atoi(value);
    return n < 0 ? -1 : n < least ? least : n;
}

struct args parse_args(int argc, char **argv) {
    struct args a = {"..", "outputs.safetensors", "cpu", "", {-1, 1, 0.5}, {-1, 3, 1.0}};
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i];
        if (!strcmp(flag, "--help") || !strcmp(flag, "-h")) {
            puts(USAGE);
            exit(0);
        }
        if (i + 1 >= argc) fail("%s needs a value (%s)", flag, USAGE);
        const char *value = argv[++i];
        if (!strcmp(flag, "--data")) a.data = value;
        else if (!strcmp(flag, "--out")) a.out = value;
        else if (!strcmp(flag, "--warmup")) a.warmup.count = count(value, 0);
        else if (!strcmp(flag, "--repeat")) a.repeat.count = count(value, 1);
        else if (!strcmp(flag, "--min-samples")) a.repeat.least = atoi(value) < 1 ? 1 : atoi(value);
        else if (!strcmp(flag, "--budget")) a.repeat.budget_s = atof(value);
        else if (!strcmp(flag, "--warmup-budget")) a.warmup.budget_s = atof(value);
        else if (!strcmp(flag, "--device")) a.device = value;
        else if (!strcmp(flag, "--skip")) a.skip = value;
        else fail("unknown option %s (%s)", flag, USAGE);
    }
    return a;
}

int skips(const struct args *a, const char *what) {
    size_t n = strlen(what);
    for (const char *s = a->skip; (s = strstr(s, what)) != NULL; s += n)
        if ((s == a->skip || s[-1] == ',') && (s[n] == ',' || s[n] == '\0')) return 1;
    return 0;
}

double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* --- safetensors: an 8-byte header length, a JSON header, the data ------------------------ */

static const char *skip_ws(const char *p) {
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
    return p;
}

static const char *read_string(const char *p, char *out, size_t size) {
    size_t n = 0;
    if (*p++ != '"') fail("safetensors header: expected a string");
    while (*p && *p != '"') {
        if (*p == '\\') p++;
        if (n + 1 < size) out[n++] = *p;
        p++;
    }
    out[n] = '\0';
    return p + 1;
}

static const char *read_ints(const char *p, int64_t *out, int *count, int max) {
    *count = 0;
    p = skip_ws(p);
    if (*p++ != '[') fail("safetensors header: expected a list");
    for (p = skip_ws(p); *p != ']'; p = skip_ws(p)) {
        char *end;
        long long v = strtoll(p, &end, 10);
        if (*count < max) out[(*count)++] = v;
        p = skip_ws(end);
        if (*p == ',') p++;
    }
    return p + 1;
}

static const char *skip_value(const char *p) {
    int depth = 0;
    char tmp[2];
    do {
        p = skip_ws(p);
        if (*p == '"') p = read_string(p, tmp, sizeof tmp);
        else if (*p == '{' || *p == '[') depth++, p++;
        else if (*p == '}' || *p == ']') depth--, p++;
        else p++;
    } while (depth > 0);
    return p;
}

struct st_file st_load(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp) fail("cannot open %s", path);
    uint64_t hlen;
    if (fread(&hlen, 8, 1, fp) != 1) fail("%s: not a safetensors file", path);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 8, SEEK_SET);
    struct st_file f = {0, NULL, malloc(size - 8 + 1)};
    if (fread(f.blob, 1, size - 8, fp) != (size_t)(size - 8)) fail("%s: short read", path);
    fclose(fp);
    char *header = f.blob;
    char saved = header[hlen];
    header[hlen] = '\0';
    int cap = 64;
    f.tensors = calloc(cap, sizeof *f.tensors);
    const char *p = skip_ws(header);
    if (*p++ != '{') fail("%s: bad header", path);
    for (p = skip_ws(p); *p != '}'; p = skip_ws(p)) {
        char key[256];
        p = skip_ws(read_string(p, key, sizeof key));
        p = skip_ws(p + 1);                                  /* ':' */
        if (!strcmp(key, "__metadata__")) {
            p = skip_value(p);
        } else {
            if (f.n == cap) f.tensors = realloc(f.tensors, (cap *= 2) * sizeof *f.tensors);
            struct st_tensor *t = &f.tensors[f.n++];
            memset(t, 0, sizeof *t);
            snprintf(t->name, sizeof t->name, "%s", key);
            int64_t offsets[2] = {0, 0};
            p = skip_ws(p + 1);                              /* '{' */
            while (*p != '}') {
                char field[32];
                int count;
                p = skip_ws(skip_ws(read_string(p, field, sizeof field)) + 1);
                if (!strcmp(field, "dtype")) p = read_string(p, t->dtype, sizeof t->dtype);
                else if (!strcmp(field, "shape")) p = read_ints(p, t->shape, &t->rank, 8);
                else if (!strcmp(field, "data_offsets")) p = read_ints(p, offsets, &count, 2);
                else p = skip_value(p);
                p = skip_ws(p);
                if (*p == ',') p = skip_ws(p + 1);
            }
            p++;
            t->data = header + hlen + offsets[0];
            t->nbytes = offsets[1] - offsets[0];
        }
        p = skip_ws(p);
        if (*p == ',') p++;
    }
    header[hlen] = saved;
    return f;
}

const struct st_tensor *st_find(const struct st_file *f, const char *name) {
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->tensors[i].name, name)) return &f->tensors[i];
    return NULL;
}

int64_t st_numel(const struct st_tensor *t) {
    int64_t n = 1;
    for (int i = 0; i < t->rank; i++) n *= t->shape[i];
    return n;
}

void st_add(struct st_out *o, const char *name, int rank, const int64_t *shape, const float *data) {
    if (o->n == o->cap) o->tensors = realloc(o->tensors, (o->cap = o->cap ? 2 * o->cap : 64) * sizeof *o->tensors);
    struct st_tensor *t = &o->tensors[o->n++];
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    snprintf(t->dtype, sizeof t->dtype, "F32");
    t->rank = rank;
    memcpy(t->shape, shape, rank * sizeof *shape);
    t->nbytes = st_numel(t) * sizeof(float);
    void *copy = malloc(t->nbytes ? t->nbytes : 1);
    memcpy(copy, data, t->nbytes);
    t->data = copy;
}

void st_save(const struct st_out *o, const char *path) {
    size_t cap = 4096 + (size_t)o->n * 400, len = 0, offset = 0;
    char *header = malloc(cap);
    len += snprintf(header + len, cap - len, "{");
    for (int i = 0; i < o->n; i++) {
        const struct st_tensor *t = &o->tensors[i];
        len += snprintf(header + len, cap - len, "%s\"%s\":{\"dtype\":\"F32\",\"shape\":[", i ? "," : "", t->name);
        for (int d = 0; d < t->rank; d++) len += snprintf(header + len, cap - len, "%s%lld", d ? "," : "", (long long)t->shape[d]);
        len += snprintf(header + len, cap - len, "],\"data_offsets\":[%zu,%zu]}", offset, offset + t->nbytes);
        offset += t->nbytes;
    }
    len += snprintf(header + len, cap - len, "}");
    while (len % 8) header[len++] = ' ';
    FILE *fp = fopen(path, "wb");
    if (!fp) fail("cannot write %s", path);
    uint64_t hlen = len;
    fwrite(&hlen, 8, 1, fp);
    fwrite(header, 1, len, fp);
    for (int i = 0; i < o->n; i++) fwrite(o->tensors[i].data, 1, o->tensors[i].nbytes, fp);
    fclose(fp);
    free(header);
}

/* --- timing ---------------------------------------------------------------------------- */

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int done(const struct sampling *s, int runs, double elapsed_s) {
    if (s->count >= 0) return runs >= s->count;
    return runs >= INFERENA_MAX_RUNS || (runs >= s->least && elapsed_s >= s->budget_s);
}

void measure(struct sampling warmup, struct sampling repeat, void (*run)(void *), void *arg,
             char *json, size_t size) {
    int warm = 0, n = 0, cap = 64;
    for (double start = now_s(); !done(&warmup, warm, now_s() - start); warm++) run(arg);
    double *times = malloc(cap * sizeof *times);
    for (double start = now_s(); !done(&repeat, n, now_s() - start); n++) {
        if (n == cap) times = realloc(times, (cap *= 2) * sizeof *times);
        double begin = now_s();
        run(arg);
        times[n] = (now_s() - begin) * 1e3;
    }
    double *sorted = malloc(n * sizeof *sorted);
    memcpy(sorted, times, n * sizeof *times);
    qsort(sorted, n, sizeof *sorted, by_value);
    double median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    size_t len = snprintf(json, size, "{\"median\": %.6f, \"min\": %.6f, \"max\": %.6f, \"repeat\": %d, "
                          "\"warmup\": %d, \"samples\": [", median, sorted[0], sorted[n - 1], n, warm);
    for (int i = 0; i < n && len < size; i++) len += snprintf(json + len, size - len, "%s%.6f", i ? ", " : "", times[i]);
    if (len < size) len += snprintf(json + len, size - len, "]}");
    if (len >= size) fail("%d samples do not fit the %zu bytes of the result", n, size);
    free(times);
    free(sorted);
}
