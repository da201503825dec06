# idredact — the map of the build. `make help` lists the targets.
#
# Sources: every filter/*.c, filter/text/*.c (the text stage:
# orientation, OCR, recognisers) and filter/batch/*.c (archives and
# directories as a stream) is library code except filter/cli*.c,
# which is the program. Every tests/check_*.c holds one Check suite named after the
# file (tests/check_ids.c -> ids_suite()); the runner is generated.

PKGS      := vips tesseract lept libsodium libarchive zbar json-glib-1.0 libwebp libwebpmux
BUILD     ?= build
PREFIX    ?= /usr/local
CC        ?= cc

# Debian bookworm packages: build, run, test and sample generation.
DEB_PKGS  := build-essential pkg-config libvips-dev libtesseract-dev \
	libleptonica-dev tesseract-ocr tesseract-ocr-eng tesseract-ocr-tha \
	tesseract-ocr-kor tesseract-ocr-vie tesseract-ocr-osd tesseract-ocr-chi-sim \
	tesseract-ocr-chi-tra tesseract-ocr-jpn check \
	libsodium-dev libarchive-dev libzbar-dev libjson-glib-dev libwebp-dev opencv-data \
	libzint-dev libvips-tools zbar-tools python3-opencv python3-numpy age \
	libimage-exiftool-perl python3-jsonschema fonts-dejavu-core fonts-noto-core \
	fonts-thai-tlwg fonts-nanum fonts-noto-cjk bc parallel strace groff-base

WARN      := -Wall -Wextra -Werror -Wshadow -Wpointer-arith \
	-Wstrict-prototypes -Wmissing-prototypes -Wformat=2
# User CFLAGS are kept and come last so they can override ours.
REAL_CFLAGS = -std=c11 -D_GNU_SOURCE -O2 -g -fPIC -fvisibility=hidden \
	$(WARN) -Iinclude -Ifilter \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
REAL_LDFLAGS = $(LDFLAGS)
LIBS       = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread

