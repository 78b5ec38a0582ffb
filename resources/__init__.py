"""Package data (installed as ``vsm_editor.resources``): schema, templates, fonts, icons."""
