"""Budget figures: one row per year × ansvar × kontogrupp, in kronor as decimal strings (exact, never floats), as
the year's latest publication made them public (`PublishedLedgerLine`); the controllers' draft is not in the API.

The deviation (avvikelse = utfall − budget) is computed here from the two stored amounts, as the pages compute it;
null when no budget is known for the year.

Every serializer reads the public projection of `budget/public.py` (through `ProjectedSerializer`): the names and
descriptions staff typed or imported — a unit's, an ansvar's, an account group's — come out masked, in JSON and CSV.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from budget.models import AccountGroup, PublishedLedgerLine, ResponsibilityCode, Unit
from budget.public import PublicAccountGroup, PublicLedgerLine, PublicResponsibilityCode, PublicUnit

from .common import LinkField, ProjectedSerializer

AMOUNT = {"max_digits": 15, "decimal_places": 2, "coerce_to_string": True, "read_only": True}


class UnitSerializer(ProjectedSerializer):
    projection = PublicUnit
    url = LinkField("unit", source="pk")
    parent = LinkField("unit", source="parent_id", allow_null=True)

    class Meta:
        model = Unit
        fields = ["id", "url", "name", "slug", "parent", "description"]


class ResponsibilityCodeSerializer(ProjectedSerializer):
    projection = PublicResponsibilityCode
    url = LinkField("responsibilitycode", source="pk")
    unit = LinkField("unit", source="unit_id")
    unit_slug = serializers.CharField(source="unit.slug", read_only=True)

    class Meta:
        model = ResponsibilityCode
        fields = ["id", "url", "code", "name", "unit", "unit_slug", "is_placeholder"]


class AccountGroupSerializer(ProjectedSerializer):
    projection = PublicAccountGroup
    url = LinkField("accountgroup", source="pk")

    class Meta:
        model = AccountGroup
        fields = ["id", "url", "code", "name", "position"]


class FigureSerializer(ProjectedSerializer):
    projection = PublicLedgerLine
    url = LinkField("figure", source="pk")
    year = serializers.IntegerField(source="year_id", read_only=True)
    unit = LinkField("unit", source="code.unit_id")
    unit_slug = serializers.CharField(source="code.unit.slug", read_only=True)
    unit_name = serializers.CharField(source="code.unit.name", read_only=True)
    responsibility_code = LinkField("responsibilitycode", source="code_id")
    code = serializers.CharField(source="code.code", read_only=True, help_text="Ansvar, t.ex. KLC.")
    code_name = serializers.CharField(source="code.name", read_only=True)
    account_group = LinkField("accountgroup", source="group_id")
    group = serializers.CharField(source="group.code", read_only=True, help_text="Kontogrupp, t.ex. 5.")
    group_name = serializers.CharField(source="group.name", read_only=True)
    budget = serializers.DecimalField(allow_null=True, help_text="Budget i kronor (null om okänd).", **AMOUNT)
    outcome = serializers.DecimalField(help_text="Utfall i kronor.", **AMOUNT)
    deviation = serializers.SerializerMethodField(help_text="Avvikelse = utfall − budget, i kronor.")
    comparable = serializers.BooleanField(
        read_only=True, help_text="Falskt när utfallet inte är jämförbart med föregående års (ingen förändring visas)."
    )
    derived = serializers.BooleanField(
        read_only=True, help_text="Sant när fördelningen på kontogrupper är härledd ur publicerade summor (demodata)."
    )

    class Meta:
        model = PublishedLedgerLine
        fields = [
            "id",
            "url",
            "year",
            "unit",
            "unit_slug",
            "unit_name",
            "responsibility_code",
            "code",
            "code_name",
            "account_group",
            "group",
            "group_name",
            "budget",
            "outcome",
            "deviation",
            "comparable",
            "derived",
        ]

    @extend_schema_field(
        {"type": "string", "format": "decimal", "nullable": True, "pattern": r"^-?\d{0,14}(?:\.\d{0,2})?$"}
    )
    def get_deviation(self, line: PublicLedgerLine) -> str | None:
        if line.budget is None:
            return None
        return f"{line.outcome - line.budget:.2f}"
