"""Plain text written by editors, rendered as safe HTML: paragraphs and bullet lists, nothing else."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BULLETS = ("- ", "• ", "* ")


def plain_text_to_html(text: str) -> SafeString:
    """Blank lines separate paragraphs; lines starting with "- " or "• " form a list. Everything is escaped."""
    blocks: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        items = [line for line in lines if line.startswith(_BULLETS)]
        prose = [line for line in lines if not line.startswith(_BULLETS)]
        if prose:
            blocks.append("<p>" + "<br>".join(escape(line) for line in prose) + "</p>")
        if items:
            blocks.append("<ul>" + "".join(f"<li>{escape(item[2:].strip())}</li>" for item in items) + "</ul>")
    return mark_safe("\n".join(blocks))
