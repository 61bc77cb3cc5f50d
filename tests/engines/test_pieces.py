"""Long texts are cut into bounded pieces that add up to the text, at the best boundary;
documents are grouped into chunks by count and characters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.engines.pieces import MAX_PIECE_CHARS, chunks, split_text
from recoupe.records import Document


def test_a_text_within_the_bound_is_one_piece() -> None:
    text = "Paris a annoncé jeudi une aide.\n\nBerlin aussi."
    assert split_text(text) == [(0, text)]
    assert MAX_PIECE_CHARS >= 100_000  # ordinary articles are parsed whole, as before


def test_pieces_end_after_a_blank_line_rather_than_a_line_or_a_sentence() -> None:
    para = "Une phrase. " * 8 + "\n"  # 97 characters
    text = (para * 2 + "\n") * 4
    pieces = split_text(text, 300)
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])


def test_without_paragraphs_pieces_end_after_a_sentence() -> None:
    text = "Moscou accuse Kiev. " * 50
    pieces = split_text(text, 120)
    assert all(piece.endswith(". ") for _, piece in pieces[:-1])


def test_a_text_with_no_boundary_is_cut_at_the_bound() -> None:
    text = "x" * 1000
    assert [len(p) for _, p in split_text(text, 300)] == [300, 300, 300, 100]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n\u200b«»\u202e"), max_size=3000), st.integers(2, 400))
def test_pieces_are_bounded_consecutive_slices_that_add_up_to_the_text(text: str, bound: int) -> None:
    pieces = split_text(text, bound)
    assert "".join(piece for _, piece in pieces) == text
    position = 0
    for offset, piece in pieces:
        assert offset == position and text[offset:offset + len(piece)] == piece
        assert len(piece) <= bound
        position += len(piece)
    assert all(piece for _, piece in pieces[1:]) and len(pieces) <= 1 + 2 * len(text) // bound


def test_chunks_keep_the_order_and_respect_counts_and_characters() -> None:
    docs = [Document.make(f"d{i}", "x" * n) for i, n in enumerate([10, 10, 10, 50, 200, 10])]
    got = [[d.id for d in c] for c in chunks(docs, max_docs=2, max_chars=60)]
    assert got == [["d0", "d1"], ["d2", "d3"], ["d4"], ["d5"]]
