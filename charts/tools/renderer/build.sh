#!/bin/sh
# Rebuilds renderer.wasm.gz from main.go with Debian's Go toolchain and Go libraries:
#   apt-get install golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev
# Debian ships sprig v3 and semver v3 without their /v3 import path, so a throwaway GOPATH links them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
gopath=$(mktemp -d)
trap 'rm -rf "$gopath"' EXIT
src=/usr/share/gocode/src
mkdir -p "$gopath/src/github.com/Masterminds/sprig" "$gopath/src/github.com/Masterminds/semver"
for entry in "$src"/*; do
  [ "$(basename "$entry")" = github.com ] || ln -s "$entry" "$gopath/src/"
done
for owner in "$src"/github.com/*; do
  [ "$(basename "$owner")" = Masterminds ] || ln -s "$owner" "$gopath/src/github.com/"
done
ln -s "$src/github.com/Masterminds/goutils" "$gopath/src/github.com/Masterminds/goutils"
ln -s "$src/github.com/Masterminds/sprig" "$gopath/src/github.com/Masterminds/sprig/v3"
ln -s "$src/github.com/Masterminds/semver" "$gopath/src/github.com/Masterminds/semver/v3"
mkdir -p "$gopath/src/renderer"
cp "$here/main.go" "$gopath/src/renderer/"
cd "$gopath/src/renderer"
GO111MODULE=off GOPATH="$gopath" GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$gopath/renderer.wasm" .
gzip -9 -n -c "$gopath/renderer.wasm" > "$here/renderer.wasm.gz"
{
  echo "/* eslint-disable -- vendored unchanged from $(go env GOROOT)/misc/wasm/wasm_exec.js; it must match the Go that built renderer.wasm. */"
  cat "$(go env GOROOT)/misc/wasm/wasm_exec.js"
} > "$here/wasm_exec.js"
echo "$(go version) sprig $(dpkg-query -W -f='${Version}' golang-github-masterminds-sprig-dev)" > "$here/BUILD-INFO"
