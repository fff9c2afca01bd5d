"""Development secrets shared by processes on one machine, each file written exactly once.

``make run`` starts several servers at once, and each may be first to need a secret that no
setting provides. The secret is written to a private temporary file (0600) and hard-linked
into place, which fails if another process was first: the file appears complete or not at
all, and every process ends up reading the same one.
"""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import Callable, Tuple


def shared_secret(path: Path, generate: Callable[[], str] = lambda: secrets.token_urlsafe(32),
                  folder_mode: int = 0o777) -> Tuple[str, bool]:
    """The secret in ``path`` (stripped; may be empty if someone emptied the file), and whether
    this call created it with ``generate``; a missing folder is made with ``folder_mode``."""
    created = False
    if not path.exists():
        path.parent.mkdir(mode=folder_mode, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(generate() + "\n")
            os.link(temporary, path)
            created = True
        except FileExistsError:
            pass  # another process created it first: use theirs
        finally:
            os.unlink(temporary)
    return path.read_text(encoding="utf-8").strip(), created
