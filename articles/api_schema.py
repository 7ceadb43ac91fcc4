"""The OpenAPI schema says what the API really answers: errors included, reads open to all."""

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail", "code"],
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for a person."},
        "code": {"type": "string", "description": "What went wrong, for a program."},
        "errors": {
            "type": "object",
            "description": "Messages per field or query parameter (400 only).",
            "additionalProperties": {},
        },
    },
}


def error_response(description):
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


class NewsroomAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus the error responses the API really gives."""

    def get_auth(self):
        auths = super().get_auth()
        # Reads need no credentials: anyone sees published content.
        if self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {
            "401": "Credentials are missing or wrong (reads need none, but bad ones fail).",
            "429": "Too many requests from this address; retry later.",
        }
        if self.method in SAFE_METHODS:
            errors["400"] = "A query parameter has a bad value."
        else:
            errors["400"] = "The request body or a parameter is invalid."
            errors["403"] = "The caller lacks the model permission for this."
            errors["409"] = "A unique name or address is already taken."
            errors["415"] = "The body is not JSON."
            errors["422"] = "The body refers to a page, column or series that does not exist."
        errors["404"] = "No such object, or a page past the end."
        for code, description in errors.items():
            responses.setdefault(code, error_response(description))
        return responses


NO_NUL = "^[^\\u0000]*$"


def forbid_nul_characters(result, generator, request, public):
    """State in the schema that text may not contain NUL, which the API refuses with a 400.

    PostgreSQL cannot store it and Django's form fields refuse it, so query
    parameters and request-body strings carry a pattern saying so.
    """
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                _forbid_nul(parameter.get("schema", {}))
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            for prop in component.get("properties", {}).values():
                _forbid_nul(prop)
                _forbid_nul(prop.get("items", {}))
    return result


def _forbid_nul(schema):
    plain = schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema)
    if plain:
        schema["pattern"] = NO_NUL
