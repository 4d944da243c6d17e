"""The demo does not say Done when its digest was not sent (issue 23 attack: no delegated_user, exit 0)."""

from datetime import UTC, datetime

from turfbook.history import Run
from turfbook_demo.run import digest_failure

NOW = datetime(2026, 1, 5, 7, tzinfo=UTC)


def run(status: str, counts: dict, error: str | None = None) -> Run:
    return Run(1, "digest", "demo", NOW, NOW, status, counts, error)


def test_a_sent_digest_is_no_failure():
    assert digest_failure(run("ok", {"recipients": 3, "sent": 3, "failed": 0})) is None


def test_a_failed_send_is_one_line_in_english_and_spanish():
    said = digest_failure(run("failed", {"recipients": 3, "sent": 0, "failed": 3}))
    assert said is not None and "\n" not in said
    assert "3 of 3 digest mails failed to send" in said and "no se envió" in said


def test_a_crashed_digest_names_its_error():
    said = digest_failure(run("error", {}, "RuntimeError: boom"))
    assert said is not None and "RuntimeError: boom" in said
