"""The documentation page's content, read from the OpenAPI schema itself so that it can never drift from the API.

drf-spectacular's Swagger UI and Redoc load JavaScript from a CDN, which the portal's Content Security Policy forbids;
a server-rendered page from the same schema says the same and works without JavaScript.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from drf_spectacular.generators import SchemaGenerator

# One example per list: a filter a journalist would try first.
EXAMPLES = {
    "/api/v1/bodies/": "?kind=committee",
    "/api/v1/meetings/": "?body=kommunstyrelsen&year=2024",
    "/api/v1/agenda-items/": "?body=kommunstyrelsen&year=2024",
    "/api/v1/documents/": "?kind=protokoll",
    "/api/v1/protocols/": "?body=kommunstyrelsen",
    "/api/v1/cases/": "?body=kommunfullmaktige&status=avgjort",
    "/api/v1/notices/": "?current=true",
    "/api/v1/budget/units/": "",
    "/api/v1/budget/codes/": "?unit=kommunledning",
    "/api/v1/budget/account-groups/": "",
    "/api/v1/budget/figures/": "?year=2021&group=5&format=csv",
    "/api/v1/goal-areas/": "?year=2019",
    "/api/v1/indicators/": "?body=kommunstyrelsen",
    "/api/v1/commitments/": "?status=in_progress",
    "/api/v1/parties/": "",
    "/api/v1/persons/": "?body=kommunstyrelsen&datum=2024-06-01",
    "/api/v1/memberships/": "?body=kommunstyrelsen&role=substitute",
    "/api/v1/attendance/": "?body=kommunstyrelsen&status=absent",
    "/api/v1/votes/": "?body=kommunstyrelsen&year=2024",
    "/api/v1/ballots/": "?body=kommunstyrelsen&format=csv",
    "/api/v1/statements/": "?kind=reservation",
}


@dataclass
class Parameter:
    name: str
    kind: str
    description: str


@dataclass
class Endpoint:
    path: str
    summary: str
    description: str
    is_list: bool
    example: str
    parameters: list[Parameter] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)


def _schema_type(schema: dict) -> str:
    if "enum" in schema:
        return ", ".join(str(value) for value in schema["enum"] if value is not None)
    return schema.get("format") or schema.get("type", "")


@lru_cache(maxsize=1)
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def endpoints() -> list[Endpoint]:
    schema = _schema()
    components = schema.get("components", {}).get("schemas", {})
    result = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        is_list = "{" not in path
        response = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
        ref = response.get("schema", {}).get("$ref", "")
        component = components.get(ref.rsplit("/", 1)[-1], {})
        if is_list:  # Paginated…List → the item's component
            item = component.get("properties", {}).get("results", {}).get("items", {}).get("$ref", "")
            component = components.get(item.rsplit("/", 1)[-1], {})
        result.append(
            Endpoint(
                path=path,
                summary=operation.get("summary", ""),
                description=operation.get("description", ""),
                is_list=is_list,
                example=path + EXAMPLES.get(path, "") if is_list else "",
                parameters=[
                    Parameter(
                        name=parameter["name"],
                        kind=_schema_type(parameter.get("schema", {})),
                        description=parameter.get("description", ""),
                    )
                    for parameter in operation.get("parameters", [])
                    if parameter.get("in") == "query"
                ],
                fields=list(component.get("properties", {})),
            )
        )
    return result
