from django.urls import path

from .views import staff_codes, staff_grid, staff_import, staff_publish

app_name = "budget_staff"

urlpatterns = [
    path("", staff_grid.index, name="index"),
    path("<int:year>/stang/", staff_grid.year_close, name="year_close"),
    path("<int:year>/publicera/", staff_publish.publish, name="publish"),
    path("<int:year>/<slug:unit>/", staff_grid.grid, name="grid"),
    path("ansvar/", staff_codes.code_list, name="codes"),
    path("ansvar/<str:code>/", staff_codes.code_edit, name="code_edit"),
    path("ansvar/<str:code>/historik/", staff_grid.code_history, name="code_history"),
    path("import/", staff_import.upload, name="import_upload"),
    path("import/<int:pk>/", staff_import.detail, name="import_detail"),
    path("import/<int:pk>/bekrafta/", staff_import.confirm, name="import_confirm"),
    path("import/<int:pk>/avbryt/", staff_import.discard, name="import_discard"),
]
