#!/usr/bin/env bash
# Third-party browser code, fetched at setup from the npm registry, pinned by version and checksum, never
# committed (../shared/DESIGN.md, UI). Run by `make install`; idempotent.
#
# zxing-wasm (MIT; ZXing-C++ under Apache-2.0 compiled into the WebAssembly module), reader only: the
# guard's page (static/js/guard.js) decodes camera frames with it where the browser has no
# BarcodeDetector (Firefox, Safari, desktop Chromium). It loads the .wasm from static/vendor/, never from
# a CDN. To move to another version: change VERSION and SHA256 (sha256sum of the `npm pack` tarball).
set -euo pipefail

VERSION=3.1.4
SHA256=2416232a155533bdcfa098a22ec9087734b34640ffa2a7add90bc36e145f6da0
DEST="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/static/vendor/zxing-wasm"

if [[ -f "$DEST/.version" && "$(cat "$DEST/.version")" == "$VERSION" ]]; then
	exit 0
fi
if ! command -v npm >/dev/null; then
	echo "!! npm is not installed: the guard page's camera scan will work only in browsers with" >&2
	echo "!! BarcodeDetector (install Node.js/npm and run 'make install' again)" >&2
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "zxing-wasm@$VERSION" >/dev/null)
echo "$SHA256  $work/zxing-wasm-$VERSION.tgz" | sha256sum --check --quiet
tar -xzf "$work/zxing-wasm-$VERSION.tgz" -C "$work"
mkdir -p "$DEST"
cp "$work/package/dist/iife/reader/index.js" "$DEST/zxing-reader.iife.js"
cp "$work/package/dist/reader/zxing_reader.wasm" "$DEST/zxing_reader.wasm"
cp "$work/package/LICENSE" "$DEST/LICENSE"
echo "$VERSION" >"$DEST/.version"
echo "fetched zxing-wasm $VERSION into static/vendor/"
