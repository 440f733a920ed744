"""The emitter contract, checked for every discovered emitter (emitters/base.py): op coverage
through decompositions, toolchain and harness, reserved names, package extras; and the
toolchain table of the runner."""
from __future__ import annotations

import shutil
import subprocess

import pytest

import inferena.ir as ir
from inferena.emitters import EMITTERS, Emitter
from inferena.emitters.base import TEMPLATES
from inferena.runner import frameworks
from inferena.runner.cargo import BuildError
from test_ops import CASES, build

EMITTER_NAMES = list(EMITTERS)


def test_emitters_are_discovered():
    """Every emitter module's EMITTER is registered, in listing order; nothing lists them by hand."""
    assert {"pytorch", "canonical", "jax", "onnxruntime", "torch-onnx", "candle"} <= set(EMITTERS)
    assert all(isinstance(e, Emitter) for e in EMITTERS.values())
    assert [e.order for e in EMITTERS.values()] == sorted(e.order for e in EMITTERS.values())


@pytest.mark.parametrize("framework", EMITTER_NAMES)
def test_every_op_is_written_or_decomposes_to_written_ops(framework):
    """The coverage matrix: each op's case graph, decomposed for the emitter (recursively: a
    decomposition may use ops that decompose again), holds only ops the emitter writes (or
    declares unwritten: Emitter.unwritten)."""
    supported = EMITTERS[framework].supported
    missing = {}
    for c in {c.op: c for c in CASES}.values():
        graph, _ = build(c, params=False)
        lowered = ir.decompose(graph, keep=lambda op: op in supported)
        left = sorted({n.op for n in lowered.nodes} - supported)
        if left:
            missing[c.op] = left
    missing = {op: left for op, left in missing.items() if not set(left) <= EMITTERS[framework].unwritten}
    assert not missing, f"{framework}: ops it neither writes nor decomposes into ops it writes: {missing}"
    assert set(ir.OPS) <= {c.op for c in CASES}        # so every op was checked (test_ops.test_coverage)


@pytest.mark.parametrize("framework", EMITTER_NAMES)
def test_emitter_contract(framework):
    e = EMITTERS[framework]
    assert e.toolchain in frameworks.TOOLCHAINS, f"{framework}: unknown toolchain {e.toolchain}"
    for template in e.language.harness.values():
        assert (TEMPLATES / template).is_file()
    assert all(name.isidentifier() for name in e.names_taken)
    assert e.requires and e.display and e.header("M", "tiny", "0").startswith("M (tiny config) for ")
    if e.toolchain == "python":          # a missing package's message names the pip extra installing it
        assert all(m in frameworks.EXTRAS for m in e.requires if m != "numpy"), framework


def test_missing_python_packages_name_the_extra():
    assert frameworks.missing(["torch", "no_such_module_xyz"], "python") == (
        "no_such_module_xyz not installed (pip install 'inferena[no_such_module_xyz]')")
    assert "unknown toolchain" in frameworks.missing([], "fortran")


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_c_toolchain_builds_and_runs_a_program(tmp_path):
    program = tmp_path / "model" / "ggml"
    program.mkdir(parents=True)
    (program / "main.c").write_text('#include <stdio.h>\nint main(void) { puts("INFERENA_RESULT {}"); return 0; }\n')
    built = frameworks.build(program, "c", timeout=120)
    cmd = frameworks.command(program, tmp_path / "out.safetensors", [], built)
    assert cmd[0] == str(program / "main") and cmd[1:3] == ["--data", str(program.parent)]
    assert subprocess.run(cmd, capture_output=True, text=True).stdout.strip() == "INFERENA_RESULT {}"
    (program / "main.c").write_text("int main(void) { return undefined_name; }\n")
    with pytest.raises(BuildError, match="cc failed"):
        frameworks.build(program, "c", timeout=120)
