"""The API's plumbing: JSON errors, strict pagination and ordering, throttling, schema.

Everything here serves one promise made by ``articles.api``: a caller who
sends something wrong gets a 400 or 404 with a JSON body saying what was
wrong, never a 500 and never a silently ignored parameter. ``articles.api_schema``
tells the OpenAPI schema so. This module must not import ``rest_framework.views``
at the top: DRF reads the pagination and throttle classes below while building it.
"""

import django_filters
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, pagination, throttling
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings

MAX_INT = 2**31 - 1


# --- errors -------------------------------------------------------------------------------------


def exception_handler(exc, context):
    """DRF's handler, with every error body shaped ``{"detail", "code", "errors"?}``.

    ``errors`` maps a field or query parameter to its messages, for 400s.
    """
    # Imported here: rest_framework.views reads this module's classes from the settings.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        codes = only_codes(exc.get_codes())
        if codes == {"unique"}:
            # Well formed, but the name is taken.
            response.status_code = 409
        elif codes == {"does_not_exist"}:
            # Well formed, but it refers to a page, column or series that is not there.
            response.status_code = 422
        response.data = {
            "detail": "Invalid request: " + describe(errors),
            "code": "invalid",
            "errors": errors,
        }
    else:
        detail = getattr(exc, "detail", None) or response.data.get("detail", "")
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    return response


def only_codes(codes):
    """The set of error codes in DRF's nested ``get_codes()`` structure."""
    if isinstance(codes, dict):
        return set().union(*(only_codes(value) for value in codes.values()))
    if isinstance(codes, list):
        return set().union(*(only_codes(value) for value in codes))
    return {codes}


def describe(errors):
    """``{"date_after": ["Enter a valid date."]}`` → ``date_after: Enter a valid date.``."""
    parts = []
    for field, messages in errors.items():
        if isinstance(messages, dict):
            parts.append(f"{field}: {describe(messages)}")
        else:
            flat = messages if isinstance(messages, list) else [messages]
            parts.append(f"{field}: " + " ".join(str(m) for m in flat))
    return "; ".join(parts)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Unknown paths under /api/ answer in JSON too; a missing trailing slash redirects."""
    if request.method in SAFE_METHODS and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            location = request.path + "/" + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(location)
    return JsonResponse(
        {"detail": f"No API endpoint at {request.path}.", "code": "not_found"}, status=404
    )


# --- pagination ---------------------------------------------------------------------------------


class Pagination(pagination.PageNumberPagination):
    """Page numbers, ``page_size`` up to ``max_page_size``; bad values are a 400, not a shrug."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "Page {page_number} does not exist: {message}"

    def paginate_queryset(self, queryset, request, view=None):
        self._check_positive_int(request, self.page_query_param, MAX_INT, allow={"last"})
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        size = self._check_positive_int(request, self.page_size_query_param, self.max_page_size)
        return size or self.page_size

    def _check_positive_int(self, request, name, maximum, allow=()):
        raw = request.query_params.get(name)
        if raw is None or raw in allow:
            return None
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or not 1 <= value <= maximum:
            raise exceptions.ValidationError(
                {name: [f"Must be a whole number from 1 to {maximum}; got {raw!r}."]}
            )
        return value

    def get_next_link(self):
        if not self.page.has_next():
            return None
        return self._link(self.page.next_page_number())

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        return self._link(self.page.previous_page_number())

    def _link(self, page_number):
        """This request's URL at another page, from the decoded query parameters.

        DRF rebuilds the link from the raw query string, which turns UTF-8 sent
        unencoded (``?column=平城新语``) into mojibake; ``QueryDict.urlencode``
        percent-encodes the characters the caller meant.
        """
        query = self.request.query_params.copy()
        if page_number == 1:
            query.pop(self.page_query_param, None)
        else:
            query[self.page_query_param] = page_number
        url = self.request.build_absolute_uri(self.request.path)
        return f"{url}?{query.urlencode()}" if query else url

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = (
                self.max_page_size if parameter["name"] == self.page_size_query_param else MAX_INT
            )
        return parameters


# --- ordering -----------------------------------------------------------------------------------


class StrictOrderingFilter(BaseFilterBackend):
    """``?ordering=-date,page`` over the view's ``ordering_fields`` allow-list.

    ``ordering_fields`` maps the public name to a queryset expression. An
    unknown name is a 400 (DRF's own OrderingFilter silently drops it).
    The primary key always breaks ties so pages never overlap.
    """

    param = "ordering"

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(self.param, "")
        terms = [term.strip() for term in raw.split(",") if term.strip()]
        if not terms:
            return queryset
        allowed = view.ordering_fields
        unknown = [term for term in terms if term.lstrip("-") not in allowed]
        if unknown:
            raise exceptions.ValidationError(
                {
                    self.param: [
                        f"Cannot order by {', '.join(unknown)}; "
                        f"choose from {', '.join(allowed)} (prefix - for descending)."
                    ]
                }
            )
        order_by = [("-" if t.startswith("-") else "") + allowed[t.lstrip("-")] for t in terms]
        return queryset.order_by(*order_by, "pk")

    def get_schema_operation_parameters(self, view):
        names = [prefix + name for name in view.ordering_fields for prefix in ("", "-")]
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": "Comma-separated fields to order by; prefix - for descending.",
                "schema": {"type": "array", "items": {"type": "string", "enum": names}},
                "style": "form",
                "explode": False,
            }
        ]


# --- throttling ---------------------------------------------------------------------------------


class AnonThrottle(throttling.AnonRateThrottle):
    """Reads the rate when a request comes, so settings overrides (tests, CI) apply."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


# --- filtering ----------------------------------------------------------------------------------


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, except that an empty date, number or choice is a 400.

    The web forms send empty fields and mean "any"; over the API an empty
    ``date_after=`` is a mistake worth pointing out. Empty text stays "any".
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            empty = [
                name
                for name, filter_ in filterset_class.base_filters.items()
                if request.query_params.get(name) == ""
                and not isinstance(filter_, django_filters.CharFilter)
            ]
            if empty:
                raise exceptions.ValidationError({name: ["May not be empty."] for name in empty})
        return super().filter_queryset(request, queryset, view)
