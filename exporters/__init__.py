"""Exporters and importers (installed as ``vsm_editor.exporters``); never import Qt."""
