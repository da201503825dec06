/* check_ink.c — an identifier's characters OCR never returned, and the
 * blank margins of masks (filter/text/ink.c). Glyphs are drawn as dark
 * bars on a light view; OCR's reading is made by hand: the glyphs it
 * read are symbols of one word, the finding's box is theirs with the
 * recognisers' margin (cells_box(): 0.35 of the height above and below,
 * 0.5 beside), and the glyphs it lost are drawn but not read. The generated class is new on
 * every run unless IDR_TEST_SEED gives its seed; a failure prints it. */
#include <check.h>

#include "seed.h"
#include "text/text.h"

/* A page of w x h, light grey (220) as a card's background is. */
static VipsImage *blank_view(int w, int h)
{
	VipsImage *black = NULL, *light = NULL, *mem;

	ck_assert(!vips_black(&black, w, h, NULL));
	ck_assert(!vips_linear1(black, &light, 1, 220, "uchar", TRUE, NULL));
	mem = vips_image_copy_memory(light);
	g_object_unref(black);
	g_object_unref(light);
	return mem;
}

static void draw(VipsImage *view, idr_rect r, double level)
{
	double ink[1] = { level };
	ck_assert(!vips_draw_rect(view, ink, 1, r.x, r.y, r.w, r.h, "fill",
				  TRUE, NULL));
}

static ocr_page *page_new(int w, int h)
{
	return ocr_page_new(w, h);
}

/* Reads the glyphs r[0..n-1] as one word of page, drawing them too. */
static void read_word(ocr_page *page, VipsImage *view, const idr_rect *r,
		      int n)
{
	ocr_word w = { page->symbols->len, (guint)n, r[0], 90 };
	for (int i = 0; i < n; i++) {
		ocr_symbol s = { "8", r[i], 90 };
		g_array_append_val(page->symbols, s);
		w.box = rect_union(w.box, r[i]);
		draw(view, r[i], 30);
	}
	g_array_append_val(page->words, w);
}

/* A finding of kind over the glyphs r[0..n-1], with cells_box()'s margin. */
static GArray *found_over(const char *kind, const idr_rect *r, int n)
{
	GArray *found = findings_new();
	idr_rect b = r[0];
	for (int i = 1; i < n; i++)
		b = rect_union(b, r[i]);
	int py = (int)(0.35 * b.h + 0.5), px = (int)(0.5 * b.h + 0.5);
	finding f = { .kind = kind, .country = "",
		      .box = { b.x - px, b.y - py, b.w + 2 * px, b.h + 2 * py },
		      .confidence = 0.5, .checksum = -1 };
	g_array_append_val(found, f);
	return found;
}

static bool covers(idr_rect box, idr_rect r)
{
	return r.x >= box.x && r.y >= box.y && r.x + r.w <= box.x + box.w &&
	       r.y + r.h <= box.y + box.h;
}

