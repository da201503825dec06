/* fuzz_archive.c — libFuzzer target: archive bytes through a whole
 * batch, idr_batch_run() as `idredact batch IN OUT` calls it: libarchive's
 * readers (tar, pax, zip; gzip, xz, zstd, bzip2), safe names, entry
 * limits, redaction of the image entries, the output written as a
 * directory tree. One worker, English OCR only and a small pixel limit
 * so that a run stays short (each run loads its worker's models). Seeds:
 * tests/e2e/hostile_archives.py's archives and tars of image seeds.
 *
 * Checked besides the sanitizers: nothing is written outside OUT (the
 * working directory holds IN and, after a run that succeeded, OUT only);
 * a run that stopped leaves no OUT and no temporary; every entry done
 * has its line in the manifest. */
#include <assert.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "idredact.h"
#include "internal.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dir, *in_path, *out_path;
static idr_options *opts;

/* Returns the number of entries in dir other than IN and OUT; *has_out
 * tells whether OUT is there. */
static int others_in_dir(bool *has_out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert(d);
	*has_out = false;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (!strcmp(e->d_name, "in"))
			continue;
		if (!strcmp(e->d_name, "o")) {
			*has_out = true;
			continue;
		}
		fprintf(stderr, "fuzz_archive: left in the directory: %s\n", e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	idr_batch *batch = NULL;
	idr_batch_progress sum = { 0 };
	idr_error err = { 0 };

	if (!dir) {
		char tmpl[] = "/tmp/fuzz_archive-XXXXXX";
		assert(mkdtemp(tmpl));
		dir = g_strdup(tmpl);
		in_path = g_build_filename(dir, "in", NULL);
		out_path = g_build_filename(dir, "o", NULL);
		assert(idr_init("fuzz_archive", NULL) == IDR_OK);
		opts = idr_options_new();
		assert(idr_options_set_lang(opts, "eng", NULL) == IDR_OK);
		idr_options_set_max_pixels(opts, FUZZ_MAX_PIXELS);
		assert(idr_options_set_timeout(opts, 10, NULL) == IDR_OK);
	}
	assert(g_file_set_contents(in_path, (const char *)data, (gssize)size, NULL));
	int manifest = memfd_create("manifest", MFD_CLOEXEC);
	assert(manifest >= 0);
	assert(idr_batch_new(opts, &batch, &err) == IDR_OK);
	idr_batch_set_jobs(batch, 1);
	idr_batch_set_manifest_fd(batch, manifest);
	idr_batch_set_max_entry_bytes(batch, 1 << 20);
	idr_status st = idr_batch_run(batch, in_path, out_path, &sum, &err);
	idr_batch_free(batch);

	bool has_out;
	assert(others_in_dir(&has_out) == 0);
	assert(st != IDR_OK || has_out);
	assert(st == IDR_OK || !has_out);
	if (st == IDR_OK) {
		/* One manifest line per entry done. */
		off_t len = lseek(manifest, 0, SEEK_END);
		char *text = g_malloc((size_t)len + 1);
		assert(pread(manifest, text, (size_t)len, 0) == len);
		text[len] = '\0';
		uint64_t lines = 0;
		for (char *p = text; *p; p++)
			lines += *p == '\n';
		assert(lines == sum.entries_done);
		g_free(text);
		char *cmd = g_strdup_printf("rm -rf '%s'", out_path);
		assert(system(cmd) == 0);
		g_free(cmd);
	}
	close(manifest);
	return 0;
}
