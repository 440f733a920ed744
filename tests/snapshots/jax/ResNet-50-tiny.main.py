"""test"""
import time

import jax
import numpy as np
from safetensors.numpy import load_file, save_file

import harness
from model import res_net, loss_fn

jax.config.update("jax_default_matmul_precision", "highest")   # full fp32 matmuls/convs (no TF32/bf16 passes)
# Buffers (running statistics): loaded with the weights, never differentiated.
FROZEN = ['bn1.running_mean', 'bn1.running_var', 'layer1.0.bn1.running_mean', 'layer1.0.bn1.running_var', 'layer1.0.bn2.running_mean', 'layer1.0.bn2.running_var', 'layer1.0.bn3.running_mean', 'layer1.0.bn3.running_var', 'layer1.0.downsample.1.running_mean', 'layer1.0.downsample.1.running_var', 'layer2.0.bn1.running_mean', 'layer2.0.bn1.running_var', 'layer2.0.bn2.running_mean', 'layer2.0.bn2.running_var', 'layer2.0.bn3.running_mean', 'layer2.0.bn3.running_var', 'layer2.0.downsample.1.running_mean', 'layer2.0.downsample.1.running_var', 'layer3.0.bn1.running_mean', 'layer3.0.bn1.running_var', 'layer3.0.bn2.running_mean', 'layer3.0.bn2.running_var', 'layer3.0.bn3.running_mean', 'layer3.0.bn3.running_var', 'layer3.0.downsample.1.running_mean', 'layer3.0.downsample.1.running_var', 'layer4.0.bn1.running_mean', 'layer4.0.bn1.running_var', 'layer4.0.bn2.running_mean', 'layer4.0.bn2.running_var', 'layer4.0.bn3.running_mean', 'layer4.0.bn3.running_var', 'layer4.0.downsample.1.running_mean', 'layer4.0.downsample.1.running_var']


def unflatten(flat):
    """Checkpoint names -> params pytree: nested dicts, and lists for children numbered 0..n-1
    (`model.layers.3.mlp.up_proj.weight` -> params["model"]["layers"][3]["mlp"]["up_proj"]["weight"])."""
    tree = {}
    for name, value in flat.items():
        *path, leaf = name.split(".")
        node = tree
        for key in path:
            node = node.setdefault(key, {})
        node[leaf] = value

    def lists(node, path):
        if not isinstance(node, dict):
            return node
        node = {k: lists(v, f"{path}{k}.") for k, v in node.items()}
        if sorted(node) == sorted(map(str, range(len(node)))):
            node = [node[str(i)] for i in range(len(node))]
        return node

    return lists(tree, "")


def flatten(tree, prefix=""):
    """Params pytree -> {checkpoint name: array}, the inverse of unflatten."""
    if tree is None:                       # a buffer's place in the params tree
        return {}
    if isinstance(tree, (dict, list)):
        items = tree.items() if isinstance(tree, dict) else enumerate(tree)
        return {name: x for key, sub in items for name, x in flatten(sub, f"{prefix}{key}.").items()}
    return {prefix[:-1]: tree}


def merge(params, buffers):
    """One tree from the trainable params and the buffers (each holds None where the other has a leaf)."""
    return jax.tree.map(lambda p, b: b if p is None else p, params, buffers, is_leaf=lambda x: x is None)


def main():
    args = harness.parse_args()
    try:
        device = jax.devices("gpu" if args.device == "cuda" else args.device)[0]
    except RuntimeError as err:         # no such backend in this jax installation
        harness.skip(f"--device {args.device}: {str(err).splitlines()[0]}")

    start = time.perf_counter()
    weights = load_file(args.data / "weights.safetensors")
    params = jax.device_put(unflatten({k: None if k in FROZEN else w for k, w in weights.items()}), device)
    buffers = jax.device_put(unflatten({k: w if k in FROZEN else None for k, w in weights.items()}), device)
    inputs = jax.device_put(load_file(args.data / "inputs.safetensors"), device)
    forward = jax.jit(res_net)
    latency_forward = forward
    jax.block_until_ready(forward(merge(params, buffers), inputs["images"]))
    compile_s = time.perf_counter() - start

    def inference():
        return jax.block_until_ready(forward(merge(params, buffers), inputs["images"]))

    def latency():
        return jax.block_until_ready(latency_forward(merge(params, buffers), inputs["latency.images"]))

    def training_loss(params, buffers, inputs):
        outputs = res_net(merge(params, buffers), inputs["images"])
        return loss_fn(outputs, inputs["labels"])

    train_step = jax.jit(jax.value_and_grad(training_loss))     # gradients w.r.t. params only

    def training():
        return jax.block_until_ready(train_step(params, buffers, inputs))

    result = {"framework": "jax", "framework_version": jax.__version__,
              "backend": f"{device.platform.upper()}, XLA jit", "autodiff": "native",
              "compile_s": compile_s}
    tensors = {}
    if "inference" not in args.skip:
        result["inference_ms"], out = harness.measure(inference, args.warmup, args.repeat)
        tensors.update(zip(['logits'], out if isinstance(out, tuple) else [out]))
    if "latency" not in args.skip:
        result["latency_ms"], out = harness.measure(latency, args.warmup, args.repeat)
        tensors.update(zip(['latency.logits'], out if isinstance(out, tuple) else [out]))
    if "training" not in args.skip:
        result["training_ms"], (tensors["loss"], grads) = harness.measure(training, args.warmup, args.repeat)
        tensors.update((f"grad.{name}", g) for name, g in flatten(grads).items())
    save_file({k: np.asarray(v, np.float32) for k, v in tensors.items()}, str(args.out))
    harness.report(**result)


if __name__ == "__main__":
    main()
