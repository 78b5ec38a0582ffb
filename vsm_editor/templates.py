"""The example maps shipped in ``resources/templates`` (``<id>.vsm.json``)."""

from __future__ import annotations

from datetime import date

from vsm_editor.model import AnatomyMap, MapFileError, Origin, load_bytes
from vsm_editor.resources_access import resource

SUFFIX = ".vsm.json"
DEFAULT_TEMPLATE = "secure-api"


def template_ids() -> list[str]:
    """The ids of all shipped templates, sorted."""
    folder = resource("templates")
    return sorted(
        entry.name[: -len(SUFFIX)] for entry in folder.iterdir() if entry.name.endswith(SUFFIX)
    )


def load_template(template_id: str) -> AnatomyMap:
    """A fresh copy of template ``template_id``, marked as made from it."""
    if template_id not in template_ids():
        known = ", ".join(template_ids())
        raise MapFileError(template_id, f"no such template (known: {known})")
    data = resource("templates", template_id + SUFFIX).read_bytes()
    anatomy = load_bytes(data, f"template {template_id}")
    anatomy.origin = Origin(kind="template", source=template_id, created=date.today().isoformat())
    return anatomy
