"""The GGML emitter. Every op case of test_ops is emitted as generated GGML C into ONE program
(a file per case, one compile): forward outputs against the NumPy reference; and for the gradient
cases the loss sum(out * r) differentiated as the model programs do it — ggml's own backward
(ggml_build_backward_expand) where every op has one there, else the IR's backward graph emitted
as ggml code — against the IR's gradient. Each case runs in a child process, so a failed
GGML_ASSERT fails that case only. Then the tiny SmolLM2 program goes through the runner
(tests/test_models.py runs the whole zoo on GGML)."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

import numpy as np
import pytest
from safetensors.numpy import load_file, save_file

import inferena.ir as ir
from inferena.emitters import Context, environment, ggml, lower
from inferena.emitters.base import TEMPLATES
from inferena.models import MODELS
from inferena.runner import frameworks
from inferena.runner.execute import run_program
from inferena.runner.generate import generate
from test_ops import CASES, GRAD_CASES, as_tuple, build

pytestmark = [pytest.mark.skipif(shutil.which("cc") is None or shutil.which("make") is None,
                                 reason="no C compiler or make"),
              pytest.mark.skipif(importlib.util.find_spec("libggml") is None,
                                 reason="libggml-python not installed (pip install 'inferena[ggml]')")]


def program(graph):
    return lower(ggml.EMITTER, {"full": graph, "latency": graph})


def stored(arr) -> np.ndarray:
    arr = np.asarray(arr)
    return arr if arr.dtype.kind == "b" else arr.astype(np.float32 if arr.dtype.kind == "f" else np.int64)


DRIVER = r"""/* Every op case of inferena's tests, emitted by the GGML emitter: ops <data dir> <out dir>. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ops.h"

static ggml_backend_t backend;
static const char *data, *outdir;

/* Runs case `key`: build(n, outs) (+ loss, native backward), writes <out>/<key>.safetensors. */
static void run_case(const char *key, void (*build)(struct net *, struct ggml_tensor **), int n_outs, const int *ranks,
                     const char *const *names, struct ggml_tensor *(*loss_of)(struct net *, struct ggml_tensor **), int native) {
    char path[4096], prefix[64];
    snprintf(path, sizeof path, "%s/%s.weights.safetensors", data, key);
    struct weights w = load_weights(path, backend, NULL, 0);
    snprintf(path, sizeof path, "%s/%s.inputs.safetensors", data, key);
    struct st_file inputs = st_load(path);
    snprintf(prefix, sizeof prefix, "%s", "");
    struct net n = net_new(&w, &inputs, prefix, 1 << 14);
    n.grads = native;
    struct ggml_cgraph *g = ggml_new_graph_custom(n.ctx, 1 << 14, true);
    struct ggml_tensor *outs[64];
    if (native)
        for (int i = 0; i < w.n; i++) if (w.params[i].trainable) ggml_set_param(w.params[i].t);
    build(&n, outs);
    for (int i = 0; i < n_outs; i++) {
        if (!ggml_is_contiguous(outs[i])) outs[i] = ggml_cont(n.ctx, outs[i]);
        ggml_set_output(outs[i]);
        ggml_build_forward_expand(g, outs[i]);
    }
    struct ggml_tensor *loss = NULL;
    if (native) {
        loss = loss_of(&n, outs);
        ggml_set_loss(loss);
        ggml_set_output(loss);
        ggml_build_forward_expand(g, loss);
        ggml_build_backward_expand(n.ctx, g, NULL);
        for (int i = 0; i < w.n; i++) {
            struct ggml_tensor *grad = w.params[i].trainable ? ggml_graph_get_grad(g, w.params[i].t) : NULL;
            if (grad) ggml_set_output(grad);
        }
    }
    net_set_inputs(&n, backend);
    ggml_gallocr_t alloc = ggml_gallocr_new(ggml_backend_get_default_buffer_type(backend));
    if (!ggml_gallocr_alloc_graph(alloc, g)) fail("ggml-alloc could not place the graph");
    if (native) ggml_graph_reset(g);
    if (ggml_backend_graph_compute(backend, g) != GGML_STATUS_SUCCESS) fail("compute failed");
    struct st_out out = {0};
    for (int i = 0; i < n_outs; i++) {
        int64_t shape[4];
        ir_shape(outs[i], ranks[i], shape);
        float *h = host_f32(outs[i]);
        st_add(&out, names[i], ranks[i], shape, h);
    }
    if (native)
        for (int i = 0; i < w.n; i++) {
            struct ggml_tensor *grad = w.params[i].trainable ? ggml_graph_get_grad(g, w.params[i].t) : NULL;
            if (!grad) continue;
            snprintf(path, sizeof path, "grad.%s", w.params[i].name);
            st_add(&out, path, w.params[i].rank, w.params[i].shape, host_f32(grad));
        }
    snprintf(path, sizeof path, "%s/%s.safetensors", outdir, key);
    st_save(&out, path);
}

