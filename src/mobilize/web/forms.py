from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mobilize.core.models import AuditRecord


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *AuditRecord.Kind.choices]
    )
    verb = forms.CharField(label=_("Action starts with"), required=False)
    target_type = forms.CharField(label=_("Record type (app.model)"), required=False)
    target_id = forms.CharField(label=_("Record id"), required=False)
    actor = forms.CharField(label=_("User"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
