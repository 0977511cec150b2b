from django.urls import path

from . import views

app_name = "hierarchy"

urlpatterns = [
    path("", views.scope_tree, name="scope_tree"),
    path("assignments/", views.AssignmentListView.as_view(), name="assignment_list"),
    path("<int:pk>/", views.NodeDetailView.as_view(), name="node_detail"),
    path("<int:pk>/assign/", views.node_assign, name="node_assign"),
]