@DECLARATIONS@

int main(int argc, char **argv) {
    (void)argc;
    data = argv[1];
    outdir = argv[2];
    setenv("GGML_NO_BACKTRACE", "1", 0);
    backend = ggml_backend_cpu_init();
    ggml_backend_cpu_set_n_threads(backend, 1);
@CALLS@
    return 0;
}
"""

CALL = """    if (fork() == 0) {
        run_case("%(key)s", %(build)s, %(n)d, (const int[]){%(ranks)s}, (const char *const[]){%(names)s}, %(loss)s, %(native)d);
        _exit(0);
    }
    wait(NULL);
"""


def _case_source(key: str, prog, entry: str, loss: bool, tables: bool = False) -> str:
    variants = {next(iter(prog.graphs)): f"{key}_{entry}"}
    src = ggml.write_program(prog, variants, loss, f"case {key}", tables, config=False)
    if loss:
        src = src.replace("struct ggml_tensor *build_loss(", f"struct ggml_tensor *{key}_loss(")
    return src.replace('#include "model.h"', '#include "ops.h"')


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    """Writes, builds and runs the op-suite program once: {case id: (key, error or None)}, outputs."""
    root = tmp_path_factory.mktemp("ggml-ops")
    src, data, out = root / "src", root / "data", root / "out"
    for d in (src, data, out):
        d.mkdir()
    table, decls, calls, files = {}, [], [], []
    for i, c in enumerate(CASES):
        key = f"c{i:03d}"
        try:
            graph, feeds = build(c, params=False)
            p = program(graph)
            outs = [k for k in graph.outputs]
            text = _case_source(key, p, "full", False)
            entries = [(key, f"{key}_full", graph, outs, "NULL", 0)]
            if c.grad:
                lgraph, lfeeds = build(c, params=True, loss=True)
                lp = program(lgraph)
                gkey = f"{key}g"
                if ggml.native_training(lp):
                    gtext = _case_source(gkey, lp, "full", True)
                    entries.append((gkey, f"{gkey}_full", lgraph, [k for k in lgraph.outputs if k != "loss"],
                                    f"{gkey}_loss", 1))
                else:
                    train = ggml.training_program(lp)
                    tg = train.graphs["training"]
                    gtext = _case_source(gkey, train, "training", False, tables=True)
                    entries.append((gkey, f"{gkey}_training", tg, list(tg.outputs), "NULL", 0))
                (src / f"{gkey}.c").write_text(gtext)
                files.append(f"{gkey}.c")
                weights = {k: v for k, v in lfeeds.items() if k in lgraph.params}
                save_file({k: stored(v) for k, v in weights.items()} or {"none": np.zeros(1, np.float32)},
                          str(data / f"{gkey}.weights.safetensors"))
                save_file({k: stored(v) for k, v in lfeeds.items() if k not in weights} or {"none": np.zeros(1, np.float32)},
                          str(data / f"{gkey}.inputs.safetensors"))
            (src / f"{key}.c").write_text(text)
            files.append(f"{key}.c")
            save_file({"none": np.zeros(1, np.float32)}, str(data / f"{key}.weights.safetensors"))
            save_file({k: stored(v) for k, v in feeds.items()}, str(data / f"{key}.inputs.safetensors"))
        except Exception as err:        # noqa: BLE001 - the case's test reports it
            table[c.id] = (key, f"not emitted: {err}")
            continue
        table[c.id] = (key, None)
        for k, fn, g, names, loss, native in entries:
            ranks = [g.values[g.outputs[o]].rank for o in names]
            decls.append(f"void {fn}(struct net *n, struct ggml_tensor **outs);")
            if loss != "NULL":
                decls.append(f"struct ggml_tensor *{loss}(struct net *n, struct ggml_tensor **outs);")
            calls.append(CALL % {"key": k, "build": fn, "n": len(names), "ranks": ", ".join(map(str, ranks)) or "0",
                                 "names": ", ".join(f'"{o}"' for o in names) or '""', "loss": loss, "native": native})
    (src / "main.c").write_text(DRIVER.replace("@DECLARATIONS@", "\n".join(decls)).replace("@CALLS@", "".join(calls)))
    for name in ("ops.c", "ops.h"):
        shutil.copy(TEMPLATES / "ggml" / name, src / name)
    for name in ("harness.c", "harness.h"):
        shutil.copy(TEMPLATES / "c" / name, src / name)
    pkg = subprocess.run([sys.executable, "-c", "import libggml, os; print(os.path.dirname(libggml.__file__))"],
                         capture_output=True, text=True).stdout.strip()
    cmd = ["cc", "-O1", "-std=gnu11", f"-I{pkg}/include", "-o", str(src / "ops"), *(str(src / f) for f in ["main.c", "ops.c", "harness.c", *files]),
           f"-L{pkg}/lib64", "-lggml", "-lggml-base", "-lggml-cpu", "-lm", f"-Wl,-rpath,{pkg}/lib64"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    proc = subprocess.run([str(src / "ops"), str(data), str(out)], capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return table, out


def _outputs(suite, c, suffix=""):
    table, out = suite
    key, error = table[c.id]
    assert error is None, f"{c.id}: {error}"
    path = out / f"{key}{suffix}.safetensors"
    assert path.exists(), f"{c.id}: the case's process wrote no outputs (a GGML_ASSERT failed?)"
    return load_file(str(path))


def _close(got, want, what, rtol):
    want, got = np.asarray(want), np.asarray(got)
    if want.dtype.kind == "b":
        got = got.astype(bool)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    if want.dtype.kind in "fc":
        scale = max(1.0, float(np.max(np.abs(want[np.isfinite(want)]), initial=0.0)))
        np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * 0.1 * scale, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want.astype(got.dtype), err_msg=what)


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_forward(c, suite):
    got = _outputs(suite, c)
    want = as_tuple(ir.spec(c.op).ref(*c.inputs, **ir.spec(c.op).check_attrs(c.attrs)))
    for j, w in enumerate(want):
        _close(got[f"out{j}"], w, f"{c.id} output {j}", rtol=1e-4)


@pytest.mark.parametrize("c", GRAD_CASES, ids=lambda c: c.id)
def test_gradient_matches_ir_gradient(c, suite):
    """ggml's backward (or the IR's backward graph as ggml code) through the generated code."""
    got = _outputs(suite, c, "g")
    lgraph, lfeeds = build(c, params=True, loss=True)
    want = ir.run(ir.grad_graph(lgraph), lfeeds)
    for name, p in lgraph.params.items():
        if p.trainable:
            w = want[f"grad.{name}"]
            _close(got.get(f"grad.{name}", np.zeros_like(w)), w, f"{c.id}: d loss / d {name}", rtol=1e-3)


def test_tiny_smollm2_builds_runs_and_passes(tmp_path):
    model_dir = generate("SmolLM2-135M", "tiny", ["ggml"], tmp_path, log=lambda m: None)
    rec = run_program(model_dir, "ggml", warmup=0, repeat=1, timeout=600)
    assert rec.status == "PASS", f"{rec.status} {rec.reason}"
    assert None not in (rec.compile_s, rec.inference_ms, rec.latency_ms, rec.training_ms, rec.build_s)
    assert rec.autodiff.startswith("native") and rec.framework_version == ggml.VERSION


def test_one_function_per_block_kind_and_a_loop():
    files = ggml.render(program(MODELS["SmolLM2-135M"].graphs("full")["full"]), environment(), Context(None, "full", "test"))
    model = files["model.c"]
    assert model.count("static struct ggml_tensor *llama_decoder_layer(") == 1
    assert "for (int i = 0; i < 30; i++)" in model
    assert "ggml_rope_ext" in files["ops.c"] and "ggml_mul_mat" in model
    assert len(model.splitlines()) < 150


def test_training_says_which_autodiff():
    assert ggml.native_training(program(MODELS["SmolLM2-135M"].graphs("tiny")["full"]))
    assert not ggml.native_training(program(MODELS["Whisper-tiny"].graphs("tiny")["full"]))     # layer_norm, gelu


def without_libggml(monkeypatch):
    real = frameworks.importlib.util.find_spec
    monkeypatch.setattr(frameworks.importlib.util, "find_spec", lambda m: None if m == "libggml" else real(m))


def test_without_libggml_the_row_is_skipped(tmp_path, monkeypatch):
    """The toolchain checks the tools and the package the Makefile asks for: missing, SKIPPED with the extra."""
    model_dir = generate("SmolLM2-135M", "tiny", ["ggml"], tmp_path, log=lambda m: None)
    without_libggml(monkeypatch)
    monkeypatch.setenv("INFERENA_GGML_NATIVE", str(tmp_path / "no-native-ggml"))
    rec = run_program(model_dir, "ggml", warmup=0, repeat=1, timeout=60)
    assert rec.status == "SKIPPED" and rec.reason == "libggml not installed (pip install 'inferena[ggml]')"


def test_a_ggml_built_here_stands_in_for_the_wheel(tmp_path, monkeypatch):
    """The native build links make ggml-native's prefix, so it needs no libggml-python; portable does."""
    (tmp_path / "include").mkdir()
    (tmp_path / "include" / "ggml.h").touch()
    monkeypatch.setenv("INFERENA_GGML_NATIVE", str(tmp_path))
    without_libggml(monkeypatch)
    requires = list(ggml.EMITTER.requires)
    assert frameworks.missing(requires, "c", "native") is None
    assert frameworks.missing(requires, "c", "portable") == "libggml not installed (pip install 'inferena[ggml]')"
