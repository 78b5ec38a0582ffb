"""``quick_init`` keeps a frozen dataclass's behaviour: the same fields, defaults, equality,
hash, repr, ``replace`` and pickling, and it stays frozen."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vsm_editor.model.geometry import Rect
from vsm_editor.model.quick_init import quick_init
from vsm_editor.style.layout import TextLine


@dataclasses.dataclass(frozen=True, slots=True)
class PlainLine:
    """TextLine's twin with the dataclass's own ``__init__``."""

    text: str
    x: float
    baseline: float
    width: float
    size: float
    bold: bool = False


numbers = st.floats(allow_nan=False, allow_infinity=False)


@given(st.text(max_size=8), numbers, numbers, numbers, numbers, st.booleans())
def test_made_like_the_dataclass_init_makes_it(text, x, baseline, width, size, bold) -> None:
    quick = TextLine(text, x, baseline, width, size, bold)
    plain = PlainLine(text, x, baseline, width, size, bold)
    assert dataclasses.astuple(quick) == dataclasses.astuple(plain)
    assert repr(quick).removeprefix("TextLine") == repr(plain).removeprefix("PlainLine")
    assert TextLine(text, x, baseline, width, size) == TextLine(
        text=text, x=x, baseline=baseline, width=width, size=size, bold=False)


def test_still_frozen_hashed_replaced_and_pickled() -> None:
    rect = Rect(1.0, 2.0, 3.0, 4.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rect.x = 5.0  # type: ignore[misc]
    assert hash(rect) == hash(Rect(1.0, 2.0, 3.0, 4.0))
    assert {rect, Rect(1.0, 2.0, 3.0, 4.0)} == {rect}
    assert dataclasses.replace(rect, width=9.0) == Rect(1.0, 2.0, 9.0, 4.0)
    assert pickle.loads(pickle.dumps(rect)) == rect
    assert copy.deepcopy(rect) == rect
    with pytest.raises(TypeError):
        Rect(1.0, 2.0, 3.0)  # type: ignore[call-arg]
    assert TextLine("a", 0, 0, 1, 10).bold is False


def test_refuses_classes_it_cannot_speed_up() -> None:
    @dataclasses.dataclass(slots=True)
    class Loose:
        x: float

    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        x: float

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        x: float

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True, slots=True)
    class Listed:
        items: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Hidden:
        x: float
        cache: float = dataclasses.field(default=0.0, init=False)

    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class Named:
        x: float

    for cls in (Loose, NoSlots, Checked, Listed, Hidden, Named):
        with pytest.raises(TypeError):
            quick_init(cls)


def test_inherited_fields_are_set_through_the_base_class_slots() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Base:
        x: float

    @quick_init
    @dataclasses.dataclass(frozen=True, slots=True)
    class Child(Base):
        y: float = 2.0

    child = Child(1.0)
    assert (child.x, child.y) == (1.0, 2.0) and child == Child(1.0, 2.0)