static bool same(idr_rect a, idr_rect b)
{
	return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

/* n glyphs of height h from x0 on row y, each 0.55 h wide and 0.15 h
 * apart; returns the x after the last. */
static int glyphs(idr_rect *r, int n, int x0, int y, int h)
{
	int x = x0;
	for (int i = 0; i < n; i++) {
		r[i] = (idr_rect){ x, y, (int)(0.55 * h), h };
		x += r[i].w + (int)(0.15 * h + 0.5);
	}
	return x;
}

/* Reads the glyphs read[0..read_n-1] as one word, draws the lost ones
 * unread (grey 0-89), and returns the box of a finding of kind over the
 * read glyphs after ink_grow(). */
static idr_rect grown_over(ocr_page *page, VipsImage *view, const char *kind,
			   const idr_rect *read, int read_n,
			   const idr_rect *lost, int lost_n, GRand *rng)
{
	read_word(page, view, read, read_n);
	for (int i = 0; i < lost_n; i++)
		draw(view, lost[i], g_rand_int_range(rng, 0, 90));
	GArray *found = found_over(kind, read, read_n);
	ink_grow(page, view, found);
	idr_rect box = g_array_index(found, finding, 0).box;
	g_array_free(found, TRUE);
	return box;
}

static void setup(void)
{
	ck_assert_int_eq(idr_init("check", NULL), IDR_OK);
}

/* The class: a number's last or first group (a dash and a check digit, a
 * bracketed check, one or two letters) drawn but not read, a space or a
 * dash's width from the rest. Every lost glyph ends under the mask. */
START_TEST(lost_group_is_covered)
{
	GRand *rng = g_rand_new_with_seed(class_seed());

	for (int c = 0; c < 200; c++) {
		int h = g_rand_int_range(rng, 12, 42);
		int read_n = g_rand_int_range(rng, 6, 16);
		int lost_n = g_rand_int_range(rng, 1, 4);
		bool right = g_rand_boolean(rng);
		/* between the read glyphs and the lost ones: from a tight
		 * dash to a wide space */
		int gap = (int)(g_rand_double_range(rng, 0.15, 0.9) * h);
		int y = 3 * h;
		idr_rect read[16] = { 0 }, lost[4] = { 0 };
		int x0 = 4 * h;
		VipsImage *view = blank_view(30 * h, 7 * h);
		ocr_page *page = page_new(view->Xsize, view->Ysize);

		if (right) {
			int x = glyphs(read, read_n, x0, y, h);
			glyphs(lost, lost_n, x - (int)(0.15 * h + 0.5) + gap,
			       y, h);
		} else {
			int x = glyphs(lost, lost_n, x0, y, h);
			glyphs(read, read_n, x - (int)(0.15 * h + 0.5) + gap,
			       y, h);
		}
		idr_rect box = grown_over(page, view, "imei", read, read_n,
					  lost, lost_n, rng);
		for (int i = 0; i < lost_n; i++)
			ck_assert_msg(covers(box, lost[i]),
				      "case %d: h %d, %d lost %s %d px apart: "
				      "glyph %d at x %d-%d, box x %d-%d; "
				      "reproduce: IDR_TEST_SEED=%u "
				      "CK_RUN_SUITE=ink", c, h, lost_n,
				      right ? "after" : "before", gap, i,
				      lost[i].x, lost[i].x + lost[i].w, box.x,
				      box.x + box.w, class_seed());
		ocr_page_free(page);
		g_object_unref(view);
	}
	g_rand_free(rng);
}
END_TEST

/* The class: an MRZ line read several characters short (ICAO 9303: 30,
 * 36 or 44 characters at a fixed pitch of about one character height),
 * its last or first 1-9 glyphs drawn but not read, at the line's own
 * pitch. Every lost glyph ends under the line's mask. */
START_TEST(mrz_lost_end_is_covered)
{
	GRand *rng = g_rand_new_with_seed(class_seed());

	for (int c = 0; c < 100; c++) {
		int h = g_rand_int_range(rng, 12, 30);
		int lost_n = g_rand_int_range(rng, 1, 10);
		int read_n = g_rand_int_range(rng, 20, 44 - lost_n + 1);
		double pitch = g_rand_double_range(rng, 0.95, 1.15) * h;
		bool right = g_rand_boolean(rng);
		int y = 3 * h, x0 = 4 * h;
		idr_rect read[44] = { 0 }, lost[9] = { 0 };
		VipsImage *view = blank_view((int)(52 * pitch) + 8 * h, 7 * h);
		ocr_page *page = page_new(view->Xsize, view->Ysize);

		for (int i = 0; i < read_n + lost_n; i++) {
			idr_rect g = { x0 + (int)(i * pitch), y,
				       (int)(0.6 * h), h };
			bool is_lost = right ? i >= read_n : i < lost_n;
			if (is_lost)
				lost[right ? i - read_n : i] = g;
			else
				read[right ? i : i - lost_n] = g;
		}
		idr_rect box = grown_over(page, view, "mrz", read, read_n,
					  lost, lost_n, rng);
		for (int i = 0; i < lost_n; i++)
			ck_assert_msg(covers(box, lost[i]),
				      "case %d: h %d, pitch %.1f, %d of %d "
				      "lost %s: glyph %d at x %d-%d, box x "
				      "%d-%d; reproduce: IDR_TEST_SEED=%u "
				      "CK_RUN_SUITE=ink", c, h, pitch, lost_n,
				      read_n + lost_n, right ? "at the end" :
				      "at the start", i, lost[i].x,
				      lost[i].x + lost[i].w, box.x,
				      box.x + box.w, class_seed());
		ocr_page_free(page);
		g_object_unref(view);
	}
	g_rand_free(rng);
}
END_TEST

/* Ink that runs on past the reach (a photo beside the number, a card's
 * edge) is not a group of characters: the box stays. So does ink further
 * than a wide space from the box, and ink beside a name (not an
 * identifier: its length is not known). */
START_TEST(other_ink_is_left)
{
	int h = 30, y = 90;
	idr_rect read[10] = { 0 };

	for (int k = 0; k < 3; k++) {
		VipsImage *view = blank_view(1200, 240);
		ocr_page *page = page_new(view->Xsize, view->Ysize);
		int x = glyphs(read, 10, 100, y, h);
		read_word(page, view, read, 10);
		if (k == 0) /* a photo from a dash's width away */
			draw(view, (idr_rect){ x + 20, 30, 400, 180 }, 60);
		else /* a glyph a full character and more away */
			draw(view, (idr_rect){ x + 15 + 2 * h, y, 16, h }, 30);
		GArray *found = found_over(k == 2 ? "name" : "imei", read, 10);
		if (k == 2) /* beside a name, the near glyph of case 1 */
			draw(view, (idr_rect){ x + 15, y, 16, h }, 30);
		idr_rect before = g_array_index(found, finding, 0).box;
		ink_grow(page, view, found);
		ck_assert_msg(same(g_array_index(found, finding, 0).box, before),
			      "case %d: the box grew", k);
		g_array_free(found, TRUE);
		ocr_page_free(page);
		g_object_unref(view);
	}
}
END_TEST

/* The class: a number's last or first group drawn but not read, as in
 * lost_group_is_covered, with 1-3 specks OCR read as words out of a
 * background pattern over its rows (5-45 % of the character height
 * tall, confidence 0-69), over the lost glyphs or the gap before them.
 * Every lost glyph ends under the mask. Fresh seed each run: 200
 * cases. */
START_TEST(specks_do_not_stop_it)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed);

	for (int c = 0; c < 200; c++) {
		int h = g_rand_int_range(rng, 16, 60);
		int read_n = g_rand_int_range(rng, 6, 14);
		int lost_n = g_rand_int_range(rng, 1, 4);
		int gap = (int)(g_rand_double_range(rng, 0.15, 0.6) * h);
		int y = 3 * h, x0 = 4 * h;
		idr_rect read[14] = { 0 }, lost[4] = { 0 };
		VipsImage *view = blank_view(30 * h, 7 * h);
		ocr_page *page = page_new(view->Xsize, view->Ysize);
		int x = glyphs(read, read_n, x0, y, h);
		int end = glyphs(lost, lost_n, x - (int)(0.15 * h + 0.5) + gap,
				 y, h);
		int specks = g_rand_int_range(rng, 1, 4);
		for (int k = 0; k < specks; k++) {
			int sh = MAX(2, (int)(g_rand_double_range(rng, 0.05, 0.45) * h));
			idr_rect r = { g_rand_int_range(rng, x, end),
				       g_rand_int_range(rng, y, y + h - sh),
				       MAX(2, (int)(0.4 * h)), sh };
			ocr_word w = { page->symbols->len, 1, r,
				       (float)g_rand_double_range(rng, 0, 69) };
			ocr_symbol sym = { "e", r, w.conf };
			g_array_append_val(page->symbols, sym);
			g_array_append_val(page->words, w);
		}
		idr_rect box = grown_over(page, view, "th_id", read, read_n,
					  lost, lost_n, rng);
		for (int i = 0; i < lost_n; i++)
			ck_assert_msg(covers(box, lost[i]),
				      "seed %u case %d: h %d, %d lost %d px on, "
				      "%d specks: glyph %d at x %d-%d, box x "
				      "%d-%d", seed, c, h, lost_n, gap, specks,
				      i, lost[i].x, lost[i].x + lost[i].w,
				      box.x, box.x + box.w);
		ocr_page_free(page);
		g_object_unref(view);
	}
	g_rand_free(rng);
}
END_TEST

