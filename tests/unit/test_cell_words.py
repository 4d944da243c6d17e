"""a21p 11: a cell's problem is said in English and Spanish and names its row by number and ID. Every reason the
parsers give (cells.CellError, dates.DateError: their literal texts, read from the source) has its Spanish."""

import re
from pathlib import Path

from turfbook.schema.cell_words import both, row_problem

SCHEMA = Path(__file__).resolve().parents[2] / "service" / "schema"
SAMPLES = {"{len(text):,}": "1,200", "{limit:,}": "1,000", "{self.limit:,}": "1,000", "{what}": "People",
           "{lookup.what}": "People", "{ambiguous[folded]}": "2", "{lookup.ambiguous[folded]}": "2",
           "{', '.join(col.vocabulary)}": "Visit, Call", "{number}": "1", "{labelled[2].strip()}": "líder",
           "{labels[words]}": "2", "{hint}": " or one of: L, líder", "{bounds}": "from 1 to 5",
           "{day.isoformat()}": "2093-01-01"}


def _reasons() -> list[str]:
    """Each English reason a parser raises as a literal (an f-string's fields filled with a sample)."""
    out = []
    for name in ("cells.py", "dates.py", "cell_dates.py"):
        source = (SCHEMA / name).read_text(encoding="utf-8")
        for call in re.finditer(r"raise (?:CellError|DateError|YearlessDate)\(((?:f?\"[^\"]*\"\s*)+)\)", source):
            text = "".join(re.findall(r"f?\"([^\"]*)\"", call[1]))
            for field, sample in SAMPLES.items():
                text = text.replace(field, sample)
            out.append(text)
    return out


def test_every_reason_a_parser_gives_has_its_spanish():
    reasons = _reasons()
    assert len(reasons) >= 20 and "is not in People" in reasons and "is not a date" in reasons
    untranslated = [r for r in reasons if "{" not in r and both(r)[1] == r]
    assert untranslated == []


def test_a_problem_names_its_row_by_number_and_id_in_both_languages():
    en, es = both("is not in People")
    assert row_problem("Conversations", 2, "C-000001", "Person", (f"'X' {en}", f"'X' {es}")) == (
        "Conversations row 2 (C-000001): Person 'X' is not in People / Conversations fila 2 (C-000001): Person 'X' "
        "no está en People")
    assert row_problem("Conversations", 7, None, "Date", both("is empty")).startswith("Conversations row 7: Date")
    assert both("is not a whole number from 1 to 5") == ("is not a whole number from 1 to 5",
                                                        "no es un número entero de 1 a 5")


def test_a_reason_already_in_both_languages_is_split_and_the_follow_up_note_goes_with_each():
    why = ("is not a date (until then the follow-up stays open / mientras tanto el seguimiento sigue abierto)")
    assert both(why) == ("is not a date (until then the follow-up stays open)",
                         "no es una fecha (mientras tanto el seguimiento sigue abierto)")
    assert both("reads day/month, type it 5/11 / se lee día/mes, escríbala 5/11") == (
        "reads day/month, type it 5/11", "se lee día/mes, escríbala 5/11")
