#!/usr/bin/env bash
# Copies a Web Chat bundle into bot/web/vendor/ (gitignored) so the demo page works offline.
# Web Chat stays out of the bot's runtime dependencies: it is installed outside the project.
# Usage: bot/web/vendorWebchat.sh [webchat-install-prefix]   (default /tmp/webchat)
set -euo pipefail
PREFIX="${1:-/tmp/webchat}"
VERSION="${WEBCHAT_VERSION:-4.18.1}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUNDLE="$PREFIX/node_modules/botframework-webchat/dist/webchat.js"
if [ ! -f "$BUNDLE" ]; then
  echo "installing botframework-webchat@$VERSION under $PREFIX (outside the project)"
  npm install --prefix "$PREFIX" --no-audit --no-fund --ignore-scripts "botframework-webchat@$VERSION"
fi
mkdir -p "$HERE/vendor"
cp "$BUNDLE" "$HERE/vendor/webchat.js"
echo "copied $(wc -c < "$HERE/vendor/webchat.js") bytes to $HERE/vendor/webchat.js"
