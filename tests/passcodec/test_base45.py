"""Base45 (RFC 9285): the RFC's examples, round trips, and what is not Base45."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkguard.passcodec import base45


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"AB", "BB8"),
        (b"Hello!!", "%69 VD92EX0"),
        (b"base-45", "UJCLQE7W581"),
        (b"ietf!", "QED8WEX0"),
        (b"", ""),
    ],
)
def test_the_rfc_examples(data, text):
    assert base45.encode(data) == text
    assert base45.decode(text) == data


@given(st.binary(max_size=3000))
def test_any_bytes_round_trip(data):
    assert base45.decode(base45.encode(data)) == data


@given(st.text(alphabet=base45.ALPHABET, max_size=300))
def test_decoding_any_alphabet_text_either_round_trips_or_is_refused(text):
    try:
        data = base45.decode(text)
    except base45.Base45Error:
        return
    assert base45.encode(data) == text


@pytest.mark.parametrize("text", ["GGW", "ZZZ", "000:::", "0000ZZ"])
def test_a_chunk_too_big_for_its_bytes_is_refused(text):
    with pytest.raises(base45.Base45Error):
        base45.decode(text)


@pytest.mark.parametrize("text", ["0", "0000", "BB8B"])
def test_a_length_of_3n_plus_1_is_truncated(text):
    with pytest.raises(base45.Base45Truncated):
        base45.decode(text)


@pytest.mark.parametrize("text", ["bb8", "BB8=", "BB\u00e9", "BB\n"])
def test_characters_outside_the_alphabet_are_refused(text):
    with pytest.raises(base45.Base45Error):
        base45.decode(text)
