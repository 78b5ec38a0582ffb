"""Hostile and unusable files are refused with one line, read no local file and no URL."""

from __future__ import annotations

import socket
import time

import pytest
from vsm_editor.exporters.bpmn_import import import_bpmn

from vsm_editor.model.errors import MapFileError

BPMN = 'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"'
MARKER = "MARKER-7f3a9c-SECRET"


def refused(data: bytes, match: str) -> str:
    with pytest.raises(MapFileError, match=match) as caught:
        import_bpmn(data, "hostile.bpmn")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("hostile.bpmn: ")
    return message


def test_billion_laughs_is_refused_quickly():
    lol = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    data = (f'<?xml version="1.0"?><!DOCTYPE definitions [{"".join(lol)}]>'
            f'<definitions {BPMN} id="d"><process id="p"><task id="t" name="&l9;"/>'
            "</process></definitions>").encode()
    began = time.perf_counter()
    refused(data, "DOCTYPE")
    assert time.perf_counter() - began < 1.0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_an_external_entity_never_reads_the_local_file(tmp_path, encoding):
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER)
    text = (f'<?xml version="1.0" encoding="{encoding}"?>'
            f'<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
            f'<definitions {BPMN} id="d"><process id="p"><task id="t" name="&xxe;"/>'
            "<textAnnotation id='a'><text>&xxe;</text></textAnnotation>"
            "</process></definitions>")
    message = refused(text.encode(encoding), "DOCTYPE")
    assert MARKER not in message


def test_an_external_entity_never_fetches_a_url():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.3)
    port = server.getsockname()[1]
    try:
        data = (f'<!DOCTYPE definitions [<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/x">'
                f' %remote;]><definitions {BPMN} id="d"><process id="p"/></definitions>')
        refused(data.encode(), "DOCTYPE")
        with pytest.raises(OSError):  # socket.timeout: nobody connected
            server.accept()
    finally:
        server.close()


def test_an_entity_hidden_after_a_long_prolog_is_still_refused():
    padding = "<!--" + "x" * 70_000 + "-->"
    data = (f'<?xml version="1.0"?>{padding}<!DOCTYPE definitions [<!ENTITY e "boom">]>'
            f'<definitions {BPMN} id="d"><process id="p"><task id="t" name="&e;"/>'
            "</process></definitions>").encode()
    refused(data, "DOCTYPE")


@pytest.mark.parametrize(("data", "match"), [
    (b"", "empty"),
    (b"not xml at all", "not well-formed XML"),
    (b"<definitions", "not well-formed XML"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "not a BPMN 2.0 file"),
    (b'<definitions id="d"><process id="p"/></definitions>', "not a BPMN 2.0 file"),
    (f'<definitions {BPMN} id="d"><collaboration id="c"/></definitions>'.encode(),
     "no BPMN process"),
])
def test_unusable_files_are_refused_with_one_line(data, match):
    refused(data, match)


def test_files_over_50_mb_are_refused_before_parsing():
    data = b" " * (50 * 1024 * 1024 + 1)
    refused(data, "over 50 MB")


def test_a_process_of_only_events_gives_an_empty_valid_map():
    data = (f'<definitions {BPMN} id="d"><process id="p"><startEvent id="s"/>'
            '<endEvent id="e"/><sequenceFlow id="f" sourceRef="s" targetRef="e"/>'
            "</process></definitions>").encode()
    result = import_bpmn(data, "events.bpmn")
    assert result.anatomy.stages == [] and result.anatomy.handoffs == []


def test_odd_ids_and_names_get_fresh_ids_and_stay_valid():
    data = (f'<definitions {BPMN} id="d"><process id="p">'
            '<task id="é-task" name="&lt;script&gt; &amp; &quot;x&quot;"/><task id="t2"/>'
            '<sequenceFlow id="f" sourceRef="é-task" targetRef="t2"/>'
            '<sequenceFlow id="loop" sourceRef="t2" targetRef="t2"/>'
            "</process></definitions>").encode()
    result = import_bpmn(data, "odd.bpmn")
    first, second = result.anatomy.stages
    assert first.id.startswith("st_") and first.name == '<script> & "x"'
    assert second.id == "t2" and second.name == "Unnamed task"
    assert [(h.source, h.target) for h in result.anatomy.handoffs] == [(first.id, "t2")]
    assert {item.element_id for item in result.report} >= {"t2", "loop"}
