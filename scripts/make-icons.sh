#!/bin/sh
# Regenerates the app icons in assets/ from assets/icon.svg.
#
# Needs (Debian): apt-get install -y librsvg2-bin imagemagick icnsutils
#   rsvg-convert  renders the SVG at each size (crisp at every size, no resampling chain)
#   convert       (ImageMagick 6, /usr/bin/convert) packs the Windows .ico
#   png2icns      (icnsutils) packs the macOS .icns
# Outputs: assets/icons/<N>x<N>.png (Linux; electron-builder reads the directory),
#          assets/icon.png (1024, generic), assets/icon.ico (16…256), assets/icon.icns (16…1024).
set -eu
cd "$(dirname "$0")/.."
src=assets/icon.svg
out=assets/icons
mkdir -p "$out"
for size in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio "$src" --output "$out/${size}x${size}.png"
done
cp "$out/1024x1024.png" assets/icon.png
/usr/bin/convert "$out/16x16.png" "$out/24x24.png" "$out/32x32.png" "$out/48x48.png" "$out/64x64.png" "$out/128x128.png" "$out/256x256.png" assets/icon.ico
png2icns assets/icon.icns "$out/16x16.png" "$out/32x32.png" "$out/48x48.png" "$out/128x128.png" "$out/256x256.png" "$out/512x512.png" "$out/1024x1024.png"
echo "Icons written to assets/."
