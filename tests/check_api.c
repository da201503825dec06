/* check_api.c — the public API (api.c, pipeline.c) as a backend would use
 * it: option validation, model errors, and one whole redaction of a card
 * rendered here, judged on the pixels under the number. */
#include <check.h>
#include <string.h>

#include "internal.h"

static idr_engine *engine; /* loaded once: OCR models are slow to load */

static void load_engine(void)
{
	idr_options *o = idr_options_new();
	ck_assert_int_eq(idr_init("check", NULL), IDR_OK);
	ck_assert_int_eq(idr_engine_new(o, &engine, NULL), IDR_OK);
	idr_options_free(o);
}

static void free_engine(void)
{
	idr_engine_free(engine);
	engine = NULL;
}

START_TEST(options_refuse_bad_values)
{
	idr_options *o = idr_options_new();
	idr_error err = { 0 };

	ck_assert_int_eq(idr_options_set_format(o, "bmp", &err), IDR_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "bmp"));
	ck_assert_int_eq(idr_options_set_format(o, "jpg", &err), IDR_OK);
	ck_assert_int_eq(idr_options_set_lang(o, "eng;rm -rf", &err), IDR_ERR_USAGE);
	ck_assert_int_eq(idr_options_set_kinds(o, "th_id,nonsense", &err), IDR_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "nonsense"));
	ck_assert_int_eq(idr_options_add_recipient(o, "age1notakey", &err), IDR_ERR_USAGE);
	ck_assert_int_eq(idr_options_set_sealed_out(o, "/tmp/x.age", &err), IDR_OK);
	ck_assert_int_eq(idr_options_set_vault(o, "/tmp/v", &err), IDR_ERR_USAGE);
	ck_assert_int_eq(idr_options_set_timeout(o, -1, &err), IDR_ERR_USAGE);
	ck_assert_int_eq(idr_options_set_timeout(o, 0.0 / 0.0, &err), IDR_ERR_USAGE);
	ck_assert_int_eq(idr_options_set_timeout(o, 2.5, &err), IDR_OK);
	idr_options_free(o);
}
END_TEST

START_TEST(missing_model_is_model_error)
{
	idr_options *o = idr_options_new();
	idr_engine *e = NULL;
	idr_error err = { 0 };

	ck_assert_int_eq(idr_options_set_tessdata(o, "/nonexistent", &err), IDR_OK);
	ck_assert_int_eq(idr_engine_new(o, &e, &err), IDR_ERR_MODEL);
	ck_assert_ptr_null(e);
	ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent"));
	idr_options_free(o);
}
END_TEST

START_TEST(sealing_needs_a_destination)
{
	idr_options *o = idr_options_new();
	idr_engine *e = NULL;
	idr_error err = { 0 };

	ck_assert_int_eq(idr_options_set_sealed_out(o, "/tmp/x.age", &err), IDR_OK);
	ck_assert_int_eq(idr_engine_new(o, &e, &err), IDR_ERR_USAGE);
	ck_assert_ptr_null(e);
	idr_options_free(o);
}
END_TEST

/* Returns a PNG of a white "card" with text lines rendered by Pango. */
static void *render_card(const char *markup, size_t *size)
{
	VipsImage *text, *inv, *card;
	void *buf;

	ck_assert_int_eq(vips_text(&text, markup, "dpi", 300, NULL), 0);
	ck_assert_int_eq(vips_invert(text, &inv, NULL), 0);
	ck_assert_int_eq(vips_embed(inv, &card, 60, 80, 1011 + 200, 638,
				    "extend", VIPS_EXTEND_WHITE, NULL), 0);
	ck_assert_int_eq(vips_pngsave_buffer(card, &buf, size, NULL), 0);
	g_object_unref(card);
	g_object_unref(inv);
	g_object_unref(text);
	return buf;
}

