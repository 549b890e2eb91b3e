"""What several browser tests do the same way."""

from tests.factories import PASSWORD


def log_in(page, username: str, password: str = PASSWORD, next_path: str | None = None) -> None:
    """Log in through the form, as a person does (so django-axes and the redirect after log-in are exercised)."""
    page.goto("/logga-in/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
