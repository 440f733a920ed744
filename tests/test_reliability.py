"""Reliability (issue 24): every bad input gets one clear error, nothing is lost, nothing is injected.

Bad command lines and checkpoints are one line naming the cause (exit code 2); a failed `gen`
leaves no partial folder and keeps the good one; a tampered generated folder or a misbehaving
program is one ERROR row and the other rows still run; the results JSON is valid after every
row, after Ctrl-C and beside a second run. Programs here are small fakes (Python scripts that
copy the reference, then crash, hang, print garbage...), so nothing heavy is built or run."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

import inferena.ir as ir
from inferena.runner import cli
from inferena.runner.cli import main
from inferena.runner.cargo import BuildError
from inferena.runner.execute import find_programs, parse_result, run_program
from inferena.runner.frameworks import c_build
from inferena.runner import generate as gen_module
from inferena.runner.generate import generate
from inferena.runner.report import write_json
from test_weights import MODEL

MODEL_FOLDER = "SmolLM2-135M-tiny"
FAKE = '''\
import argparse, json, os, signal, subprocess, sys, time
from pathlib import Path
import numpy as np
from safetensors.numpy import load_file, save_file
args = argparse.ArgumentParser()
args.add_argument("--data", type=Path)
args.add_argument("--out", type=Path)
args = args.parse_known_args()[0]
outputs = {k: v.astype(np.float32) for k, v in load_file(str(args.data / "reference.safetensors")).items()}
timing = {"median": 1.0, "min": 1.0, "max": 1.0, "repeat": 1, "samples": [1.0]}
result = {"framework_version": "0", "backend": "fake", "autodiff": "native", "compile_s": 0.1,
          "inference_ms": timing, "latency_ms": timing, "training_ms": timing}
def finish():
    save_file(outputs, str(args.out))
    print("INFERENA_RESULT " + json.dumps(result), flush=True)
'''
GRANDCHILD = "grandchild.pid"     # the hanging program's child writes its pid here (in the model folder)

# name -> (what main.py does after FAKE, expected status, a fragment of the row's reason)
PROGRAMS = {
    "crash": ("raise RuntimeError('boom [red]x[/red]')", "ERROR", "exit code 1: RuntimeError: boom [red]x[/red]"),
    "segfault": ("os.kill(os.getpid(), signal.SIGSEGV)", "ERROR", "killed by SIGSEGV"),
    "nan": ("outputs['logits'][0, 0, 0] = np.nan; finish()", "FAIL", "logits has NaN/Inf"),
    "shape": ("outputs['logits'] = outputs['logits'][..., :-1].copy(); finish()", "FAIL",
              "logits has shape [1, 16, 255], reference [1, 16, 256]"),
    "garbage": ("print('INFERENA_RESULT {not json'); save_file(outputs, str(args.out))", "ERROR",
                "malformed INFERENA_RESULT line (Expecting property name"),
    "not_an_object": ("print('INFERENA_RESULT [1, 2]')", "ERROR", "(not a JSON object)"),
    "bad_timing": ("result['inference_ms'] = 'fast'; finish()", "ERROR", "(bad inference_ms)"),
    "binary_noise": ("sys.stdout.buffer.write(bytes(range(128, 256)) + b'\\n'); sys.stdout.flush(); finish()",
                     "PASS", ""),
    "no_outputs": ("print('INFERENA_RESULT ' + json.dumps(result))", "ERROR", "outputs.safetensors: cannot read"),
    "escapes": ("sys.stderr.write('\\x1b[2J\\x1b[31mred\\n'); sys.exit(3)", "ERROR", "exit code 3: ?[2J?[31mred"),
    "good": ("finish()", "PASS", ""),
}
HANG = ("child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); "
        "(args.data / 'pid.tmp').write_text(str(child.pid)); "
        f"os.replace(args.data / 'pid.tmp', args.data / '{GRANDCHILD}'); time.sleep(600)")
STARTED = "slow.started"
SLOW = f"(args.data / '{STARTED}').touch(); time.sleep(3); finish()"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """The tiny SmolLM2 generated once (its pytorch program is never run here)."""
    return generate("SmolLM2-135M", "tiny", ["pytorch"], tmp_path_factory.mktemp("gen"), log=lambda m: None)


def fake_model(tiny: Path, root: Path, programs: dict[str, str], name: str = MODEL_FOLDER) -> Path:
    """A copy of the tiny model folder under root whose manifest lists only fake Python programs
    (framework name -> the body of its main.py after FAKE), in the order given."""
    model = root / name
    shutil.copytree(tiny, model)
    manifest = json.loads((model / "manifest.json").read_text())
    manifest["frameworks"] = {f: {"display": f"Fake {f}", "requires": [], "program": "python"} for f in programs}
    (model / "manifest.json").write_text(json.dumps(manifest))
    for framework, body in programs.items():
        (model / framework).mkdir()
        (model / framework / "main.py").write_text(FAKE + body + "\n")
    return model


def run(model: Path, framework: str, timeout: float = 60):
    return run_program(model, framework, warmup=0, repeat=1, timeout=timeout)


def one_line(text: str) -> str:
    """The single line a failed command printed."""
    lines = text.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in text, text
    return lines[0]


def is_dead(pid: int, wait: float = 5) -> bool:
    """The process is gone (or a zombie) within `wait` seconds."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z"):
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.1)
    return False


