"""The query store of a build made from the build before it, when that one can be reused.

Adding a page to a large archive changes a few thousand of its millions of statements, and
loading them all again is the longest step of such a build. So a build that replaces one with a
query store of the same layout (``STAMP``: the store's layout, Oxigraph's version and kg's
ontology) copies that store (hard links to its immutable files) and applies the lines its
graph files (graph.nt, graph.nq) lost and gained. A line is matched by a 16-byte BLAKE2b
digest, so the step holds one digest per line of the old files, not their text. Where more than
half the lines changed, the caller loads the store whole instead.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

STAMP = "kg-store.txt"
"""The file in a store's folder that says how it was made (``stamp()``)."""
LAYOUT = "1"
"""Bump when what a store holds besides the graph files' lines changes."""
MAX_CHANGED = 0.5
"""The share of changed lines past which loading the store whole is faster than updating."""


def stamp() -> str:
    """What a reusable store must have been made with: this layout, this Oxigraph and this ontology."""
    from kg.query.store import ontology_files

    digest = hashlib.sha256()
    for path in ontology_files():
        digest.update(path.read_bytes())
    return f"layout {LAYOUT}\npyoxigraph {ox.__version__}\nontology {digest.hexdigest()}\n"


def write_stamp(store_folder: Path) -> None:
    (store_folder / STAMP).write_text(stamp(), encoding="utf-8")


def reusable(previous: Path | None, store_name: str, sources: tuple[str, ...]) -> bool:
    """Does the build folder ``previous`` hold a store to update, and the graph files it was made from?"""
    if previous is None:
        return False
    try:
        return (previous / store_name / STAMP).read_text(encoding="utf-8") == stamp() and \
            all((previous / name).is_file() for name in sources)
    except OSError:
        return False


def updated_store(previous: Path, folder: Path, store_name: str,
                  sources: tuple[str, ...]) -> tuple[ox.Store, dict[str, int]] | None:
    """The store of ``previous`` copied into ``folder`` and changed as the graph files
    ``sources`` changed from ``previous`` to ``folder``, with the lines each new file has; None
    (and nothing written) where too many lines changed to make that worth it."""
    changes = {name: _changed_lines(previous / name, folder / name) for name in sources}
    lines = {name: count for name, (_, _, count) in changes.items()}
    if sum(len(removed) + len(added) for removed, added, _ in changes.values()) > \
            MAX_CHANGED * max(sum(lines.values()), 1):
        return None
    ox.Store.read_only(str(previous / store_name)).backup(str(folder / store_name))
    store = ox.Store(str(folder / store_name))
    ontology = _ontology_statements()
    for removed, added, _ in changes.values():
        for quad in ox.parse(b"".join(removed), format=ox.RdfFormat.N_QUADS):
            if quad not in ontology:  # the store's ontology stays whole
                store.remove(quad)
        if added:
            store.bulk_load(b"".join(added), format=ox.RdfFormat.N_QUADS, lenient=True)
    return store, lines


def _ontology_statements() -> set[ox.Quad]:
    """kg's ontology as the store holds it, in the default graph."""
    from kg.query.store import ontology_files

    return {ox.Quad(q.subject, q.predicate, q.object) for path in ontology_files()
            for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE)}


def _changed_lines(old: Path, new: Path) -> tuple[list[bytes], list[bytes], int]:
    """The lines only ``old`` has, those only ``new`` has, and how many lines ``new`` has."""
    with open(old, "rb") as lines:
        unmatched = {_digest(line) for line in lines}
    added, count = [], 0
    with open(new, "rb") as lines:
        for line in lines:
            count += 1
            digest = _digest(line)
            if digest in unmatched:
                unmatched.discard(digest)
            else:
                added.append(line)
    if not unmatched:
        return [], added, count
    with open(old, "rb") as lines:
        removed = [line for line in lines if _digest(line) in unmatched]
    return removed, added, count


def _digest(line: bytes) -> bytes:
    return hashlib.blake2b(line, digest_size=16).digest()
