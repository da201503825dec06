/* check_view.c — the views OCR reads (filter/text/view.c): a box found on
 * a scaled, levelled and turned view must land back over the same ink
 * on the input, or the mask misses the number. Each rule is checked on
 * drawn shapes whose place is known. */
#include <math.h>

#include <check.h>

#include "text/text.h"

/* A white w x h one-band image with a black rectangle r. */
static VipsImage *page_with_box(int w, int h, idr_rect r)
{
	VipsImage *black = NULL, *white = NULL, *mem;
	double ink[1] = { 0 };

	ck_assert(!vips_black(&black, w, h, NULL));
	ck_assert(!vips_linear1(black, &white, 1, 255, "uchar", TRUE, NULL));
	mem = vips_image_copy_memory(white);
	ck_assert(!vips_draw_rect(mem, ink, 1, r.x, r.y, r.w, r.h, "fill",
				  TRUE, NULL));
	g_object_unref(black);
	g_object_unref(white);
	return mem;
}

/* Returns the bounding box of the pixels of grey darker than 128. */
static idr_rect ink_box(VipsImage *grey)
{
	int x0 = grey->Xsize, y0 = grey->Ysize, x1 = -1, y1 = -1;

	for (int y = 0; y < grey->Ysize; y++)
		for (int x = 0; x < grey->Xsize; x++)
			if (*VIPS_IMAGE_ADDR(grey, x, y) < 128) {
				x0 = MIN(x0, x);
				y0 = MIN(y0, y);
				x1 = MAX(x1, x);
				y1 = MAX(y1, y);
			}
	return x1 < 0 ? (idr_rect){ 0, 0, 0, 0 } :
	       (idr_rect){ x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
}

static void setup(void)
{
	ck_assert_int_eq(idr_init("check", NULL), IDR_OK);
}

START_TEST(affine_round_trip)
{
	affine m = { 0.8, -0.3, 12, 0.25, 1.1, -7 };
	affine id = affine_compose(m, affine_invert(m));
	double x, y;

	ck_assert_double_eq_tol(id.a, 1, 1e-9);
	ck_assert_double_eq_tol(id.b, 0, 1e-9);
	ck_assert_double_eq_tol(id.c, 0, 1e-9);
	ck_assert_double_eq_tol(id.e, 1, 1e-9);
	affine_apply(affine_compose((affine){ 2, 0, 1, 0, 2, 1 },
				    (affine){ 1, 0, 5, 0, 1, 0 }), 1, 1, &x, &y);
	/* inner first: (6, 1), then doubled and moved: (13, 3) */
	ck_assert_double_eq_tol(x, 13, 1e-9);
	ck_assert_double_eq_tol(y, 3, 1e-9);
}
END_TEST

/* Every turn, skews either way and scales up and down: the ink box of
 * the view, mapped back, covers the rectangle drawn on the input and is
 * not much larger than the rotation of its corners makes it. */
START_TEST(view_maps_back)
{
	const idr_rect box = { 150, 90, 70, 24 };
	VipsImage *grey = page_with_box(420, 300, box);
	static const int turns[] = { 0, 90, 180, 270 };
	static const double skews[] = { -15, 0, 12 };
	static const double scales[] = { 0.5, 1.0, 1.7 };
	idr_error err = { 0 };

	for (int t = 0; t < 4; t++)
		for (int k = 0; k < 3; k++)
			for (int s = 0; s < 3; s++) {
				text_view v;
				ck_assert_int_eq(view_make(grey, (idr_rect){ 0, 0, 420, 300 },
							   scales[s], skews[k], turns[t],
							   &v, &err), IDR_OK);
				idr_rect back = affine_rect(v.to_image, ink_box(v.grey));
				double grow = (box.w + box.h) * sin(fabs(skews[k]) * G_PI / 180);
				double slack = 2 / scales[s] + 2;
				ck_assert_msg(back.x <= box.x + slack && back.y <= box.y + slack &&
					      back.x + back.w >= box.x + box.w - slack &&
					      back.y + back.h >= box.y + box.h - slack,
					      "turn %d skew %g scale %g: %d,%d %dx%d misses the box",
					      turns[t], skews[k], scales[s], back.x, back.y,
					      back.w, back.h);
				ck_assert_msg(back.w <= box.w + 2 * grow + 2 * slack + 2 &&
					      back.h <= box.h + 2 * grow + 2 * slack + 2,
					      "turn %d skew %g scale %g: %dx%d too large",
					      turns[t], skews[k], scales[s], back.w, back.h);
				view_clear(&v);
			}
	g_object_unref(grey);
}
END_TEST

/* A bar turned clockwise by 12 degrees is level in the view made with
 * skew 12, and a region cut from the page maps back to the page. */
START_TEST(skew_is_undone)
{
	VipsImage *flat = page_with_box(500, 300, (idr_rect){ 100, 140, 300, 8 });
	VipsImage *tilted = NULL, *mem;
	VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
	idr_error err = { 0 };
	text_view v;

	ck_assert(!vips_similarity(flat, &tilted, "angle", 12.0, "background",
				   white, NULL));
	mem = vips_image_copy_memory(tilted);
	idr_rect ink = ink_box(mem);
	ck_assert_int_gt(ink.h, 50); /* 300 px at 12 degrees: ~70 px tall */
	ck_assert_int_eq(view_make(mem, (idr_rect){ 20, 10, mem->Xsize - 40,
						    mem->Ysize - 20 }, 1.0, 12,
				   0, &v, &err), IDR_OK);
	idr_rect level = ink_box(v.grey);
	ck_assert_int_le(level.h, 8 + 4);
	ck_assert_int_ge(level.w, 290);
	/* back onto the tilted page: the bar's ink box again */
	idr_rect back = affine_rect(v.to_image, level);
	ck_assert_int_le(abs(back.x - ink.x), 3);
	ck_assert_int_le(abs(back.y - ink.y), 3);
	view_clear(&v);
	/* the same view half a turn round maps back the same way */
	text_view h;
	ck_assert_int_eq(view_make(mem, (idr_rect){ 0, 0, mem->Xsize, mem->Ysize },
				   1.0, 12, 0, &v, &err), IDR_OK);
	ck_assert_int_eq(view_half_turn(&v, &h, &err), IDR_OK);
	ck_assert_int_eq(h.turn, 180);
	idr_rect b1 = affine_rect(v.to_image, ink_box(v.grey));
	idr_rect b2 = affine_rect(h.to_image, ink_box(h.grey));
	ck_assert_int_le(abs(b1.x - b2.x) + abs(b1.y - b2.y) +
			 abs(b1.w - b2.w) + abs(b1.h - b2.h), 4);
	view_clear(&v);
	view_clear(&h);
	vips_area_unref(VIPS_AREA(white));
	g_object_unref(mem);
	g_object_unref(tilted);
	g_object_unref(flat);
}
END_TEST

Suite *view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("maps");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, affine_round_trip);
	tcase_add_test(tc, view_maps_back);
	tcase_add_test(tc, skew_is_undone);
	suite_add_tcase(s, tc);
	return s;
}
