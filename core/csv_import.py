"""What every CSV import shares: reading the file, and reporting problems by spreadsheet row and column.

A file with any bad row imports nothing, so each import collects every problem before it writes.
"""

import csv
import io
import re
from dataclasses import dataclass, field


class ImportRefused(Exception):
    """The file (or what it was given for) cannot be read at all; `field` names the form field to blame."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class CellProblem(ValueError):
    """A value that cannot be used, with what to put instead."""


@dataclass(frozen=True)
class RowProblem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated

    @property
    def rows_with_problems(self) -> int:
        return len({problem.row for problem in self.problems})

    @property
    def refusal(self) -> str:
        rows = self.rows_with_problems
        plural = "s" if rows != 1 else ""
        return f"The file has problems in {rows} row{plural}, so nothing was imported: fix them and import it again"


def normalise_heading(heading: str) -> str:
    return re.sub(r"[\s\-]+", "_", heading.strip().lower())


def read_csv(data: bytes, rows_are: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-blank rows with their spreadsheet row numbers. UTF-8, with or without a BOM."""
    if not data.strip():
        raise ImportRefused("file", "The selected file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            "file", "The selected file must be saved as UTF-8: in Excel, choose 'CSV UTF-8' when you save it"
        ) from None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise ImportRefused("file", "The selected file is not a readable CSV: save it again as CSV UTF-8") from None
    header = [normalise_heading(heading) for heading in records[0]]
    while header and not header[-1]:  # spreadsheets often save empty columns after the last one
        header.pop()
    rows = [(number, row) for number, row in enumerate(records[1:], start=2) if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportRefused("file", f"The selected file has a header row but no {rows_are}")
    return header, rows
