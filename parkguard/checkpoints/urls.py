from django.urls import path

from . import views

app_name = "checkpoints"

urlpatterns = [
    path("", views.checkpoint_list, name="checkpoint_list"),
    path("<int:pk>/scan/", views.scan, name="scan"),
    path("<int:pk>/id-check/", views.id_check, name="id_check"),
    path("trace/", views.trace, name="trace"),
    path("trace/<int:event_pk>/reveal/", views.trace_reveal, name="trace_reveal"),
    path("node/<int:node_pk>/configure/", views.configure, name="configure"),
    path("node/<int:node_pk>/lanes/", views.lane_add, name="lane_add"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/<int:pk>/sync/", views.partner_sync, name="partner_sync"),
    path("partners/<int:pk>/addresses/", views.partner_urls, name="partner_urls"),
]
