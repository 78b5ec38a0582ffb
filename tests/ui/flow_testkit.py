"""The hand-worked flow examples of tests/analysis/test_flow.py, laid out on lanes for the
canvas tests (imported by name: tests/ui is on sys.path, see tests/ui/conftest.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from vsm_editor.model import AnatomyMap, Lane
from vsm_editor.model.integrity import check_map

_SOURCE = Path(__file__).resolve().parents[1] / "analysis" / "test_flow.py"


def _examples():
    spec = importlib.util.spec_from_file_location("flow_examples_from_analysis", _SOURCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


examples = _examples()

#: stage id → (lane index, x) for the combined example.
COMBINED_PLACES = {
    "S": (0, 40), "P": (0, 280), "P1": (0, 520), "J": (0, 760), "M": (0, 1000),
    "Q": (0, 1240), "E": (0, 1480), "P2": (1, 520), "X": (2, 640),
}


def laid_out(anatomy: AnatomyMap, places: dict[str, tuple[int, float]],
             lanes: int = 3) -> AnatomyMap:
    """``anatomy`` with ``lanes`` lanes and its stages at ``places``; names made readable."""
    anatomy.lanes = [Lane(id=f"ln_{i}", name=f"Team {'ABC'[i]}", height=190.0)
                     for i in range(lanes)]
    for stage in anatomy.stages:
        lane, x = places[stage.id]
        stage.lane = f"ln_{lane}"
        stage.x = float(x)
        stage.y = 30.0
        stage.owner = "Team"
        stage.name = f"Stage {stage.id}"
    check_map(anatomy)
    return anatomy


def combined_map() -> AnatomyMap:
    """Alternatives (S: 60/40), a parallel split (P → P1, P2 joining at J) and a rework
    loop (Q → M at 20 %): lead time 17.6 h, process time 11.75 h, critical process time
    11.15 h, rolled %C&A 56.88 %, bottleneck P2 (expected wait 1.8 h), critical path
    S P P1 J M Q E (worked by hand in tests/analysis/test_flow.py)."""
    return laid_out(examples.combined_map(), COMBINED_PLACES)


def line_map() -> AnatomyMap:
    """A → B → C: PT 2, 3, 1 h, waits 1, 4 h; %C&A 90, 80, 50: lead time 11 h."""
    return laid_out(examples.line_map(), {"A": (0, 40), "B": (0, 300), "C": (1, 560)}, 2)


_DIAMOND = {"A": (0, 40), "B": (0, 320), "C": (1, 320), "D": (0, 600)}


def alternatives_map() -> AnatomyMap:
    """A splits 70/30 to B and C, joining at D: lead time 11.4 h, process time 5.4 h,
    rolled %C&A 62.4 %, bottleneck C (expected wait 3 h), critical path A B D."""
    return laid_out(examples.alternatives_map(), dict(_DIAMOND), 2)


def parallel_map() -> AnatomyMap:
    """A splits in parallel to B and C, joining at D: lead time 10 h, total process time
    9 h, critical process time 8 h, rolled %C&A 36 %, bottleneck C, critical path A B D."""
    return laid_out(examples.parallel_map(), dict(_DIAMOND), 2)


def open_window(editor, qtbot, tmp_path, anatomy: AnatomyMap, name: str = "flow"):
    """A main window on ``anatomy`` saved under ``tmp_path``, its flow drawn."""
    from vsm_editor.model import save_map

    path = tmp_path / f"{name}.vsm.json"
    save_map(anatomy, path)
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    window.flow_refresh_now()
    return window