def cli_process(*argv: str) -> subprocess.Popen:
    """`inferena ...` in its own process (for signals and a second concurrent run)."""
    return subprocess.Popen([sys.executable, "-m", "inferena.runner.cli", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, preexec_fn=default_sigint)


def default_sigint() -> None:
    """Ctrl-C as a terminal delivers it: a background shell (`cmd &`) starts its jobs with SIGINT
    ignored, and Python then installs no KeyboardInterrupt handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# --- command lines ---------------------------------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    (["gen", "--model", "NoSuchModel"], "unknown model 'NoSuchModel' (models: SmolLM2-135M, SmolVLA"),
    (["gen", "--model", "SmolLM2-135M", "--config", "huge"], "has no config 'huge' (configs: full, tiny)"),
    (["gen", "--model", "ResNet-50", "--config", "tiny", "--framework", "llamacpp"],
     "no emitter for framework 'llamacpp' and model ResNet-50 (available: pytorch"),
    (["gen", "--config", "tiny", "--out", "/nonexistent/out", "--weights", "/nonexistent/model.safetensors"],
     "/nonexistent/model.safetensors: no such checkpoint file or folder"),
    (["run", "/nonexistent/generated"], "/nonexistent/generated: no such folder (run `inferena gen` first)"),
    (["report", "/nonexistent/results.json"], "not an inferena results file"),
])
def test_cli_user_errors_are_one_line_naming_what_exists(argv, message, capsys):
    assert main(argv) == 2
    line = one_line(capsys.readouterr().out)
    assert line.startswith("inferena: error: ") and message in line, line


@pytest.mark.parametrize("argv, message", [
    (["gen", "--framework", "tensorflow"], "argument --framework: invalid choice: 'tensorflow' (choose from"),
    (["run", "--skip", "inference,speed"], "unknown measurement(s) speed (measurements: inference, latency, training)"),
    (["run", "--processes", "0"], "argument --processes: 0 is not above 0"),
    (["run", "--timeout", "soon"], "argument --timeout: 'soon' is not a number"),
    (["bench"], "argument command: invalid choice: 'bench' (choose from"),
])
def test_argparse_errors_are_one_line_naming_what_exists(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    line = one_line(capsys.readouterr().err)
    assert message in line and line.endswith("--help`)"), line
    if "--framework" in argv:
        assert "pytorch" in line and "canonical" in line


def test_run_on_what_is_not_a_generated_folder(tiny, tmp_path, capsys):
    empty, other, a_file = tmp_path / "empty", tmp_path / "other", tmp_path / "results.json"
    empty.mkdir()
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    a_file.write_text("{}")
    model = fake_model(tiny, tmp_path / "gen", {"good": PROGRAMS["good"][0]})
    (model / "stray").mkdir()
    for path, message in [(empty, "no generated model here (no folder holding a manifest.json; the folder is empty)"),
                          (other, "it holds notes.txt); run `inferena gen --out"),
                          (a_file, "not a folder"),
                          (model / "stray", "no program of stray here (frameworks generated: good)")]:
        assert main(["run", str(path), "--json", str(tmp_path / "r.json")]) == 2
        assert message in one_line(capsys.readouterr().out)
    assert main(["run", str(tmp_path / "gen" / "SmolLM2"), "--json", str(tmp_path / "r.json")]) == 2
    assert f"SmolLM2: no such folder (generated models in {tmp_path / 'gen'}: {MODEL_FOLDER})" in one_line(
        capsys.readouterr().out)
    assert main(["run", str(model), "--framework", "jax", "--json", str(tmp_path / "r.json")]) == 2
    assert "no program of jax here (frameworks generated: good)" in one_line(capsys.readouterr().out)
    assert main(["run", str(model), "--json", str(tmp_path)]) == 2
    assert "is a folder (--json names the results file)" in one_line(capsys.readouterr().out)
    assert (other / "notes.txt").read_text() == "mine"


def test_report_out_that_cannot_be_written(tmp_path, capsys):
    write_json([], tmp_path / "r.json")
    (tmp_path / "file").write_text("")
    assert main(["report", str(tmp_path / "r.json"), "--out", str(tmp_path / "file" / "RESULTS.md")]) == 2
    assert "file/RESULTS.md: cannot write (" in one_line(capsys.readouterr().out)


# --- checkpoints ---------------------------------------------------------------------------

def checkpoint(tmp_path: Path, change=lambda tensors: None) -> Path:
    tensors = ir.init_params(MODEL.graphs("tiny")["full"])
    change(tensors)
    ir.save_tensors(tmp_path / "ckpt.safetensors", tensors)
    return tmp_path / "ckpt.safetensors"


def load(path: Path) -> dict[str, np.ndarray]:
    return ir.load_checkpoint(MODEL.graphs("tiny")["full"], path, MODEL.checkpoint_ignore, MODEL.tied)


def set_value(name: str, value: float) -> Callable[[dict], None]:
    def change(tensors: dict) -> None:
        tensors[name] = tensors[name].copy()
        tensors[name].flat[3] = value
    return change


NORM = "model.norm.weight"


@pytest.mark.parametrize("change, message", [
    (lambda t: t.update({NORM: t[NORM].astype(np.int32)}),
     f"tensor {NORM} has dtype int32, LlamaForCausalLM wants f32 (floating checkpoints"),
    (lambda t: t.update({NORM: t[NORM] > 0}), f"tensor {NORM} has dtype bool"),
    (set_value(NORM, np.nan), f"tensor {NORM} has 1 NaN/Inf value(s)"),
    (set_value("model.embed_tokens.weight", np.inf), "tensor model.embed_tokens.weight has 1 NaN/Inf value(s)"),
    (lambda t: t.update({NORM: t[NORM].astype(np.float64) * 1e300}), "NaN/Inf value(s) as f32"),
    (lambda t: t.update({f"extra.{i}": np.ones(2, np.float32) for i in range(7)}),
     "extra.0 [2], extra.1 [2], extra.2 [2], extra.3 [2], extra.4 [2] and 2 more are not parameters of "
     "LlamaForCausalLM (nor matched by the model's checkpoint_ignore)"),
])
def test_bad_checkpoint_names_the_tensor(tmp_path, change, message):
    with pytest.raises(ir.IRError) as err:
        load(checkpoint(tmp_path, change))
    assert message in str(err.value) and "ckpt.safetensors" in str(err.value)


def test_float_checkpoints_of_any_width_become_f32(tmp_path):
    """f64 (as f16 and bf16) is rounded to f32: the value every program and the reference see."""
    f64 = load(checkpoint(tmp_path, lambda t: t.update({NORM: t[NORM].astype(np.float64) + 1e-9})))
    assert f64[NORM].dtype == np.float32
    np.testing.assert_array_equal(f64[NORM], (ir.init_params(MODEL.graphs("tiny")["full"])[NORM] + 1e-9)
                                  .astype(np.float32))


def test_a_tensor_in_two_shards(tmp_path):
    folder = tmp_path / "shards"
    folder.mkdir()
    tensors = ir.init_params(MODEL.graphs("tiny")["full"])
    ir.save_tensors(folder / "model-00001.safetensors", {NORM: tensors[NORM]})
    ir.save_tensors(folder / "model-00002.safetensors", tensors)
    with pytest.raises(ir.IRError, match=f"model-00002.safetensors: {NORM} also in an earlier shard of"):
        load(folder)


def test_truncated_checkpoint(tmp_path):
    path = checkpoint(tmp_path)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ir.IRError, match="ckpt.safetensors: cannot read safetensors file"):
        load(path)


def good_model_folder(tiny: Path, out: Path) -> tuple[Path, bytes]:
    """A generated model folder in `out` and an unrelated file beside it; the manifest's bytes."""
    out.mkdir()
    shutil.copytree(tiny, out / MODEL_FOLDER)
    (out / "notes.txt").write_text("mine")
    return out / MODEL_FOLDER, (out / MODEL_FOLDER / "manifest.json").read_bytes()


def assert_only(out: Path, names: set[str]) -> None:
    """Nothing else in `out`: no partial or moved-aside folder."""
    assert {p.name for p in out.iterdir()} == names


def test_bad_checkpoint_leaves_the_good_folder_and_writes_nothing(tiny, tmp_path, capsys):
    out = tmp_path / "gen"
    model, manifest = good_model_folder(tiny, out)
    ckpt = checkpoint(tmp_path, set_value(NORM, np.nan))
    assert main(["gen", "--config", "tiny", "--framework", "pytorch", "--out", str(out), "--weights", str(ckpt)]) == 2
    assert f"tensor {NORM} has 1 NaN/Inf" in one_line(capsys.readouterr().out)
    assert (model / "manifest.json").read_bytes() == manifest and (out / "notes.txt").read_text() == "mine"
    assert_only(out, {MODEL_FOLDER, "notes.txt"})


def test_gen_replaces_its_folder_and_nothing_else(tiny, tmp_path):
    out = tmp_path / "gen"
    model, _ = good_model_folder(tiny, out)
    (model / "stale.txt").write_text("from the old folder")
    generate("SmolLM2-135M", "tiny", ["pytorch"], out, log=lambda m: None)
    assert not (model / "stale.txt").exists() and (model / "manifest.json").exists()
    assert (out / "notes.txt").read_text() == "mine"
    assert_only(out, {MODEL_FOLDER, "notes.txt"})


def test_failed_swap_puts_the_old_folder_back(tiny, tmp_path, monkeypatch):
    out = tmp_path / "gen"
    model, manifest = good_model_folder(tiny, out)
    rename = Path.rename

    def failing(self, target):
        if Path(target) == model and ".partial-" in self.name:
            raise OSError(28, "No space left on device")
        return rename(self, target)
    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(ir.IRError, match="--out .*gen: cannot write SmolLM2-135M-tiny there .*No space left"):
        generate("SmolLM2-135M", "tiny", ["pytorch"], out, log=lambda m: None)
    assert (model / "manifest.json").read_bytes() == manifest
    assert_only(out, {MODEL_FOLDER, "notes.txt"})


def test_ctrl_c_during_gen_keeps_the_good_folder(tiny, tmp_path, capsys, monkeypatch):
    out = tmp_path / "gen"
    model, manifest = good_model_folder(tiny, out)

    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(gen_module, "reference", interrupted)
    assert main(["gen", "--config", "tiny", "--framework", "pytorch", "--out", str(out)]) == 130
    assert capsys.readouterr().out.strip().splitlines()[-1] == "inferena: interrupted"
    assert (model / "manifest.json").read_bytes() == manifest
    assert_only(out, {MODEL_FOLDER, "notes.txt"})


def test_gen_never_replaces_a_folder_it_did_not_write(tmp_path):
    mine = tmp_path / MODEL_FOLDER
    mine.mkdir()
    (mine / "data.txt").write_text("mine")
    with pytest.raises(ir.IRError, match="exists and is not a generated model folder"):
        generate("SmolLM2-135M", "tiny", ["pytorch"], tmp_path, log=lambda m: None)
    assert (mine / "data.txt").read_text() == "mine"


def test_gen_out_on_a_file_or_a_read_only_folder(tmp_path):
    (tmp_path / "a_file").write_text("")
    read_only = tmp_path / "read_only"
    read_only.mkdir(mode=0o500)
    if os.access(read_only, os.W_OK):              # root writes anywhere: sysfs refuses new folders
        read_only = Path("/sys/inferena-test")
    for out, why in [(tmp_path / "a_file", ("Not a directory",)), (read_only, ("Permission denied", "not permitted"))]:
        with pytest.raises(ir.IRError) as err:
            generate("SmolLM2-135M", "tiny", ["pytorch"], out, log=lambda m: None)
        assert str(err.value).startswith(f"--out {out}: cannot create a folder there")
        assert any(w in str(err.value) for w in why), err.value


def test_invalid_graph_is_rejected_before_emission(tmp_path, monkeypatch):
    graphs = type(MODEL).graphs

    def broken(self, config):
        built = graphs(self, config)
        built["full"].nodes[3].op = "frobnicate"
        return built
    monkeypatch.setattr(type(MODEL), "graphs", broken)
    with pytest.raises(ir.IRError) as err:
        generate("SmolLM2-135M", "tiny", ["pytorch"], tmp_path / "gen", log=lambda m: None)
    assert "SmolLM2-135M (tiny config, full graph)" in str(err.value) and "unknown op 'frobnicate'" in str(err.value)
    assert not (tmp_path / "gen").exists()


# --- malformed graph.json --------------------------------------------------------------------

def break_unknown_op(nodes):
    nodes[2]["op"] = "frobnicate"
    return "unknown op 'frobnicate'"


def break_shape(nodes):
    producer = next(n for n in nodes if n["op"] == "linear")
    producer["inputs"][:2] = producer["inputs"][1::-1]       # weight first: the shapes no longer fit
    return "[inputs"


def break_cycle(nodes):
    nodes[1]["inputs"][0] = nodes[5]["outputs"][0]
    nodes[5]["inputs"][0] = nodes[1]["outputs"][0]
    return "cycle through"


def break_dangling(nodes):
    nodes[4]["inputs"][0] = "nowhere"
    return "input(s) nowhere are not defined anywhere in the graph"


def break_duplicate(nodes):
    nodes[6]["outputs"] = list(nodes[2]["outputs"])
    return "is defined twice"


@pytest.mark.parametrize("tamper", [break_unknown_op, break_shape, break_cycle, break_dangling, break_duplicate])
def test_tampered_graph_json_is_rejected_naming_the_node(tiny, tmp_path, tamper):
    data = json.loads((tiny / "graph.json").read_text())
    message = tamper(data["full"]["nodes"])
    (tmp_path / "graph.json").write_text(json.dumps(data))
    with pytest.raises(ir.IRError) as err:
        ir.load_graphs(tmp_path / "graph.json")
    assert message in str(err.value) and "graph.json [full]" in str(err.value) and "(op " in str(err.value)


@pytest.mark.parametrize("text, message", [("[]", "not an object of named graphs"),
                                           ('{"full": {"name": "x", "inputs": {"a": 1}}}', "malformed graph JSON")])
def test_graph_json_of_the_wrong_structure(tmp_path, text, message):
    (tmp_path / "graph.json").write_text(text)
    with pytest.raises(ir.IRError, match=message):
        ir.load_graphs(tmp_path / "graph.json")


# --- tampered generated folders ------------------------------------------------------------

TAMPERS = {"missing": lambda p: p.unlink(), "garbage": lambda p: p.write_bytes(b"\x00garbage{"),
           "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])}


@pytest.mark.parametrize("file", ["manifest.json", "graph.json", "weights.safetensors", "inputs.safetensors",
                                  "reference.safetensors"])
@pytest.mark.parametrize("how", list(TAMPERS))
def test_tampered_file_is_an_error_row_naming_it(tiny, tmp_path, file, how):
    model = fake_model(tiny, tmp_path, {"good": PROGRAMS["good"][0]})
    TAMPERS[how](model / file)
    ((pair,),) = [find_programs(model, None)]
    rec = run(model, pair[1])
    assert rec.status == "ERROR" and f"{model / file}: cannot read" in rec.reason, rec.reason


def test_a_malformed_manifest_is_an_error_row_naming_the_field(tiny, tmp_path):
    model = fake_model(tiny, tmp_path, {"good": PROGRAMS["good"][0]})
    manifest = json.loads((model / "manifest.json").read_text())
    del manifest["frameworks"]["good"]["requires"]
    (model / "manifest.json").write_text(json.dumps(manifest))
    rec = run(model, "good")
    assert rec.status == "ERROR" and "manifest.json: malformed manifest (missing or bad field 'requires')" in rec.reason


def test_a_broken_model_does_not_stop_the_others(tiny, tmp_path, capsys):
    root = tmp_path / "gen"
    fake_model(tiny, root, {"good": PROGRAMS["good"][0]}, name="A-broken")
    fake_model(tiny, root, {"good": PROGRAMS["good"][0]}, name="B-fine")
    (root / "A-broken" / "manifest.json").write_text("{")
    assert main(["run", str(root), "--json", str(tmp_path / "r.json")]) == 0
    records = json.loads((tmp_path / "r.json").read_text())["records"]
    assert [(r["model"], r["status"]) for r in records] == [("A-broken", "ERROR"), ("SmolLM2-135M", "PASS")]
    assert "A-broken/manifest.json: cannot read manifest" in records[0]["reason"]


# --- faulty programs -------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PROGRAMS))
def test_faulty_program_row_says_what_happened(tiny, tmp_path, name):
    body, status, reason = PROGRAMS[name]
    model = fake_model(tiny, tmp_path, {name: body})
    rec = run(model, name)
    assert rec.status == status and reason in rec.reason, rec.reason


def test_malformed_result_lines_never_raise():
    for line in ["", "{", "null", '"text"', '{"compile_s": "1"}', '{"training_ms": {"median": null}}',
                 '{"latency_ms": {"median": 1, "samples": ["a"]}}', '{"latency_ms": {"median": 1, "samples": []}}',
                 '{"inference_ms": "fast"}', '{"not_measured": []}', '{"skipped": 3}']:
        assert isinstance(parse_result(line), str), line
    assert parse_result('{"compile_s": 1.5, "inference_ms": {"median": 2, "samples": [2]}}')["compile_s"] == 1.5
    assert parse_result('{"backend": "\\u001b[31mcpu", "not_measured": {"training": "\\u0007no"}}') == {
        "backend": "?[31mcpu", "not_measured": {"training": "?no"}}


def test_timeout_kills_the_whole_process_tree(tiny, tmp_path):
    model = fake_model(tiny, tmp_path, {"hang": HANG})
    start = time.monotonic()
    rec = run(model, "hang", timeout=3)
    assert rec.status == "ERROR" and "timed out after 3 s" in rec.reason
    assert time.monotonic() - start < 20
    assert is_dead(int((model / GRANDCHILD).read_text()))


def test_build_timeout_kills_make_and_what_it_started(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("no make")
    (tmp_path / "Makefile").write_text("main:\n\tsleep 600 & echo $$! > sleep.pid; wait\n")
    with pytest.raises(BuildError, match="make timed out after 1 s"):
        c_build(tmp_path, timeout=1)
    assert is_dead(int((tmp_path / "sleep.pid").read_text()))


def test_every_row_runs_and_the_json_is_valid_after_each(tiny, tmp_path, capsys, monkeypatch):
    model = fake_model(tiny, tmp_path, {name: body for name, (body, _, _) in PROGRAMS.items()})
    seen = []
    write = cli.write_json

    def checked(records, path):            # the file on disk is valid JSON after every row
        write(records, path)
        seen.append(len(json.loads(path.read_text())["records"]))
    monkeypatch.setattr(cli, "write_json", checked)
    assert main(["run", str(model), "--json", str(tmp_path / "r.json")]) == 0
    records = json.loads((tmp_path / "r.json").read_text())["records"]
    assert [(r["framework"], r["status"]) for r in records] == [(f, s) for f, (_, s, _) in PROGRAMS.items()]
    assert seen[: len(PROGRAMS)] == list(range(1, len(PROGRAMS) + 1))
    out = capsys.readouterr().out
    assert "boom [red]x[/red]" in out                     # printed as text, not as console markup
    assert "\x1b" not in out and not any("\x1b" in r["reason"] for r in records)    # no terminal escapes
    assert not list(tmp_path.glob(".r.json.*.tmp"))


def test_names_and_paths_are_printed_as_text(tiny, tmp_path, capsys):
    """Console markup in a folder, a model name or a path is printed as it is, never parsed."""
    model = fake_model(tiny, tmp_path / "gen[bold]", {"good": PROGRAMS["good"][0]}, name="M[red]odel")
    manifest = json.loads((model / "manifest.json").read_text())
    manifest["model"] = "[bold]Smol[/]"
    (model / "manifest.json").write_text(json.dumps(manifest))
    json_path = tmp_path / "out[/]" / "r.json"
    assert main(["run", str(model), "--json", str(json_path)]) == 0
    out = capsys.readouterr().out
    assert "M[red]odel / good: PASS" in out and "[bold]Smol[/] (tiny config)" in out and f"wrote {json_path}" in out
    assert main(["report", str(json_path), "--out", str(json_path.parent / "RESULTS.md")]) == 0
    assert "### [bold]Smol[/] (tiny config)" in (json_path.parent / "RESULTS.md").read_text()


def test_ctrl_c_keeps_the_finished_rows(tiny, tmp_path, capsys, monkeypatch):
    model = fake_model(tiny, tmp_path, {"good": PROGRAMS["good"][0], "other": PROGRAMS["good"][0]})
    calls = []

    def interrupted_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return run_program(*args, **kwargs)
    monkeypatch.setattr(cli, "run_program", interrupted_second)
    assert main(["run", str(model), "--json", str(tmp_path / "r.json")]) == 130
    assert "inferena: interrupted; the rows finished before are in" in one_line(capsys.readouterr().out.splitlines()[-1])
    records = json.loads((tmp_path / "r.json").read_text())["records"]
    assert [r["framework"] for r in records] == ["good"]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_kills_the_running_program_and_exits_130(tiny, tmp_path, signum):
    model = fake_model(tiny, tmp_path, {"good": PROGRAMS["good"][0], "hang": HANG})
    proc = cli_process("run", str(model), "--json", str(tmp_path / "r.json"))
    deadline = time.monotonic() + 60
    while not (model / GRANDCHILD).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signum)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 130, out
    assert "inferena: interrupted" in out.strip().splitlines()[-1] and "Traceback" not in out
    assert is_dead(int((model / GRANDCHILD).read_text()))
    records = json.loads((tmp_path / "r.json").read_text())["records"]
    assert [(r["framework"], r["status"]) for r in records] == [("good", "PASS")]


def test_two_runs_on_one_folder(tiny, tmp_path, capsys):
    """A second run writing the same results file stops at once; with its own file it runs
    beside the first (outputs go to temporary folders; cargo locks its target dir)."""
    model = fake_model(tiny, tmp_path, {"slow": SLOW, "good": PROGRAMS["good"][0]})
    first = cli_process("run", str(model), "--framework", "slow", "--json", str(tmp_path / "r.json"))
    deadline = time.monotonic() + 60
    while not (model / STARTED).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert main(["run", str(model), "--json", str(tmp_path / "r.json")]) == 2
    assert "r.json: another `inferena run` is writing it" in one_line(capsys.readouterr().out)
    assert main(["run", str(model), "--framework", "good", "--json", str(tmp_path / "other.json")]) == 0
    out, _ = first.communicate(timeout=60)
    assert first.returncode == 0, out
    for name, framework in [("r.json", "slow"), ("other.json", "good")]:
        (rec,) = json.loads((tmp_path / name).read_text())["records"]
        assert (rec["framework"], rec["status"]) == (framework, "PASS")