/* A word OCR read beside the number ("Sex M") stops the growth: the lost
 * glyph between is covered, the word is not. */
START_TEST(read_word_stops_it)
{
	int h = 30, y = 90;
	idr_rect read[10] = { 0 }, lost[1] = { 0 }, word[3] = { 0 };
	VipsImage *view = blank_view(1200, 240);
	ocr_page *page = page_new(view->Xsize, view->Ysize);
	int x = glyphs(read, 10, 100, y, h);

	read_word(page, view, read, 10);
	glyphs(lost, 1, x + 4, y, h);
	draw(view, lost[0], 30);
	glyphs(word, 3, lost[0].x + lost[0].w + 8, y, h);
	read_word(page, view, word, 3);
	GArray *found = found_over("sg_nric", read, 10);
	ink_grow(page, view, found);
	idr_rect box = g_array_index(found, finding, 0).box;
	ck_assert_msg(covers(box, lost[0]), "the lost glyph is not covered");
	ck_assert_msg(box.x + box.w <= word[0].x, "the box reaches x %d, over "
		      "the read word from x %d", box.x + box.w, word[0].x);
	g_array_free(found, TRUE);
	ocr_page_free(page);
	g_object_unref(view);
}
END_TEST

/* The class: small text read with confidence is text: a caption before
 * the number (a Thai ID's, each Thai glyph a word of its own, 30-45 % of
 * the number's height, read at 70-99) a tight gap before it, with an
 * unread glyph of the number between. The glyph is covered; no glyph of
 * the caption is. Fresh seed each run: 100 cases. */
