"""Dashboard tests reuse the resumption fixtures: park A's enterprise 1 answers to a department and to
the grid official; enterprise 2 has neither (a supervision gap)."""

from tests.resumption.conftest import (  # noqa: F401  (fixtures)
    department,
    enterprises,
    make_application,
    walk,
)
