/* check_overlay.c — the review overlay (filter/overlay.c): the input's
 * size, every finding's box edge in its group's colour, the inside of a
 * box left as the input had it (the overlay is NOT redacted), grey and
 * alpha inputs drawn in colour; and through the public API, the overlay
 * asked for beside a redacted output that does mask what it outlines. */
#include <check.h>
#include <string.h>

#include "internal.h"

/* The group colours of filter/overlay.c (Okabe-Ito), restated here so a
 * changed or swapped colour is seen. */
static const guchar vermillion[3] = { 213, 94, 0 };   /* ids */
static const guchar sky_blue[3] = { 86, 180, 233 };   /* faces */
static const guchar bluish_green[3] = { 0, 158, 115 }; /* codes */
static const guchar yellow[3] = { 240, 228, 66 };     /* a kind in no group */

static void setup(void)
{
	ck_assert_int_eq(idr_init("check", NULL), IDR_OK);
}

/* Returns a w x h image with bands bands (1: grey, 2: grey + alpha, 3:
 * sRGB) whose pixels vary (a diagonal ramp), in memory. */
static VipsImage *ramp(int w, int h, int bands)
{
	VipsImage *img = vips_image_new_memory();
	guchar *row = g_malloc((size_t)w * bands);

	vips_image_init_fields(img, w, h, bands, VIPS_FORMAT_UCHAR,
			       VIPS_CODING_NONE,
			       bands < 3 ? VIPS_INTERPRETATION_B_W
					 : VIPS_INTERPRETATION_sRGB, 1, 1);
	ck_assert_int_eq(vips_image_write_prepare(img), 0);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++)
			for (int b = 0; b < bands; b++)
				row[x * bands + b] = bands == 2 && b == 1
					? 255 : (guchar)(40 + (x + 2 * y + 30 * b) % 150);
		ck_assert_int_eq(vips_image_write_line(img, y, (VipsPel *)row), 0);
	}
	g_free(row);
	return img;
}

static void add(GArray *found, const char *kind, const char *country,
		int x, int y, int w, int h)
{
	finding f = { .kind = kind, .country = country, .box = { x, y, w, h },
		      .confidence = 0.9, .checksum = -1 };
	g_array_append_val(found, f);
}

/* Returns how many pixels on the edge of box r (clipped to pic) are not
 * exactly colour. */
static int edge_misses(VipsImage *pic, idr_rect r, const guchar colour[3])
{
	int misses = 0;

	r = rect_pad_clip(r, 0, pic->Xsize, pic->Ysize);
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++) {
			if (x != r.x && x != r.x + r.w - 1 && y != r.y &&
			    y != r.y + r.h - 1)
				continue;
			const guchar *p = VIPS_IMAGE_ADDR(pic, x, y);
			misses += memcmp(p, colour, 3) != 0;
		}
	return misses;
}

/* Draws findings of four groups on a ramp of bands bands and judges. */
static void judge_overlay(int bands)
{
	VipsImage *in = ramp(640, 400, bands), *pic = NULL;
	GArray *found = findings_new();
	page_geometry geo = { .turn = 90, .skew = 3.2, .blocks = 1,
			      .readings = 1, .source = "lines" };
	idr_error err = { 0 };

	add(found, "th_id", "TH", 60, 120, 200, 40);
	add(found, "face", "", 400, 100, 150, 180);
	add(found, "qr", "", 60, 250, 90, 90);
	add(found, "no_such_kind", "", 300, 320, 120, 50);
	add(found, "phone", "TH", 560, 330, 200, 200); /* runs off the image */
	ck_assert_int_eq(overlay_draw(in, found, &geo, &pic, &err), IDR_OK);
	ck_assert_int_eq(pic->Xsize, 640);
	ck_assert_int_eq(pic->Ysize, 400);
	ck_assert_int_eq(pic->Bands, 3);
	ck_assert_int_eq(pic->BandFmt, VIPS_FORMAT_UCHAR);
	ck_assert_int_eq(edge_misses(pic, g_array_index(found, finding, 0).box,
				     vermillion), 0);
	ck_assert_int_eq(edge_misses(pic, g_array_index(found, finding, 1).box,
				     sky_blue), 0);
	ck_assert_int_eq(edge_misses(pic, g_array_index(found, finding, 2).box,
				     bluish_green), 0);
	ck_assert_int_eq(edge_misses(pic, g_array_index(found, finding, 3).box,
				     yellow), 0);
	/* telecom: orange, on the part of the box inside the image */
	ck_assert_int_eq(edge_misses(pic, g_array_index(found, finding, 4).box,
				     (const guchar[3]){ 230, 159, 0 }), 0);
	/* Inside a box the input shows through: nothing is masked. */
	const guchar *o = VIPS_IMAGE_ADDR(pic, 160, 140);
	const guchar *i = VIPS_IMAGE_ADDR(in, 160, 140);
	for (int b = 0; b < 3; b++)
		ck_assert_int_eq(o[b], i[bands < 3 ? 0 : b]);
	g_array_free(found, TRUE);
	g_object_unref(pic);
	g_object_unref(in);
}

START_TEST(outlines_every_box_in_colour)
{
	judge_overlay(3);
}
END_TEST

START_TEST(grey_and_alpha_inputs_in_colour)
{
	judge_overlay(1);
	judge_overlay(2);
}
END_TEST

