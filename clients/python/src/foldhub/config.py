"""Where the client finds the server and its token: arguments, then FOLDHUB_URL / FOLDHUB_TOKEN, then the file
that ``foldhub login`` writes (readable by its owner only)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Dict, Optional

DEFAULT_URL = "http://localhost:8080"


def credentials_file() -> Path:
    """``$FOLDHUB_CREDENTIALS``, else ``$XDG_CONFIG_HOME/foldhub/credentials.json`` (``~/.config`` by default)."""
    explicit = os.environ.get("FOLDHUB_CREDENTIALS")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "foldhub" / "credentials.json"


def load_credentials() -> Dict[str, str]:
    """The saved url and token, or an empty dict when nobody logged in."""
    try:
        saved = json.loads(credentials_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: str(v) for k, v in saved.items() if k in ("url", "token") and v}


def save_credentials(url: str, token: str) -> Path:
    """Writes the url and token to :func:`credentials_file` with mode 600 (created so, never readable by others)."""
    path = credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"url": url, "token": token}, f)
    os.chmod(path, 0o600)  # why: an existing file keeps its old mode through O_CREAT
    return path


def resolve_url(url: Optional[str] = None) -> str:
    """The given url, else FOLDHUB_URL, else the saved one, else http://localhost:8080."""
    return url or os.environ.get("FOLDHUB_URL") or load_credentials().get("url") or DEFAULT_URL


def resolve_token(token: Optional[str] = None) -> Optional[str]:
    """The given token, else FOLDHUB_TOKEN, else the saved one (None: requests go without one)."""
    return token or os.environ.get("FOLDHUB_TOKEN") or load_credentials().get("token")
