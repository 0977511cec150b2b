from django.urls import path

from . import views

app_name = "passes"

urlpatterns = [
    path("mine/", views.my_pass, name="my_pass"),
    path("", views.pass_list, name="pass_list"),
    path("<int:pk>/", views.pass_detail, name="pass_detail"),
    path("<int:pk>/revoke/", views.pass_revoke, name="pass_revoke"),
    path("person/<int:pk>/print/", views.person_pass_print, name="person_pass_print"),
    path("keys/", views.keys, name="keys"),
    path("keys/rotate/", views.key_rotate, name="key_rotate"),
    path("partners/add/", views.partner_add, name="partner_add"),
    path("partners/<int:pk>/import/<str:what>/", views.partner_import, name="partner_import"),
    # Public, no login: partners and gate devices fetch these.
    path("trust/<str:issuer_id>.json", views.trust_list_export, name="trust_list_export"),
    path("revocations/<str:issuer_id>.json", views.revocations_export, name="revocations_export"),
    path("bundle/<str:issuer_id>.pgb", views.bundle_export, name="bundle_export"),
]
