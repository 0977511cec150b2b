from django.urls import path

from . import views

app_name = "vehicles"

urlpatterns = [
    path("", views.vehicle_list, name="vehicle_list"),
    path("new/", views.vehicle_create, name="vehicle_create"),
    path("<int:pk>/", views.vehicle_detail, name="vehicle_detail"),
    path("<int:pk>/edit/", views.vehicle_edit, name="vehicle_edit"),
    path("<int:pk>/approve/", views.vehicle_approve, name="vehicle_approve"),
    path("<int:pk>/suspend/", views.vehicle_suspend, name="vehicle_suspend"),
    path("<int:pk>/pass/", views.vehicle_pass_issue, name="vehicle_pass_issue"),
    path("<int:pk>/reveal/", views.driver_phone_reveal, name="driver_phone_reveal"),
]
