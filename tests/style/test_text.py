"""Text measurement and wrapping from the shipped font, without Qt."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_editor.resources_access import resource
from vsm_editor.style.text import (
    FALLBACK_SCRIPT_FACTOR,
    FIT_RATIO,
    TooManyLinesError,
    clear_caches,
    font_bytes,
    font_metrics,
    line_height,
    measure,
    varies_in_fallback,
    wrap,
    wrap_text,
)

LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789äöüßÄÖÜéèçñ.,;:-()&/'\""
GREEK = "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΘΛΞΠΣΦΨΩάέήί"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
CJK = "价值流映射编辑器审批合同客户支付発注確認번호검토"
ARABIC = "مرحبابالعالمطلبموافقة"
MARKS = "\u0301\u0308\u200d"  # combining accents and a zero-width joiner
SPACES = "  \n"

texts = st.text(alphabet=LATIN + GREEK + CYRILLIC + CJK + ARABIC + MARKS + SPACES, max_size=220)


def test_fonts_ship_with_their_licence():
    fonts = resource("fonts")
    assert fonts.joinpath("DejaVuSans.ttf").read_bytes()[:4] == b"\x00\x01\x00\x00"
    assert fonts.joinpath("DejaVuSans-Bold.ttf").read_bytes()[:4] == b"\x00\x01\x00\x00"
    licence = fonts.joinpath("LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence and "Arev" in licence
    assert "Permission is hereby granted" in licence
    assert font_bytes(bold=True) != font_bytes()


def test_width_grows_with_text_and_size_and_weight():
    assert measure("", 13) == 0
    assert measure("Review", 13) < measure("Reviews", 13)
    assert measure("Review", 13) < measure("Review", 14)
    assert measure("Review", 13) < measure("Review", 13, bold=True)
    assert measure("Review", 26) == pytest.approx(2 * measure("Review", 13), rel=0.01)


def test_shaping_applies_kerning():
    # DejaVu Sans kerns "AV": the pair is narrower than its letters apart.
    assert measure("AV", 14) < measure("A", 14) + measure("V", 14) - 0.5


def test_cjk_missing_from_the_font_measures_one_em_per_character():
    assert measure("中", 14) == pytest.approx(14.0)
    assert measure("价值流映射", 10) == pytest.approx(50.0)
    assert measure("번호", 12) == pytest.approx(24.0)


def test_arabic_and_marks_measure_sensibly():
    arabic = measure("مرحبا بالعالم", 14)
    assert 40 < arabic < 13 * 14  # a few px per letter, never zero or an em each
    assert measure("e\u0301", 14) == pytest.approx(measure("e", 14), abs=0.5)
    assert measure("\u200d", 14) == 0


@settings(max_examples=300, deadline=None)
@given(
    text=texts,
    width=st.floats(min_value=40, max_value=400),
    size=st.sampled_from([9.0, 11.0, 13.0, 14.0, 17.5, 20.0]),
)
def test_wrapping_never_loses_a_character_and_every_line_fits(text, width, size):
    wrapped = wrap_text(text, width, size)
    assert wrapped.original() == text
    assert len(wrapped.breaks) == len(wrapped.lines) - 1
    assert set(wrapped.breaks) <= {" ", "\n", ""}
    for line in wrapped.lines:
        assert "\n" not in line
        assert measure(line, size) <= width * FIT_RATIO + 0.01


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.text(alphabet=LATIN + CYRILLIC, min_size=1, max_size=12), max_size=30),
    width=st.floats(min_value=80, max_value=300),
)
def test_wrapping_breaks_only_where_the_next_word_would_not_fit(words, width):
    text = " ".join(words)
    wrapped = wrap_text(text, width, 13)
    for line, separator, following in zip(
        wrapped.lines, wrapped.breaks, wrapped.lines[1:], strict=False
    ):
        first_word = following.split(" ")[0] if following else ""
        # a word too long for any line starts a line of its own and is broken by characters,
        # so only a whole next word must have been too long for this line
        # (the wrapper adds up word widths; shaping the joined line differs by the kerning
        # around the spaces, a fraction of a pixel)
        if separator == " " and first_word in words:
            assert measure(line + " " + first_word, 13) > width * FIT_RATIO - 1.0


def test_a_200_character_name_wraps_whole():
    name = ("Architecture and risk review of the transaction summaries API " * 4)[:200]
    lines = wrap(name, 164, 13)
    assert len(lines) > 5
    assert " ".join(lines) == name
    assert all(measure(line, 13) <= 164 * FIT_RATIO for line in lines)


def test_words_longer_than_a_line_break_between_characters():
    word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabteilung"
    wrapped = wrap_text(word, 100, 13)
    assert len(wrapped.lines) >= 3
    assert wrapped.breaks == [""] * (len(wrapped.lines) - 1)
    assert "".join(wrapped.lines) == word


def test_cjk_text_without_spaces_wraps_by_characters():
    text = "价值流映射编辑器的客户审批流程需要三天"
    lines = wrap(text, 100, 13)
    assert "".join(lines) == text
    assert len(lines) == 3  # 19 characters of 13 px in 92 px: 7 a line
    assert [len(line) for line in lines] == [7, 7, 5]


def test_short_text_stays_on_one_line_and_keeps_its_spaces():
    assert wrap("Lead captured", 180, 13) == ["Lead captured"]
    assert wrap("", 180, 13) == [""]
    assert wrap_text("a  b", 180, 13).lines == ["a  b"]
    assert wrap_text("one\ntwo", 180, 13).breaks == ["\n"]


def test_max_lines_refuses_text_that_needs_more():
    assert wrap("Check identity", 180, 13, max_lines=1) == ["Check identity"]
    with pytest.raises(TooManyLinesError):
        wrap("Architecture and risk review of the transaction API", 100, 13, max_lines=2)


def test_line_height_is_the_fonts_line_spacing():
    assert line_height(13) == pytest.approx(13 * (1901 + 483) / 2048)


def test_wrapping_5000_names_is_fast_once_warm():
    rng = random.Random(4)
    verbs = ["Receive", "Register", "Check", "Verify", "Approve", "Prüfen", "Проверка"]
    nouns = ["request", "credit line", "contract", "Zahlung", "заявки", "booking", "identity"]
    names = [
        " ".join(rng.choice(verbs + nouns) for _ in range(rng.randint(1, 6))) for _ in range(5000)
    ]
    for name in names:
        wrap(name, 164, 13)
    start = time.perf_counter()
    for name in names:
        wrap(name, 164, 13)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.25, f"{elapsed * 1000:.0f} ms"  # ~15 ms here; generous for loaded CI


# ----------------------------------------------------------------- fallback margin
def test_scripts_whose_fallback_fonts_vary_are_told_apart():
    assert not any(varies_in_fallback(char) for char in LATIN + GREEK + CYRILLIC + "–…€→")
    assert all(varies_in_fallback(char) for char in ARABIC + "שלום" + "नमस्ते" + "สวัสดี")
    # CJK fallback fonts set every character one em wide, as estimated: no extra margin.
    assert not any(varies_in_fallback(char) for char in CJK)


def test_arabic_is_wrapped_as_if_a_fallback_font_set_it_wider():
    metrics = font_metrics()
    word = "والموافقة"
    assert metrics.wrap_width(word, 13) == pytest.approx(
        measure(word, 13) * FALLBACK_SCRIPT_FACTOR, abs=0.1)
    assert metrics.wrap_width("Approval", 13) == measure("Approval", 13)
    assert metrics.wrap_width("Проверка", 13) == measure("Проверка", 13)
    # The same text wraps into more, shorter lines than its plain width would need.
    text = "مراجعة الطلب والتحقق من هوية العميل"
    width = 164.0
    lines = wrap(text, width, 13)
    assert all(measure(line, 13) * FALLBACK_SCRIPT_FACTOR <= width * FIT_RATIO + 0.1
               for line in lines)
    assert measure(text, 13) > width * FIT_RATIO / FALLBACK_SCRIPT_FACTOR  # so it did wrap
    assert len(lines) >= 2


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=LATIN + GREEK + CYRILLIC + SPACES, max_size=160),
       width=st.floats(min_value=60, max_value=300))
def test_latin_greek_and_cyrillic_wrap_as_measured(text, width):
    """The fallback margin leaves the scripts the shipped font's fallbacks match alone: a
    line breaks only where the next word would not fit the measured width."""
    wrapped = wrap_text(text, width, 13)
    for line, separator, following in zip(
        wrapped.lines, wrapped.breaks, wrapped.lines[1:], strict=False
    ):
        if separator == " " and following.split(" ")[0]:
            assert measure(line + " " + following.split(" ")[0], 13) > width * FIT_RATIO - 0.1


def test_wrapped_texts_are_cached_but_never_shared():
    clear_caches()
    first = wrap_text("Check the identity of the customer", 120, 13)
    second = wrap_text("Check the identity of the customer", 120, 13)
    assert first == second and first.lines is not second.lines
    first.lines.append("changed by a caller")
    assert wrap("Check the identity of the customer", 120, 13) == second.lines
    with pytest.raises(TooManyLinesError):
        wrap("Check the identity of the customer", 120, 13, max_lines=len(second.lines) - 1)
    assert wrap("Check the identity of the customer", 120, 13, max_lines=len(second.lines))


def test_scripts_mixed_in_one_name_are_shaped_run_by_run():
    from vsm_editor.style.text import script_runs

    assert script_runs("0иTc") == [(0, 2), (2, 4)]  # the digit joins the Cyrillic run
    assert script_runs("Tax, Договор 12") == [(0, 5), (5, 15)]
    assert script_runs("plain ascii") == [(0, 11)]
    # "Tc" is kerned as Latin inside a name that starts in Cyrillic
    assert measure("0иTc", 13) == pytest.approx(measure("0и", 13) + measure("Tc", 13))
    assert measure("Tc", 13) < measure("T", 13) + measure("c", 13)


def test_a_word_cut_in_a_joining_script_fits_as_drawn():
    text = "0000000000ب000فا"  # the cut changes the Feh's letter form
    for line in wrap_text(text, 40.0, 13.0).lines:
        assert measure(line, 13.0) <= 40.0 * FIT_RATIO + 0.01
