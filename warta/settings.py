"""Where Warta keeps its data, and the defaults every stage shares."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

USER_AGENT = "Warta/0.1 (+https://github.com/warta-kpu/warta; archive of KPU press bulletins)"


def default_data_dir() -> Path:
    """``$WARTA_DATA``, else the per-user data directory (XDG), e.g. ~/.local/share/warta."""
    if os.environ.get("WARTA_DATA"):
        return Path(os.environ["WARTA_DATA"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "warta"


@dataclass(frozen=True)
class Settings:
    """Paths under one data directory. Nothing else in Warta decides where files live."""

    data_dir: Path

    @classmethod
    def from_dir(cls, data_dir: str | Path | None = None) -> "Settings":
        path = Path(data_dir).expanduser() if data_dir else default_data_dir()
        return cls(path.resolve())

    @property
    def archive_path(self) -> Path:
        return self.data_dir / "archive.sqlite3"

    @property
    def warc_dir(self) -> Path:
        return self.data_dir / "warc"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    def ensure(self) -> "Settings":
        for path in (self.data_dir, self.warc_dir, self.index_dir):
            path.mkdir(parents=True, exist_ok=True)
        return self
