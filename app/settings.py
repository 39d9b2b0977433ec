"""Settings read once from ``UNSPIN_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger("unspin")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="UNSPIN_", extra="ignore")

    dictionaries_dir: Path | None = Field(
        default=None, description="Folder with the built dictionaries; found automatically when unset."
    )
    extra_phrases: Path | None = Field(
        default=None, description="A TSV of extra 'spun<TAB>original' pairs, added to the phrase dictionary."
    )
    min_confidence: float = Field(default=0.6, ge=0.0, le=1.0)
    lm: Literal["auto", "ngram", "package"] = Field(
        default="auto", description="Language model: auto, ngram or package (baseline)."
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1)
    max_body_bytes: int = Field(default=2_000_000, gt=0)
    max_batch_docs: int = Field(default=100, ge=1)
    request_timeout_s: float = Field(default=60.0, gt=0)
    max_queue: int = Field(
        default=64, ge=1, description="Requests that may wait for a worker; more get 503 overloaded at once."
    )
    head_timeout_s: float = Field(
        default=15.0, gt=0, description="Seconds a client has to send a request's line and headers."
    )
    max_connections: int = Field(
        default=2048, ge=1, description="Open connections per process; one more gets 503 and is closed."
    )
    api_keys: str = Field(default="", description="Comma-separated API keys; empty means no auth.")
    feedback_db: Path | None = Field(default=None, description="SQLite file for web-form feedback.")
    feedback_store_text: bool = False
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    sites_dir: Path | None = Field(
        default=None,
        description="Folder where what the service learns of each site is kept; in memory only when unset.",
    )
    max_sites: int = Field(default=1000, ge=1, description="Most sites the service learns at once.")
    site_min_documents: int = Field(
        default=5, ge=1, description="Documents a site must have sent before its learned profile is applied."
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, v: object) -> object:
        return v.upper() if isinstance(v, str) else v

    @field_validator("dictionaries_dir", "extra_phrases")
    @classmethod
    def _exists(cls, v: Path | None) -> Path | None:
        """A folder or file named outright must be there: an explicit setting is never silently replaced
        by the checkout's dictionaries or dropped."""
        if v is not None and not v.exists():
            raise ValueError(f"{v} does not exist")
        return v

    @field_validator("api_keys")
    @classmethod
    def _some_key(cls, v: str) -> str:
        """Commas alone ("," or " , ") name no key: most likely a template left unfilled, and it would leave
        the service open while the operator believes it locked."""
        if v.strip() and not [k for k in v.split(",") if k.strip()]:
            raise ValueError("holds commas but no key (leave it empty for no authentication)")
        return v

    @property
    def pair_body_bytes(self) -> int:
        """Body limit of the form's routes that carry a text together with its edited version (the diff, and
        feedback with whole texts): twice the text limit, and some room for an editor's longer wording."""
        return 2 * self.max_body_bytes + 65_536

    def public_dict(self) -> dict[str, object]:
        """Settings safe to log: never the API keys themselves."""
        d = self.model_dump(mode="json")
        d["api_keys"] = f"<{len(self.key_list())} keys>"
        return d

    def key_list(self) -> list[str]:
        return [k.strip() for k in self.api_keys.split(",") if k.strip()]


# variables of this prefix that are not settings but are read elsewhere (tests and benches)
_NOT_SETTINGS = frozenset({"UNSPIN_SCREENSHOTS", "UNSPIN_BENCH_KEY"})


def unknown_variables(environ: dict[str, str]) -> list[str]:
    """``UNSPIN_*`` variables no setting reads: a misspelt name (``UNSPIN_API_KEY``) is otherwise silently
    ignored, and the service runs without what the operator meant to set."""
    known = {"UNSPIN_" + name.upper() for name in Settings.model_fields} | _NOT_SETTINGS
    return sorted(k for k in environ if k.upper().startswith("UNSPIN_") and k.upper() not in known)


def settings_problem(error: ValidationError) -> str:
    """One line naming the first bad ``UNSPIN_*`` variable and why (for the CLI and the server's start)."""
    first = error.errors()[0]
    name = "UNSPIN_" + str(first["loc"][0]).upper() if first.get("loc") else "UNSPIN_*"
    return f"{name}: {first['msg']}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    s = Settings()
    log.debug("settings %s", s.public_dict())
    return s
