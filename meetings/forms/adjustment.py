"""The approver's answer on the review page: "Godkänn" or "Skicka tillbaka med kommentar" (two submit buttons named
`decision`). The service (meetings.services.adjustment.approval_record) decides what the answer does."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AdjustmentApproval


class ApprovalForm(forms.Form):
    """The decision is the value of the button pressed (`decision`), read in `clean`; its error is the form's own, as
    there is no field to put it at."""

    comment = forms.CharField(
        label=_("Kommentar till sekreteraren"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Behövs när du skickar tillbaka protokollet: skriv vad som ska ändras, t.ex. ”§ 12: beslutet ska gälla "
            "2025, inte 2024”. Kommentaren går till sekreteraren och publiceras inte på webbplatsen."
        ),
        error_messages={"max_length": _("Kommentaren får vara högst %(limit_value)d tecken (nu %(show_value)d).")},
    )

    def clean(self):
        data = super().clean()
        decision = self.data.get("decision", "")
        if decision not in AdjustmentApproval.Decision.values:
            raise forms.ValidationError(_("Välj ”Godkänn protokollet” eller ”Skicka tillbaka med kommentar”."))
        data["decision"] = decision
        if decision == AdjustmentApproval.Decision.RETURNED and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Skriv vad sekreteraren behöver ändra innan protokollet kan justeras."))
        return data
