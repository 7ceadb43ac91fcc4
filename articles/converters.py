import datetime


class IsoDateConverter:
    """``2024-05-17`` in a URL, a ``datetime.date`` in the view."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(value) from error

    def to_url(self, value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)
