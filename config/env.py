"""The only module that reads the environment.

Typed helpers fail loudly on a malformed value (healthchecks' ``envbool``/``envint``). Secrets may come
from ``NAME_FILE``. Secrets that are absent are generated once into ``var/`` so that a fresh clone runs,
and never committed.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PARKGUARD_VAR_DIR", BASE_DIR / "var"))


class ConfigError(RuntimeError):
    """A setting in the environment is malformed."""


def env(name: str, default: str | None = None) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def env_str(name: str, default: str) -> str:
    value = env(name, default)
    assert value is not None
    return value


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {value!r}") from exc


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env(name) or default
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_time(name: str, default: str) -> dt.time:
    """A local time of day, ``HH:MM`` (24-hour clock)."""
    value = env(name) or default
    try:
        parsed = dt.datetime.strptime(value.strip(), "%H:%M")
    except ValueError as exc:
        raise ConfigError(f"{name} must be a time of day as HH:MM (24-hour clock), got {value!r}") from exc
    return parsed.time()


def _generated_secret(name: str, make: callable) -> str:
    """Read ``var/<name>``, creating it (mode 0600) on first use."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(make())
    return path.read_text().strip()


def secret_key() -> str:
    return env("SECRET_KEY") or _generated_secret("secret_key", lambda: secrets.token_urlsafe(50))


def field_encryption_key() -> bytes:
    """32-byte master key for personal-data fields (AES-256-GCM) and their blind index."""
    raw = env("FIELD_ENCRYPTION_KEY") or _generated_secret(
        "field_encryption.key", lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    )
    try:
        key = base64.urlsafe_b64decode(raw)
    except ValueError as exc:
        raise ConfigError("FIELD_ENCRYPTION_KEY must be 32 bytes, url-safe base64") from exc
    if len(key) != 32:
        raise ConfigError("FIELD_ENCRYPTION_KEY must be 32 bytes, url-safe base64")
    return key


def database_url() -> str:
    return env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'parkguard.sqlite3'}")
