"""File > New future state: a copy of the current map that remembers where it came from."""

from __future__ import annotations

import datetime

import msgspec

from vsm_editor.model.entities import AnatomyMap, Origin
from vsm_editor.model.ids import new_id

FUTURE_SUFFIX = " (future state)"

_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(AnatomyMap)


def new_future_state(
    current: AnatomyMap, source_path: str, today: datetime.date | None = None
) -> AnatomyMap:
    """A deep copy of ``current`` to redesign as its future state.

    Every element keeps its id, so a comparison matches each stage, handoff, idea… with its
    original by id. The copy gets a new stream id, the name ``<name> (future state)`` (not
    doubled when the name already ends so), revision 0, and
    ``Origin(kind="future_state", source=source_path, source_id=<current stream id>,
    created=<today, ISO date>)``. ``current`` is not changed.
    """
    future = _decoder.decode(_encoder.encode(current))
    stream = future.stream
    stream.id = new_id("stream", _all_ids(current))
    if not stream.name.endswith(FUTURE_SUFFIX):
        stream.name = stream.name + FUTURE_SUFFIX
    stream.revision = 0
    future.origin = Origin(
        kind="future_state",
        source=source_path,
        source_id=current.stream.id,
        created=(today or datetime.date.today()).isoformat(),
    )
    return future


def is_future_of(future: AnatomyMap, current: AnatomyMap) -> bool:
    """Whether ``future`` was made from ``current`` by :func:`new_future_state`."""
    origin = future.origin
    return (origin is not None and origin.kind == "future_state"
            and bool(origin.source_id) and origin.source_id == current.stream.id)


def _all_ids(anatomy: AnatomyMap) -> set[str]:
    """Every element id of the map (ids are unique across kinds)."""
    taken = {anatomy.stream.id}
    taken.update(x.id for x in anatomy.outcomes)
    taken.update(x.id for x in anatomy.lanes)
    taken.update(x.id for x in anatomy.handoffs)
    for stage in anatomy.stages:
        taken.add(stage.id)
        taken.update(x.id for x in stage.decisions)
        taken.update(x.id for x in stage.improvements)
    catalogue = anatomy.catalogue
    taken.update(x.id for x in catalogue.control_points)
    taken.update(x.id for x in catalogue.logic)
    taken.update(x.id for x in catalogue.components)
    return taken
