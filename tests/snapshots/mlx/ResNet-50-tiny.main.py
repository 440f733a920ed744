"""test"""
import time

import harness

harness.strict_fp32()
import mlx.core as mx
import mlx.nn as nn
import numpy as np
from mlx.utils import tree_flatten
from safetensors.numpy import save_file

from model import ResNet, loss_fn


def conv_weights(model):
    """Conv layers' weights: [O, I, *kernel] in the checkpoint, [O, *kernel, I] in MLX."""
    return {f"{name}.weight" for name, m in model.named_modules() if isinstance(m, (nn.Conv1d, nn.Conv2d))}


def load(cls, weights):
    """Build the module and take its parameters and buffers from the shared weights (a latency
    model may need only some of them)."""
    model = cls()
    names = {k for k, _ in tree_flatten(model.parameters())}
    if names - set(weights):
        raise SystemExit(f"no weights for {', '.join(sorted(names - set(weights)))}")
    convs = conv_weights(model)
    model.load_weights([(k, w.moveaxis(1, -1) if k in convs else w) for k, w in weights.items() if k in names])
    model.eval()                           # inference-mode BatchNorm in every column
    mx.eval(model.parameters())
    return model


def main():
    args = harness.parse_args()
    backend = "CPU, mx.compile, netlib BLAS"
    if args.device == "cuda":
        if not mx.cuda.is_available():
            harness.skip("--device cuda: this MLX has no CUDA backend or sees no GPU (pip install 'mlx[cuda13]==0.32.4')")
        mx.set_default_device(mx.gpu)
        backend = f"CUDA ({mx.device_info().get('device_name', 'GPU')}), mx.compile"
    elif args.device != "cpu":
        raise SystemExit(f"MLX runs here on the CPU or CUDA, not {args.device}")

    start = time.perf_counter()
    weights = mx.load(str(args.data / "weights.safetensors"))
    inputs = mx.load(str(args.data / "inputs.safetensors"))
    model = load(ResNet, weights)
    full_args = [inputs["images"]]
    latency_args = [inputs["latency.images"]]
    forward = mx.compile(model, inputs=model.state)     # the weights are inputs of the compiled graph
    latency_forward = forward
    mx.eval(forward(*full_args))
    compile_s = time.perf_counter() - start

    def inference():
        out = forward(*full_args)
        mx.eval(out)                       # MLX is lazy: the timed call evaluates its outputs
        return out

    def latency():
        out = latency_forward(*latency_args)
        mx.eval(out)
        return out

    def training_loss(inputs):              # a compiled function's arrays are its arguments
        outputs = model(inputs["images"])
        return loss_fn(outputs, inputs["labels"])

    # gradients w.r.t. the trainable parameters (frozen ones, BatchNorm statistics, excluded)
    train_step = mx.compile(nn.value_and_grad(model, training_loss), inputs=model.state, outputs=model.state)

    def training():
        loss, grads = train_step(inputs)
        mx.eval(loss, grads)
        return loss, grads

    result = {"framework": "mlx", "framework_version": mx.__version__,
              "backend": backend, "autodiff": "native", "compile_s": compile_s}
    tensors = {}
    if "inference" not in args.skip:
        result["inference_ms"], out = harness.measure(inference, args.warmup, args.repeat)
        tensors.update(zip(['logits'], out if isinstance(out, tuple) else [out]))
    if "latency" not in args.skip:
        result["latency_ms"], out = harness.measure(latency, args.warmup, args.repeat)
        tensors.update(zip(['latency.logits'], out if isinstance(out, tuple) else [out]))
    if "training" not in args.skip:
        result["training_ms"], (tensors["loss"], grads) = harness.measure(training, args.warmup, args.repeat)
        convs = conv_weights(model)
        for name, g in tree_flatten(grads):
            g = g.moveaxis(-1, 1) if name in convs else g       # back to the checkpoint's layout
            tensors[f"grad.{name}"] = g
    # np.array keeps an MLX view's strides and safetensors writes the raw buffer: copy to C order
    save_file({k: np.array(v.astype(mx.float32), order="C") for k, v in tensors.items()}, str(args.out))
    harness.report(**result)


if __name__ == "__main__":
    main()
