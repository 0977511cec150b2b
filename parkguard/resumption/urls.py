from django.urls import path

from . import views

app_name = "resumption"

urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("apply/<int:enterprise_pk>/", views.application_create, name="application_create"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("<int:pk>/inspect/", views.application_inspect, name="application_inspect"),
    path("<int:pk>/file/<str:name>/", views.application_file, name="application_file"),
    path("photos/<int:pk>/", views.photo_file, name="photo_file"),
    path("coverage/", views.coverage, name="coverage"),
    path("node/<int:node_pk>/rates/", views.rates, name="rates"),
    path("node/<int:node_pk>/rates.xlsx", views.rates_xlsx, name="rates_xlsx"),
    path("park/<int:node_pk>/settings/", views.park_settings, name="park_settings"),
]
