"""How ``kg query`` prints answers: a choice the command line needs before anything loads."""

from enum import StrEnum


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"  # tab-separated, for spreadsheets and shell tools
    JSON = "json"
