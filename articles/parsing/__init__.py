"""The page parser: the text of one printed page in, a ParsedPage out.

Pure Python (no Django): ``parse_page(text, known_columns=["平城新语"])``.
"""

from .model import Block, Caption, Credit, ParsedArticle, ParsedPage
from .page import parse_page

__all__ = ["Block", "Caption", "Credit", "ParsedArticle", "ParsedPage", "parse_page"]
