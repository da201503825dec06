/* check_decode.c — decode.c, encode.c and mask.c on images made here:
 * limits read from the header, EXIF orientation applied to the pixels,
 * metadata gone after encoding, masks cover their boxes. */
#include <check.h>
#include <string.h>

#include "internal.h"

static void setup(void)
{
	ck_assert_int_eq(idr_init("check", NULL), IDR_OK);
}

/* Returns a w x h sRGB test image: a horizontal ramp. */
static VipsImage *ramp(int w, int h)
{
	VipsImage *x, *u, *rgb;
	ck_assert_int_eq(vips_xyz(&x, w, h, NULL), 0);
	VipsImage *band;
	ck_assert_int_eq(vips_extract_band(x, &band, 0, NULL), 0);
	ck_assert_int_eq(vips_cast_uchar(band, &u, NULL), 0);
	VipsImage *in[3] = { u, u, u };
	ck_assert_int_eq(vips_bandjoin(in, &rgb, 3, NULL), 0);
	g_object_unref(x);
	g_object_unref(band);
	g_object_unref(u);
	rgb->Type = VIPS_INTERPRETATION_sRGB;
	return rgb;
}

/* Returns a JPEG of img in memory, with an EXIF orientation tag. */
static void *jpeg_with_orientation(VipsImage *img, int orientation, size_t *size)
{
	VipsImage *copy;
	void *buf;
	ck_assert_int_eq(vips_copy(img, &copy, NULL), 0);
	vips_image_set_int(copy, VIPS_META_ORIENTATION, orientation);
	ck_assert_int_eq(vips_jpegsave_buffer(copy, &buf, size, NULL), 0);
	g_object_unref(copy);
	return buf;
}

START_TEST(refuses_garbage_and_empty)
{
	VipsImage *out = NULL;
	const char *fmt;
	idr_error err = { 0 };
	ck_assert_int_eq(decode_image("junk", 4, 1000000, &out, &fmt, &err), IDR_ERR_DATA);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(decode_image("", 0, 1000000, &out, &fmt, &err), IDR_ERR_DATA);
}
END_TEST

START_TEST(pixel_limit_from_header)
{
	VipsImage *img = ramp(200, 100), *out = NULL;
	size_t size;
	void *jpg = jpeg_with_orientation(img, 1, &size);
	const char *fmt;
	idr_error err = { 0 };

	ck_assert_int_eq(decode_image(jpg, size, 19999, &out, &fmt, &err), IDR_ERR_LIMIT);
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(strstr(err.message, "200x100"));
	ck_assert_int_eq(decode_image(jpg, size, 20000, &out, &fmt, &err), IDR_OK);
	ck_assert_str_eq(fmt, "jpeg");
	g_object_unref(out);
	g_free(jpg);
	g_object_unref(img);
}
END_TEST

START_TEST(truncated_jpeg_fails)
{
	VipsImage *img = ramp(400, 300), *out = NULL;
	size_t size;
	void *jpg = jpeg_with_orientation(img, 1, &size);
	const char *fmt;

	ck_assert_int_eq(decode_image(jpg, size / 2, 1 << 30, &out, &fmt, NULL), IDR_ERR_DATA);
	ck_assert_ptr_null(out);
	g_free(jpg);
	g_object_unref(img);
}
END_TEST

START_TEST(exif_orientation_applied)
{
	/* Orientation 6 (EXIF 2.32, 4.6.4: "rotate 90 CW to display"): a
	 * 200x100 stored image shows as 100x200. */
	VipsImage *img = ramp(200, 100), *out = NULL;
	size_t size;
	void *jpg = jpeg_with_orientation(img, 6, &size);
	const char *fmt;

	ck_assert_int_eq(decode_image(jpg, size, 1 << 30, &out, &fmt, NULL), IDR_OK);
	ck_assert_int_eq(out->Xsize, 100);
	ck_assert_int_eq(out->Ysize, 200);
	ck_assert_int_eq(out->BandFmt, VIPS_FORMAT_UCHAR);
	g_object_unref(out);
	g_free(jpg);
	g_object_unref(img);
}
END_TEST

