#!/bin/sh
# faces.sh DIR — unpack the face photos our samples and tests use, from
# Debian packages only (project rule: no photo of a real person from
# anywhere else, and nothing downloaded outside the package archive):
#   astronaut.png    python3-skimage (skimage.data; public domain, NASA)
#   lfw_subset.npy   python3-skimage (200 small LFW faces and non-faces)
#   messi5.jpg       opencv-doc (OpenCV's example data)
# and, into DIR/scenes, photographs from the same two packages that show
# no person and no document (animals, food, objects, buildings, textures,
# the sky), looked through one by one: the false-positive benchmark
# (tests/bench/photos.sh) masks them and counts what it masked.
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
mkdir -p "$out/scenes"
for f in HappyFish.jpg aero1.jpg aero3.jpg aloeL.jpg apple.jpg baboon.jpg \
	board.jpg box_in_scene.png building.jpg butterfly.jpg chicky_512.png \
	ela_original.jpg fruits.jpg home.jpg leuvenA.jpg licenseplate_motion.jpg \
	orange.jpg rubberwhale1.png smarties.png squirrel_cls.jpg \
	starry_night.jpg stuff.jpg; do
	cp "root/usr/share/doc/opencv-doc/examples/data/$f" "$out/scenes/"
done
for f in brick.png chelsea.png coffee.png coins.png grass.png gravel.png \
	hubble_deep_field.jpg ihc.png moon.png motorcycle_left.png retina.jpg \
	rocket.jpg; do
	cp "root/usr/lib/python3/dist-packages/skimage/data/$f" "$out/scenes/"
done
echo "faces.sh: unpacked $(ls "$out" | wc -l) files and $(ls "$out/scenes" | wc -l) scenes into $out"
