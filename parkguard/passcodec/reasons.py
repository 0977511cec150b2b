"""Why a token was accepted or refused: stable machine codes, each with an English and a Chinese message.

The codes travel (API answers, scan logs, partner systems, the CLI's output) and never change meaning;
the messages are for people at a gate. The package has no Django, so it carries its own Chinese.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    OK = "ok"
    TOO_LARGE = "too_large"
    BAD_PREFIX = "bad_prefix"
    BAD_BASE45 = "bad_base45"
    TRUNCATED = "truncated"
    BAD_COMPRESSION = "bad_compression"
    BAD_CBOR = "bad_cbor"
    BAD_COSE = "bad_cose"
    UNKNOWN_KEY = "unknown_key"
    KEY_NOT_VALID = "key_not_valid"
    BAD_SIGNATURE = "bad_signature"
    BAD_CLAIMS = "bad_claims"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    UNTRUSTED_ISSUER = "untrusted_issuer"
    WRONG_KIND = "wrong_kind"


REASON_TEXT: dict[Reason, tuple[str, str]] = {
    Reason.OK: ("Valid pass.", "通行码有效。"),
    Reason.TOO_LARGE: ("The code is too long to be a pass.", "码内容过长，不是通行码。"),
    Reason.BAD_PREFIX: ("This is not a ParkGuard pass (wrong prefix).", "不是园区防疫通通行码（前缀不符）。"),
    Reason.BAD_BASE45: (
        "The code contains characters a pass never has.",
        "码中含有通行码不会出现的字符。",
    ),
    Reason.TRUNCATED: ("The code is incomplete (cut off).", "码内容不完整（被截断）。"),
    Reason.BAD_COMPRESSION: ("The code's compressed data is damaged.", "码的压缩数据已损坏。"),
    Reason.BAD_CBOR: ("The code's data is malformed.", "码的数据格式错误。"),
    Reason.BAD_COSE: ("The code's signed envelope is malformed.", "码的签名结构格式错误。"),
    Reason.UNKNOWN_KEY: (
        "The pass was signed with a key that is not in the trust list.",
        "通行码的签名密钥不在信任列表中。",
    ),
    Reason.KEY_NOT_VALID: (
        "The pass was signed with a key outside its validity period.",
        "通行码的签名密钥不在有效期内。",
    ),
    Reason.BAD_SIGNATURE: (
        "The signature does not match: the pass was altered or forged.",
        "签名不符：通行码被篡改或伪造。",
    ),
    Reason.BAD_CLAIMS: ("The pass's contents are invalid.", "通行码内容无效。"),
    Reason.EXPIRED: ("The pass has expired.", "通行码已过期。"),
    Reason.NOT_YET_VALID: ("The pass is not valid yet.", "通行码尚未生效。"),
    Reason.REVOKED: ("The pass has been revoked.", "通行码已被撤销。"),
    Reason.UNTRUSTED_ISSUER: (
        "The pass's issuer is not trusted here.",
        "通行码的签发方不在本地信任范围内。",
    ),
    Reason.WRONG_KIND: (
        "Wrong kind of pass for this lane (person / vehicle).",
        "通行码类型与通道不符（人员/车辆）。",
    ),
}
