"""A run's recorded error gets a kind with plain words in English and Spanish (issue 19 attack: /runs?lang=es
showed Google's raw English after "Qué salió mal:")."""

from __future__ import annotations

import pytest

from turfbook import run_errors

CASES = [
    ("error", "google.spreadsheet_id: the spreadsheet 1abc is not shared with the service account (check the ID "
              "in the config, or share the sheet with the service account)", "spreadsheet"),
    ("error", "Google refused the call (403): The caller does not have permission; `turfbook check --live` says "
              "what to fix", "permission"),
    ("error", "Google's quota is used up for now; the next run will pick up where this one stopped", "quota"),
    ("error", "ConnectionError: HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded", "network"),
    ("error", "Google answered 500: Internal error encountered.", "google"),
    ("failed", "Google Sheets API has not been used in this project; enable it at https://console...", "api_off"),
    ("interrupted", "the process running it stopped", "interrupted"),
    ("failed", "3 recipients bounced", "failed"),
    ("error", "KeyError: 'worksite'", "other"),
]


@pytest.mark.parametrize(("status", "error", "expected"), CASES)
def test_each_recorded_error_has_a_kind(status, error, expected):
    assert run_errors.kind(status, error) == expected


def test_no_error_no_kind():
    assert run_errors.kind("ok", None) is None and run_errors.kind("ok", "") is None


def test_every_kind_has_words_in_both_languages_and_they_differ():
    for kind, (english, spanish) in run_errors.LABELS.items():
        assert english and spanish and english != spanish, kind
        assert run_errors.label(kind, "es") == spanish and run_errors.label(kind, "en") == english
    assert run_errors.label("no such kind", "es") == run_errors.LABELS["other"][1]
