"""kg: knowledge graphs from Chinese news pages."""

__version__ = "0.1.0"
