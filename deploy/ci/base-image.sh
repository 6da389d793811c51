#!/bin/sh
# CI only: the Debian 13 base image that every image of the smoke run is built on, as no
# image registry is reachable from CI. A debootstrapped root, imported once per machine.
#   deploy/ci/base-image.sh [IMAGE]      (default amu-ci/debian:trixie)
set -eu
image=${1:-amu-ci/debian:trixie}
if docker image inspect "$image" >/dev/null 2>&1; then
    echo "base image $image: already here"
    exit 0
fi
root=$(mktemp -d /var/tmp/amu-ci-root.XXXXXX)
trap 'rm -rf "$root"' EXIT
# Plain HTTP: apt checks the signatures of what it downloads.
debootstrap --variant=minbase trixie "$root" http://deb.debian.org/debian >"$root.log" 2>&1 \
    || { tail -20 "$root.log" >&2; exit 1; }
rm -f "$root.log"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
echo "base image $image: imported"
