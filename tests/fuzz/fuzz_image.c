/* fuzz_image.c — libFuzzer target: image bytes through the whole
 * redaction, idr_redact() as the program calls it (decode, orient, OCR
 * and recognisers, faces, codes, mask, encode), with every kind, faces
 * and codes on, a small pixel limit (FUZZ_MAX_PIXELS) and a time budget
 * so that one run stays short. Seeds: the hostile and awkward corpus of
 * tests/corpus.c at a tenth of the size.
 *
 * Checked besides the sanitizers: the status is one idr_redact() may
 * return here; on success the output decodes to the size and number of
 * pages the result reports, and every finding's box lies inside it. */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "idredact.h"
#include "internal.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static idr_engine *engine;

/* Returns the engine, made on the first call (models load once). */
static idr_engine *get_engine(void)
{
	if (!engine) {
		idr_options *o = idr_options_new();
		assert(idr_init("fuzz_image", NULL) == IDR_OK);
		idr_options_set_max_pixels(o, FUZZ_MAX_PIXELS);
		assert(idr_options_set_timeout(o, 10, NULL) == IDR_OK);
		assert(idr_engine_new(o, &engine, NULL) == IDR_OK);
		idr_options_free(o);
	}
	return engine;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	idr_result *res = NULL;
	idr_error err = { 0 };
	idr_status st = idr_redact(get_engine(), data, size, &res, &err);

	assert(st == IDR_OK || st == IDR_ERR_DATA || st == IDR_ERR_LIMIT ||
	       st == IDR_ERR_TIMEOUT);
	assert((st == IDR_OK) == (res != NULL));
	if (st != IDR_OK) {
		assert(err.message[0] != '\0');
		return 0;
	}
	size_t len;
	const void *out = idr_result_image(res, &len);
	VipsImage *img = vips_image_new_from_buffer(out, len, "", "n", -1, NULL);
	if (!img) /* JPEG and PNG take no "n" */
		img = vips_image_new_from_buffer(out, len, "", NULL);
	assert(img);
	char *json = idr_result_report_json(res);
	assert(json && strstr(json, "\"pages\""));
	int pages = vips_image_get_n_pages(img);
	int height = img->Ysize; /* every page, stacked */
	for (size_t i = 0; i < idr_result_count(res); i++) {
		idr_finding f;
		assert(idr_result_finding(res, i, &f) == IDR_OK);
		assert(f.x >= 0 && f.y >= 0 && f.width > 0 && f.height > 0);
		assert(f.x + f.width <= img->Xsize && f.y + f.height <= height);
	}
	assert(pages >= 1);
	idr_free(json);
	g_object_unref(img);
	idr_result_free(res);
	vips_error_clear();
	return 0;
}
