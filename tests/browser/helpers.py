"""What several browser tests do the same way."""

from tests.factories import PASSWORD


def log_in(page, username: str, password: str = PASSWORD, next_path: str | None = None) -> None:
    """Log in through the form, as a person does (so django-axes and the redirect after log-in are exercised)."""
    page.goto("/logga-in/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def assert_reflows_at_320_px(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    scroll_width, width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= width, f"{page.url}: the page is {scroll_width} px wide on a {width} px screen"
    page.set_viewport_size({"width": 1280, "height": 800})
