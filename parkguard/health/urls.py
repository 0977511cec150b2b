from django.urls import path

from . import views

app_name = "health"

urlpatterns = [
    path("declare/", views.declare, name="declare"),
    path("divisions/", views.division_search, name="division_search"),
    path("people/<int:pk>/", views.person_status, name="person_status"),
    path("risk-areas/", views.risk_area_list, name="risk_area_list"),
    path("risk-areas/import/", views.risk_area_import, name="risk_area_import"),
    path("risk-areas/history/", views.risk_area_history, name="risk_area_history"),
    path("risk-areas/<int:pk>/end/", views.risk_area_end, name="risk_area_end"),
    path("rules/", views.ruleset_list, name="ruleset_list"),
    path("rules/<int:park_pk>/", views.ruleset_edit, name="ruleset_edit"),
    path("manual/", views.manual_list, name="manual_list"),
    path("manual/<int:pk>/decide/", views.manual_decide, name="manual_decide"),
]
