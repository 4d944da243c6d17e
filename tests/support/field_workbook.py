"""A workbook for the field page (#20): two organizers and a director, their worksites and people,
one open follow-up; made by `sheets init` and written the way staff type."""

from __future__ import annotations

import datetime as dt

from tests.support.overdue_workbook import create_workbook, row
from tests.support.web import LINK_KEY, SECRETS
from turfbook.links import Organizer, make_token
from turfbook.workspace import Workspace, a1
from turfbook.workspace.sheets import CellWrite

DIRECTORY_ENV = SECRETS
ANA = Organizer(id="O-0001", name="Ana Rivera", language="en")
BEN = Organizer(id="O-0002", name="Ben Cole", language="es")
DIRECTOR = Organizer(id="O-0003", name="Dee Director", language="en")


def field_workbook(config, today: dt.date, people_per_organizer: int = 3):
    people = [row("People", id="P-000001", name="Maria Lopez", phone="860-555-0101", organizer="Ana Rivera",
                  worksite="Little Stars Center"),
              row("People", id="P-000002", name="Dana Smith", phone="860-555-0102", organizer="Ben Cole",
                  worksite="Ñandú Kids"),
              row("People", id="P-000003", name="Luis Ortiz", phone="860-555-0103", worksite="Little Stars Center")]
    conversations = [row("Conversations", id="C-000001", date=today - dt.timedelta(days=9), person="P-000001",
                         organizer="Ana Rivera", kind="one-on-one", follow_up_due=today - dt.timedelta(days=2))]
    config = create_workbook(config, people, conversations)
    sheets = Workspace(config).sheets()
    sheets.write([
        CellWrite(f"{a1.quote_sheet('Organizers')}!A2", [
            ["O-0001", "Ana Rivera", "ana@example.org", "", "en", "", "Hartford", ""],
            ["O-0002", "Ben Cole", "ben@example.org", "", "es", "", "New Haven", ""],
            ["O-0003", "Dee Director", "dee@example.org", "", "en", "", "all", ""]]),
        CellWrite(f"{a1.quote_sheet('Worksites')}!A2", [["W-0001", "Little Stars Center", "", "", "", "Ana Rivera"],
                                                        ["W-0002", "Ñandú Kids", "", "", "", "Ben Cole"]]),
        CellWrite(f"{a1.quote_sheet('Issues')}!A2", [["I-0001", "broken heat", "", "calefacción rota"],
                                                     ["I-0002", "low pay", "", "salario bajo"]]),
    ], input_option="USER_ENTERED")
    return config


def path(organizer: Organizer) -> str:
    return "/c/" + make_token(LINK_KEY, organizer)
