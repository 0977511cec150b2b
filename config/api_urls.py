"""The REST API: one router over every app's viewsets."""

from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter
from django.urls import path

from parkguard.accounts.api.views import MembershipViewSet
from parkguard.hierarchy.api.views import NodeViewSet
from parkguard.people.api.views import PersonViewSet

router = DefaultRouter()
router.register("nodes", NodeViewSet, basename="node")
router.register("people", PersonViewSet, basename="person")
router.register("memberships", MembershipViewSet, basename="membership")

urlpatterns = [path("token/", obtain_auth_token, name="api-token"), *router.urls]