START_TEST(redacts_a_thai_number)
{
	/* 1-1037-00063-32-3 ... a fake number with a valid check digit:
	 * digits 110370006332, S = Σ d·(13..2) = 173, 173 mod 11 = 8, 11 - 8 = 3 ->
	 * check 3 (IDENTIFIERS.md, Thailand). */
	size_t size, out_size;
	void *png = render_card("<span font='DejaVu Sans 11'>Identification Number\n"
				"1 1037 00063 32 3\nName Mr. Test Person</span>", &size);
	idr_result *res = NULL;
	idr_error err = { 0 };

	ck_assert_int_eq(idr_redact(engine, png, size, &res, &err), IDR_OK);
	ck_assert_str_eq(idr_result_format(res), "png");
	bool found = false;
	for (size_t i = 0; i < idr_result_count(res); i++) {
		idr_finding f;
		ck_assert_int_eq(idr_result_finding(res, i, &f), IDR_OK);
		if (strcmp(f.kind, "th_id") == 0) {
			found = true;
			ck_assert_str_eq(f.country, "TH");
			ck_assert_int_eq(f.checksum, 1);
		}
	}
	ck_assert(found);
	/* No overlay unless asked for (check_overlay.c asks). */
	ck_assert_ptr_null(idr_result_overlay(res, NULL));
	const void *out = idr_result_image(res, &out_size);
	VipsImage *img = vips_image_new_from_buffer(out, out_size, "", NULL);
	ck_assert_ptr_nonnull(img);
	ck_assert_int_eq(img->Xsize, 1011 + 200);
	ck_assert_int_eq(img->Ysize, 638);
	/* The report never carries the number. */
	char *json = idr_result_report_json(res);
	ck_assert_ptr_null(strstr(json, "1037"));
	ck_assert_ptr_null(strstr(json, "00063"));
	idr_free(json);
	g_object_unref(img);
	idr_result_free(res);
	g_free(png);
}
END_TEST

/* Issue 14: a call that outruns its budget fails with IDR_ERR_TIMEOUT
 * and no result; with room to spare the same card redacts. */
START_TEST(timeout_gives_no_result)
{
	static const double budgets[] = { 0.001, 600 };
	size_t size;
	void *png = render_card("<span font='DejaVu Sans 11'>Identification Number\n"
				"1 1037 00063 32 3</span>", &size);

	for (size_t i = 0; i < G_N_ELEMENTS(budgets); i++) {
		idr_options *o = idr_options_new();
		idr_engine *e = NULL;
		idr_result *res = (idr_result *)&res;
		idr_error err = { 0 };

		ck_assert_int_eq(idr_options_set_timeout(o, budgets[i], &err), IDR_OK);
		ck_assert_int_eq(idr_options_set_kinds(o, "th_id", &err), IDR_OK);
		idr_options_set_faces(o, false);
		ck_assert_int_eq(idr_engine_new(o, &e, &err), IDR_OK);
		idr_status st = idr_redact(e, png, size, &res, &err);
		if (budgets[i] < 1) {
			ck_assert_int_eq(st, IDR_ERR_TIMEOUT);
			ck_assert_ptr_null(res);
			ck_assert_ptr_nonnull(strstr(err.message, "time limit"));
		} else {
			ck_assert_int_eq(st, IDR_OK);
			idr_result_free(res);
		}
		idr_engine_free(e);
		idr_options_free(o);
	}
	g_free(png);
}
END_TEST

/* OCR stops at its deadline (tesseract's monitor) and hands nothing
 * back; the same page read without one gives words. Stopping is real,
 * not a check afterwards: with the deadline at half the full read's
 * time (measured just before, in this run), recognition has started
 * when it passes, and the cut read ends well before a full one would
 * (under 0.8 of it; without the monitor it takes the whole time). */
START_TEST(ocr_stops_at_deadline)
{
	size_t size;
	/* A page of text, so that recognition (which the monitor cuts)
	 * outweighs layout analysis (which it does not). */
	void *png = render_card("<span font='DejaVu Sans 8'>"
				"Identification Number 1 1037 00063 32 3 Name Mr. Test Person\n"
				"Date of Birth 12 Jan 1980 Address 99 Moo 4 Tambon Bang Rak\n"
				"Amphoe Mueang Chiang Mai 50000 Religion Buddhism Issued 2019\n"
				"Expires 2028 Officer 4401-22 Serial 1203-0045-7781 Office 12\n"
				"Identification Number 3 1005 00912 44 1 Name Ms. Other Person\n"
				"Date of Birth 30 Mar 1991 Address 7 Soi 12 Sukhumvit Road\n"
				"Khlong Toei Bangkok 10110 Religion None Issued 2021 Expires\n"
				"2030 Officer 1102-07 Serial 8801-3320-1145 Office 9 Remarks</span>",
				&size);
	VipsImage *img = vips_image_new_from_buffer(png, size, "", NULL), *grey, *band;
	ocr_engine *ocr = NULL;
	ocr_page *page = NULL;
	idr_error err = { 0 };

	ck_assert_ptr_nonnull(img);
	ck_assert_int_eq(vips_colourspace(img, &grey, VIPS_INTERPRETATION_B_W, NULL), 0);
	ck_assert_int_eq(vips_extract_band(grey, &band, 0, NULL), 0);
	VipsImage *mem = vips_image_copy_memory(band);
	ck_assert_int_eq(ocr_engine_new("/usr/share/tesseract-ocr/5/tessdata", "eng",
					&ocr, &err), IDR_OK);
	gint64 t0 = g_get_monotonic_time();
	ck_assert_int_eq(ocr_read(ocr, mem, &page, &err), IDR_OK);
	gint64 full = g_get_monotonic_time() - t0;
	ck_assert_int_gt(page->words->len, 3);
	ocr_page_free(page);
	page = NULL;
	t0 = g_get_monotonic_time();
	ocr_set_deadline(ocr, t0 + full / 2);
	ck_assert_int_eq(ocr_read(ocr, mem, &page, &err), IDR_ERR_TIMEOUT);
	gint64 cut = g_get_monotonic_time() - t0;
	ck_assert_ptr_null(page);
	ck_assert_msg(5 * cut < 4 * full, "cut read %lld us, full %lld us",
		      (long long)cut, (long long)full);
	ocr_page_free(page);
	ocr_engine_free(ocr);
	g_object_unref(mem);
	g_object_unref(band);
	g_object_unref(grey);
	g_object_unref(img);
	g_free(png);
}
END_TEST

