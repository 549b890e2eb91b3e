"""What the role tests of every staff URL share."""

import re

from django.urls import URLPattern, URLResolver, reverse


def staff_url(namespace: str, pattern: URLPattern, kwargs_by_name: dict[str, dict]) -> str:
    """The URL of `pattern` with the objects the test's world gives for its name; fails naming an unknown parameter,
    so a new staff route cannot slip past the role tests."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
    kwargs = kwargs_by_name.get(pattern.name, {})
    unknown = [name for name in names if name not in kwargs]
    assert not unknown, f"the permission test does not know what {unknown} means in {pattern.pattern}: add it to world"
    return reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)


def url_leaves(entries) -> list[URLPattern]:
    """The patterns of a namespace, with those of the URL modules it includes without a namespace of their own."""
    found = []
    for entry in entries:
        if isinstance(entry, URLPattern):
            found.append(entry)
        elif isinstance(entry, URLResolver) and entry.namespace is None:
            assert not str(entry.pattern), f"an include under a prefix ({entry.pattern}) needs its routes prefixed here"
            found += url_leaves(entry.url_patterns)
    return found