START_TEST(small_caption_stops_it)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed);

	for (int c = 0; c < 100; c++) {
		int h = g_rand_int_range(rng, 20, 70), y = 3 * h;
		idr_rect read[10] = { 0 }, lost[1] = { 0 }, cap[8] = { 0 };
		VipsImage *view = blank_view(40 * h, 7 * h);
		ocr_page *page = page_new(view->Xsize, view->Ysize);
		int ch = (int)(g_rand_double_range(rng, 0.3, 0.45) * h);
		int n = g_rand_int_range(rng, 3, 9);
		int x = 2 * h;
		for (int k = 0; k < n; k++) {
			/* on the number's baseline */
			cap[k] = (idr_rect){ x, y + h - ch, (int)(0.8 * ch), ch };
			x += cap[k].w + 2;
			ocr_word w = { page->symbols->len, 1, cap[k],
				       (float)g_rand_double_range(rng, 70, 99) };
			ocr_symbol sym = { "ก", cap[k], w.conf };
			g_array_append_val(page->symbols, sym);
			g_array_append_val(page->words, w);
			draw(view, cap[k], 40);
		}
		glyphs(lost, 1, x + (int)(0.3 * h), y, h);
		draw(view, lost[0], 30);
		glyphs(read, 10, lost[0].x + lost[0].w + (int)(0.15 * h + 0.5),
		       y, h);
		read_word(page, view, read, 10);
		GArray *found = found_over("th_id", read, 10);
		ink_grow(page, view, found);
		idr_rect box = g_array_index(found, finding, 0).box;
		ck_assert_msg(covers(box, lost[0]) &&
			      box.x >= cap[n - 1].x + cap[n - 1].w,
			      "seed %u case %d: h %d, caption of %d glyphs %d "
			      "px tall ending at x %d, lost glyph %d-%d: box "
			      "x %d-%d", seed, c, h, n, ch,
			      cap[n - 1].x + cap[n - 1].w, lost[0].x,
			      lost[0].x + lost[0].w, box.x, box.x + box.w);
		g_array_free(found, TRUE);
		ocr_page_free(page);
		g_object_unref(view);
	}
	g_rand_free(rng);
}
END_TEST

