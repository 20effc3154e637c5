"""Shared test settings."""

import pytest
from hypothesis import settings

# Timing belongs in bench/, not in tests: no per-example deadline on a busy CI machine.
settings.register_profile("dejiden", deadline=None, print_blob=True)
settings.load_profile("dejiden")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real sshd configured from docs/ssh.md's block, with a per-run user (one per SSH test module)."""
    from .ssh_server import serving

    with serving(tmp_path_factory.mktemp("sshd")) as srv:
        yield srv


@pytest.fixture
def drafts(server):
    """The SSH test user's data folder, emptied before each test."""
    from .ssh_server import empty_data_dir

    return empty_data_dir(server)
