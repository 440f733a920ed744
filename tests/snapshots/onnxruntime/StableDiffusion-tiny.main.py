"""test"""
import time
from pathlib import Path

import numpy as np
import onnx
import onnx.inliner
import onnxruntime as ort
from safetensors.numpy import load_file, save_file

import harness

HERE = Path(__file__).resolve().parent
# ONNX models (opset 26) next to this file: inference.onnx, latency.onnx, training.onnx.
# Their parameters are graph inputs; the weights are bound to them when a session opens.


def with_weights(model, weights):
    """Turn the model's parameter inputs into initializers whose data ONNX Runtime takes
    from `weights` at session creation (SessionOptions.add_external_initializers): nothing
    is copied into the protobuf (no 2 GB limit), and as constants the weights get folded
    and pre-packed exactly as those of an exported model."""
    params = [i for i in model.graph.input if i.name in weights]
    for p in params:
        model.graph.input.remove(p)
        t = p.type.tensor_type
        tensor = model.graph.initializer.add(name=p.name, data_type=t.elem_type,
                                             dims=[d.dim_value for d in t.shape.dim],
                                             data_location=onnx.TensorProto.EXTERNAL)
        tensor.external_data.add(key="location", value="weights.safetensors")   # supplied below
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_external_initializers([p.name for p in params],
                                      [ort.OrtValue.ortvalue_from_numpy(weights[p.name]) for p in params])
    return model, options


def open_session(name, weights, providers):
    # The block functions are inlined here with onnx's inliner: ONNX Runtime's own inlining
    # took 2.5 s of SmolVLA's 3.7 s session creation, onnx.inliner 0.01 s (same graph after).
    model = onnx.inliner.inline_local_functions(onnx.load(HERE / f"{name}.onnx"))
    model, options = with_weights(model, weights)
    return ort.InferenceSession(model.SerializeToString(), options, providers=providers)


def feeds(session, inputs, prefix=""):
    return [inputs[prefix + i.name] for i in session.get_inputs()]


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


def main():
    args = harness.parse_args()
    device = "cuda" if args.device.startswith("cuda") else "cpu"
    providers = execution_providers(device)

    start = time.perf_counter()
    weights = load_file(args.data / "weights.safetensors")
    inputs = load_file(args.data / "inputs.safetensors")
    session = open_session("inference", weights, providers)
    inference = bind(session, feeds(session, inputs), device)
    inference()
    compile_s = time.perf_counter() - start

    result = {"framework": "onnxruntime", "framework_version": ort.__version__,
              "backend": f"{session.get_providers()[0]}, ORT_ENABLE_ALL, default threads",
              "autodiff": "ir", "compile_s": compile_s}
    tensors = {}
    if "inference" not in args.skip:
        result["inference_ms"], binding = harness.measure(inference, args.warmup, args.repeat)
        tensors.update(outputs(binding, session))
    # one session (and its copy of the weights) at a time; the binding holds its session, so it goes
    # too (SD 1.5 on CUDA: with the earlier sessions kept, a later one ran out of GPU memory in a Conv)
    binding = None
    del session, inference
    if "latency" not in args.skip:
        start = time.perf_counter()
        session = open_session("latency", weights, providers)
        latency = bind(session, feeds(session, inputs, "latency."), device)
        result["latency_session_s"] = time.perf_counter() - start
        result["latency_ms"], binding = harness.measure(latency, args.warmup, args.repeat)
        tensors.update(outputs(binding, session, "latency."))
        binding = None
        del session, latency
    if "training" not in args.skip:
        start = time.perf_counter()
        session = open_session("training", weights, providers)     # forward, loss, IR backward
        training = bind(session, feeds(session, inputs), device)
        result["training_session_s"] = time.perf_counter() - start
        result["training_ms"], binding = harness.measure(training, args.warmup, args.repeat)
        tensors.update(outputs(binding, session))                     # loss and grad.<param>
    save_file({k: v.astype(np.float32) for k, v in tensors.items()}, str(args.out))
    harness.report(**result)


if __name__ == "__main__":
    main()
