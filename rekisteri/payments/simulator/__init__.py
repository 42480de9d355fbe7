"""A local Paytrail simulator for the demo and the tests (never for production)."""

from rekisteri.payments.simulator.server import (
    DEFAULT_MERCHANTS,
    SimulatorError,
    SimulatorServer,
    start_simulator,
)
from rekisteri.payments.simulator.store import (
    Faults,
    ReceivedRequest,
    SentCallback,
    SimulatedPayment,
    SimulatedRefund,
    SimulatorStore,
)

__all__ = [
    "DEFAULT_MERCHANTS",
    "Faults",
    "ReceivedRequest",
    "SentCallback",
    "SimulatedPayment",
    "SimulatedRefund",
    "SimulatorError",
    "SimulatorServer",
    "SimulatorStore",
    "start_simulator",
]
