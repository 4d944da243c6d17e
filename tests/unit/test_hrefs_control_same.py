"""safe_href's control-character refusal (one regex scan since issue 22, perf22x) refuses exactly what the
per-character rule it replaced refused: ord(c) < 32 or ord(c) == 127, at the start, middle and end."""

from turfbook.hrefs import CONTROL, safe_href


def _old_rule(text: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def test_the_regex_is_the_old_rule_for_every_bmp_code_point():
    points = (*range(0x10000), 0x1F600, 0x10FFFF)
    differ = [i for i in points if (CONTROL.search(chr(i)) is not None) != _old_rule(chr(i))]
    assert differ == []


def test_links_with_a_control_character_anywhere_are_refused():
    for c in ("\x00", "\t", "\n", "\x1f", "\x7f"):
        for text in (f"java{c}script:alert(1)", f"https://ex{c}ample.org/", f"https://example.org/a{c}b"):
            assert safe_href(text) is None
    for c in ("\x80", "\u00a0", "\u2028", " "):
        assert (safe_href(f"https://example.org/a{c}b") is None) == _old_rule(f"https://example.org/a{c}b")
    assert safe_href("https://example.org/a") == "https://example.org/a"
