"""Settings read once from ``UNSPIN_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from pydantic import Field
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
    lm: str = Field(default="auto", description="Language model: auto, ngram or package (baseline).")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    max_body_bytes: int = 2_000_000
    max_batch_docs: int = 100
    request_timeout_s: float = 60.0
    api_keys: str = Field(default="", description="Comma-separated API keys; empty means no auth.")
    feedback_db: Path | None = Field(default=None, description="SQLite file for web-form feedback.")
    feedback_store_text: bool = False
    log_level: str = "INFO"
    sites_dir: Path | None = Field(
        default=None,
        description="Folder where what the service learns of each site is kept; in memory only when unset.",
    )
    max_sites: int = Field(default=1000, ge=1, description="Most sites the service learns at once.")
    site_min_documents: int = Field(
        default=5, ge=1, description="Documents a site must have sent before its learned profile is applied."
    )

    def public_dict(self) -> dict[str, object]:
        """Settings safe to log: never the API keys themselves."""
        d = self.model_dump(mode="json")
        d["api_keys"] = f"<{len(self.key_list())} keys>"
        return d

    def key_list(self) -> list[str]:
        return [k.strip() for k in self.api_keys.split(",") if k.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    s = Settings()
    log.debug("settings %s", s.public_dict())
    return s
