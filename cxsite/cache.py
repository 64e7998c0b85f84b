"""What a build can reuse from the last one, kept in ``PROJECT/.cxsite-cache/``.

- Input fingerprints: a file's content digest is recomputed only when its size or
  modification time changed, so fingerprinting a large unchanged project is cheap.
- The last build's inputs per output folder (files with their sizes and times, folders
  with their listings): when none changed, the next build knows its id without reading
  the config, so a rebuild with nothing changed costs a few stat calls.
- Comment facts (redacted text, language, sentiment, terms), keyed by the comment's
  content: a rebuild after new data analyses only the new comments.

The cache is an optimisation only: deleting the folder never changes the output.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .voice import CommentFacts

CACHE_DIR = ".cxsite-cache"
INPUTS_FILE = "last-inputs.json"
_SEP = "\x1f"


@dataclass(frozen=True)
class KnownBuild:
    """The last build into a folder: its id and the name of its manifest file."""

    build_id: str
    manifest: str


class BuildCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._digests: dict[str, list[Any]] = self._read_json("fingerprints.json")
        self._inputs: dict[str, Any] = self._read_json(INPUTS_FILE)
        self._comments: dict[str, CommentFacts] | None = None
        self._comments_loaded = 0

    # ------------------------------------------------------------ fingerprints

    def digest(self, path: Path) -> str:
        stat = path.stat()
        key = str(path.resolve())
        known = self._digests.get(key)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return str(known[2])
        found = file_digest(path)
        self._digests[key] = [stat.st_size, stat.st_mtime_ns, found]
        return found

    # ------------------------------------------------------------ the last build

    def remember_inputs(
        self,
        out: Path,
        strict: bool,
        manifest: str,
        build_id: str,
        files: list[Path],
        folders: list[Path],
    ) -> None:
        """What the build into ``out`` was fingerprinted from: each file's size and time,
        and what each folder held (so an added file is seen too)."""
        self._inputs[str(out)] = {
            "strict": strict,
            "manifest": manifest,
            "build_id": build_id,
            "files": {str(p): _stat(p) for p in files},
            "folders": {str(f): _listing(f) for f in folders},
        }

    def unchanged_inputs(self, out: Path, strict: bool) -> KnownBuild | None:
        """The build id of the last build into ``out`` when none of its inputs changed
        since (by size and modification time, and no file added or removed); None when
        something may have, or nothing is known."""
        known = self._inputs.get(str(out))
        if not isinstance(known, dict) or known.get("strict") != strict:
            return None
        files, folders = known.get("files"), known.get("folders")
        if not isinstance(files, dict) or not isinstance(folders, dict):
            return None
        for path, stat in files.items():
            if _stat(Path(path)) != stat:
                return None
        for folder, listing in folders.items():
            if _listing(Path(folder)) != listing:
                return None
        return KnownBuild(str(known["build_id"]), str(known["manifest"]))

    # ------------------------------------------------------------ comments

    def comments(self) -> dict[str, CommentFacts]:
        if self._comments is None:
            self._comments = self._read_comments()
            self._comments_loaded = len(self._comments)
        return self._comments

    def _read_comments(self) -> dict[str, CommentFacts]:
        import pandas as pd

        from .voice import VOICE_VERSION, CommentFacts
        from .voice.facts import one_copy

        path = self.folder / f"comments-v{VOICE_VERSION}.parquet"
        if not path.exists():
            return {}
        try:
            frame = pd.read_parquet(path)
        except (OSError, ValueError):
            return {}
        sentiment = frame["sentiment"].astype("float64")
        words: dict[str, str] = {}  # each word once (68 MB less for the L company)
        return {
            key: CommentFacts(
                text,
                lang or None,
                None if pd.isna(s) else float(s),
                one_copy(t.split(_SEP), words) if t else (),
            )
            for key, text, lang, s, t in zip(
                frame["key"],
                frame["text"],
                frame["language"],
                sentiment,
                frame["terms"],
                strict=True,
            )
        }

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomic(
            self.folder / "fingerprints.json", json.dumps(self._digests, sort_keys=True).encode()
        )
        _write_atomic(self.folder / INPUTS_FILE, json.dumps(self._inputs, sort_keys=True).encode())
        if self._comments is not None and len(self._comments) != self._comments_loaded:
            import pandas as pd

            from .voice import VOICE_VERSION

            keys = sorted(self._comments)
            facts = [self._comments[k] for k in keys]
            frame = pd.DataFrame(
                {
                    "key": keys,
                    "text": [f.text for f in facts],
                    "language": [f.language or "" for f in facts],
                    "sentiment": [f.sentiment for f in facts],
                    "terms": [_SEP.join(f.terms) for f in facts],
                }
            )
            temp = self.folder / f"comments-v{VOICE_VERSION}.parquet.tmp"
            frame.to_parquet(temp, index=False)
            os.replace(temp, self.folder / f"comments-v{VOICE_VERSION}.parquet")

    def _read_json(self, name: str) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def _stat(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None  # missing then, and still missing, is unchanged
    return [stat.st_size, stat.st_mtime_ns]


def _listing(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if "__pycache__" not in p.parts
    )


def file_digest(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    temp = path.with_suffix(path.suffix + ".tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