START_TEST(no_findings_keeps_the_size)
{
	VipsImage *in = ramp(300, 200, 3), *pic = NULL;
	GArray *found = findings_new();
	page_geometry geo = { 0 };

	ck_assert_int_eq(overlay_draw(in, found, &geo, &pic, NULL), IDR_OK);
	ck_assert_int_eq(pic->Xsize, 300);
	ck_assert_int_eq(pic->Ysize, 200);
	/* Away from the header, the picture is the input. */
	ck_assert_int_eq(memcmp(VIPS_IMAGE_ADDR(pic, 150, 180),
				VIPS_IMAGE_ADDR(in, 150, 180), 3), 0);
	g_array_free(found, TRUE);
	g_object_unref(pic);
	g_object_unref(in);
}
END_TEST

/* ------------------------------------------------------------ public API */

START_TEST(option_takes_formats_only)
{
	idr_options *o = idr_options_new();
	idr_error err = { 0 };

	ck_assert_int_eq(idr_options_set_overlay(o, "gif", &err), IDR_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "gif"));
	ck_assert_int_eq(idr_options_set_overlay(o, "jpg", &err), IDR_OK);
	ck_assert_int_eq(idr_options_set_overlay(o, NULL, &err), IDR_OK);
	idr_options_free(o);
}
END_TEST

START_TEST(redact_gives_overlay_beside_output)
{
	/* The fake Thai number of check_api.c (check digit 3 by mod 11,
	 * IDENTIFIERS.md). */
	VipsImage *text = NULL, *inv = NULL, *card = NULL, *pic = NULL,
		  *outimg = NULL;
	idr_options *o = idr_options_new();
	idr_engine *eng = NULL;
	idr_result *res = NULL;
	idr_error err = { 0 };
	void *png;
	size_t size, pic_size, out_size;

	ck_assert_int_eq(vips_text(&text, "<span font='DejaVu Sans 11'>"
				   "Identification Number\n1 1037 00063 32 3"
				   "</span>", "dpi", 300, NULL), 0);
	ck_assert_int_eq(vips_invert(text, &inv, NULL), 0);
	ck_assert_int_eq(vips_embed(inv, &card, 60, 80, 1011, 638, "extend",
				    VIPS_EXTEND_WHITE, NULL), 0);
	ck_assert_int_eq(vips_pngsave_buffer(card, &png, &size, NULL), 0);
	idr_options_set_faces(o, false);
	idr_options_set_codes(o, false);
	ck_assert_int_eq(idr_options_set_overlay(o, "png", &err), IDR_OK);
	ck_assert_int_eq(idr_engine_new(o, &eng, &err), IDR_OK);
	ck_assert_int_eq(idr_redact(eng, png, size, &res, &err), IDR_OK);

	const void *bytes = idr_result_overlay(res, &pic_size);
	ck_assert_ptr_nonnull(bytes);
	ck_assert_ptr_nonnull(pic = vips_image_new_from_buffer(bytes, pic_size,
							       "", NULL));
	const void *out = idr_result_image(res, &out_size);
	ck_assert_ptr_nonnull(outimg = vips_image_new_from_buffer(out, out_size,
								  "", NULL));
	ck_assert_int_eq(pic->Xsize, 1011);
	ck_assert_int_eq(pic->Ysize, 638);
	VipsImage *decoded = pic;
	ck_assert_ptr_nonnull(pic = vips_image_copy_memory(decoded));
	g_object_unref(decoded);
	bool seen = false;
	for (size_t k = 0; k < idr_result_count(res); k++) {
		idr_finding f;
		idr_result_finding(res, k, &f);
		if (strcmp(f.kind, "th_id") != 0)
			continue;
		seen = true;
		idr_rect r = { f.x, f.y, f.width, f.height };
		ck_assert_int_eq(edge_misses(pic, r, vermillion), 0);
		/* The output masks what the overlay outlines. */
		double brightest;
		VipsImage *cut = NULL;
		ck_assert_int_eq(vips_extract_area(outimg, &cut, f.x + 4, f.y + 4,
						   f.width - 8, f.height - 8,
						   NULL), 0);
		ck_assert_int_eq(vips_max(cut, &brightest, NULL), 0);
		ck_assert(brightest < 1);
		g_object_unref(cut);
	}
	ck_assert(seen);
	g_object_unref(outimg);
	g_object_unref(pic);
	idr_result_free(res);
	idr_engine_free(eng);
	idr_options_free(o);
	g_free(png);
	g_object_unref(card);
	g_object_unref(inv);
	g_object_unref(text);
}
END_TEST

Suite *overlay_suite(void)
{
	Suite *s = suite_create("overlay");
	TCase *draw = tcase_create("draw");
	TCase *api = tcase_create("api");

	tcase_add_checked_fixture(draw, setup, NULL);
	tcase_add_test(draw, outlines_every_box_in_colour);
	tcase_add_test(draw, grey_and_alpha_inputs_in_colour);
	tcase_add_test(draw, no_findings_keeps_the_size);
	suite_add_tcase(s, draw);
	tcase_add_checked_fixture(api, setup, NULL);
	tcase_set_timeout(api, 60);
	tcase_add_test(api, option_takes_formats_only);
	tcase_add_test(api, redact_gives_overlay_beside_output);
	suite_add_tcase(s, api);
	return s;
}
