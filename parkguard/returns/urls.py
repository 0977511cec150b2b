"""Pages of returning workers: registration, plans, point-to-point runs (isolation pages beside them)."""

from django.urls import path

from . import isolation_views, views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("register/<int:enterprise_pk>/", views.returnee_register, name="returnee_register"),
    path("returnees/<int:pk>/", views.returnee_detail, name="returnee_detail"),
    path("returnees/<int:pk>/edit/", views.returnee_edit, name="returnee_edit"),
    path("returnees/<int:pk>/certificate/", views.certificate_scan, name="certificate_scan"),
    path("plans/new/<int:park_pk>/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/entries/<int:entry_pk>/", views.plan_entry_edit, name="plan_entry_edit"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/discard/", views.plan_discard, name="plan_discard"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/edit/", views.run_update, name="run_update"),
    path("runs/<int:pk>/step/", views.run_step, name="run_step"),
]

# Central isolation observation: sites, stays, observations, occupancy (isolation_views.py).
urlpatterns += isolation_views.urlpatterns
