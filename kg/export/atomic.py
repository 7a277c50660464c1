"""Write files, and whole builds, so that a reader never sees half of one."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it over ``path`` only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        binary = "b" in mode
        with os.fdopen(fd, mode, **({} if binary else {"encoding": "utf-8", "newline": "\n"})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str) -> None:
    with atomic_open(path) as handle:
        handle.write(text)


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_open(path, "wb") as handle:
        handle.write(data)


STATE = ".kg"
"""The folder inside a build folder that holds whole builds, the ``current`` link and a lock.

Each export ``DIR/NAME`` is a link to ``.kg/current/NAME`` and ``.kg/current`` a link to one
build folder beside it, so a build is switched in by replacing that one link: a reader sees
the old build or the new one, never a mix, whenever the writer is stopped."""
CURRENT = "current"
LOCK = "lock"


def check_output_folder(out: Path) -> None:
    """Raise ``OSError`` naming the problem unless ``out`` is, or can be made, a writable folder."""
    existing = out
    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():
            raise NotADirectoryError(errno.ENOENT, "a broken link", str(existing))
        existing = existing.parent
    if not existing.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(existing))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, "not writable", str(existing))


def current_build(out: Path) -> Path | None:
    """The folder of the build ``out`` shows now, if it has one."""
    link = out / STATE / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def publish(out: Path, names: Iterable[str], write: Callable[[Path], None]) -> None:
    """Write a build with ``write(folder)`` into a fresh folder under ``out/.kg``, then make it
    ``out``'s build in one atomic step; remove the builds and staging folders it replaces
    (also those a killed build left). Builds into one folder take turns (a lock)."""
    names = list(names)
    state = out / STATE
    state.mkdir(parents=True, exist_ok=True)
    with open(state / LOCK, "a") as lock:
        _lock(lock)
        staging = Path(tempfile.mkdtemp(prefix="build-", dir=state))
        try:
            os.chmod(staging, 0o755)
            write(staging)
            _link_exports(out, names)
            _switch(state, staging.name)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _remove_stale(out, names, keep=staging.name)


def _lock(handle: IO) -> None:
    try:
        import fcntl
    except ImportError:  # no advisory locks here: builds into one folder must not overlap
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _link_exports(out: Path, names: list[str]) -> None:
    """Make each ``out/NAME`` a link to ``.kg/current/NAME``. Files of a build written before
    this scheme first become the current build, so the folder never mixes two builds."""
    current = out / STATE / CURRENT
    targets = {name: f"{STATE}/{CURRENT}/{name}" for name in names}
    if not current.is_symlink():
        previous = out / STATE / "build-previous"
        shutil.rmtree(previous, ignore_errors=True)
        previous.mkdir()
        for name in names:
            if (out / name).is_file():
                shutil.copy2(out / name, previous / name)
        _switch(out / STATE, previous.name)
    for name, target in targets.items():
        link = out / name
        if link.is_symlink() and os.readlink(link) == target:
            continue
        if link.is_dir() and not link.is_symlink():
            raise IsADirectoryError(errno.EISDIR, "a folder is in the way of an export", str(link))
        _replace_with_link(link, target)


def _switch(state: Path, build: str) -> None:
    _replace_with_link(state / CURRENT, build)
    _sync_folder(state)


def _replace_with_link(link: Path, target: str) -> None:
    temporary = link.with_name(f".{link.name}.{os.getpid()}.link")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_stale(out: Path, names: list[str], keep: str) -> None:
    """Remove every build under ``out/.kg`` but ``keep``, what killed writers left in ``out``
    (staging folders of older kg versions, half-written temporary files and links), and the
    links to exports the new build does not have."""
    for entry in (out / STATE).iterdir():
        if entry.name not in (keep, CURRENT, LOCK):
            _remove(entry)
    leftovers = tuple(f".{name}." for name in names)
    exported = f"{STATE}/{CURRENT}/"
    for entry in out.iterdir():
        if entry.name.startswith(".kg-build-") or (
            entry.name.startswith(leftovers) and entry.name.endswith((".tmp", ".link"))
        ) or (entry.is_symlink() and entry.name not in names and os.readlink(entry).startswith(exported)):
            _remove(entry)  # the last a link to an export this build does not have (--formats)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
