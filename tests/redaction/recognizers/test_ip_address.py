import pytest


@pytest.mark.parametrize("value", ["192.168.0.1", "185.22.143.7", "2001:db8::1", "fe80::1ff:fe23:4567:890a", "::ffff:10.0.0.1"])
def test_finds_ip_addresses(found, value):
    assert ("IP_ADDRESS", value) in found(f"Zugriff von {value} heute")


@pytest.mark.parametrize("text", ["Version 1.2.3.4 ist fehlerhaft", "Termin um 14:30", "IP 999.1.1.1", "am 12.03.2024"])
def test_ignores_versions_times_and_invalid_addresses(labels, text):
    assert "IP_ADDRESS" not in labels(text)


def test_an_ipv4_address_keeps_its_port(found):
    assert ("IP_ADDRESS", "185.22.143.9:8443") in found("my address is 185.22.143.9:8443 for the log")


@pytest.mark.parametrize("text", ["Rasa server on http://127.0.0.1:5005", "listening on 0.0.0.0:8080", "bound to ::1", "127.0.0.53"])
def test_loopback_and_unspecified_addresses_name_nobody(labels, text):
    assert "IP_ADDRESS" not in labels(text)
