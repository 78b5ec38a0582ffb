#!/usr/bin/env bash
# Build the one-folder bundle dist/vsm-editor/ and smoke-test the built binary.
#
# A clean temporary venv gets a non-editable `pip install .` of a copy of the project's
# installable files (so stale build/ folders and the source tree cannot leak into the bundle)
# plus PyInstaller; packaging/vsm-editor.spec builds the bundle; then the built binary must
# write a template, export it (BPMN, JSON, and SVG when the export offers it) and pass
# `--self-test` offscreen. Any failure exits non-zero. Prints the bundle size and the wall time
# of `--self-test` (an upper bound of the start-up time: process start to window shown, plus
# rendering and closing).
#
# Environment: PYTHON (default python3), PYINSTALLER (pip requirement, default pyinstaller>=6.10,<7),
# DIST (default <repo>/dist).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
pyinstaller_req="${PYINSTALLER:-pyinstaller>=6.10,<7}"
dist="${DIST:-$root/dist}"
bundle="$dist/vsm-editor"
binary="$bundle/vsm-editor"
work="$(mktemp -d "${TMPDIR:-/tmp}/vsm-bundle.XXXXXX")"
trap 'rm -rf "$work"' EXIT

say() { printf 'bundle: %s\n' "$*"; }
fail() { printf 'bundle: FAILED: %s\n' "$*" >&2; exit 1; }
now_ms() {  # milliseconds since the epoch (bash 5's clock; Python where bash is older)
    if [ -n "${EPOCHREALTIME:-}" ]; then
        local now="${EPOCHREALTIME/[.,]/}"
        echo $(( now / 1000 ))
    else
        "$python" -c 'import time; print(time.time_ns() // 1000000)'
    fi
}

# ------------------------------------------------------------------ clean, non-editable install
say "installing a copy of the project into a clean venv"
mkdir "$work/src"
for item in pyproject.toml README.md LICENSE vsm_editor exporters resources; do
    cp -R "$root/$item" "$work/src/"
done
find "$work/src" -name __pycache__ -prune -exec rm -rf {} +
rm -rf "$work/src"/*.egg-info
"$python" -m venv "$work/venv"
extra=""  # PyInstaller turns the PNG icon into an .icns with Pillow on macOS
[ "$(uname -s)" != Darwin ] || extra="pillow"
venv_python="$work/venv/bin/python"
pip_log="$work/pip.log"
if ! { "$venv_python" -m pip install --disable-pip-version-check --upgrade pip &&
       "$venv_python" -m pip install --disable-pip-version-check "$work/src" "$pyinstaller_req" $extra
     } >"$pip_log" 2>&1; then
    tail -n 40 "$pip_log" >&2
    fail "pip install . (see the lines above)"
fi

# Qt's xcb platform plugin needs system libraries that PyInstaller copies only if present.
qxcb="$("$venv_python" -c 'import pathlib, PySide6
print(pathlib.Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqxcb.so")')"
if [ -f "$qxcb" ] && command -v ldd >/dev/null 2>&1; then
    missing="$(ldd "$qxcb" | awk '/not found/ {print $1}' | tr '\n' ' ')"
    [ -z "$missing" ] || fail "Qt's xcb plugin lacks ${missing}(apt-get install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 ...)"
fi

# ------------------------------------------------------------------ build
say "building with $("$work/venv/bin/pyinstaller" --version 2>/dev/null | head -n1 | sed 's/^/PyInstaller /')"
rm -rf "$bundle"
started="$(now_ms)"
(cd "$work" && "$work/venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$work/build" "$root/packaging/vsm-editor.spec")
build_ms=$(( $(now_ms) - started ))
[ -x "$binary" ] || fail "no executable at $binary"
dangling="$(find "$bundle" -type l ! -exec test -e {} \; -print | head -n 5)"
[ -z "$dangling" ] || fail "broken symlinks in the bundle: $dangling"

# ------------------------------------------------------------------ smoke tests
smoke="$work/smoke"
mkdir -p "$smoke/state"
export QT_QPA_PLATFORM=offscreen VSM_EDITOR_STATE_DIR="$smoke/state" VSM_EDITOR_RECOVER=no
# The binary must not see the build venv or the source tree.
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV
cd "$smoke"

run() {  # run the bundled command; fail with its output when it fails
    local log="$smoke/last.log"
    if ! "$binary" "$@" >"$log" 2>&1; then
        cat "$log" >&2
        fail "vsm-editor $*"
    fi
}

run --version
grep -q "vsm-editor" "$smoke/last.log" || fail "--version printed: $(cat "$smoke/last.log")"
run templates
grep -qx "secure-api" "$smoke/last.log" || fail "the bundled templates lack secure-api"

map="$smoke/x.vsm.json"
run new --template secure-api -o "$map"
run export "$map" --format bpmn -o "$smoke/x.bpmn"
grep -q "definitions" "$smoke/x.bpmn" || fail "the BPMN export has no definitions element"
run export "$map" --format json -o "$smoke/x.anatomy.json"
"$venv_python" -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' \
    "$smoke/x.anatomy.json" || fail "the JSON export is not JSON"
exported="bpmn json"
"$binary" export --help >"$smoke/help.txt" 2>&1 || true
if grep -q "svg" "$smoke/help.txt"; then
    run export "$map" --format svg -o "$smoke/x.svg"
    grep -q "<svg" "$smoke/x.svg" || fail "the SVG export has no svg element"
    exported="$exported svg"
fi
say "headless: new + export ($exported) passed"

# --self-test: opens the window on the map, renders it, exits 0. Timed three times.
times=""
for attempt in 1 2 3; do
    report="$smoke/self-test-$attempt.json"
    started="$(now_ms)"
    VSM_EDITOR_SELFTEST_REPORT="$report" run --self-test "$map"
    times="$times $(( $(now_ms) - started ))"
    if [ -f "$report" ]; then
        grep -q '"ok": true' "$report" || fail "self-test report: $(cat "$report")"
    fi
done
best="$(printf '%s\n' $times | sort -n | head -n1)"
say "--self-test passed (offscreen)"

# The same on a real X server when one can be had: proves the xcb plugin and its libraries load.
if command -v xvfb-run >/dev/null 2>&1; then
    QT_QPA_PLATFORM=xcb VSM_EDITOR_SELFTEST_REPORT="$smoke/self-test-xcb.json" \
        xvfb-run -a "$binary" --self-test "$map" >"$smoke/xcb.log" 2>&1 ||
        { cat "$smoke/xcb.log" >&2; fail "--self-test on X11 (xvfb-run)"; }
    if [ -f "$smoke/self-test-xcb.json" ]; then
        grep -q '"ok": true' "$smoke/self-test-xcb.json" || fail "X11 self-test report"
    fi
    say "--self-test passed (X11 under xvfb-run)"
else
    say "--self-test on X11 skipped: xvfb-run not installed (Debian xvfb)"
fi

size_kib="$(du -sk "$bundle" | cut -f1)"
say "folder: $bundle"
say "bundle size: $(( size_kib / 1024 )) MiB ($(find "$bundle" -type f | wc -l) files)"
say "build time: $(( build_ms / 1000 )) s"
say "self-test wall time (ms, upper bound of start-up):$times; best ${best}"
