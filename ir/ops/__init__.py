"""Op families; importing this package registers every op."""
from . import activation, attention, elementwise, linalg, loss, norm, reduce, shape  # noqa: F401
