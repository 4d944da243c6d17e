"""A coalition's own workbook, as teams really keep one (issue 21), built in the emulator through the real
clients: English and Spanish mixed, a merged title and a blank row above a header, frozen rows and a
filter, staff's own extra columns, a contacts tab per organizer, booleans as "Sí"/"✔"/"x", assessments
as "1 - leader"/"L", dates typed every which way (USER_ENTERED, as a person types them), and a few
values nobody can read (each is a problem the test lists by hand).

TODAY is the day the tests look from (passed to the plan, so the result does not depend on the date).
"""

from __future__ import annotations

import datetime as dt

from turfbook.workspace.drive import Drive
from turfbook.workspace.workbook_file import SPREADSHEET

TODAY = dt.date(2026, 11, 20)

PEOPLE_HEADER = ["Name", "Teléfono", "Email", "Site", "Rating (1-5)", "Leader?", "Member status", "Notas",
                 "Favorite snack"]
ROSA = [
    ["Ana Ruiz", "860-555-0101", "ana@example.org", "Little Stars", "1 - leader", "Sí", "joined", "muy activa", "flan"],
    ["Bea Soto", "860-555-0102", "", "Little Stars", "L", "✔", "asked", "", ""],
    ["Carla Méndez", "860-555-0103", "carla@example.org", "Sunshine Kids", "3", "no", "non-member", "", "pan dulce"],
    ["Dora Paz", "860-555-0104", "", "Sunshine Kids", "tal vez", "x", "asked", "", ""],        # bad rating
]
LUIS = [
    ["Eva Long", "203-555-0201", "eva@example.org", "Oak Street School", "2", "Y", "asked", "", "chips"],
    ["Finn Cole", "203-555-0202", "", "Oak Street School", "5 - opposed", "N", "declined", "", ""],
    ["Gus Hale", "203-555-0203", "gus@example", "Oak Street School", "S", "yes", "joined", "", ""],  # bad email
    ["Hana Kim", "203-555-0204", "", "Oak Street School", "", "maybe", "non-member", "", ""],          # bad bool
]
CONVOS_HEADER = ["Fecha", "Name", "Organizador", "Tipo", "F/U date", "F/U done", "Rating", "Notas", "Mood"]
CONVOS = [   # as typed; USER_ENTERED turns 11/2/2026 into a date serial, the rest stay text
    ["11/2/2026", "Ana Ruiz", "Rosa", "one-on-one", "11/10/2026", "11/9/2026", "1 - leader", "childcare costs", "good"],
    ["2026-11-03", "Bea Soto", "Rosa", "house visit", "Nov 12, 2026", "", "L", "", ""],        # overdue 8d
    ["4 de noviembre de 2026", "Carla Méndez", "Rosa", "phone bank", "25/11/2026", "", "3", "", ""],   # due in 5d
    ["11/5/2026", "Dora Paz", "Rosa", "one-on-one", "31/02/2026", "", "2", "", ""],            # bad due date
    ["Nov 6, 2026", "Eva Long", "Luis", "one-on-one", "11/18/2026", "", "2", "", ""],          # overdue 2d
    ["2026-11-07", "Finn Cole", "Luis", "canvass/door knock", "", "", "5", "", "cold"],        # no follow-up
    ["11/8/2026", "Gus Hale", "Luis", "one-on-one", "20 nov 2026", "", "tal vez", "", ""],   # due today; bad rating
    ["11/9/2026", "Hana Kim", "Luis", "text", "11/1/2026", "11/3/2026", "", "", ""],           # done
]

# what a person reads off these rows on TODAY (hand count)
OVERDUE = {("Convos", 4): "OVERDUE 8d", ("Convos", 7): "OVERDUE 2d"}   # sheet rows: Bea, Eva
PROBLEMS = {
    ("Contacts - Rosa", 7, "Rating (1-5)", "tal vez"),
    ("Contacts - Luis", 4, "Email", "gus@example"),
    ("Contacts - Luis", 5, "Leader?", "maybe"),
    ("Convos", 6, "F/U date", "31/02/2026"),
    ("Convos", 9, "Rating", "tal vez"),
}


def build(workspace) -> str:
    """The workbook in the configured shared drive; returns its spreadsheet ID."""
    drive = Drive(workspace)
    parent = drive.shared_drive(workspace.config.google.drive.shared_drive, create=False)
    made = workspace.execute(drive.files.create(
        body={"name": "Coalition contacts 2026", "mimeType": SPREADSHEET, "parents": [parent]},
        fields="id", supportsAllDrives=True))
    sheet_id = made["id"]
    sheets = workspace.sheets(sheet_id)
    titles = ["Contacts - Rosa", "Contacts - Luis", "Convos", "Budget"]
    requests = [{"updateSheetProperties": {"properties": {"sheetId": 0, "title": titles[0]}, "fields": "title"}}]
    requests += [{"addSheet": {"properties": {"sheetId": n, "title": t}}} for n, t in enumerate(titles[1:], 1)]
    requests += [
        {"mergeCells": {"range": _range(0, 0, 1, 0, 9), "mergeType": "MERGE_ALL"}},   # Rosa: title, blank, header on 3
        {"updateSheetProperties": {"properties": {"sheetId": 0, "gridProperties": {"frozenRowCount": 3}},
                                   "fields": "gridProperties.frozenRowCount"}},
        {"setBasicFilter": {"filter": {"range": _range(0, 2, 7, 0, 9)}}},
        {"updateSheetProperties": {"properties": {"sheetId": 1, "gridProperties": {"frozenRowCount": 1}},
                                   "fields": "gridProperties.frozenRowCount"}},
        {"mergeCells": {"range": _range(2, 0, 1, 0, 9), "mergeType": "MERGE_ALL"}},   # Convos: title, header on 2
    ]
    sheets.batch_update(requests)
    from turfbook.workspace.sheets import CellWrite

    sheets.write([
        CellWrite("'Contacts - Rosa'!A1", [["Contactos de Rosa — Hartford 2026"]]),
        CellWrite("'Contacts - Rosa'!A3", [PEOPLE_HEADER, *ROSA]),
        CellWrite("'Contacts - Luis'!A1", [PEOPLE_HEADER, *LUIS]),
        CellWrite("'Convos'!A1", [["Conversaciones / Conversations — fall 2026"], CONVOS_HEADER, *CONVOS]),
        CellWrite("'Budget'!A1", [["Item", "Cost"], ["Pizza", 40], ["Flyers", 25]]),
    ], input_option="USER_ENTERED")
    return sheet_id


def _range(sheet: int, r0: int, r1: int, c0: int, c1: int) -> dict:
    return {"sheetId": sheet, "startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}
