from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("node/<int:pk>/", views.node, name="node"),
]
