"""ReLU-kink ambiguity: how much of a reference gradient f32 rounding may decide, and the
verification allowing exactly that much on top of its threshold."""
from __future__ import annotations

import numpy as np
import pytest

import inferena.ir as ir
from inferena.ir.kinks import gradient_ambiguity
from inferena.runner.verify import verify


def net() -> ir.Graph:
    b = ir.Builder(ir.Graph("Net"))
    h = b.relu(b.linear(b.input("x", (4, 3)), b.param("proj.weight", (5, 3))))
    b.output("loss", b.sum(b.linear(h, b.param("head.weight", (1, 5))), axes=(0, 1)))
    return b.graph


def feeds(pre_activation_at_kink: float) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 3))
    w = rng.normal(size=(5, 3))
    w[0] += (pre_activation_at_kink - x[0] @ w[0]) * x[0] / (x[0] @ x[0])   # x[0] . w[0] = that value
    return {"x": x, "proj.weight": w, "head.weight": rng.normal(size=(1, 5))}


def test_an_input_within_rounding_of_the_kink_makes_its_gradients_ambiguous():
    near = gradient_ambiguity(net(), feeds(1e-9))
    assert near["proj.weight"] > 1e-2 and near["head.weight"] == 0.0   # the head sees relu(0) = 0 either way
    far = gradient_ambiguity(net(), feeds(0.5))
    assert far == {"proj.weight": 0.0, "head.weight": 0.0}


def test_the_ambiguity_is_what_the_flipped_derivative_changes():
    """Unit 0 of sample 0 sits at the kink: its other side adds head[0] * x[0] to row 0 of
    proj.weight's gradient (loss = sum(head . relu(W x)))."""
    inputs = feeds(1e-9)
    ref = ir.run(ir.grad_graph(net()), inputs)["grad.proj.weight"]
    change = inputs["head.weight"][0, 0] * inputs["x"][0]
    expected = np.linalg.norm(change) / np.linalg.norm(ref)
    assert gradient_ambiguity(net(), inputs)["proj.weight"] == pytest.approx(expected, rel=1e-9)


def test_verification_allows_the_ambiguity_and_no_more():
    ref = {"loss": np.array(1.0), "grad.w": np.ones(1000)}
    got = {"loss": np.array(1.0), "grad.w": np.ones(1000) * (1 + 2e-3)}
    assert verify(got, ref, {"training"})["status"] == "CLOSE"
    allowed = verify(got, ref, {"training"}, {"w": 1.5e-3})
    assert allowed["status"] == "PASS" and "ReLU-kink ambiguity" in allowed["reason"]
    assert allowed["grad_rel_l2"] > 1.9e-3           # the error itself is still reported
    assert verify(got, ref, {"training"}, {"w": 5e-4})["status"] == "CLOSE"
