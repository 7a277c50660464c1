"""How ``kg query`` prints answers: a choice the command line needs before anything loads."""

from enum import StrEnum


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"  # tab-separated, for spreadsheets and shell tools
    JSON = "json"


TABLE_ROWS = 50
"""The rows a table shows unless told otherwise: people read the first ones, and rich takes
about a millisecond a row."""
