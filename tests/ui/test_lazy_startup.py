"""Start-up stays light: importing the editor's UI loads no analysis layout, no networkx and
no exporter (they load on first use), checked in a fresh interpreter with the installed
package."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("networkx", "vsm_editor.analysis.layout", "vsm_editor.exporters")


def test_ui_import_leaves_heavy_modules_unloaded(tmp_path):
    code = (
        "import json, sys\n"
        "import vsm_editor.ui.app\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VSM_EDITOR_STATE_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True, cwd=tmp_path)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"loaded at UI import: {loaded}"
