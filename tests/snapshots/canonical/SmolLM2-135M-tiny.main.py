"""test"""
import time

import torch
from safetensors.torch import load_file, save_file

import harness
from model import Model, loss_fn


def load(cls, weights, device):
    """Build the module as its library does (buffers included), then take the shared weights."""
    model = cls()
    names = [*dict(model.named_parameters()), *(k for k, _ in model.named_buffers() if k in weights)]
    model.load_state_dict({k: weights[k] for k in names}, assign=True, strict=False)
    if hasattr(model, "tie_weights"):      # ecosystem models re-tie shared weights after loading
        model.tie_weights()
    unloaded = [k for k, p in model.named_parameters() if p.is_meta]
    if unloaded:
        raise SystemExit(f"no weights for {', '.join(unloaded)}")
    for name, buf in list(model.named_buffers()):
        if buf.is_meta:      # bookkeeping the weights do not carry (BatchNorm's num_batches_tracked)
            owner, _, leaf = name.rpartition(".")
            model.get_submodule(owner).register_buffer(leaf, torch.zeros_like(buf, device="cpu"))
    return model.to(device).eval()         # inference-mode BatchNorm in every column


def host(tensor):
    """A result as float32 on the CPU, copied out before later steps can reuse its memory."""
    return tensor.detach().float().contiguous().cpu()


def main():
    args = harness.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False       # fp32 means fp32 on GPUs too
    torch.backends.cudnn.allow_tf32 = False
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        harness.skip(f"--device {args.device}: PyTorch sees no CUDA device here")
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)

    start = time.perf_counter()
    weights = load_file(args.data / "weights.safetensors", device=str(device))
    inputs = load_file(args.data / "inputs.safetensors", device=str(device))
    model = load(Model, weights, device)
    latency_model = model
    forward, latency_forward, new_step, execution = model, latency_model, lambda: None, "eager"
    full_args = [inputs["input_ids"]]
    latency_args = [inputs["latency.input_ids"]]
    with torch.inference_mode():
        forward(*full_args)
    sync()
    compile_s = time.perf_counter() - start

    def inference():
        new_step()
        with torch.inference_mode():
            return forward(*full_args)

    def latency():
        new_step()
        with torch.inference_mode():
            return latency_forward(*latency_args)

    def training():
        new_step()
        model.zero_grad(set_to_none=True)
        outputs = forward(*full_args)
        loss = loss_fn(outputs, inputs["labels"])
        loss.backward()
        return loss.detach()

    result = {"framework": "canonical", "framework_version": torch.__version__,
              "backend": f"{device.type.upper()}, {execution}"
                         + (f", {torch.get_num_threads()} threads" if device.type == "cpu" else ""),
              "autodiff": "native", "compile_s": compile_s}
    tensors = {}
    if "inference" not in args.skip:
        result["inference_ms"], out = harness.measure(inference, args.warmup, args.repeat, sync)
        tensors.update(zip(['logits'], map(host, out if isinstance(out, tuple) else [out])))
    if "latency" not in args.skip:
        result["latency_ms"], out = harness.measure(latency, args.warmup, args.repeat, sync)
        tensors.update(zip(['latency.logits'], map(host, out if isinstance(out, tuple) else [out])))
    if "training" not in args.skip:
        result["training_ms"], loss = harness.measure(training, args.warmup, args.repeat, sync)
        tensors["loss"] = host(loss)
        tensors.update((f"grad.{name}", host(p.grad)) for name, p in model.named_parameters() if p.requires_grad)
    save_file(tensors, str(args.out))
    harness.report(**result)


if __name__ == "__main__":
    main()
