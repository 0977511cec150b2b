from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("site/<int:site_pk>/", views.report_form, name="report_form"),
    path("node/<int:node_pk>/completeness/", views.completeness, name="completeness"),
    path("node/<int:node_pk>/rollup/", views.rollup, name="rollup"),
    path("node/<int:node_pk>/bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("node/<int:node_pk>/bulletins/generate/", views.bulletin_generate, name="bulletin_generate"),
    path("bulletins/<int:pk>/<str:kind>/", views.bulletin_download, name="bulletin_download"),
    path("department/<int:pk>/construction/", views.authority, name="authority"),
    path("tasks/", views.flag_list, name="flag_list"),
    path("tasks/<int:pk>/close/", views.flag_close, name="flag_close"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
]
