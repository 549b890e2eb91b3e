"""The form a citizen fills in to follow a body by e-mail."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SubscriptionForm(forms.Form):
    email = forms.EmailField(
        label=_("Din e-postadress"),
        max_length=254,
        error_messages={
            "required": _("Skriv den e-postadress som mejlen ska skickas till."),
            "invalid": _("E-postadressen ser inte ut att stämma. Skriv den som namn@exempel.se."),
            "max_length": _("E-postadressen är för lång: högst %(limit_value)d tecken."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean_email(self) -> str:
        # One address, one subscription per body, however it was typed.
        return self.cleaned_data["email"].strip().lower()
