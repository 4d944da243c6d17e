"""The adoption report's words, English and Spanish (adopt_report)."""

WORDS = {
    "en": {
        "lang": "en", "title": "Adoption report", "tabs": "Tabs", "columns": "Columns",
        "add": "Columns Turfbook adds at the right",
        "none_add": "none", "rows": "rows adopted", "problems": "Problems to fix", "no_problems": "none",
        "ignored": "Tabs left alone (not part of Turfbook)", "header_row": "header on row",
        "organizer": "organizer", "staff": "kept as your own column",
        "theirs": "kept as your own column (its values are not Turfbook's); Turfbook uses its own '{ours}'",
        "theirs_written": "kept as your own column: Turfbook writes only under its own header, and uses its own "
                          "'{ours}'",
        "frozen": "frozen rows kept",
        "filter": "filter kept", "merged": "title row kept", "exact": "exact", "alias": "known name",
        "normalised": "same words", "fuzzy": "close spelling", "header": "recognised by its columns",
        "header_over_title": "recognised by its columns, which clearly say this tab whatever its title says",
        "formulas": "adopted before, Turfbook's columns there say so",
        "words": "its name among other words",
        "sure": "sure", "more": "… and {n} more", "total": "{sheets} tab(s) as {tabs} Turfbook tab(s); "
        "{rows} rows adopted; {problems} problem(s) to fix",
        "dry": "Dry run: nothing was written.",
        "applied": "Added to your workbook", "applied_none": "nothing: everything was already there",
        "earlier": "what earlier runs added: {file}", "history": "Adoption history",
        "history_intro": "What each `turfbook sheets adopt` added to your workbook or left alone, newest last "
                         "(the report file shows only the latest run).",
        "tab_added": "tab {tab} added (Turfbook's own; the hidden _Turfbook tabs hold the values its columns show)",
        "cols_added": "'{sheet}': {columns} added on row {row}, right of your columns (nothing of yours moved)",
        "ids": "{n} ID(s) given to existing rows",
        "new_ids": "'{sheet}': Turfbook's ID column was deleted and is added again with NEW IDs (numbers never "
                   "used before): the statuses and flagged-at dates kept under the old IDs cannot be matched to "
                   "your rows safely and start again with the next `turfbook run overdue`",
        "restored": "tab {tab} was deleted and is added again: the values it held for your rows (statuses, "
                    "flagged-at dates, problems) were lost with it; the next `turfbook run overdue` and "
                    "`turfbook sheets check` fill them in again (a follow-up still overdue is flagged anew)",
        "gone": "'{sheet}' was renamed or deleted while Turfbook wrote: your workbook was read again and "
                "adopted as it is now (see Tabs below; a deleted tab is no longer adopted)",
        "filter_widened": "'{sheet}': your filter now covers Turfbook's columns too (sorting through it keeps "
                          "each ID on its own row)",
        "repaired": "{n} Turfbook header formula(s) rewritten to follow their header row (rows were inserted or "
                    "deleted above it) or to show their column again (#REF! after its ID column or hidden tab was "
                    "deleted)",
        "put_back": "'{tab}': {n} ID(s) put back with their rows (the rows had been sorted without Turfbook's ID "
                    "column; nothing of yours was changed)",
        "put_back_notes": "'{tab}': also: {notes}",
        "accepted": "'{tab}': rows taken as they are now (--accept-rows): each row Turfbook cannot tell apart "
                    "keeps the ID it is on; a row it can tell apart gets its own ID back (below); Turfbook writes "
                    "there again",
        "nothing_to_accept": "'{tab}': every row was told apart and its ID put back: --accept-rows had nothing "
                             "to accept there",
        "nothing_held": "--accept-rows: no tab's rows were sorted away from their IDs: nothing to accept",
        "sorted_left": "{tab}: rows were sorted without Turfbook's ID column and Turfbook cannot tell every row "
                       "apart: undo the sort (Ctrl+Z) or restore the version from before it (File > Version "
                       "history), or keep the rows as they are now with `turfbook sheets adopt --accept-rows`; "
                       "Turfbook writes nothing to {tab} until then",
        "ids_left": "{n} row(s) left without an ID (they changed while Turfbook wrote); the next "
                    "`turfbook sheets adopt` or `turfbook sheets check` gives them theirs",
        "refused": "'{sheet}': columns NOT added: {why}",
        "moved": "rows or columns were inserted, deleted or moved while Turfbook looked; run adopt again",
        "header_changed": "its header row changed since it was read; run adopt again",
        "values": "row {row} has values from column {column} on, where Turfbook's columns go: give them a header, "
                  "then run adopt again",
        "unsure_tabs": "Tabs left alone (they look a little like one of Turfbook's, not enough to be sure)",
        "looks_like": "'{sheet}': left alone (looks like {tab}, {pct}%); nothing written there",
        "own_tabs": "Your tabs named like Turfbook's own (never written by Turfbook)",
        "theirs_named": "'{sheet}' is yours: Turfbook never writes it",
        "own_title": "Turfbook keeps its own '{tab}' tab in '{title}'",
        "own_refused": "Turfbook's '{tab}' tab has no free title (every name it could use is taken by a tab of "
                       "yours): rename your tab '{tab}', then run adopt again",
        "org_title": "from the title, {sure} {pct}%", "unsure_word": "unsure",
        "org_listed": "in your Organizers tab", "org_kept_how": "as adopted before",
        "org_kept": "'{sheet}': its title names '{said}'{why}: kept as {name}, the organizer it was adopted for "
                    "('{before}'); rename the tab with the organizer's full name to be sure",
        "org_kept_nameless": "'{sheet}': its title names no one organizer now: its rows with no organizer of "
                             "their own still count for {name}, the organizer it was adopted for; if they are "
                             "someone else's, name the tab with that organizer's name as it is in your Organizers "
                             "tab, then run adopt again",
        "org_kept_mentions": "'{sheet}': its title names {names} among other words, not as one organizer's tab "
                             "('Convos - Name'): its rows with no organizer of their own still count for {name}, "
                             "the organizer it was adopted for; if they are someone else's, name the tab with that "
                             "organizer's name as it is in your Organizers tab, then run adopt again", "and": " and ",
        "org_kept_two": ", who could be {names}", "org_kept_none": ", not in your Organizers tab",
        "org_first": "title says '{said}': the only organizer with that first name in your Organizers tab",
        "org_not_listed": "'{sheet}': the organizer its title names, '{said}', is not in your Organizers tab: not "
                          "filled in; add them there, or name the tab with the organizer's full name",
        "org_ambiguous": "'{sheet}': the organizer its title names, '{said}', could be {names}: not filled in; name "
                         "the tab with the organizer's full name",
        "org_cell_ambiguous": "'{sheet}' {rows}: {header} '{said}' could be {names} (their names in '{staff}' "
                              "begin so): read as no organizer; write the full name",
        "org_cell_not_listed": "'{sheet}' {rows}: {header} '{said}' is not in '{staff}': read as no organizer; "
                               "write the name as it is there, or add it",
        "org_title_ambiguous": "'{sheet}': its organizer '{said}' could be {names} in '{staff}': its rows are "
                               "read as no one's; rename the tab with the organizer's full name and run "
                               "`turfbook sheets adopt`",
        "org_title_not_listed": "'{sheet}': its organizer '{said}' is not in '{staff}' (renamed or removed?): its "
                                "rows are read as no one's; name the tab with the organizer's name as it is there "
                                "(or add them) and run `turfbook sheets adopt`",
        "unsure": "UNSURE", "unsure_note": "column {other} '{text}' is a name for it too and the values do not tell "
        "which: Turfbook reads this one; if that is wrong, rename the other header",
        "lost_note": "kept as your own column: its name is also one for {ours}, and Turfbook reads column {letter} "
        "'{text}' as that",
        "not_dates_note": "left alone: the name is only spelled like {ours}, and most of its values are not dates",
        "day_first": "dates read day/month, like every date column of this tab: {example} is there",
        "month_first": "dates read month/day, like every date column of this tab: {example} is there",
        "locale": "dates read {order} ({source} {locale}: no date in any date column of this tab says which)",
        "mostly": "dates read {order}: most dates of this sheet that say which read {order}; {example} and any other "
                  "read the other way are problems to fix",
        "tie": "day/month UNSURE: this sheet has dates typed both ways ({example}), about as many each: a date that "
               "could be either is a problem to fix, never guessed",
        "from_spreadsheet": "the spreadsheet's own locale", "from_config": "the configured locale",
        "from_settings": "the locale its settings tab sets, as every job reads it,",
        "dmy": "day/month", "mdy": "month/day",
        "saved": "\nSaved the mapping in {mapping}, the report in {report} (.{other}.md in Spanish) and what was "
                 "added in {history}",
    },
    "es": {
        "lang": "es", "title": "Informe de adopción", "tabs": "Pestañas", "columns": "Columnas",
        "add": "Columnas que Turfbook agrega a la derecha", "none_add": "ninguna", "rows": "filas adoptadas",
        "problems": "Problemas por corregir", "no_problems": "ninguno",
        "ignored": "Pestañas que no se tocan (no son de Turfbook)", "header_row": "encabezado en la fila",
        "organizer": "organizador/a", "staff": "se queda como columna suya",
        "theirs": "se queda como columna suya (sus valores no son de Turfbook); Turfbook usa su propia '{ours}'",
        "theirs_written": "se queda como columna suya: Turfbook escribe solo bajo su propio encabezado, y usa su "
                          "propia '{ours}'",
        "frozen": "filas fijas se mantienen",
        "filter": "filtro se mantiene", "merged": "fila de título se mantiene", "exact": "exacto",
        "alias": "nombre conocido", "normalised": "mismas palabras", "fuzzy": "escritura parecida",
        "header": "reconocida por sus columnas",
        "header_over_title": ("reconocida por sus columnas, que dicen claramente esta pestaña diga lo que diga su "
                              "título"),
        "formulas": "adoptada antes, las columnas de Turfbook allí lo dicen",
        "words": "su nombre entre otras palabras", "sure": "seguro", "more": "… y {n} más",
        "total": "{sheets} pestaña(s) como {tabs} pestaña(s) de Turfbook; {rows} filas adoptadas; "
        "{problems} problema(s) por corregir",
        "dry": "Simulación: no se escribió nada.",
        "applied": "Agregado a su libro", "applied_none": "nada: todo ya estaba",
        "earlier": "lo que agregaron las ejecuciones anteriores: {file}", "history": "Historial de adopción",
        "history_intro": "Lo que cada `turfbook sheets adopt` agregó a su libro o dejó sin tocar, lo más reciente "
                         "al final (el informe muestra solo la última ejecución).",
        "tab_added": "pestaña {tab} agregada (de Turfbook; las pestañas ocultas _Turfbook guardan los valores que "
                     "muestran sus columnas)",
        "cols_added": "'{sheet}': {columns} agregadas en la fila {row}, a la derecha de sus columnas (nada suyo se "
                      "movió)",
        "ids": "{n} ID dado(s) a filas existentes",
        "new_ids": "'{sheet}': la columna ID de Turfbook se borró y se agrega de nuevo con IDs NUEVOS (números "
                   "nunca usados): los estados y fechas de marcado guardados con los IDs anteriores no se pueden "
                   "asociar a sus filas con seguridad y empiezan de nuevo con el próximo `turfbook run overdue`",
        "restored": "la pestaña {tab} se había borrado y se agrega de nuevo: los valores que guardaba para sus "
                    "filas (estados, fechas de marcado, problemas) se perdieron con ella; el próximo `turfbook "
                    "run overdue` y `turfbook sheets check` los vuelven a llenar (un seguimiento aún vencido se "
                    "marca de nuevo)",
        "gone": "'{sheet}' se renombró o borró mientras Turfbook escribía: su libro se leyó de nuevo y se "
                "adoptó tal como está ahora (vea Pestañas abajo; una pestaña borrada ya no se adopta)",
        "filter_widened": "'{sheet}': su filtro ahora cubre también las columnas de Turfbook (ordenar con él "
                          "deja cada ID en su propia fila)",
        "repaired": "{n} fórmula(s) de encabezado de Turfbook reescrita(s) para seguir su fila de encabezado "
                    "(se insertaron o borraron filas encima) o para mostrar de nuevo su columna (#REF! tras borrarse "
                    "su columna ID o su pestaña oculta)",
        "put_back": "'{tab}': {n} ID devuelto(s) a sus filas (las filas se habían ordenado sin la columna ID de "
                    "Turfbook; no se cambió nada suyo)",
        "put_back_notes": "'{tab}': además: {notes}",
        "accepted": "'{tab}': filas aceptadas como están (--accept-rows): cada fila que Turfbook no distingue "
                    "conserva el ID en que está; una fila que sí distingue recupera su propio ID (abajo); Turfbook "
                    "vuelve a escribir allí",
        "nothing_to_accept": "'{tab}': cada fila se distinguió y recibió de vuelta su ID: --accept-rows no tenía "
                             "nada que aceptar allí",
        "nothing_held": "--accept-rows: ninguna pestaña tenía filas ordenadas lejos de sus ID: nada que aceptar",
        "sorted_left": "{tab}: las filas se ordenaron sin la columna ID de Turfbook y Turfbook no puede distinguir "
                       "cada fila: deshaga el orden (Ctrl+Z) o restaure la versión anterior (Archivo > Historial de "
                       "versiones), o acepte las filas como están con `turfbook sheets adopt --accept-rows`; "
                       "Turfbook no escribe nada en {tab} hasta entonces",
        "ids_left": "{n} fila(s) quedaron sin ID (cambiaron mientras Turfbook escribía); el próximo "
                    "`turfbook sheets adopt` o `turfbook sheets check` se lo da",
        "refused": "'{sheet}': columnas NO agregadas: {why}",
        "moved": "se insertaron, borraron o movieron filas o columnas mientras Turfbook leía; vuelva a ejecutar "
                 "adopt",
        "header_changed": "su fila de encabezado cambió desde que se leyó; vuelva a ejecutar adopt",
        "values": "la fila {row} tiene valores desde la columna {column}, donde van las columnas de Turfbook: "
                  "póngales un encabezado y vuelva a ejecutar adopt",
        "unsure_tabs": "Pestañas que no se tocan (se parecen un poco a una de Turfbook, no lo bastante para estar "
                  "seguros)",
        "looks_like": "'{sheet}': no se toca (se parece a {tab}, {pct}%); no se escribe nada allí",
        "own_tabs": "Sus pestañas con el nombre de una de Turfbook (Turfbook nunca las escribe)",
        "theirs_named": "'{sheet}' es suya: Turfbook nunca la escribe",
        "own_title": "Turfbook guarda su propia pestaña '{tab}' en '{title}'",
        "own_refused": "la pestaña '{tab}' de Turfbook no tiene un título libre (todos los que podría usar son de "
                       "pestañas suyas): cambie el nombre de su pestaña '{tab}' y vuelva a ejecutar adopt",
        "org_title": "por el título, {sure} {pct}%", "unsure_word": "no seguro",
        "org_listed": "en su pestaña de organizadores", "org_kept_how": "como se adoptó antes",
        "org_kept": "'{sheet}': su título nombra a '{said}'{why}: se mantiene {name}, el/la organizador/a con que "
                    "se adoptó ('{before}'); ponga en la pestaña el nombre completo para asegurarlo",
        "org_kept_nameless": "'{sheet}': su título ya no nombra a un/a solo/a organizador/a: sus filas sin "
                             "organizador/a propio/a siguen contando para {name}, el/la organizador/a con que se "
                             "adoptó; si son de otra persona, nombre la pestaña con su nombre como está en su "
                             "pestaña de organizadores y vuelva a ejecutar adopt",
        "org_kept_mentions": "'{sheet}': su título nombra a {names} entre otras palabras, no como pestaña de un/a "
                             "organizador/a ('Convos - Nombre'): sus filas sin organizador/a propio/a siguen "
                             "contando para {name}, el/la organizador/a con que se adoptó; si son de otra persona, "
                             "nombre la pestaña con su nombre como está en su pestaña de organizadores y vuelva a "
                             "ejecutar adopt", "and": " y ",
        "org_kept_two": ", que puede ser {names}", "org_kept_none": ", que no está en su pestaña de organizadores",
        "org_first": "el título dice '{said}': el único organizador/a con ese nombre en su pestaña de organizadores",
        "org_not_listed": "'{sheet}': el organizador/a que nombra su título, '{said}', no está en su pestaña de "
                          "organizadores: no se completa; agréguelo allí o nombre la pestaña con su nombre completo",
        "org_ambiguous": "'{sheet}': el organizador/a que nombra su título, '{said}', puede ser {names}: no se "
                         "completa; nombre la pestaña con el nombre completo",
        "org_cell_ambiguous": "'{sheet}' {rows}: {header} '{said}' puede ser {names} (sus nombres en '{staff}' "
                              "empiezan así): se lee sin organizador/a; escriba el nombre completo",
        "org_cell_not_listed": "'{sheet}' {rows}: {header} '{said}' no está en '{staff}': se lee sin "
                               "organizador/a; escriba el nombre como está allí, o agréguelo",
        "org_title_ambiguous": "'{sheet}': su organizador/a '{said}' puede ser {names} en '{staff}': sus filas "
                               "se leen sin organizador/a; ponga en la pestaña el nombre completo y ejecute "
                               "`turfbook sheets adopt`",
        "org_title_not_listed": "'{sheet}': su organizador/a '{said}' no está en '{staff}' (¿renombrado/a o "
                                "quitado/a?): sus filas se leen sin organizador/a; ponga en la pestaña el nombre "
                                "como está allí (o agréguelo) y ejecute `turfbook sheets adopt`",
        "unsure": "NO SEGURO", "unsure_note": "la columna {other} '{text}' también es un nombre para ella y los "
        "valores no dicen cuál: Turfbook lee esta; si no es la correcta, cambie el nombre de la otra",
        "lost_note": "se queda como columna suya: su nombre también lo es de {ours}, y Turfbook lee la columna "
        "{letter} '{text}' como tal",
        "not_dates_note": "no se toca: el nombre solo se escribe parecido a {ours} y la mayoría de sus valores no son "
        "fechas",
        "day_first": "fechas leídas día/mes, como todas las columnas de fecha de esta pestaña: ahí está {example}",
        "month_first": "fechas leídas mes/día, como todas las columnas de fecha de esta pestaña: ahí está {example}",
        "mostly": "fechas leídas {order}: la mayoría de las fechas de esta hoja que lo dicen se leen {order}; "
                  "{example} y las demás escritas al revés son problemas por corregir",
        "tie": "día/mes DUDOSO: esta hoja tiene fechas escritas de las dos maneras ({example}), casi tantas de cada "
               "una: una fecha que puede ser cualquiera es un problema por corregir, nunca se adivina",
        "locale": "fechas leídas {order} ({source} {locale}: ninguna fecha de las columnas de fecha de esta pestaña "
        "dice cuál)", "from_spreadsheet": "configuración regional de la propia hoja de cálculo",
        "from_config": "configuración regional configurada",
        "from_settings": "la configuración regional que fija su pestaña de ajustes, como la lee cada tarea,",
        "dmy": "día/mes", "mdy": "mes/día",
        "saved": "\nSe guardó la correspondencia en {mapping}, el informe en {report} (.{other}.md en inglés) y lo "
                 "agregado en {history}",
    },
}
