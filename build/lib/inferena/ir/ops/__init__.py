"""Op families; importing this package registers every op."""
from . import activation, attention, conv, elementwise, linalg, loss, norm, pool, reduce, shape  # noqa: F401
