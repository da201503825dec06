#!/bin/sh
# faces.sh DIR — unpack the face photos our samples and tests use, from
# Debian packages only (project rule: no photo of a real person from
# anywhere else, and nothing downloaded outside the package archive):
#   astronaut.png    python3-skimage (skimage.data; public domain, NASA)
#   lfw_subset.npy   python3-skimage (200 small LFW faces and non-faces)
#   messi5.jpg       opencv-doc (OpenCV's example data)
set -eu
out=${1:?usage: faces.sh DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)   # absolute: we cd away below
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# apt-get download drops privileges to _apt, which cannot write a mktemp
# directory; it then downloads as root with a warning. Silence that only.
apt-get download python3-skimage opencv-doc 2>&1 | grep -v 'unsandboxed' || true
for deb in python3-skimage_*.deb opencv-doc_*.deb; do
	[ -f "$deb" ] || { echo "faces.sh: could not download $deb" >&2; exit 1; }
	dpkg-deb -x "$deb" root
done
cp root/usr/lib/python3/dist-packages/skimage/data/astronaut.png "$out/"
cp root/usr/lib/python3/dist-packages/skimage/data/lfw_subset.npy "$out/"
cp root/usr/share/doc/opencv-doc/examples/data/messi5.jpg "$out/"
echo "faces.sh: unpacked $(ls "$out" | wc -l) files into $out"
