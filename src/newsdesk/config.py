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
    # named source profiles (``[profile.NAME]`` tables): records, map, outlet, date
    profile: dict[str, dict[str, Any]] = field(default_factory=dict)
    # ``[writer.<name>]`` tables: options for that writer, handed over by make_writer (not a
    # top-level key: the config file sets it only through those tables)
    writer_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # source reader options (``[source.NAME]`` tables), given to that reader's factory
    source: dict[str, dict[str, Any]] = field(default_factory=dict)

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
            plain = {k: v for k, v in data.items() if not (k == "writer" and isinstance(v, dict))}
            values.update(_validated(plain, cfg_path))
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


def _schema() -> Any:
    """The config file's schema: strict types (``"false"`` is no bool) and sane ranges."""
    from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt

    number = StrictFloat | StrictInt

    class Profile(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        records: str | None = None
        map: str | dict[str, str] | None = None
        outlet: str | None = None
        date: str | None = None

    class Schema(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        db: str | None = Field(default=None, min_length=1)
        embed_model: str | None = Field(default=None, min_length=1)
        writer: str | None = Field(default=None, min_length=1)
        batch_size: StrictInt | None = Field(default=None, ge=1, le=100_000)
        near_duplicate_threshold: number | None = Field(default=None, gt=0, le=1)
        fetch_timeout: number | None = Field(default=None, gt=0, le=3600)
        fetch_max_bytes: StrictInt | None = Field(default=None, ge=1)
        allow_private: StrictBool | None = None
        fetch_budget: number | None = Field(default=None, gt=0)
        token: str | None = None
        llm_base_url: str | None = None
        llm_model: str | None = None
        llm_context: StrictInt | None = Field(default=None, ge=256)
        llm_timeout: number | None = Field(default=None, gt=0)
        llm_retries: StrictInt | None = Field(default=None, ge=0, le=20)
        profile: dict[str, Profile] | None = None
        source: dict[str, dict[str, Any]] | None = None

    return Schema


def _validated(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """``data`` checked against the schema; one line naming the first bad key otherwise."""
    from pydantic import ValidationError

    try:
        model = _schema().model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        # a union reports each branch under its own label; the key path is what the user wrote
        key = ".".join(_keys_of(data, err["loc"])) or str(err["loc"][0])
        value = err.get("input")
        shown = repr(value) if not isinstance(value, dict) else "a table"
        raise InputError(f"{path}: {key}: {err['msg'].lower()} (got {shown[:60]})") from None
    out = {k: v for k, v in model.model_dump().items() if v is not None and k in data}
    if "profile" in out:
        out["profile"] = {
            name: {k: v for k, v in prof.items() if v is not None}
            for name, prof in out["profile"].items()
        }
    return out


def _keys_of(data: Any, loc: tuple[Any, ...]) -> list[str]:
    """The names along ``loc`` that are real keys of ``data`` (not pydantic's branch labels)."""
    names: list[str] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            names.append(str(part))
            node = node[part]
    return names


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
            raise InputError(
                f'{path}: [writer] {key!r}: expected name = "..." or a '
                f"[writer.{key}] table of options"
            )
    values["writer_options"] = options
