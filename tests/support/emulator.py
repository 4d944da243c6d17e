"""Turfbook's tests' emulator: the pytest plugin's handle (every control call lives there) plus the
Turfbook side: the names the tests use and a Config acting as the demo's Workspace user."""

from __future__ import annotations

from pathlib import Path

from turfbook.config import Config
from turfbook_emulator.pytest_plugin import EmulatorHandle, fail_on_schema_violations, free_port

__all__ = ["DEMO_USER", "EmulatorProcess", "free_port"]

DEMO_USER = "director@example.org"


class EmulatorProcess(EmulatorHandle):
    @classmethod
    def start(cls, data_dir: Path, quota_scale: float = 0, port: int | None = None) -> EmulatorProcess:
        return cls.launch(data_dir, port=port, quota_scale=quota_scale)

    @property
    def base_url(self) -> str:
        return self.endpoint

    def stop(self) -> None:
        super().stop()
        self.fail_on_schema_violations()

    def fail_on_schema_violations(self) -> None:
        """Fail the test if the emulator answered anything its discovery schema forbids (schema test mode)."""
        fail_on_schema_violations(self.data_dir)

    @property
    def credentials(self) -> Path:
        return self.credentials_path

    @property
    def user_credentials(self) -> Path:
        return self.data_dir / "user-credentials.json"

    def config(self, data_dir: Path, *, shared_drive_made: bool = True, **google) -> Config:
        """A config acting as the demo's Workspace user through domain-wide delegation (pass
        delegated_user=None for the bare service account). As on Google, Turfbook never makes the shared
        drive: here the admin's step is done for it (the identity in use is its Manager), unless
        shared_drive_made=False. Stats are zeroed after that step."""
        google.setdefault("delegated_user", DEMO_USER)
        config = Config(
            google={"endpoint": self.base_url, "credentials_file": self.credentials, **google},
            mail={"transport": "outbox", "outbox_dir": data_dir / "outbox"},
            data_dir=data_dir,
        )
        if shared_drive_made and config.google.drive.shared_drive and not config.google.user_credentials_file:
            from turfbook.workspace import connect
            from turfbook.workspace.drive import Drive

            Drive(connect(config)).shared_drive(create=True)
            self.reset_stats()
        return config
