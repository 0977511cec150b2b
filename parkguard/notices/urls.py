from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.notice_list, name="notice_list"),
    path("<int:pk>/read/", views.notice_mark_read, name="notice_mark_read"),
    path("read-all/", views.notice_mark_all_read, name="notice_mark_all_read"),
]
