"""The release certificate (解除隔离证明) of a stay, printed to PDF (parkguard/lib/pdf.py).

It names the person with the id number masked, the site and the period, and, for an early release, the
authorised reason. Rendered in the active language (Chinese unless the reader asked for English).
"""

from __future__ import annotations

from django.utils.translation import gettext

from parkguard.lib.pdf import render_pdf

from .models import IsolationStay


def certificate_context(stay: IsolationStay) -> dict[str, object]:
    returnee = stay.returnee
    return {
        "stay": stay,
        "person": stay.person,
        "id_number_masked": stay.person.id_number_masked,
        "enterprise": returnee.enterprise.name if returnee else "",
        "days": (stay.released_on - stay.check_in_date).days if stay.released_on else 0,
        "early": bool(stay.early_release_reason),
        "document_title": gettext("Certificate of release from isolation"),
        "document_date": stay.released_on,
        "document_issuer": stay.site.node.name,
    }


def certificate_pdf(stay: IsolationStay) -> bytes:
    """The certificate's PDF bytes; only for a released stay."""
    if stay.released_on is None:
        raise ValueError("only a released stay has a release certificate")
    return render_pdf("pdf/release_certificate.html", certificate_context(stay))
