"""The emulator's front page: links to every spreadsheet, the Drive tree and sent mail."""

from __future__ import annotations

import html

from turfbook_emulator import registry

INDEX_SECTIONS: list = []


def section(fn):
    """Register fn(emulator) -> HTML fragment for the front page."""
    INDEX_SECTIONS.append(fn)
    return fn


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>
body{{font-family:system-ui,sans-serif;margin:1.5rem;color:#1f2933;overflow-wrap:anywhere}} h1{{font-size:1.4rem}}
.scroll{{overflow-x:auto;max-width:100%}} th{{overflow-wrap:normal}} ul{{padding-left:1.2rem}} img{{max-width:100%}}
@media (max-width:600px){{body{{margin:.75rem}}}}
table{{border-collapse:collapse;font-size:.85rem}} td,th{{border:1px solid #d9dee3;padding:2px 6px;vertical-align:top}}
th{{background:#f1f3f5}} a{{color:#1a56db}} .muted{{color:#6b7280}} nav a{{margin-right:1rem}}
</style></head><body><nav><a href="/">Emulator home</a></nav>{body}</body></html>"""


def page(title: str, body: str) -> str:
    return PAGE.format(title=html.escape(title), body=body)


@registry.view("/")
def index(emulator, rest, query):
    if rest:
        from turfbook_emulator.errors import ApiError
        raise ApiError(404, "Not found")
    parts = [f"<h1>Turfbook Google Workspace emulator</h1><p class='muted'>{html.escape(emulator.base_url)} · "
             f"data in {html.escape(str(emulator.data_dir))} · <a href='/_emulator/stats'>call stats</a></p>"]
    parts += [fn(emulator) for fn in INDEX_SECTIONS]
    return page("Emulator", "".join(parts))
