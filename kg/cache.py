"""The extraction cache: each page's facts on disk, under the version of kg that read them.

A page is found by the sha256 of what extraction reads from it (its id, path, text and offsets)
in a folder named by kg's *reading version*: the sha256 of kg's data files (lexicons, gazetteer,
the tagger's weights) and of the source of its read, extract and model modules. Change a lexicon
line or a rule and every page is read again; add one page to an archive and only that page is.
Only the current version's folder is kept.

Entries are pickles of kg's own data classes, written atomically; the cache folder is the
user's own (like ``~/.cache``), not a place for files from elsewhere.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import tempfile
from array import array
from pathlib import Path

from kg.model import ArticleFacts, Page

PACKAGE = Path(__file__).resolve().parent
# What the facts of a page depend on: data files, and the code of the stages that make them.
SOURCES = ("data", "read", "extract", "model.py")


@functools.cache
def reading_version() -> str:
    """The sha256 of everything extraction reads, as 16 hex digits."""
    digest = hashlib.sha256()
    for source in SOURCES:
        root = PACKAGE / source
        files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if root.is_dir() else [root]
        for path in files:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def default_folder() -> Path:
    """``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg"


class ExtractionCache:
    """Page → its facts, in ``folder/<reading version>/``."""

    def __init__(self, folder: Path, settings: object = None) -> None:
        self.folder = folder / reading_version()
        self.settings = repr(settings)  # what else extraction reads (the home city)
        self.hits = self.misses = 0

    def get(self, key: str) -> list[ArticleFacts] | None:
        """The facts stored under ``key`` (:meth:`key`), or None."""
        try:
            facts = pickle.loads((self.folder / key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return facts

    def put(self, key: str, facts: list[ArticleFacts]) -> None:
        """Store the facts under ``key``; a cache that cannot be written is skipped, never an error."""
        try:
            if not self.folder.is_dir():
                self._start_version()
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".tmp-", delete=False) as file:
                pickle.dump(facts, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(file.name, self.folder / key)
        except OSError:
            return

    def _start_version(self) -> None:
        """Create this version's folder and drop the folders of other versions."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for other in self.folder.parent.iterdir():
            if other.is_dir() and other != self.folder:
                shutil.rmtree(other, ignore_errors=True)

    def key(self, page: Page) -> str:
        """The page's entry: the sha256 of the settings and of what extraction reads of it."""
        digest = hashlib.sha256(self.settings.encode() + b"\0")
        for part in (page.page_id, page.path, page.text, page.original):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(array("q", page.raw_offsets).tobytes())
        return digest.hexdigest()
