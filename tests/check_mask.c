/* check_mask.c — painting findings (filter/mask.c): a box is filled
 * whole; a turned rectangle (a finding read on a tilted page, with a
 * quad) is filled inside its quad and nowhere else, in both modes, so
 * the lines beside a tilted number keep their pixels.
 */
#include <check.h>
#include <math.h>

#include "internal.h"

#define W 200
#define H 160
#define GREY 200

Suite *mask_suite(void); /* called by the generated runner */

/* A flat grey one-band image, W x H, in memory. */
static VipsImage *grey_page(void)
{
	VipsImage *black, *flat, *cast;

	ck_assert(!vips_black(&black, W, H, NULL));
	ck_assert(!vips_linear1(black, &flat, 1, GREY, NULL));
	ck_assert(!vips_cast(flat, &cast, VIPS_FORMAT_UCHAR, NULL));
	VipsImage *mem = vips_image_copy_memory(cast);
	g_object_unref(black);
	g_object_unref(flat);
	g_object_unref(cast);
	return mem;
}

static int pixel(VipsImage *img, int x, int y)
{
	return *VIPS_IMAGE_ADDR(img, x, y);
}

/* A 120 x 30 rectangle centred at (100, 80), turned by deg clockwise:
 * corners in finding.quad's order, its bounding box as the box. */
static finding turned(double deg)
{
	finding f = { .kind = "th_id", .country = "TH", .tilted = true };
	double r = deg * G_PI / 180, c = cos(r), s = sin(r);
	double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE,
	       y1 = -G_MAXDOUBLE;

	for (int k = 0; k < 4; k++) {
		double u = k & 1 ? 60 : -60, v = k & 2 ? 15 : -15;
		f.quad[k][0] = 100 + u * c - v * s;
		f.quad[k][1] = 80 + u * s + v * c;
		x0 = MIN(x0, f.quad[k][0]);
		y0 = MIN(y0, f.quad[k][1]);
		x1 = MAX(x1, f.quad[k][0]);
		y1 = MAX(y1, f.quad[k][1]);
	}
	f.box = (idr_rect){ (int)floor(x0), (int)floor(y0),
			    (int)ceil(x1 - x0) + 1, (int)ceil(y1 - y0) + 1 };
	return f;
}

static VipsImage *masked(finding f, idr_mask_mode mode)
{
	GArray *found = findings_new();
	VipsImage *img = grey_page();
	idr_error err = { 0 };

	g_array_append_val(found, f);
	ck_assert_int_eq(mask_findings(&img, found, mode, &err), IDR_OK);
	g_array_free(found, TRUE);
	return img;
}

/* Solid, turned 20°: the centre and points along the middle line are
 * black; the box's corners (outside the quad) and the page beyond are
 * as they were. */
START_TEST(turned_rectangle_is_filled_inside_only)
{
	finding f = turned(20);
	VipsImage *img = masked(f, IDR_MASK_SOLID);
	double r = 20 * G_PI / 180;

	for (int t = -55; t <= 55; t += 5) {
		int x = (int)lround(100 + t * cos(r)), y = (int)lround(80 + t * sin(r));
		ck_assert_msg(pixel(img, x, y) == 0, "(%d,%d) not masked", x, y);
	}
	/* the box's top right and bottom left corners lie outside the
	 * quad of a rectangle turned clockwise */
	ck_assert_int_eq(pixel(img, f.box.x + f.box.w - 3, f.box.y + 2), GREY);
	ck_assert_int_eq(pixel(img, f.box.x + 2, f.box.y + f.box.h - 3), GREY);
	ck_assert_int_eq(pixel(img, 5, 5), GREY);
	g_object_unref(img);
}
END_TEST

/* Pixelated, turned -15°: outside the quad, inside the box, the page
 * is untouched; the quad's inside has changed (a flat page pixelates to
 * the same grey, so the page gets a dark stripe along the middle line
 * first). */
START_TEST(turned_rectangle_is_pixelated_inside_only)
{
	finding f = turned(-15);
	VipsImage *img = grey_page();
	double r = -15 * G_PI / 180;
	for (int t = -60; t <= 60; t++)
		for (int d = -3; d <= 3; d++) {
			int x = (int)lround(100 + t * cos(r) - d * sin(r));
			int y = (int)lround(80 + t * sin(r) + d * cos(r));
			*VIPS_IMAGE_ADDR(img, x, y) = 0;
		}
	GArray *found = findings_new();
	idr_error err = { 0 };
	g_array_append_val(found, f);
	ck_assert_int_eq(mask_findings(&img, found, IDR_MASK_PIXELATE, &err),
			 IDR_OK);
	g_array_free(found, TRUE);
	/* the stripe is smeared: no pixel on it stays black */
	ck_assert_int_ne(pixel(img, 100, 80), 0);
	/* box corners outside the quad: untouched grey */
	ck_assert_int_eq(pixel(img, f.box.x + 2, f.box.y + 2), GREY);
	ck_assert_int_eq(pixel(img, f.box.x + f.box.w - 3,
			       f.box.y + f.box.h - 3), GREY);
	g_object_unref(img);
}
END_TEST

/* A finding with no quad fills its whole box, corners included. */
START_TEST(box_is_filled_whole)
{
	finding f = turned(20);
	f.tilted = false;
	VipsImage *img = masked(f, IDR_MASK_SOLID);

	ck_assert_int_eq(pixel(img, f.box.x, f.box.y), 0);
	ck_assert_int_eq(pixel(img, f.box.x + f.box.w - 1,
			       f.box.y + f.box.h - 1), 0);
	ck_assert_int_eq(pixel(img, f.box.x + f.box.w + 1, f.box.y), GREY);
	g_object_unref(img);
}
END_TEST

Suite *mask_suite(void)
{
	Suite *s = suite_create("mask");
	TCase *tc = tcase_create("mask");

	tcase_add_test(tc, turned_rectangle_is_filled_inside_only);
	tcase_add_test(tc, turned_rectangle_is_pixelated_inside_only);
	tcase_add_test(tc, box_is_filled_whole);
	suite_add_tcase(s, tc);
	return s;
}
