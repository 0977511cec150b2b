"""Pages of returning workers: none yet (the planner's pages come in a later session)."""

app_name = "returns"

urlpatterns: list = []
