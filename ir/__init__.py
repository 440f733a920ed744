"""The inferena graph IR: graphs, op registry, builder, passes, autodiff, reference, weights."""
from . import ops, sizes  # noqa: F401  (ops: registers every op)
from .autodiff import GRAD_PREFIX, grad_graph
from .builder import Builder
from .graph import Graph, load_graphs, save_graphs
from .interpreter import run
from .passes import decompose, eliminate_dead_code, toposort, validate
from .registry import OPS, OpSpec, register, spec
from .weights import init_params, load_checkpoint, load_tensors, save_tensors
from .types import DTYPES, IRError, Node, Param, TensorType, Value

__all__ = ["GRAD_PREFIX", "grad_graph", "Builder", "Graph", "load_graphs", "save_graphs", "run",
           "decompose", "eliminate_dead_code", "toposort", "validate", "OPS", "OpSpec", "register",
           "spec", "init_params", "load_checkpoint", "load_tensors", "save_tensors", "DTYPES", "IRError", "Node", "Param", "TensorType", "Value"]
