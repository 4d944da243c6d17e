"""The upload page's catalog and language choice."""

from __future__ import annotations

import io
import string

from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from turfbook.web.i18n import CATALOG, choose_language, translator, words
from turfbook.web.i18n_admin import LOGIN
from turfbook.web.multipart import FilePart, MultipartError, iter_parts


def accept(header: str) -> LanguageAccept:
    return parse_accept_header(header, LanguageAccept)


def test_catalog_is_complete_and_placeholders_match():
    assert set(CATALOG["en"]) == set(CATALOG["es"])
    for key, english in CATALOG["en"].items():
        fields = {f for _, f, _, _ in string.Formatter().parse(english) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(CATALOG["es"][key]) if f}, key
    assert all(CATALOG["es"][k] != v for k, v in CATALOG["en"].items() if k not in {"no_issue"}), "untranslated"


def test_language_choice_order():
    assert choose_language("en", "es", accept("es")) == "en"          # the toggle wins
    assert choose_language(None, "es", accept("en-US")) == "es"       # then the organizer's language
    assert choose_language(None, "", accept("es-MX,es;q=0.9")) == "es"  # then the phone
    assert choose_language(None, "", accept("fr-FR")) == "en"
    assert choose_language("xx", None, None) == "en"


def test_translator_formats_and_falls_back():
    assert translator("es")("err_size", mb=5) == "pesa más de 5 MB"
    assert translator("fr")("send") == "Send"


def test_one_lookup_serves_every_catalog():
    assert words(LOGIN, "es")("throttled", seconds=30) == "Demasiadas claves incorrectas; espere 30 segundos."
    assert words(LOGIN, "fr")("wrong") == "That token is not right."
    assert words(CATALOG, "es")("send") == translator("es")("send")


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=400), boundary=st.sampled_from([b"b", b"----x", b"zz"]))
def test_garbage_bodies_never_crash_the_reader(raw, boundary):
    try:
        for part in iter_parts(io.BytesIO(raw), boundary):
            if isinstance(part, FilePart):
                part.read(7)
    except MultipartError:
        pass


@settings(max_examples=300, deadline=None)
@given(tail=st.binary(max_size=300), middle=st.sampled_from([
    b'Content-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n',
    b'Content-Disposition: form-data; name="csrf"\r\n\r\n', b"Content-Type: x\r\n\r\n", b"\r\n\r\n", b""]))
def test_damaged_multipart_never_crashes_the_reader(tail, middle):
    raw = b"--b\r\n" + middle + tail
    try:
        for part in iter_parts(io.BytesIO(raw), b"b"):
            if isinstance(part, FilePart):
                part.read()
    except MultipartError:
        pass
