"""The kit tests reuse the content tests' writable fixture tree."""

from tests.content.conftest import tree  # noqa: F401 - fixture