/* A line of Thai that the English engine reads again (ocr.c,
 * reread_thai()) comes back as Latin letters and digits; no identifier
 * may be found in them. Titles and labels of Thai cards in the fonts the
 * cards are printed in, beside a real number, which must still be found
 * (1 1037 00063 32 3: check digit in redacts_a_thai_number). */
START_TEST(thai_lines_read_in_english_give_no_identifier)
{
	static const char *const fonts[] = {
		"Loma", "Garuda", "Norasi", "Noto Sans Thai",
	};
	const char *font = fonts[_i];
	char *markup = g_strdup_printf(
		"<span font='%s 12'>บัตรประจำตัวประชาชน Thai National ID Card\n"
		"เลขประจำตัวประชาชน 1 1037 00063 32 3\n"
		"ศาสนา พุทธ\n"
		"สำนักทะเบียนกลาง กรมการปกครอง\n"
		"ชื่อตัวและชื่อสกุล\n"
		"ที่อยู่ ตำบลในเมือง อำเภอเมือง</span>", font);
	size_t size;
	void *png = render_card(markup, &size);
	idr_result *res = NULL;
	idr_error err = { 0 };
	static const char *const not_ids[] = {
		"name", "dob", "address", "face", "photo", "qr", "barcode",
		"pdf417", "datamatrix", "aztec",
	};
	idr_finding number = { 0 };
	size_t n;

	ck_assert_int_eq(idr_redact(engine, png, size, &res, &err), IDR_OK);
	n = idr_result_count(res);
	for (size_t i = 0; i < n; i++) {
		idr_finding f;
		ck_assert_int_eq(idr_result_finding(res, i, &f), IDR_OK);
		if (!strcmp(f.kind, "th_id") && f.checksum == 1)
			number = f;
	}
	ck_assert_msg(number.kind, "%s: the number was not found", font);
	/* Other readings of the number's own line may add findings over
	 * it; none may lie off it. */
	for (size_t i = 0; i < n; i++) {
		idr_finding f;
		bool id = true;
		ck_assert_int_eq(idr_result_finding(res, i, &f), IDR_OK);
		for (size_t k = 0; k < G_N_ELEMENTS(not_ids); k++)
			id = id && strcmp(f.kind, not_ids[k]) != 0;
		bool on_number = f.y < number.y + number.height &&
				 number.y < f.y + f.height;
		ck_assert_msg(!id || on_number, "%s: %s (checksum %d) at %d,%d"
			      " %dx%d, off the number's line", font, f.kind,
			      f.checksum, f.x, f.y, f.width, f.height);
	}
	idr_result_free(res);
	g_free(png);
	g_free(markup);
}
END_TEST

START_TEST(garbage_gives_no_result)
{
	idr_result *res = (idr_result *)&res; /* must be reset to NULL */
	idr_error err = { 0 };

	ck_assert_int_eq(idr_redact(engine, "GIF89a-not-really", 17, &res, &err),
			 IDR_ERR_DATA);
	ck_assert_ptr_null(res);
}
END_TEST

Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *opts = tcase_create("options");
	TCase *run = tcase_create("redact");

	tcase_add_test(opts, options_refuse_bad_values);
	tcase_add_test(opts, missing_model_is_model_error);
	tcase_add_test(opts, sealing_needs_a_destination);
	suite_add_tcase(s, opts);
	tcase_add_unchecked_fixture(run, load_engine, free_engine);
	tcase_set_timeout(run, 60);
	tcase_add_test(run, redacts_a_thai_number);
	tcase_add_loop_test(run, thai_lines_read_in_english_give_no_identifier,
			    0, 4);
	tcase_add_test(run, garbage_gives_no_result);
	tcase_add_test(run, timeout_gives_no_result);
	tcase_add_test(run, ocr_stops_at_deadline);
	suite_add_tcase(s, run);
	return s;
}
