"""A node-path scope is spelled out from its levels once and remembered; the memo never widens what is accepted."""

from __future__ import annotations

import pytest

from parkguard.passcodec import claims
from parkguard.passcodec.claims import ClaimsError


def test_a_remembered_scope_reads_the_same_as_a_fresh_one():
    claims._SCOPE_TEXTS.clear()
    first = claims._decode_scope([1, 10, 330])
    again = claims._decode_scope([1, 10, 330])

    assert first == again == "0000001000000A0000096"
    assert dict(claims._SCOPE_TEXTS) == {(1, 10, 330): first}


@pytest.mark.parametrize("levels", [[True, 10], [1.0, 10], [1, -1], [1, 36**7]])
def test_levels_that_are_not_small_integers_are_refused_even_when_their_equal_is_remembered(levels):
    claims._decode_scope([1, 10])

    with pytest.raises(ClaimsError):
        claims._decode_scope(levels)


def test_the_memo_stays_bounded():
    claims._SCOPE_TEXTS.clear()
    for n in range(claims._SCOPE_TEXTS_MAX + 10):
        claims._decode_scope([1, n])

    assert len(claims._SCOPE_TEXTS) <= claims._SCOPE_TEXTS_MAX
