"""test"""
import tempfile
import time
from pathlib import Path

import onnx
import onnxruntime as ort
import torch
from safetensors.numpy import save_file
from safetensors.torch import load_file

import harness
from model import UNet


def load(cls, weights, device):
    """Build the module without initialising it, then take the shared weights."""
    with torch.device("meta"):
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


def bind(session, arrays, device):
    """IO binding of `arrays` (one per session input, in order): the inputs go to the
    device once; outputs stay where ONNX Runtime puts them until read, so a timed run
    copies nothing back."""
    binding = session.io_binding()
    for i, value in zip(session.get_inputs(), arrays, strict=True):
        binding.bind_ortvalue_input(i.name, ort.OrtValue.ortvalue_from_numpy(value, device))
    for o in session.get_outputs():
        binding.bind_output(o.name, device)

    def run():
        session.run_with_iobinding(binding)
        return binding
    return run


def outputs(binding, session, prefix=""):
    return {prefix + o.name: v for o, v in zip(session.get_outputs(), binding.copy_outputs_to_cpu())}


def execution_providers(device):
    if device == "cpu":
        return ["CPUExecutionProvider"]
    if "CUDAExecutionProvider" not in ort.get_available_providers():
        harness.skip(f"--device {device}: this onnxruntime has no CUDAExecutionProvider "
                     "(pip install onnxruntime-gpu)")
    return [("CUDAExecutionProvider", {"use_tf32": "0"}), "CPUExecutionProvider"]   # fp32 means fp32


def export(model, args, path):
    """torch.onnx.export as users call it: the dynamo exporter with its default opset and
    optimisation, the weights in a file beside the model."""
    torch.onnx.export(model, tuple(args), path, dynamo=True, external_data=True)
    return onnx.load(path, load_external_data=False).opset_import[0].version


def open_session(path, providers):
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), options, providers=providers)


def main():
    args = harness.parse_args()
    device = "cuda" if args.device.startswith("cuda") else "cpu"
    providers = execution_providers(device)
    weights = load_file(args.data / "weights.safetensors")
    inputs = load_file(args.data / "inputs.safetensors")
    full_args = [inputs["noisy_latent"]]
    latency_args = [inputs["latency.noisy_latent"]]
    folder = tempfile.TemporaryDirectory(prefix="torch-onnx-")
    inference_path, latency_path = Path(folder.name, "inference.onnx"), Path(folder.name, "latency.onnx")

    start = time.perf_counter()          # the export, done once offline: reported as the build
    model = load(UNet, weights, "cpu")
    opset = export(model, full_args, inference_path)
    export(model, latency_args, latency_path)
    build_s = time.perf_counter() - start
    del model, weights

    start = time.perf_counter()
    session = open_session(inference_path, providers)
    inference = bind(session, [a.numpy() for a in full_args], device)
    inference()
    compile_s = time.perf_counter() - start

    result = {"framework": "torch-onnx", "framework_version": f"{ort.__version__}, torch {torch.__version__}",
              "backend": f"{session.get_providers()[0]}, ORT_ENABLE_ALL, opset {opset}, default threads",
              "autodiff": "", "build_s": build_s, "compile_s": compile_s,
              "not_measured": {"training": "torch.onnx.export writes the forward graph only"}}
    tensors = {}
    if "inference" not in args.skip:
        result["inference_ms"], binding = harness.measure(inference, args.warmup, args.repeat)
        tensors.update(zip(['sample'], binding.copy_outputs_to_cpu(), strict=True))
    binding = None                   # it holds the session
    del session, inference
    if "latency" not in args.skip:
        session = open_session(latency_path, providers)
        latency = bind(session, [a.numpy() for a in latency_args], device)
        result["latency_ms"], binding = harness.measure(latency, args.warmup, args.repeat)
        tensors.update(zip(['latency.sample'], binding.copy_outputs_to_cpu(), strict=True))
    save_file(tensors, str(args.out))
    folder.cleanup()
    harness.report(**result)


if __name__ == "__main__":
    main()
