"""The REST API: one router over every app's viewsets."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from parkguard.accounts.api.views import MembershipViewSet
from parkguard.checkpoints.api.views import CheckpointViewSet, ScanViewSet
from parkguard.enterprises.api.views import EmploymentViewSet, EnterpriseViewSet, ImportJobViewSet
from parkguard.health.api.views import (
    ColourStatusViewSet,
    DeclarationViewSet,
    ManualChangeViewSet,
    RiskAreaViewSet,
    RuleSetViewSet,
)
from parkguard.hierarchy.api.views import NodeViewSet
from parkguard.passes.api.views import IssuerViewSet, PartnerViewSet, PassViewSet
from parkguard.people.api.views import PersonViewSet
from parkguard.reports.api.views import DailyReportViewSet
from parkguard.resumption.api.views import ApplicationViewSet
from parkguard.returns.api.isolation_views import (
    IsolationAlertViewSet,
    IsolationSiteViewSet,
    IsolationStayViewSet,
)
from parkguard.returns.api.views import ReturneeViewSet, ReturnPlanViewSet, TransportRunViewSet
from parkguard.vehicles.api.views import VehicleViewSet

router = DefaultRouter()
router.register("nodes", NodeViewSet, basename="node")
router.register("people", PersonViewSet, basename="person")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("roster", EmploymentViewSet, basename="employment")
router.register("imports", ImportJobViewSet, basename="importjob")
router.register("reports", DailyReportViewSet, basename="dailyreport")
router.register("checkpoints", CheckpointViewSet, basename="checkpoint")
router.register("scans", ScanViewSet, basename="scan")
router.register("declarations", DeclarationViewSet, basename="declaration")
router.register("risk-areas", RiskAreaViewSet, basename="riskarea")
router.register("colour-rules", RuleSetViewSet, basename="ruleset")
router.register("colour-status", ColourStatusViewSet, basename="colourstatus")
router.register("manual-colour-changes", ManualChangeViewSet, basename="manualchange")
router.register("passes", PassViewSet, basename="pass")
router.register("issuers", IssuerViewSet, basename="issuer")
router.register("partners", PartnerViewSet, basename="partner")
router.register("vehicles", VehicleViewSet, basename="vehicle")
router.register("resumption-applications", ApplicationViewSet, basename="resumptionapplication")
router.register("returnees", ReturneeViewSet, basename="returnee")
router.register("return-plans", ReturnPlanViewSet, basename="returnplan")
router.register("return-runs", TransportRunViewSet, basename="transportrun")
router.register("isolation-sites", IsolationSiteViewSet, basename="isolationsite")
router.register("isolation-stays", IsolationStayViewSet, basename="isolationstay")
router.register("isolation-alerts", IsolationAlertViewSet, basename="isolationalert")

urlpatterns = [path("token/", obtain_auth_token, name="api-token"), *router.urls]
