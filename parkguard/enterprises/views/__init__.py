"""Pages of enterprises, rosters, ledgers and imports: thin views over selectors and services."""

from .enterprises import (
    EnterpriseLedgerView,
    EnterpriseListView,
    RosterListView,
    enterprise_export,
    ledger_export,
    roster_export,
)
from .imports import (
    ImportJobDetailView,
    ImportJobListView,
    import_cancel,
    import_commit,
    import_issues_export,
    import_progress,
    import_template,
    registry_import,
    roster_import,
)

__all__ = [
    "EnterpriseLedgerView",
    "EnterpriseListView",
    "ImportJobDetailView",
    "ImportJobListView",
    "RosterListView",
    "enterprise_export",
    "import_cancel",
    "import_commit",
    "import_issues_export",
    "import_progress",
    "import_template",
    "ledger_export",
    "registry_import",
    "roster_export",
    "roster_import",
]