/* A caption glued to the number in one word ("No.:0942...") is read
 * text, not the number's lost part: the growth stops at its letters. */
START_TEST(glued_caption_stops_it)
{
	int h = 30, y = 90;
	idr_rect cap[2] = { 0 }, read[10] = { 0 };
	VipsImage *view = blank_view(1200, 240);
	ocr_page *page = page_new(view->Xsize, view->Ysize);
	int x = glyphs(cap, 2, 100, y, h);
	glyphs(read, 10, x, y, h);
	/* one word: "No" then the digits */
	ocr_word w = { 0, 12, cap[0], 90 };
	for (int i = 0; i < 12; i++) {
		idr_rect r = i < 2 ? cap[i] : read[i - 2];
		ocr_symbol sym = { "", r, 90 };
		g_strlcpy(sym.text, i == 0 ? "N" : i == 1 ? "o" : "8",
			  sizeof sym.text);
		g_array_append_val(page->symbols, sym);
		w.box = rect_union(w.box, r);
		draw(view, r, 30);
	}
	g_array_append_val(page->words, w);
	GArray *found = found_over("vn_cccd", read, 10);
	ink_grow(page, view, found);
	idr_rect box = g_array_index(found, finding, 0).box;
	/* the margin already reaches half over the 'o' (cells_box()) */
	ck_assert_msg(box.x >= cap[0].x + cap[0].w, "the box reaches x %d, "
		      "over the caption's 'N' at %d-%d", box.x, cap[0].x,
		      cap[0].x + cap[0].w);
	g_array_free(found, TRUE);
	ocr_page_free(page);
	g_object_unref(view);
}
END_TEST

/* ink_trim()'s class: a value's glyphs read, with marks OCR's boxes
 * leave out in the margin (an accent or tone mark above, a thin edge
 * glyph beside), each as dark as the glyphs or fainter, down to a third
 * of the contrast. The trimmed box still covers every glyph and mark,
 * stays inside the box as found, and reaches no further than the
 * narrow margin (0.1 of the height, at least 2 px) past them: the
 * blank part of the margin is given back. */
