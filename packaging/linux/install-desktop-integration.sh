#!/usr/bin/env bash
# Install vsm-editor's desktop entry, AppStream metadata, MIME type and icons, so the editor shows
# in the application menu and a double-click on a *.vsm.json opens it.
#
#   packaging/linux/install-desktop-integration.sh [DATA_DIR]
#
# DATA_DIR defaults to $XDG_DATA_HOME (~/.local/share): for the current user only. Give
# /usr/local/share (as root) for everyone. The `vsm-editor` command must be on PATH (pipx, or a
# link to the bundle's dist/vsm-editor/vsm-editor); the menu entry stays hidden until it is.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
icons="$here/../icons/hicolor"
data="${1:-${XDG_DATA_HOME:-$HOME/.local/share}}"
app_id="io.github.vsm_editor.VsmEditor"

install -D -m 644 "$here/$app_id.desktop" "$data/applications/$app_id.desktop"
install -D -m 644 "$here/$app_id.metainfo.xml" "$data/metainfo/$app_id.metainfo.xml"
install -D -m 644 "$here/vsm-editor-mime.xml" "$data/mime/packages/vsm-editor.xml"
for icon in "$icons"/*/apps/vsm-editor.*; do
    size="$(basename "$(dirname "$(dirname "$icon")")")"
    install -D -m 644 "$icon" "$data/icons/hicolor/$size/apps/$(basename "$icon")"
done

if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$data/mime"
else
    echo "update-mime-database not found (Debian: shared-mime-info): *.vsm.json stays plain JSON" >&2
fi
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$data/applications"
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache --quiet --force "$data/icons/hicolor" || true
fi
command -v vsm-editor >/dev/null 2>&1 ||
    echo "note: vsm-editor is not on PATH; the menu entry appears once it is" >&2
echo "installed the desktop integration into $data"
