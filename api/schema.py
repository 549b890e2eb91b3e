"""The API's OpenAPI description: besides the 200 answer, every operation documents the errors it can give."""

from drf_spectacular.openapi import AutoSchema

# The same error, asked for with ?format=csv, comes as a small CSV table.
CSV = {"schema": {"type": "string"}}
NOT_FOUND = {
    "description": "Finns inte: okänt id, eller en sida utanför listan.",
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
        },
        "text/csv": CSV,
        # An address that matches no route at all (`/api/v1/meetings/abc/`) gets the site's own 404 page.
        "text/html": {"schema": {"type": "string"}},
    },
}
BAD_FILTER = {
    "description": "Ett filter har ett ogiltigt värde; svaret säger vilket.",
    "content": {
        "application/json": {
            "schema": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
        },
        "text/csv": CSV,
    },
}


# Any address with a control character (a NUL, say) in its path or query is refused before the API sees it
# (orebro_portal/middleware.py), with the same shape of answer.
BAD_ADDRESS = {
    "description": "Adressen innehåller tecken som inte kan användas (t.ex. ett NUL-tecken).",
    "content": BAD_FILTER["content"],
}


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        responses.setdefault("404", NOT_FOUND)
        responses.setdefault("400", BAD_FILTER if self._is_list_view() else BAD_ADDRESS)
        return responses
