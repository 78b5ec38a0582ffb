"""Version-0 prototype files migrate to the exact version-1 map."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import leaves, set_at

from vsm_editor.model import (
    AnatomyMap,
    Catalogue,
    Component,
    ControlPoint,
    Decision,
    Duration,
    Handoff,
    Improvement,
    Lane,
    LogicItem,
    MapFileError,
    Outcome,
    Percent,
    Rate,
    Stage,
    Stream,
    dump_bytes,
    load_bytes,
    load_map,
    save_map,
)
from vsm_editor.model.migrations import CURRENT_VERSION, migrate

DATA = Path(__file__).resolve().parent.parent / "data"
V0_FILE = DATA / "secure-intake-v0.vsm.json"


def expected_secure_intake() -> AnatomyMap:
    """The version-1 map that ``secure-intake-v0.vsm.json`` must become, written by hand:
    lanes found by name, y made relative to the lane band (bands 200/160/140 high, so tops
    0/200/360 and the no-lane area at 500), waits moved onto incoming flow handoffs (a
    handoff's own wait wins; a stage reached by no flow keeps its wait as a note), %C&A and
    decisions wrapped, the catalogue gathered."""
    return AnatomyMap(
        format="vsm-anatomy",
        version=1,
        stream=Stream(
            id="vs_" + hashlib.sha1(b"Secure intake").hexdigest()[:8],
            name="Secure intake",
            description="Documents from new clients reach the secure archive.",
            working_day_hours=7.5,
        ),
        outcomes=[
            Outcome(
                id="oc_fast",
                statement="Answer new clients within a day",
                metric="lead time",
                unit="hours",
                baseline=30.0,
                target=8.0,
                direction="decrease",
            )
        ],
        lanes=[
            Lane(id="ln_front", name="Front desk", height=200.0),
            Lane(id="ln_sec", name="Security", height=160.0),
            Lane(id="ln_back", name="Back office", colour="#eef7e8", height=140.0),
        ],
        stages=[
            Stage(
                id="st_receive",
                name="Receive documents",
                lane="ln_front",
                x=40.0,
                y=60.0,
                outcomes=["oc_fast"],
                decisions=[
                    Decision(id="st_receive_d1", text="Complete?"),
                    Decision(id="st_receive_d2", text="Client known?"),
                ],
                process_time=Duration(value=10.0, unit="minutes"),
                pca=Percent(value=90.0),
                start=True,
            ),
            Stage(
                id="st_scan",
                name="Scan for malware",
                lane="ln_sec",
                x=280.0,
                y=50.0,
                decisions=[Decision(id="st_scan_d1", text="Clean?")],
                process_time=Duration(value=5.0, unit="minutes", measured=True),
                pca=Percent(value=99.5),
            ),
            Stage(
                id="st_verify",
                name="Verify identity",
                lane="ln_sec",
                x=520.0,
                y=40.0,
                decisions=[
                    Decision(id="st_verify_d1", text="Identity proven?"),
                    Decision(id="dc_retention", text="Retention needed?"),
                ],
                pca=Percent(value=75.0, measured=True),
            ),
            Stage(
                id="st_archive",
                name="Archive securely",
                lane="ln_back",
                x=760.0,
                y=40.0,
                end=True,
                improvements=[
                    Improvement(
                        id="im_paper", text="Paper copies are scanned twice", kind="pain_point"
                    )
                ],
            ),
            Stage(
                id="st_reject",
                name="Reject and notify",
                x=520.0,
                y=60.0,
                notes="Tell the client why.\n"
                "Wait before this stage (kept from an older file): 30 minutes",
            ),
        ],
        handoffs=[
            Handoff(
                id="ho_upload",
                source="st_receive",
                target="st_scan",
                artifact="uploaded files",
                wait=Duration(value=2.0, unit="hours"),
            ),
            Handoff(
                id="ho_clean",
                source="st_scan",
                target="st_verify",
                share=Percent(value=90.0),
                wait=Duration(value=1.0, unit="working_days"),
            ),
            Handoff(
                id="ho_fast",
                source="st_scan",
                target="st_archive",
                share=Percent(value=10.0),
                wait=Duration(value=4.0, unit="hours"),
            ),
            Handoff(
                id="ho_verified",
                source="st_verify",
                target="st_archive",
                kind="flow",
                wait=Duration(value=3.0, unit="calendar_days", measured=True),
            ),
            Handoff(
                id="ho_again",
                source="st_verify",
                target="st_receive",
                kind="rework",
                rework_rate=Rate(value=0.15),
            ),
            Handoff(
                id="ho_alert",
                source="st_scan",
                target="st_reject",
                kind="information",
                label="malware found",
            ),
        ],
        catalogue=Catalogue(
            control_points=[
                ControlPoint(
                    id="cp_upload", kind="field", subject="Upload field", component="cm_portal"
                ),
                ControlPoint(
                    id="cp_scan_job",
                    kind="background",
                    subject="Nightly scan job",
                    component="cm_scanner",
                ),
            ],
            logic=[
                LogicItem(
                    id="lg_size",
                    kind="rule",
                    statement="Files up to 20 MB",
                    stages=["st_receive"],
                    decision="st_receive_d1",
                    control_point="cp_upload",
                    owner="Front desk lead",
                ),
                LogicItem(
                    id="lg_scan",
                    kind="integration",
                    statement="Every file passes the virus scanner",
                    stages=["st_scan", "st_archive"],
                    decision="st_scan_d1",
                    control_point="cp_scan_job",
                    owner="Security",
                ),
                LogicItem(
                    id="lg_keep",
                    kind="timing",
                    statement="Keep identity papers for ten years",
                    stages=["st_verify"],
                    decision="dc_retention",
                    owner="Legal",
                ),
            ],
            components=[
                Component(
                    id="cm_portal", kind="screen", name="Client portal", realizes=["lg_size"]
                ),
                Component(
                    id="cm_scanner",
                    kind="integration",
                    name="Virus scanner API",
                    spec="POST /scan",
                    realizes=["lg_scan"],
                ),
            ],
        ),
    )


def test_the_fixture_really_is_a_version_0_file():
    raw = json.loads(V0_FILE.read_bytes())
    assert raw["version"] == 0
    assert "stream" not in raw and "catalogue" not in raw
    assert {"name", "control_points", "logic", "components"} <= set(raw)
    assert all(isinstance(d, str) for d in raw["stages"][0]["decisions"])
    assert isinstance(raw["stages"][0]["pca"], int | float)
    assert raw["stages"][1]["lane"] == "Security" and "wait" in raw["stages"][1]


def test_version_0_migrates_to_the_exact_expected_map():
    assert load_map(V0_FILE) == expected_secure_intake()


def test_migrated_map_saves_as_the_current_version(tmp_path):
    migrated = load_map(V0_FILE)
    target = tmp_path / "secure-intake.vsm.json"
    save_map(migrated, target)
    saved = json.loads(target.read_bytes())
    assert saved["version"] == CURRENT_VERSION == 1
    assert "wait" not in json.dumps(saved["stages"])
    assert load_map(target) == expected_secure_intake()
    assert target.read_bytes() == dump_bytes(load_map(target))


def test_loading_does_not_touch_the_old_file():
    before = V0_FILE.read_bytes()
    load_map(V0_FILE)
    assert V0_FILE.read_bytes() == before


def test_waits_go_only_onto_incoming_flow_handoffs():
    migrated = load_map(V0_FILE)
    by_id = {h.id: h for h in migrated.handoffs}
    assert by_id["ho_again"].wait is None  # rework into st_receive, which had no wait
    assert by_id["ho_alert"].wait is None  # information handoffs carry no time
    assert by_id["ho_fast"].wait == Duration(value=4.0, unit="hours")  # its own wait kept


def test_an_unknown_lane_name_is_a_located_error():
    raw = json.loads(V0_FILE.read_bytes())
    raw["stages"][2]["lane"] = "Nowhere"
    with pytest.raises(MapFileError) as caught:
        load_bytes(json.dumps(raw).encode(), "old.vsm.json")
    assert str(caught.value) == "old.vsm.json: stages[2].lane: no lane is named 'Nowhere'"


def test_a_missing_version_is_refused_not_guessed():
    raw = json.loads(V0_FILE.read_bytes())
    del raw["version"]
    with pytest.raises(MapFileError) as caught:
        load_bytes(json.dumps(raw).encode(), "old.vsm.json")
    assert str(caught.value) == "old.vsm.json: version: has no format version"


def test_migrate_leaves_current_version_documents_alone():
    raw = {"format": "vsm-anatomy", "version": 1, "stream": {"id": "vs_a", "name": "A"}}
    assert migrate(raw, CURRENT_VERSION) is raw


def test_migrate_refuses_a_non_object():
    with pytest.raises(ValueError, match="expected a JSON object"):
        migrate([1, 2], 0)


def test_a_version_0_map_without_lanes_keeps_absolute_y():
    raw = {
        "format": "vsm-anatomy",
        "version": 0,
        "name": "Bare",
        "stages": [{"id": "st_a", "name": "A", "y": 75, "pca": 50}],
    }
    migrated = load_bytes(json.dumps(raw).encode())
    assert migrated.stages[0].y == 75.0
    assert migrated.stages[0].pca == Percent(value=50.0)
    assert migrated.stream.name == "Bare"


_V0_RAW = json.loads(V0_FILE.read_bytes())
_V0_SPOTS = [location for location, _ in leaves(_V0_RAW)]


SCALARS = [42, -1.5, "x", "", None, True]


@settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(_V0_SPOTS), st.sampled_from(SCALARS)), min_size=1, max_size=3
    )
)
@example([("stages[0].y", None)])
def test_version_0_files_with_swapped_scalars_give_only_the_typed_error(swaps):
    """List- and object-shaped values are pinned separately by
    ``test_bad_version_0_shapes_give_a_located_typed_error`` in test_bad_input.py."""
    raw = json.loads(V0_FILE.read_bytes())
    for location, value in swaps:
        set_at(raw, location, value)
    try:
        load_bytes(json.dumps(raw).encode(), "old.vsm.json")
    except MapFileError as err:
        assert str(err).startswith("old.vsm.json: ")
        assert "\n" not in str(err)
