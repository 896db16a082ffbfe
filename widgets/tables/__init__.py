"""The course's frameworks, read and validated from ``data/``."""

from .loader import all_tables, data_folder, frame, framework, items, row_by_id, scale_points, table
from .schema import ITEM_TABLES, TABLES, Column, TableSchema
from .validate import DataProblem, DataTableError

__all__ = [
    "ITEM_TABLES",
    "TABLES",
    "Column",
    "DataProblem",
    "DataTableError",
    "TableSchema",
    "all_tables",
    "data_folder",
    "frame",
    "framework",
    "items",
    "row_by_id",
    "scale_points",
    "table",
]
