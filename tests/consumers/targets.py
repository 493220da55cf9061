"""The registry of consumers: every client generated from the spec that the driver (`run.py`)
makes read the servers. A language family is a module beside this one whose `TARGETS` lists
its clients; a new family is such a module and one line here."""

from __future__ import annotations

from tests.consumers import go_targets, java_targets, python_clients, typescript_clients
from tests.consumers.steps import Target

TARGETS: tuple[Target, ...] = (
    *python_clients.TARGETS,
    *typescript_clients.TARGETS,
    *go_targets.TARGETS,
    *java_targets.TARGETS,
)
