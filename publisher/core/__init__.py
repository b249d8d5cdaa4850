"""The vocabulary every stage shares: periods, figures and their codes, the enums, errors and safe file writing.

May import: nothing else in publisher (the standard library and nothing heavier).
"""

__all__ = ["codes", "errors", "figures", "files", "periods", "phrase", "resources", "text", "vocab"]
