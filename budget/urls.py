from django.urls import path, register_converter

from .views import public

app_name = "budget"


class FormatConverter:
    """The download formats, as the file name's extension: …/ansvar.csv, …/ansvar.xlsx."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UnitTableConverter:
    """A unit page's tables: per ansvar (or per subunit, "enheter") and per kontogrupp."""

    regex = "ansvar|enheter|kontogrupp"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "budget_format")
register_converter(UnitTableConverter, "budget_unit_table")

urlpatterns = [
    path("ekonomi/", public.year_list, name="years"),
    path("ekonomi/jamfor/", public.compare, name="compare"),
    path("ekonomi/jamfor/jamforelse.<budget_format:fmt>", public.compare_download, name="compare_download"),
    path("ekonomi/<int:year>/", public.year_detail, name="year"),
    path("ekonomi/<int:year>/enheter.<budget_format:fmt>", public.year_download, name="year_download"),
    path("ekonomi/<int:year>/<slug:unit>/", public.unit_detail, name="unit"),
    path(
        "ekonomi/<int:year>/<slug:unit>/<budget_unit_table:table>.<budget_format:fmt>",
        public.unit_download,
        name="unit_download",
    ),
    path("ekonomi/<int:year>/<slug:unit>/ansvar/<str:code>/", public.code_detail, name="code"),
    path(
        "ekonomi/<int:year>/<slug:unit>/ansvar/<str:code>/kontogrupp.<budget_format:fmt>",
        public.code_download,
        name="code_download",
    ),
]