START_TEST(encode_strips_metadata)
{
	static const char *const formats[] = { "jpeg", "png", "webp", "tiff" };
	VipsImage *img = ramp(64, 32);

	vips_image_set_string(img, "exif-ifd0-Make", "LeakyPhone");
	vips_image_set_string(img, "jpeg-comment", "secret");
	for (size_t i = 0; i < G_N_ELEMENTS(formats); i++) {
		void *buf;
		size_t size;
		ck_assert_int_eq(encode_image(img, formats[i], &buf, &size, NULL), IDR_OK);
		VipsImage *back = vips_image_new_from_buffer(buf, size, "", NULL);
		ck_assert_ptr_nonnull(back);
		ck_assert_int_eq(back->Xsize, 64);
		ck_assert_int_eq(back->Ysize, 32);
		ck_assert_int_eq(vips_image_get_typeof(back, VIPS_META_EXIF_NAME), 0);
		ck_assert_int_eq(vips_image_get_typeof(back, VIPS_META_XMP_NAME), 0);
		ck_assert_int_eq(vips_image_get_typeof(back, VIPS_META_IPTC_NAME), 0);
		ck_assert_int_eq(vips_image_get_typeof(back, "jpeg-comment"), 0);
		ck_assert_ptr_null(memmem(buf, size, "LeakyPhone", 10));
		ck_assert_ptr_null(memmem(buf, size, "secret", 6));
		g_object_unref(back);
		g_free(buf);
	}
	g_object_unref(img);
}
END_TEST

/* Returns a w x h image of bands bands of format fmt, every sample v,
 * interpreted as type. */
static VipsImage *flat(int w, int h, int bands, VipsBandFormat fmt,
		       VipsInterpretation type, double v)
{
	VipsImage *black, *lit, *cast, *out;
	ck_assert_int_eq(vips_black(&black, w, h, "bands", bands, NULL), 0);
	ck_assert_int_eq(vips_linear1(black, &lit, 1, v, NULL), 0);
	ck_assert_int_eq(vips_cast(lit, &cast, fmt, NULL), 0);
	ck_assert_int_eq(vips_copy(cast, &out, "interpretation", type, NULL), 0);
	g_object_unref(black);
	g_object_unref(lit);
	g_object_unref(cast);
	return out;
}

/* Returns img saved as a TIFF in memory. */
static void *tiff_of(VipsImage *img, size_t *size)
{
	void *buf;
	ck_assert_int_eq(vips_tiffsave_buffer(img, &buf, size, "compression",
					      VIPS_FOREIGN_TIFF_COMPRESSION_DEFLATE,
					      NULL), 0);
	return buf;
}

/* Security review (issue 18, item 2): bands and sample size were not
 * checked, and extra bands passed to the output; item 1: more than four
 * bands made mask_findings() read past its ink array. A document image
 * is grey, RGB, CMYK or Lab with one alpha band at most. */
START_TEST(refuses_extra_bands)
{
	static const int bands[] = { 5, 6, 8, 64 };
	idr_error err = { 0 };
	const char *fmt;

	for (size_t i = 0; i < G_N_ELEMENTS(bands); i++) {
		VipsImage *img = flat(300, 200, bands[i], VIPS_FORMAT_UCHAR,
				      VIPS_INTERPRETATION_MULTIBAND, 200), *out = NULL;
		size_t size;
		void *tif = tiff_of(img, &size);
		ck_assert_msg(decode_image(tif, size, 1 << 30, &out, &fmt, &err) ==
			      IDR_ERR_DATA, "%d bands were accepted", bands[i]);
		ck_assert_ptr_null(out);
		ck_assert_ptr_nonnull(strstr(err.message, "bands"));
		g_free(tif);
		g_object_unref(img);
	}
}
END_TEST

/* Samples: 8 and 16-bit integers only, and pixels x bands x bytes a
 * sample bounded from the header by the pixel limit (8 bytes a pixel). */
