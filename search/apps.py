from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Sök")

    def ready(self) -> None:
        # The one place the project uses signals: indexing is cross-cutting and the domain apps must not know about
        # search, so the index follows their saves and deletes from here (see search/receivers.py).
        from . import receivers

        receivers.connect()
