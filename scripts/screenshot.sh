#!/bin/sh
# Screenshot a kg graph.html with headless chromium, offline.
#   scripts/screenshot.sh OUT.html PNG [WIDTHxHEIGHT]
# e.g. scripts/screenshot.sh out/graph.html docs/graph.png
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 OUT.html PNG [WIDTH,HEIGHT]" >&2
    exit 2
fi
html=$1
png=$2
size=${3:-1400,900}
# optional: KG_FOCUS=person/张良 opens that node's panel (URL fragment)
focus=${KG_FOCUS:-}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$chromium" ]; then
    echo "chromium not found (apt-get install -y chromium fonts-noto-cjk)" >&2
    exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM
abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
mkdir -p "$(dirname "$png")"
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --force-device-scale-factor=1 \
    --user-data-dir="$profile" --virtual-time-budget=8000 \
    --window-size="$size" --screenshot="$png" "file://$abs${focus:+#$focus}" 2>/dev/null
echo "$png"
