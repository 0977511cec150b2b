"""The pass token format (issue #5), with no Django: CWT claims in COSE_Sign1 (ES256), zlib, Base45.

The passes app issues with it, the checkpoints app and the ``parkguard-verify`` CLI verify with it; the
format is specified in docs/passes-token.md.
"""

from .bundle import BundleError, load_bundle, sign_bundle
from .claims import COLOURS, MAX_VALIDITY, Claims, ClaimsError, Kind
from .keys import (
    TrustedKey,
    TrustList,
    TrustListError,
    generate_private_key,
    key_id,
    load_public_key,
    public_key_der,
)
from .qr import qr_version, render_qr_png, render_qr_svg
from .reasons import REASON_TEXT, Reason
from .revocation import RevocationList, RevocationListError, pass_id_hash
from .token import CLOCK_SKEW, MAX_TOKEN_CHARS, PREFIX, Verdict, issue_token, verify_token

__all__ = [
    "CLOCK_SKEW",
    "COLOURS",
    "MAX_TOKEN_CHARS",
    "MAX_VALIDITY",
    "PREFIX",
    "REASON_TEXT",
    "BundleError",
    "Claims",
    "ClaimsError",
    "Kind",
    "Reason",
    "RevocationList",
    "RevocationListError",
    "TrustList",
    "TrustListError",
    "TrustedKey",
    "Verdict",
    "generate_private_key",
    "issue_token",
    "key_id",
    "load_bundle",
    "load_public_key",
    "pass_id_hash",
    "public_key_der",
    "qr_version",
    "render_qr_png",
    "render_qr_svg",
    "sign_bundle",
    "verify_token",
]
