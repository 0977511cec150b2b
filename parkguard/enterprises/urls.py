from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("export.xlsx", views.enterprise_export, name="enterprise_export"),
    path("<int:pk>/", views.EnterpriseLedgerView.as_view(), name="enterprise_ledger"),
    path("<int:pk>/ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("<int:pk>/roster/", views.RosterListView.as_view(), name="roster_list"),
    path("<int:pk>/roster.xlsx", views.roster_export, name="roster_export"),
    path("<int:pk>/roster/import/", views.roster_import, name="roster_import"),
    path("templates/<str:kind>.xlsx", views.import_template, name="import_template"),
    path("imports/", views.ImportJobListView.as_view(), name="import_list"),
    path("imports/new/", views.registry_import, name="registry_import"),
    path("imports/<int:pk>/", views.ImportJobDetailView.as_view(), name="import_detail"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:pk>/errors.xlsx", views.import_issues_export, name="import_issues_export"),
    path("imports/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("imports/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
]