LIB_SRC   := $(filter-out filter/cli%.c,$(wildcard filter/*.c filter/text/*.c filter/batch/*.c))
CLI_SRC   := $(wildcard filter/cli*.c)
TEST_SRC  := $(wildcard tests/check_*.c)
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/runner.o
SUITES    := $(patsubst tests/check_%.c,%,$(TEST_SRC))

# The library's version (include/idredact.h says it too; cli.sh checks
# they agree). The shared library is libidredact.so.$(VERSION), known by
# its soname libidredact.so.$(SOVERSION) (a new SOVERSION only when the
# ABI breaks), with the usual links to it.
VERSION   := 0.1.0
SOVERSION := 0
PROG      := $(BUILD)/idredact
STATIC    := $(BUILD)/libidredact.a
SHARED    := $(BUILD)/libidredact.so
SONAME    := libidredact.so.$(SOVERSION)
SHARED_REAL := $(BUILD)/libidredact.so.$(VERSION)
PCFILE    := $(BUILD)/idredact.pc
RUNNER    := $(BUILD)/check_idredact
DEPS_STAMP := $(BUILD)/.deps-ok
# Defined up here: make expands prerequisites when it reads a rule.
SAMPLES_DIR := $(BUILD)/samples
FACES_DIR   := $(BUILD)/faces
GEN         := $(BUILD)/gen-samples
CORPUS      := $(BUILD)/corpus

all: $(PROG) $(STATIC) $(SHARED) $(PCFILE)

# Installs the Debian packages when any is missing (we run as root on CI
# and on developer machines; otherwise prefix with sudo).
deps:
	@missing=$$(dpkg-query -W -f='$${Package} $${Status}\n' $(DEB_PKGS) 2>/dev/null \
		| awk '$$NF != "installed" {print $$1}'; \
		for p in $(DEB_PKGS); do dpkg-query -W $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@mkdir -p $(BUILD) && touch $(DEPS_STAMP)

$(DEPS_STAMP):
	$(MAKE) deps

$(BUILD)/%.o: %.c include/idredact.h $(wildcard filter/*.h filter/text/*.h filter/batch/*.h) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(REAL_CFLAGS) -c $< -o $@

# The model manifests, compiled into filter/models.c.
$(BUILD)/models_manifest.h: $(wildcard models/*.manifest)
	@mkdir -p $(dir $@)
	@cat $^ | awk '!/^#/ && NF == 2 {printf "{ \"%s\", \"%s\" },\n", $$1, $$2}' > $@

$(BUILD)/filter/models.o: $(BUILD)/models_manifest.h
$(BUILD)/filter/models.o: REAL_CFLAGS += -I$(BUILD)

$(STATIC): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SHARED_REAL): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(REAL_LDFLAGS) -o $@ $^ $(LIBS)

$(SHARED): $(SHARED_REAL)
	ln -sf $(notdir $(SHARED_REAL)) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

$(PROG): $(CLI_OBJ) $(STATIC)
	$(CC) $(REAL_LDFLAGS) -o $@ $(CLI_OBJ) $(STATIC) $(LIBS)

# idredact.pc for a prefix: $(call pc_text,PREFIX). make install writes
# it again with the PREFIX it installs to.
pc_text = printf '%s\n' 'prefix=$(1)' 'libdir=$${prefix}/lib' \
	'includedir=$${prefix}/include' '' 'Name: idredact' \
	'Description: mask identifiers, codes and faces on ID images; seal originals' \
	'Version: $(VERSION)' 'Requires.private: $(PKGS)' \
	'Libs: -L$${libdir} -lidredact' 'Libs.private: -lm -lpthread' \
	'Cflags: -I$${includedir}'

$(PCFILE): Makefile
	@mkdir -p $(BUILD)
	@$(call pc_text,$(PREFIX)) > $@

# ------------------------------------------------------------------ tests

$(BUILD)/tests/suites.h: Makefile $(TEST_SRC)
	@mkdir -p $(dir $@)
	@printf 'SUITE(%s)\n' $(SUITES) > $@

$(BUILD)/tests/runner.o: tests/runner.c $(BUILD)/tests/suites.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(REAL_CFLAGS) -I$(BUILD)/tests $(shell pkg-config --cflags check) -c $< -o $@

# Suite functions are found by name by the generated runner, so test files
# carry no header declaring them.
$(BUILD)/tests/check_%.o: tests/check_%.c include/idredact.h $(wildcard filter/*.h filter/text/*.h filter/batch/*.h tests/*.h) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(REAL_CFLAGS) -Wno-missing-prototypes $(shell pkg-config --cflags check) -c $< -o $@

$(RUNNER): $(TEST_OBJ) $(STATIC)
	$(CC) $(REAL_LDFLAGS) -o $@ $(TEST_OBJ) $(STATIC) $(LIBS) $(shell pkg-config --libs check)

# Unit tests (Check: two runners at once, tests/unit.sh) then end-to-end
# tests on real images.
check: all $(RUNNER) samples $(CORPUS)/.ok
	BUILD=$(BUILD) tests/unit.sh $(RUNNER)
	BUILD=$(BUILD) tests/e2e/run

# The per-kind recall test at full size: 216 random values per kind on a
# fresh seed (PROP_SEED=S repeats one; ~9 min). make check runs it smaller:
# the fixed seed 1 over every kind, and a fresh seed over two kinds
# drawn with it (tests/e2e/property.sh).
property: all samples
	PROP_SEED="$${PROP_SEED:-new}" PROP_COUNT="$${PROP_COUNT:-216}" \
		BUILD=$(BUILD) tests/e2e/run property

# The unit tests read $(BUILD)/samples, $(BUILD)/faces and
# $(BUILD)/codes-img, and fail when one is missing.
unit: $(RUNNER) samples
	BUILD=$(BUILD) tests/unit.sh $(RUNNER)

# Sanitizer build of the tests in its own directory, samples included
# (drawn by a sanitized gen-samples: the generator is checked too); the
# program built so runs the hostile corpus too (without the OCR judging,
# which the ordinary run does on the same outputs). Check's timeouts are
# four times as long, for the sanitizers' slowdown. The heaviest sweeps
# over the samples take every other one (IDR_TEST_STRIDE=2, tests/seed.h:
# the face cascades against OpenCV, the portrait finders alone), to keep
# .ci/run within its time; the ordinary run takes them all. The two
# runners split the suites as tests/unit.sh does by default.
asan: $(CORPUS)/.ok
	CK_TIMEOUT_MULTIPLIER=4 IDR_TEST_STRIDE=2 $(MAKE) BUILD=build-asan CFLAGS="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" unit build-asan/idredact
	BUILD=build-asan CORPUS=$(CORPUS) HOSTILE_JUDGE=0 tests/e2e/run hostile

# ---------------------------------------------------------------- samples


GEN_SRC     := $(wildcard samples/*.c)

# Linked with the library: fake numbers get their check characters from
# ids_check(), so the check rules live in filter/text/kinds.c only.
$(GEN): $(GEN_SRC) samples/gen.h $(STATIC) | $(DEPS_STAMP)
	@mkdir -p $(BUILD)
	$(CC) $(REAL_CFLAGS) $(shell pkg-config --cflags libzint 2>/dev/null) -o $@ \
		$(GEN_SRC) $(STATIC) $(LIBS) -lzint

# Face photos come only from Debian packages, unpacked here at build time.
$(FACES_DIR)/.ok: samples/faces.sh | $(DEPS_STAMP)
	sh samples/faces.sh $(FACES_DIR)
	@touch $@

samples: $(SAMPLES_DIR)/.ok

$(SAMPLES_DIR)/.ok: $(GEN) $(FACES_DIR)/.ok $(wildcard samples/*.txt)
	@rm -rf $(SAMPLES_DIR) && mkdir -p $(SAMPLES_DIR)
	$(GEN) --faces $(FACES_DIR) --out $(SAMPLES_DIR) --part 0/2 & \
	$(GEN) --faces $(FACES_DIR) --out $(SAMPLES_DIR) --part 1/2; \
	st=$$?; wait $$! && [ $$st -eq 0 ]
	@touch $@

# Redacted outputs, reports and review overlays in $(BUILD)/demo, then the
# contact sheet of them all; demo-excerpt remakes the README's excerpt.
demo: all samples
	@sh samples/demo.sh $(PROG) $(SAMPLES_DIR) $(BUILD)/demo; st=$$?; \
	sh samples/contact.sh $(BUILD)/demo $(SAMPLES_DIR) $(BUILD)/demo/contact.png && exit $$st

EXCERPT := th_card_03.jpg scan_card_on_page_01.jpg photo_my_01.jpg passport_01.jpg
demo-excerpt: demo
	sh samples/contact.sh $(BUILD)/demo $(SAMPLES_DIR) samples/contact-excerpt.jpg \
		200 $(EXCERPT)

bench: all samples
	BUILD=$(BUILD) sh tests/bench/run

# make install PREFIX=DIR [DESTDIR=STAGE]: the program, both libraries
# (the shared one with its soname and development links), the header,
# idredact.pc for PREFIX, the man page and the report's JSON Schema.
# tests/e2e/install.sh builds examples/redact.c against the result.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
		$(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/idredact
	install -m 755 $(PROG) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(STATIC) $(SHARED_REAL) $(DESTDIR)$(PREFIX)/lib/
	ln -sf $(notdir $(SHARED_REAL)) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libidredact.so
	install -m 644 include/idredact.h $(DESTDIR)$(PREFIX)/include/
	$(call pc_text,$(PREFIX)) > $(DESTDIR)$(PREFIX)/lib/pkgconfig/idredact.pc
	install -m 644 idredact.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 filter/report.schema.json $(DESTDIR)$(PREFIX)/share/idredact/

# ---------------------------------------------------------------- fuzzing

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with Debian's clang in
# their own directory with ASan and UBSan on; each runs FUZZ_SECONDS from
# seeds the project makes (tests/fuzz/seeds.c; the image seeds are the
# corpus of tests/corpus.c at a tenth of the size; the archive seeds are
# batch_hostile's archives and tars of image seeds).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= ids keys open image archive
FUZZ_BUILD   := build-fuzz
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all
FUZZ_SEEDS   := $(BUILD)/fuzz-seeds

fuzz: $(FUZZ_SEEDS)/.ok
	@command -v clang >/dev/null || $(MAKE) deps DEB_PKGS=clang
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="$(FUZZ_CFLAGS)" \
		LDFLAGS="-fsanitize=address,undefined" \
		$(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run $(FUZZ_BUILD) $(FUZZ_SEEDS) $(FUZZ_TARGETS)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(STATIC)
	$(CC) $(REAL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(STATIC) $(LIBS)

$(BUILD)/fuzz-seeds-gen: tests/fuzz/seeds.c tests/fuzz/fuzz.h $(STATIC)
	$(CC) $(REAL_CFLAGS) -o $@ $< $(STATIC) $(LIBS)

$(FUZZ_SEEDS)/.ok: $(BUILD)/fuzz-seeds-gen $(BUILD)/corpus-gen $(SAMPLES_DIR)/.ok
	@rm -rf $(FUZZ_SEEDS)
	$(BUILD)/fuzz-seeds-gen $(SAMPLES_DIR) $(FUZZ_SEEDS)
	$(BUILD)/corpus-gen $(SAMPLES_DIR) $(FUZZ_SEEDS)/image 0.1
	/usr/bin/python3 tests/e2e/hostile_archives.py $(FUZZ_SEEDS)/archive
	tar -cf $(FUZZ_SEEDS)/archive/images.tar -C $(FUZZ_SEEDS)/image single.gif orient-6.jpg
	tar -czf $(FUZZ_SEEDS)/archive/images.tgz -C $(FUZZ_SEEDS)/image grey.png text.txt
	@touch $@

clean:
	rm -rf $(BUILD) build-asan $(FUZZ_BUILD)

help:
	@echo "make          build $(PROG), the libraries and idredact.pc"
	@echo "make deps     install the Debian packages (apt-get)"
	@echo "make check    unit tests (Check) and end-to-end tests"
	@echo "make property per-kind recall, 216 values per kind, fresh seed"
	@echo "make demo     redact the generated samples into $(BUILD)/demo, with"
	@echo "              review overlays and a contact sheet (contact.png)"
	@echo "make demo-excerpt  remake samples/contact-excerpt.jpg (README)"
	@echo "make samples  regenerate the synthetic documents"
	@echo "make bench    benchmarks (tests/bench)"
	@echo "make asan     unit tests and the hostile corpus under ASan+UBSan"
	@echo "make fuzz     libFuzzer targets, FUZZ_SECONDS each (FUZZ_TARGETS=...)"

.PHONY: all deps check unit property asan samples demo demo-excerpt bench install clean help fuzz

# codes test images: cards with symbols for tests/check_codes.c and
# tests/e2e/codes.sh, drawn with libzint (tests/codes_images.c).
CODES_IMG := $(BUILD)/codes-img

$(BUILD)/codes-images: tests/codes_images.c | $(DEPS_STAMP)
	@mkdir -p $(BUILD)
	$(CC) $(REAL_CFLAGS) -o $@ $< $(LIBS) -lzint

$(CODES_IMG)/codes.txt: $(BUILD)/codes-images
	$(BUILD)/codes-images $(CODES_IMG)

$(RUNNER): $(CODES_IMG)/codes.txt

# The hostile and awkward corpus (tests/corpus.c) for tests/e2e/hostile.sh,
# made from the samples; at a tenth of the size it seeds fuzz_image.

$(BUILD)/corpus-gen: tests/corpus.c | $(DEPS_STAMP)
	@mkdir -p $(BUILD)
	$(CC) $(REAL_CFLAGS) -o $@ $< $(LIBS) -lz

$(CORPUS)/.ok: $(BUILD)/corpus-gen $(SAMPLES_DIR)/.ok
	@rm -rf $(CORPUS)
	$(BUILD)/corpus-gen $(SAMPLES_DIR) $(CORPUS)
	@touch $@

# The text stage's geometry alone, image by image (tests/bench/geometry.sh).
$(BUILD)/geometry-bench: tests/bench/geometry.c $(STATIC) | $(DEPS_STAMP)
	$(CC) $(REAL_CFLAGS) -o $@ $< $(STATIC) $(LIBS)