START_TEST(bounds_decoded_bytes)
{
	static const struct {
		int bands;
		VipsBandFormat fmt;
		VipsInterpretation type;
		uint64_t max_pixels; /* for the 100 x 100 image */
		idr_status want;
	} cases[] = {
		{ 3, VIPS_FORMAT_FLOAT, VIPS_INTERPRETATION_scRGB, 1 << 30, IDR_ERR_DATA },
		{ 1, VIPS_FORMAT_UINT, VIPS_INTERPRETATION_B_W, 1 << 30, IDR_ERR_DATA },
		{ 1, VIPS_FORMAT_DOUBLE, VIPS_INTERPRETATION_B_W, 1 << 30, IDR_ERR_DATA },
		/* 16-bit RGBA: 8 bytes a pixel, right at the bound */
		{ 4, VIPS_FORMAT_USHORT, VIPS_INTERPRETATION_RGB16, 10000, IDR_OK },
		/* 16-bit CMYK + alpha: 10 bytes a pixel, 4/5 of the limit */
		{ 5, VIPS_FORMAT_USHORT, VIPS_INTERPRETATION_CMYK, 10000, IDR_ERR_LIMIT },
		{ 5, VIPS_FORMAT_USHORT, VIPS_INTERPRETATION_CMYK, 12500, IDR_OK },
		{ 4, VIPS_FORMAT_UCHAR, VIPS_INTERPRETATION_CMYK, 10000, IDR_OK },
		{ 2, VIPS_FORMAT_USHORT, VIPS_INTERPRETATION_GREY16, 10000, IDR_OK },
	};
	const char *fmt;

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		VipsImage *img = flat(100, 100, cases[i].bands, cases[i].fmt,
				      cases[i].type, 100), *out = NULL;
		idr_error err = { 0 };
		size_t size;
		void *tif = tiff_of(img, &size);
		idr_status st = decode_image(tif, size, cases[i].max_pixels, &out,
					     &fmt, &err);
		ck_assert_msg(st == cases[i].want, "case %zu: status %d, want %d (%s)",
			      i, st, cases[i].want, err.message);
		if (st == IDR_OK) {
			ck_assert_int_eq(out->BandFmt, VIPS_FORMAT_UCHAR);
			ck_assert_int_le(out->Bands, 4);
			g_object_unref(out);
		}
		g_free(tif);
		g_object_unref(img);
	}
}
END_TEST

/* Issue 14: every page of a multi-page input is decoded, stacked with
 * page-height set, turned page by page by the EXIF orientation, and
 * written back as that many pages or frames. */
START_TEST(pages_decoded_and_encoded)
{
	VipsImage *a = ramp(200, 100), *b = flat(200, 100, 3, VIPS_FORMAT_UCHAR,
						  VIPS_INTERPRETATION_sRGB, 90);
	VipsImage *both[2] = { a, b }, *stack, *tagged, *out = NULL;
	const char *fmt;
	idr_error err = { 0 };
	size_t size;

	ck_assert_int_eq(vips_arrayjoin(both, &stack, 2, "across", 1, NULL), 0);
	ck_assert_int_eq(vips_copy(stack, &tagged, NULL), 0);
	vips_image_set_int(tagged, VIPS_META_PAGE_HEIGHT, 100);
	vips_image_set_int(tagged, VIPS_META_ORIENTATION, 6);
	void *tif = tiff_of(tagged, &size);
	ck_assert_int_eq(decode_image(tif, size, 1 << 30, &out, &fmt, &err), IDR_OK);
	/* Orientation 6 turns each 200x100 page to 100x200. */
	ck_assert_int_eq(out->Xsize, 100);
	ck_assert_int_eq(out->Ysize, 400);
	ck_assert_int_eq(vips_image_get_page_height(out), 200);
	/* The pixel limit counts both pages. */
	VipsImage *none = NULL;
	ck_assert_int_eq(decode_image(tif, size, 39999, &none, &fmt, &err), IDR_ERR_LIMIT);
	static const char *const formats[] = { "tiff", "webp", "gif" };
	for (size_t i = 0; i < G_N_ELEMENTS(formats); i++) {
		void *buf;
		size_t n;
		ck_assert_int_eq(encode_image(out, formats[i], &buf, &n, &err), IDR_OK);
		VipsImage *back = vips_image_new_from_buffer(buf, n, "", "n", -1, NULL);
		ck_assert_ptr_nonnull(back);
		ck_assert_msg(vips_image_get_n_pages(back) == 2, "%s: %d pages",
			      formats[i], vips_image_get_n_pages(back));
		ck_assert_int_eq(back->Xsize, 100);
		ck_assert_int_eq(back->Ysize, 400);
		g_object_unref(back);
		g_free(buf);
	}
	g_object_unref(out);
	g_free(tif);
	g_object_unref(tagged);
	g_object_unref(stack);
	g_object_unref(a);
	g_object_unref(b);
}
END_TEST

