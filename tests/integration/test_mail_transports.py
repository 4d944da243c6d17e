"""SMTP (against a real aiosmtpd server: STARTTLS + AUTH, and implicit TLS) and the outbox transport."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.emulator import free_port
from turfbook.config import Config, Mail
from turfbook.workspace import mail

SUBJECT = "Resumen semanal: niños, educación y acción"


def message(n: int = 1):
    return mail.build_message(sender="Turfbook <digest@example.org>", to="directora@example.org",
                              subject=f"{SUBJECT} #{n}", text="Hola María, ¿cómo está? Año nuevo.",
                              html="<p>Hola <b>María</b>, ¿cómo está? Año nuevo.</p>")


def check_parts(data: bytes, n: int = 1) -> None:
    parsed = BytesParser(policy=policy.default).parsebytes(data)
    assert parsed["Subject"] == f"{SUBJECT} #{n}"
    assert parsed.get_body(("plain",)).get_content().strip() == "Hola María, ¿cómo está? Año nuevo."
    assert "<b>María</b>" in parsed.get_body(("html",)).get_content()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    # valid whatever the date: OpenSSL checks it against the machine's clock, which scripts/at-date
    # (moving only Python's clock) leaves alone
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
            .not_valid_after(datetime.datetime(2040, 1, 1, tzinfo=datetime.UTC))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class Inbox:
    def __init__(self):
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"digest" and auth_data.password == "s3cret-contraseña".encode()
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server(certificate, request):
    cert_path, key_path = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    inbox, port = Inbox(), free_port()
    implicit = getattr(request, "param", "starttls") == "ssl"
    # aiosmtpd only counts STARTTLS as encryption for auth_require_tls, so implicit TLS turns it off
    options = ({"ssl_context": context, "auth_require_tls": False} if implicit
               else {"tls_context": context, "require_starttls": True, "auth_require_tls": True})
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_authenticator, **options)
    controller.start()
    yield inbox, port
    controller.stop()


def smtp_config(tmp_path, port: int, security: str) -> Config:
    return Config(mail=Mail(transport="smtp", sender="digest@example.org",
                            smtp={"host": "127.0.0.1", "port": port, "security": security, "username": "digest"}),
                  data_dir=tmp_path)


@pytest.mark.parametrize("smtp_server", ["starttls", "ssl"], indirect=True)
def test_smtp_delivers_html_and_text_with_accents(smtp_server, certificate, tmp_path, monkeypatch, request):
    inbox, port = smtp_server
    security = request.node.callspec.params["smtp_server"]
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setenv("TURFBOOK_SMTP_PASSWORD", "s3cret-contraseña")
    sent = mail.send(message(), smtp_config(tmp_path, port, security))
    assert sent.transport == "smtp"
    assert len(inbox.messages) == 1
    sender, recipients, data = inbox.messages[0]
    assert (sender, recipients) == ("digest@example.org", ["directora@example.org"])
    check_parts(data)


def test_smtp_without_password_is_a_config_error(tmp_path, monkeypatch):
    from turfbook.config import ConfigError

    monkeypatch.delenv("TURFBOOK_SMTP_PASSWORD", raising=False)
    monkeypatch.delenv("TURFBOOK_SMTP_PASSWORD_FILE", raising=False)
    with pytest.raises(ConfigError, match="SMTP_PASSWORD"):
        mail.send(message(), smtp_config(tmp_path, 1, "starttls"))


def test_outbox_writes_one_eml_per_message(tmp_path):
    config = Config(mail=Mail(transport="outbox", outbox_dir=tmp_path / "outbox"), data_dir=tmp_path)
    refs = [mail.send(message(n), config).ref for n in (1, 2, 3)]
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 3 and sorted(refs) == [str(f) for f in files]
    for n, ref in enumerate(refs, start=1):
        check_parts(Path(ref).read_bytes(), n)
