"""Verification of a program's outputs, loss and gradients against the reference.

Thresholds (fp32 against the float64 reference): PASS when every forward output has
rel-L2 <= 1e-4, the loss is within 1e-4 (relative), every gradient has rel-L2 <= 1e-3;
CLOSE when all are within 1e-2; otherwise FAIL. NaN/Inf or a missing tensor is FAIL.
A gradient may differ by its ReLU-kink ambiguity on top (the change the reference itself
shows when the inputs within rounding of a kink take its other side, ir/kinks.py)."""
from __future__ import annotations

import numpy as np

from inferena.ir import GRAD_PREFIX

PASS_OUTPUT, PASS_LOSS, PASS_GRAD, CLOSE = 1e-4, 1e-4, 1e-3, 1e-2


def rel_l2(got: np.ndarray, want: np.ndarray) -> float:
    got, want = got.astype(np.float64), want.astype(np.float64)
    norm = np.linalg.norm(want)
    diff = np.linalg.norm(got - want)
    return float(diff / norm) if norm > 0 else float(diff)


def verify(got: dict[str, np.ndarray], ref: dict[str, np.ndarray], measured: set[str],
           ambiguity: dict[str, float] | None = None) -> dict:
    """Metrics and status. `measured`: which of inference/latency/training the program ran;
    `ambiguity`: gradient name -> how much of it rounding may decide (allowed on top)."""
    ambiguity = ambiguity or {}
    wanted = [k for k in ref if _measurement(k) in measured]
    problems = []
    metrics = {"output_rel_l2": None, "output_max_abs": None, "grad_rel_l2": None,
               "grad_worst": None, "loss": None, "loss_ref": None}
    out_err, grad_err = [], []
    for key in wanted:
        if key not in got:
            problems.append(f"missing {key}")
            continue
        a, b = got[key], ref[key]
        if a.shape != b.shape:
            problems.append(f"{key} has shape {list(a.shape)}, reference {list(b.shape)}")
            continue
        if not np.all(np.isfinite(a)):
            problems.append(f"{key} has NaN/Inf")
            continue
        err = rel_l2(a, b)
        if key == "loss":
            metrics["loss"], metrics["loss_ref"] = float(a), float(b)
        elif key.startswith(GRAD_PREFIX):
            grad_err.append((err, key[len(GRAD_PREFIX):]))
        else:
            out_err.append((err, float(np.max(np.abs(a.astype(np.float64) - b))) if a.size else 0.0))
    if out_err:
        metrics["output_rel_l2"] = max(e for e, _ in out_err)
        metrics["output_max_abs"] = max(m for _, m in out_err)
    excess = None             # the worst gradient error beyond its kink ambiguity
    if grad_err:
        metrics["grad_rel_l2"], metrics["grad_worst"] = max(grad_err)
        excess = max(max(0.0, e - ambiguity.get(name, 0.0)) for e, name in grad_err)
    loss_err = (abs(metrics["loss"] - metrics["loss_ref"]) / max(1.0, abs(metrics["loss_ref"]))
                if metrics["loss"] is not None else None)
    checks = [(metrics["output_rel_l2"], PASS_OUTPUT, "outputs"), (loss_err, PASS_LOSS, "loss"),
              (excess, PASS_GRAD, "gradients")]
    if problems:
        status, reason = "FAIL", "; ".join(problems[:3]) + (" ..." if len(problems) > 3 else "")
    elif all(e is None or e <= limit for e, limit, _ in checks):
        status, reason = "PASS", ""
        if metrics["grad_rel_l2"] is not None and metrics["grad_rel_l2"] > PASS_GRAD:
            worst = metrics["grad_worst"]
            reason = (f"gradients within ReLU-kink ambiguity ({worst}: {metrics['grad_rel_l2']:.1e}, "
                      f"ambiguity {ambiguity[worst]:.1e})")
    elif all(e is None or e <= CLOSE for e, _, _ in checks):
        status = "CLOSE"
        reason = ", ".join(f"{what} off by {e:.1e}" for e, limit, what in checks if e is not None and e > limit)
    else:
        status = "FAIL"
        reason = ", ".join(f"{what} off by {e:.1e}" for e, _, what in checks if e is not None and e > CLOSE)
    return {**metrics, "status": status, "reason": reason}


def _measurement(key: str) -> str:
    if key.startswith("latency."):
        return "latency"
    if key == "loss" or key.startswith(GRAD_PREFIX):
        return "training"
    return "inference"
