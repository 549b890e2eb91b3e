from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "goals"
    verbose_name = _("Mål")

    def ready(self) -> None:
        # The case page shows the commitments that rest on the case's decisions; meetings does not import goals.
        from meetings.case_steps import register_case_section

        from .case_section import commitments_for_case

        register_case_section(commitments_for_case)
