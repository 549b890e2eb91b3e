"""Section texts are Markdown written by staff; they become HTML for the page and the PDF only through here:
rendered by Python-Markdown, then cleaned by nh3 to a small allow-list (no scripts, no styles, no images, links only
to http(s) and mailto), so nothing typed into a report can run, restyle the page or make the PDF renderer fetch."""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a", "h3", "h4", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render(text: str) -> SafeString:
    """Markdown → safe HTML. Headings in the text are demoted to h3/h4: h1 is the report's, h2 the chapters'."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)
