#!/usr/bin/env bash
# Render the application icon's PNG sizes from vsm-editor.svg (needs rsvg-convert, Debian
# librsvg2-bin) and refresh the copy the app loads at run time (resources/icons/).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
svg="$here/vsm-editor.svg"
for size in 16 32 48 64 128 256 512; do
    out="$here/hicolor/${size}x${size}/apps"
    mkdir -p "$out"
    rsvg-convert --width "$size" --height "$size" "$svg" --output "$out/vsm-editor.png"
done
mkdir -p "$here/hicolor/scalable/apps" "$root/resources/icons"
cp "$svg" "$here/hicolor/scalable/apps/vsm-editor.svg"
cp "$svg" "$root/resources/icons/vsm-editor.svg"
cp "$here/hicolor/256x256/apps/vsm-editor.png" "$root/resources/icons/vsm-editor-256.png"
echo "rendered $(ls "$here"/hicolor/*/apps/vsm-editor.* | wc -l) icon files"
