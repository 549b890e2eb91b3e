"""Forms of the meetings app, by topic: `staff` (meetings, agenda, documents), `protocols`, `subscriptions`."""

from django.core.exceptions import ValidationError
from django.utils.text import capfirst


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has that field, else above the form.

    Services name the field in their messages ("Beslut: …"), as they are read without a form too; next to the
    field, and in the error summary that prefixes the label itself, the name is dropped so it is not said twice.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field not in form.fields:
            form.add_error(None, errors)
            continue
        prefix = f"{form.fields[field].label}: "
        form.add_error(field, [capfirst(message.removeprefix(prefix)) for message in ValidationError(errors).messages])