/* Returns the mean of img over box. */
static double box_mean(VipsImage *img, idr_rect r)
{
	VipsImage *area;
	double mean;
	ck_assert_int_eq(vips_extract_area(img, &area, r.x, r.y, r.w, r.h, NULL), 0);
	ck_assert_int_eq(vips_avg(area, &mean, NULL), 0);
	g_object_unref(area);
	return mean;
}

START_TEST(solid_mask_covers_box_only)
{
	VipsImage *black, *white, *w8;
	ck_assert_int_eq(vips_black(&black, 300, 200, "bands", 3, NULL), 0);
	ck_assert_int_eq(vips_linear1(black, &white, 1, 255, NULL), 0);
	ck_assert_int_eq(vips_cast_uchar(white, &w8, NULL), 0);
	GArray *found = findings_new();
	finding f = { .kind = "th_id", .country = "TH", .box = { 50, 40, 100, 30 } };
	g_array_append_val(found, f);

	ck_assert_int_eq(mask_findings(&w8, found, IDR_MASK_SOLID, NULL), IDR_OK);
	ck_assert(box_mean(w8, f.box) == 0.0);
	ck_assert(box_mean(w8, (idr_rect){ 0, 0, 300, 40 }) == 255.0);
	ck_assert(box_mean(w8, (idr_rect){ 150, 40, 150, 30 }) == 255.0);
	g_array_free(found, TRUE);
	g_object_unref(w8);
	g_object_unref(white);
	g_object_unref(black);
}
END_TEST

/* Item 1: every band of the box is painted, however many there are
 * (the ink was a double[4] handed to vips_draw_rect with Bands values;
 * ASan: stack-buffer-overflow in vips_draw_rect <- mask_findings). */
START_TEST(solid_mask_paints_every_band)
{
	VipsImage *img = flat(120, 80, 9, VIPS_FORMAT_UCHAR,
			      VIPS_INTERPRETATION_MULTIBAND, 200);
	GArray *found = findings_new();
	finding f = { .kind = "th_id", .country = "TH", .box = { 10, 10, 50, 20 } };
	g_array_append_val(found, f);

	ck_assert_int_eq(mask_findings(&img, found, IDR_MASK_SOLID, NULL), IDR_OK);
	for (int b = 0; b < 9; b++) {
		VipsImage *band;
		ck_assert_int_eq(vips_extract_band(img, &band, b, NULL), 0);
		ck_assert_msg(box_mean(band, f.box) == 0.0, "band %d not masked", b);
		g_object_unref(band);
	}
	g_array_free(found, TRUE);
	g_object_unref(img);
}
END_TEST

START_TEST(pixelate_leaves_coarse_blocks)
{
	/* A box holding a fine ramp: after pixelation no more than a few
	 * distinct column values remain in it. */
	VipsImage *img = ramp(400, 100), *mem = vips_image_copy_memory(img);
	GArray *found = findings_new();
	finding f = { .kind = "th_id", .country = "TH", .box = { 0, 30, 400, 40 } };
	g_array_append_val(found, f);

	ck_assert_int_eq(mask_findings(&mem, found, IDR_MASK_PIXELATE, NULL), IDR_OK);
	VipsPel *row = VIPS_IMAGE_ADDR(mem, 0, 50);
	int changes = 0;
	for (int x = 1; x < 400; x++)
		changes += row[x * 3] != row[(x - 1) * 3];
	ck_assert_int_le(changes, 4); /* 400 / (400 / 4) blocks */
	/* Outside the box the ramp is intact. */
	VipsPel *above = VIPS_IMAGE_ADDR(mem, 0, 10);
	ck_assert_int_eq(above[3 * 255], 255);
	g_array_free(found, TRUE);
	g_object_unref(mem);
	g_object_unref(img);
}
END_TEST

Suite *decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("decode-encode-mask");

	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_add_test(tc, refuses_garbage_and_empty);
	tcase_add_test(tc, pixel_limit_from_header);
	tcase_add_test(tc, truncated_jpeg_fails);
	tcase_add_test(tc, exif_orientation_applied);
	tcase_add_test(tc, encode_strips_metadata);
	tcase_add_test(tc, solid_mask_covers_box_only);
	tcase_add_test(tc, pixelate_leaves_coarse_blocks);
	tcase_add_test(tc, refuses_extra_bands);
	tcase_add_test(tc, bounds_decoded_bytes);
	tcase_add_test(tc, solid_mask_paints_every_band);
	tcase_add_test(tc, pages_decoded_and_encoded);
	suite_add_tcase(s, tc);
	return s;
}
