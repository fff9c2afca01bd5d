"""The Rasa patches apply to the pinned Rasa only."""
import pytest

from bot import rasa_patches


def test_the_installed_rasa_is_the_pinned_one():
    rasa_patches.check_rasa_version()


@pytest.mark.parametrize("version", ["3.6.20", "3.7.0", "3.6.21rc1", ""])
def test_any_other_rasa_is_refused(version):
    with pytest.raises(rasa_patches.UnsupportedRasaVersion, match="3.6.21"):
        rasa_patches.check_rasa_version(version)


def test_install_refuses_before_patching(monkeypatch):
    from rasa.core.actions.action import RemoteAction

    import rasa.version

    monkeypatch.setattr(rasa.version, "__version__", "3.7.0")
    before = RemoteAction.run
    with pytest.raises(rasa_patches.UnsupportedRasaVersion):
        rasa_patches.install()
    assert RemoteAction.run is before
