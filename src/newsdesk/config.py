"""Settings: defaults < config file < environment < command-line flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from newsdesk.embed.minilm import DEFAULT_MODEL
from newsdesk.errors import InputError


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsdesk", appauthor=False))


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("newsdesk", appauthor=False)) / "config.toml"


INGEST_BATCH = 128


@dataclass
class Settings:
    db: str  # a file path (SQLite) or a store URL such as ``sqlite:///x.db``
    embed_model: str = DEFAULT_MODEL
    writer: str = "extractive"
    # articles per ingest transaction (and per story-assignment step); 128 costs about 8% less
    # CPU than 64 on BBC (fewer per-batch store reads and commits), and a killed run loses at
    # most one batch
    batch_size: int = INGEST_BATCH
    near_duplicate_threshold: float = 0.8
    fetch_timeout: float = 15.0
    fetch_max_bytes: int = 10_000_000
    # serve branch: fetching loopback/private addresses, the whole run's fetch budget (s),
    # the bearer token for the web server's write endpoints ($NEWSDESK_TOKEN overrides)
    allow_private: bool = False
    fetch_budget: float = 120.0
    token: str = ""
    # LLM writers (writer = "openai" or "llamacpp"); the API key only from the environment
    llm_base_url: str = ""
    llm_model: str = ""
    llm_context: int = 8192
    llm_timeout: float = 120.0
    llm_retries: int = 3  # on 429 and 5xx, with exponential backoff
    # ``[writer.<name>]`` tables: options for that writer, handed over by make_writer (not a
    # top-level key: the config file sets it only through those tables)
    writer_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, db: str | None = None, config: str | None = None) -> Settings:
        values: dict[str, object] = {"db": str(default_data_dir() / "newsdesk.db")}
        cfg_path = Path(config or os.environ.get("NEWSDESK_CONFIG") or default_config_path())
        if cfg_path.is_file():
            try:
                data = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise InputError(f"{cfg_path}: invalid config file ({exc})") from exc
            known = {f.name for f in fields(cls)} - {"writer_options"}
            for key, value in data.items():
                if key == "writer" and isinstance(value, dict):
                    _writer_tables(cfg_path, value, values)
                    continue
                if key not in known:
                    raise InputError(f"{cfg_path}: unknown setting {key!r}")
                values[key] = value
        elif config:
            raise InputError(f"{config}: config file not found")
        if os.environ.get("NEWSDESK_TOKEN"):
            values["token"] = os.environ["NEWSDESK_TOKEN"]
        for key, var in (
            ("llm_base_url", "NEWSDESK_LLM_BASE_URL"),
            ("llm_model", "NEWSDESK_LLM_MODEL"),
        ):
            if os.environ.get(var):
                values[key] = os.environ[var]
        env_db = os.environ.get("NEWSDESK_DB")
        if env_db:
            values["db"] = env_db
        if db:
            values["db"] = db
        db_value = str(values["db"])
        if not db_value.strip():
            raise InputError("--db: empty database location")
        values["db"] = db_value if "://" in db_value else str(Path(db_value).expanduser())
        return cls(**values)  # type: ignore[arg-type]


def _writer_tables(path: Path, table: dict[str, Any], values: dict[str, object]) -> None:
    """``[writer]``: ``name`` chooses the writer (as a top-level ``writer = "..."`` does, which
    TOML cannot hold beside the tables); each ``[writer.<name>]`` table holds that writer's
    options. Their keys are checked when the writer is built (see make_writer)."""
    options: dict[str, dict[str, Any]] = {}
    for key, value in table.items():
        if key == "name" and isinstance(value, str):
            values["writer"] = value
        elif isinstance(value, dict):
            options[key] = value
        else:
            raise InputError(f"{path}: [writer] {key!r}: expected name = \"...\" or a "
                             f"[writer.{key}] table of options")
    values["writer_options"] = options
