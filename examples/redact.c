/* redact.c — the smallest backend built on libidredact: read an image,
 * redact it with the default options (every kind, faces and codes, solid
 * mask, same format and size out, no metadata), write the output and the
 * JSON report.
 *
 *   cc redact.c $(pkg-config --cflags --libs idredact) -o redact
 *   OMP_THREAD_LIMIT=1 ./redact card.jpg card-redacted.jpg card.json
 *
 * Exits 0, or 1 with one line on stderr. Like the idredact program it
 * writes the report before the image and nothing at all on failure; a
 * real backend would also write each file atomically (temporary file,
 * fsync, rename) and seal the original first (idr_options_add_recipient,
 * idr_options_set_vault). tests/e2e/install.sh builds and runs it
 * against an installed copy of the library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <idredact.h>

/* Returns the contents of path (malloc'ed, *size bytes), or NULL. */
static unsigned char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n)) &&
	    fread(data, 1, (size_t)n, f) == (size_t)n) {
		*size = (size_t)n;
	} else {
		free(data);
		data = NULL;
	}
	fclose(f);
	return data;
}

/* Returns 0 after writing size bytes of data to path, or -1. */
static int write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	int bad = fwrite(data, 1, size, f) != size;
	return fclose(f) != 0 || bad ? -1 : 0;
}

int main(int argc, char **argv)
{
	idr_error err = { 0 };
	idr_options *opts = NULL;
	idr_engine *engine = NULL;
	idr_result *res = NULL;
	unsigned char *data = NULL;
	char *report = NULL;
	size_t size = 0, out_size;
	int ret = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: %s IN OUT REPORT\n", argv[0]);
		return 1;
	}
	if (!(data = read_file(argv[1], &size))) {
		fprintf(stderr, "redact: %s: cannot read it\n", argv[1]);
		goto out;
	}
	/* The engine loads the OCR and face models once; a backend keeps
	 * one per worker thread and redacts image after image with it. */
	if (idr_init(argv[0], &err) != IDR_OK ||
	    !(opts = idr_options_new()) ||
	    idr_engine_new(opts, &engine, &err) != IDR_OK ||
	    idr_redact(engine, data, size, &res, &err) != IDR_OK) {
		fprintf(stderr, "redact: %s: %s\n", argv[1],
			err.message[0] ? err.message : "out of memory");
		goto out;
	}
	const void *image = idr_result_image(res, &out_size);
	if (!(report = idr_result_report_json(res)) ||
	    write_file(argv[3], report, strlen(report)) < 0 ||
	    write_file(argv[2], image, out_size) < 0) {
		fprintf(stderr, "redact: cannot write %s or %s\n", argv[3], argv[2]);
		remove(argv[3]);
		remove(argv[2]);
		goto out;
	}
	printf("%s: %zu findings, %s out\n", argv[1], idr_result_count(res),
	       idr_result_format(res));
	ret = 0;
out:
	idr_free(report);
	idr_result_free(res);
	idr_engine_free(engine);
	idr_options_free(opts);
	free(data);
	return ret;
}
