"""A small, valid workbook as raw cells (header row first) for the schema and corpus tests."""

BASE = {
    "People": [["ID", "Name", "Phone", "Email", "Worksite", "Organizer"],
               ["P-000001", "Ana Ruiz", "860-555-0101", "ana@example.org", "Little Stars", "Rosa Díaz"],
               ["P-000002", "Bea Soto", "860-555-0102", "", "Little Stars", "Rosa Díaz"]],
    "Conversations": [["ID", "Date", "Person", "Organizer", "Issues raised"],
                      ["C-000001", "2026-11-02", "Ana Ruiz", "Rosa Díaz", "broken heat"]],
    "Worksites": [["ID", "Name", "City"], ["W-0001", "Little Stars", "Hartford"]],
    "Organizers": [["ID", "Name", "Email"], ["O-0001", "Rosa Díaz", "rosa@example.org"]],
    "Issues": [["ID", "Name"], ["I-0001", "broken heat"], ["I-0002", "low pay"]],
    "Settings": [["Setting", "Value"], ["timezone", "America/New_York"]],
    "Structure tests": [["ID", "Name"]], "Participation": [["ID", "Test", "Person"]], "Media": [["ID"]],
    "Problems": [["Job", "Tab", "Row ID", "Column", "Problem", "Kind", "First seen"]],
}
