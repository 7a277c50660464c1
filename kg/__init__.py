"""kg: knowledge graphs from Chinese news pages.

``kg.build(paths)`` builds one and returns a :class:`kg.api.KnowledgeGraph`; the heavy modules
load on first use, so ``import kg`` stays fast.
"""

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "__version__", "build"]


def __getattr__(name: str):
    if name in ("build", "KnowledgeGraph"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
