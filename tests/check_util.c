/* check_util.c — box arithmetic (filter/util.c): the mapping of boxes
 * found on a turned or scaled copy back onto the original is what puts a
 * mask over the number, so each rule is checked on a known geometry. */
#include <check.h>

#include "internal.h"

#define ck_assert_rect(r, X, Y, W, H) do { \
	ck_assert_int_eq((r).x, X); ck_assert_int_eq((r).y, Y); \
	ck_assert_int_eq((r).w, W); ck_assert_int_eq((r).h, H); } while (0)

START_TEST(union_and_pad)
{
	idr_rect a = { 10, 10, 5, 5 }, b = { 30, 2, 4, 4 };
	ck_assert_rect(rect_union(a, b), 10, 2, 24, 13);
	ck_assert_rect(rect_union((idr_rect){ 0 }, b), 30, 2, 4, 4);
	ck_assert_rect(rect_pad_clip(a, 3, 100, 100), 7, 7, 11, 11);
	/* Clipped at the image edges. */
	ck_assert_rect(rect_pad_clip(a, 20, 25, 40), 0, 0, 25, 35);
	/* Wholly outside: empty. */
	ck_assert_int_eq(rect_pad_clip((idr_rect){ 200, 0, 5, 5 }, 0, 100, 100).w, 0);
}
END_TEST

/* A 100x60 image; a box at (10,5) 20x8. vips_rot(d90) turns it into a
 * 60x100 image where pixel (x,y) lands at (59-y, x). */
START_TEST(unrotate_each_angle)
{
	const int W = 100, H = 60;
	idr_rect orig = { 10, 5, 20, 8 };
	/* Where the box is after turning clockwise, worked out by hand. */
	idr_rect r90 = { H - 5 - 8, 10, 8, 20 };
	idr_rect r180 = { W - 10 - 20, H - 5 - 8, 20, 8 };
	idr_rect r270 = { 5, W - 10 - 20, 8, 20 };

	ck_assert_rect(rect_unrotate(orig, 0, W, H), 10, 5, 20, 8);
	ck_assert_rect(rect_unrotate(r90, 90, W, H), 10, 5, 20, 8);
	ck_assert_rect(rect_unrotate(r180, 180, W, H), 10, 5, 20, 8);
	ck_assert_rect(rect_unrotate(r270, 270, W, H), 10, 5, 20, 8);
}
END_TEST

START_TEST(scale_rounds_outwards)
{
	/* Halving must not shrink a box below what it covered. */
	ck_assert_rect(rect_scale((idr_rect){ 3, 3, 3, 3 }, 0.5), 1, 1, 2, 2);
	ck_assert_rect(rect_scale((idr_rect){ 10, 20, 30, 40 }, 2), 20, 40, 60, 80);
}
END_TEST

START_TEST(status_strings)
{
	ck_assert_str_eq(idr_strerror(IDR_OK), "success");
	ck_assert_str_eq(idr_strerror(IDR_ERR_DATA), "input is not a decodable image");
	ck_assert_str_eq(idr_strerror((idr_status)999), "unknown error");
	for (int s = IDR_OK; s <= IDR_ERR_NO_ID; s++)
		ck_assert_str_ne(idr_strerror((idr_status)s), "unknown error");
	idr_error e = { 0 };
	ck_assert_int_eq(idr_fail(&e, IDR_ERR_IO, "x=%d", 7), IDR_ERR_IO);
	ck_assert_int_eq(e.status, IDR_ERR_IO);
	ck_assert_str_eq(e.message, "x=7");
}
END_TEST

Suite *util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("boxes");

	tcase_add_test(tc, union_and_pad);
	tcase_add_test(tc, unrotate_each_angle);
	tcase_add_test(tc, scale_rounds_outwards);
	tcase_add_test(tc, status_strings);
	suite_add_tcase(s, tc);
	return s;
}
