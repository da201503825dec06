/* fuzz_ids.c — libFuzzer target: the recognisers (ids_find) on
 * synthetic OCR output, as tesseract would hand it over: lines of words
 * of symbols, each with a box.
 *
 * Input: lines separated by '\n'. The first two bytes of a line place it
 * (x offset and a line gap) and the third sets its character size, so
 * the fuzzer can lay lines beside, above and across each other (labels
 * beside values, MRZ zones, tables); the rest is the line's text, made
 * valid UTF-8 first as tesseract's always is. Spaces separate words.
 * Seeds (seeds.c): the printed values and MRZ lines of the samples with
 * their labels.
 *
 * Checked besides the sanitizers: every finding names a kind that
 * --kinds knows, a confidence in [0, 1], a non-empty box, a tail of at
 * most two characters, and a checksum verdict of -1, 0 or 1. */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Returns a page laid out from the input as described above. */
static ocr_page *page_from(const uint8_t *data, size_t size)
{
	ocr_page *page = g_new0(ocr_page, 1);
	size_t at = 0;
	int y = 20, bottom = 0, right = 0;

	page->symbols = g_array_new(FALSE, TRUE, sizeof(ocr_symbol));
	page->words = g_array_new(FALSE, TRUE, sizeof(ocr_word));
	page->lines = g_array_new(FALSE, TRUE, sizeof(ocr_line));
	while (at < size && page->lines->len < 64) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t len = nl ? (size_t)(nl - (data + at)) : size - at;
		const uint8_t *l = data + at;
		at += len + 1;
		if (len < 3)
			continue;
		int x = 20 + 4 * l[0], h = 12 + l[2] % 40, w = h * 3 / 5;
		y += (int)(l[1] % 64) - 16 + h;
		y = MAX(0, y);
		char *text = g_utf8_make_valid((const char *)l + 3, (gssize)len - 3);
		ocr_line line = { page->words->len, 0, { 0, 0, 0, 0 } };
		ocr_word *word = NULL;
		int p = 0;
		for (const char *c = text; *c; c = g_utf8_next_char(c), p++) {
			if (*c == ' ') {
				word = NULL;
				continue;
			}
			if (!word) {
				ocr_word wd = { page->symbols->len, 0, { 0, 0, 0, 0 }, 85 };
				g_array_append_val(page->words, wd);
				line.n++;
				word = &g_array_index(page->words, ocr_word,
						      page->words->len - 1);
			}
			ocr_symbol s = { { 0 }, { x + w * p, y, w, h }, 85 };
			size_t n = (size_t)(g_utf8_next_char(c) - c);
			memcpy(s.text, c, MIN(n, sizeof s.text - 1));
			g_array_append_val(page->symbols, s);
			word->n++;
			word->box = rect_union(word->box, s.box);
			line.box = rect_union(line.box, s.box);
		}
		g_free(text);
		if (line.n > 0)
			g_array_append_val(page->lines, line);
		bottom = MAX(bottom, y + h);
		right = MAX(right, line.box.x + line.box.w);
	}
	/* Tesseract's boxes lie inside the image it read. */
	page->width = right + 20;
	page->height = bottom + 20;
	return page;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static kind_set *all;
	ocr_page *page = page_from(data, size);
	GArray *found = findings_new();

	if (!all)
		assert(kind_set_parse(NULL, &all, NULL) == IDR_OK);
	ids_find(page, all, found);
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		assert(f->kind && kind_set_has(all, f->kind));
		assert(f->country);
		assert(f->confidence >= 0 && f->confidence <= 1);
		assert(f->box.w > 0 && f->box.h > 0);
		assert(strlen(f->tail) <= 2);
		assert(f->checksum >= -1 && f->checksum <= 1);
	}
	g_array_free(found, TRUE);
	ocr_page_free(page);
	return 0;
}