START_TEST(trim_keeps_the_ink)
{
	GRand *rng = g_rand_new_with_seed(class_seed());

	for (int c = 0; c < 200; c++) {
		int h = g_rand_int_range(rng, 12, 42);
		int n = g_rand_int_range(rng, 3, 14);
		idr_rect read[14] = { 0 }, marks[2] = { 0 };
		VipsImage *view = blank_view(24 * h, 5 * h);
		ocr_page *page = page_new(view->Xsize, view->Ysize);
		int x = glyphs(read, n, 2 * h, 2 * h, h);
		read_word(page, view, read, n);
		GArray *found = found_over(g_rand_boolean(rng) ? "name" :
					   "sg_nric", read, n);
		idr_rect before = g_array_index(found, finding, 0).box;
		int nm = 0;
		if (g_rand_boolean(rng)) { /* a mark above a glyph */
			idr_rect g = read[g_rand_int_range(rng, 0, n)];
			int mh = MAX(2, h / 6);
			marks[nm++] = (idr_rect){ g.x, g.y - mh -
				g_rand_int_range(rng, 0, MAX(1, h / 8)),
				MAX(2, g.w / 2), mh };
		}
		if (g_rand_boolean(rng)) /* a thin glyph at the right edge */
			marks[nm++] = (idr_rect){ x, read[0].y,
						  MAX(2, h / 8), h };
		for (int i = 0; i < nm; i++) /* 220 background, 30 ink */
			draw(view, marks[i], g_rand_int_range(rng, 30, 157));
		idr_rect ink = read[0];
		for (int i = 1; i < n; i++)
			ink = rect_union(ink, read[i]);
		for (int i = 0; i < nm; i++)
			ink = rect_union(ink, marks[i]);
		ink_trim(page, view, found);
		idr_rect box = g_array_index(found, finding, 0).box;
		int pad = MAX(2, (int)(0.1 * h + 0.5));
		ck_assert_msg(covers(box, ink) && covers(before, box),
			      "case %d: h %d, %d marks: box %d,%d %dx%d, ink "
			      "%d,%d %dx%d, before %d,%d %dx%d; reproduce: "
			      "IDR_TEST_SEED=%u CK_RUN_SUITE=ink", c, h, nm,
			      box.x, box.y, box.w, box.h, ink.x, ink.y, ink.w,
			      ink.h, before.x, before.y, before.w, before.h,
			      class_seed());
		ck_assert_msg(box.x >= ink.x - pad && box.y >= ink.y - pad &&
			      box.x + box.w <= ink.x + ink.w + pad &&
			      box.y + box.h <= ink.y + ink.h + pad,
			      "case %d: h %d: box %d,%d %dx%d reaches more than "
			      "%d px past the ink %d,%d %dx%d; reproduce: "
			      "IDR_TEST_SEED=%u CK_RUN_SUITE=ink", c, h, box.x,
			      box.y, box.w, box.h, pad, ink.x, ink.y, ink.w,
			      ink.h, class_seed());
		g_array_free(found, TRUE);
		ocr_page_free(page);
		g_object_unref(view);
	}
	g_rand_free(rng);
}
END_TEST

/* Where ink and background cannot be told apart (a value on a printed
 * pattern as dark as itself), the box stays as found. */
START_TEST(trim_leaves_flat_boxes)
{
	int h = 30;
	idr_rect read[8] = { 0 };
	VipsImage *view = blank_view(600, 200);
	ocr_page *page = page_new(view->Xsize, view->Ysize);

	glyphs(read, 8, 60, 80, h);
	read_word(page, view, read, 8);
	GArray *found = found_over("name", read, 8);
	idr_rect before = g_array_index(found, finding, 0).box;
	draw(view, before, 60); /* the glyphs drawn at 30 on 60 */
	for (int i = 0; i < 8; i++)
		draw(view, read[i], 30);
	ink_trim(page, view, found);
	ck_assert_msg(same(g_array_index(found, finding, 0).box, before),
		      "a box without contrast was trimmed");
	g_array_free(found, TRUE);
	ocr_page_free(page);
	g_object_unref(view);
}
END_TEST

Suite *ink_suite(void)
{
	Suite *s = suite_create("ink");
	TCase *tc = tcase_create("lost characters");

	tcase_add_checked_fixture(tc, setup, NULL);
	/* 300 drawn views; a loaded machine and the sanitizers slow them */
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, lost_group_is_covered);
	tcase_add_test(tc, mrz_lost_end_is_covered);
	tcase_add_test(tc, other_ink_is_left);
	tcase_add_test(tc, read_word_stops_it);
	tcase_add_test(tc, specks_do_not_stop_it);
	tcase_add_test(tc, small_caption_stops_it);
	tcase_add_test(tc, glued_caption_stops_it);
	suite_add_tcase(s, tc);
	tc = tcase_create("blank margins");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, trim_keeps_the_ink);
	tcase_add_test(tc, trim_leaves_flat_boxes);
	suite_add_tcase(s, tc);
	return s;
}
