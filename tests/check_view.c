/* check_view.c — the views OCR reads (filter/text/view.c): a box found on
 * a scaled, levelled and turned view must land back over the same ink
 * on the input, or the mask misses the number. Each rule is checked on
 * drawn shapes whose place is known. */
#include <math.h>
#include <string.h>

#include <check.h>
#include <leptonica/allheaders.h>

#include "text/text.h"

#include "seed.h"

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

/* Adds a symbol of side size (view pixels) centred on input point
 * (x, y) to page. */
static void symbol_text_at(ocr_page *page, affine to_view, double x,
			   double y, double size, const char *text)
{
	double vx, vy;
	affine_apply(to_view, x, y, &vx, &vy);
	ocr_symbol s = { "", { (int)(vx - size / 2), (int)(vy - size / 2),
			       (int)size, (int)size }, 90 };
	g_strlcpy(s.text, text, sizeof s.text);
	g_array_append_val(page->symbols, s);
}

static void symbol_at(ocr_page *page, affine to_view, double x, double y,
		      double size)
{
	symbol_text_at(page, to_view, x, y, size, "8");
}

/* Makes *view of grey (800 x 600) at skew and a quarter turn and scale
 * (0.8-2.5x) drawn from rng, which go to *turn and *scale. Returns the
 * direction (degrees, in the input) of text the view reads level: the
 * skew, a quarter turn more when the view's turn stands it up. */
static double random_view(GRand *rng, VipsImage *grey, double skew,
			  text_view *view, int *turn, double *scale)
{
	idr_error err = { 0 };

	*turn = 90 * g_rand_int_range(rng, 0, 4);
	*scale = g_rand_double_range(rng, 0.8, 2.5);
	*view = (text_view){ 0 };
	ck_assert_int_eq(view_make(grey, (idr_rect){ 0, 0, 800, 600 }, *scale,
				   skew, *turn, view, &err),
			 IDR_OK);
	return skew + (*turn % 180 ? 90 : 0);
}

/* The class: a block of 3-7 lines (8-20 characters of 8-16 px) at any
 * skew up to 20 degrees and quarter turn, read on a view at 0.8-2.5x;
 * OCR returned some lines, dropped others, and of others read only
 * one end, 35-38 % of their characters (a Thai ID's "8374 913" of "4
 * 3086 98374 91 3"); above half the dropped ones it read a small caption
 * (half a line's height) whose middle lies 0.9-1.1 character heights
 * off the line's. Exactly the dropped lines come back to be read again
 * (unread_line_boxes()), each box over its line: a caption is not a
 * reading of the line under it (a TD1 card's document number was
 * dropped under its caption "Document No."). With a finding on every
 * whole line and on a third of the partly read ones, exactly the partly
 * read lines with a finding or with digits read and an end lost come
 * back (partly_read_boxes()); those read as letters alone, or read end
 * to end in thin digits (a date), do not. Fresh seed each run: 40
 * cases. */
START_TEST(unread_lines_found)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed);
	VipsImage *grey = page_with_box(800, 600, (idr_rect){ 0, 0, 1, 1 });

	for (int n = 0; n < 40; n++) {
		double skew = g_rand_double_range(rng, -20, 20), scale;
		int turn;
		text_view view;
		double a = random_view(rng, grey, skew, &view, &turn, &scale);
		affine to_view = affine_invert(view.to_image);
		double r = a * G_PI / 180;
		double c = cos(r), sn = sin(r);
		double ch = g_rand_double_range(rng, 8, 16);
		text_block b = { .angle = fmod(a + 180, 180),
				 .lines = g_array_new(FALSE, FALSE,
						      sizeof(text_line)) };
		ocr_page *page = ocr_page_new(view.grey->Xsize,
					      view.grey->Ysize);
		GArray *found = g_array_new(FALSE, FALSE, sizeof(finding));
		int nl = g_rand_int_range(rng, 3, 8), dropped = 0, partly = 0;
		bool drop[8], part[8];
		for (int i = 0; i < nl; i++) {
			/* lines 3 heights apart about the page's middle */
			double across = (i - nl / 2.0) * 3 * ch;
			int chars = g_rand_int_range(rng, 8, 21);
			text_line l = { .angle = b.angle,
				.cx = 400 - across * sn, .cy = 300 + across * c,
				.length = chars * 0.7 * ch,
				.thickness = 1.3 * ch, .char_px = ch,
				.chars = chars };
			g_array_append_val(b.lines, l);
			int how = g_rand_int_range(rng, 0, 3);
			drop[i] = how == 1;
			dropped += drop[i];
			part[i] = false;
			if (how == 2) {
				/* one end read: the last 35-38 % (past
				 * UNREAD_SHARE, under UNREAD_COVER), three
				 * glyphs at least: read as letters with a
				 * finding over them, as digits and no finding
				 * (too little of a number), or as letters and
				 * no finding (a caption) */
				int from = chars - (int)ceil(0.35 * chars);
				int what = g_rand_int_range(rng, 0, 4);
				/* or read whole but thin, as a date's
				 * digits and dots span under UNREAD_COVER:
				 * every other glyph, end to end, a third
				 * of a glyph wide; no end lost */
				for (int k = what == 3 ? 0 : from; k < chars;
				     k += what == 3 ? 2 : 1) {
					double u = (k - chars / 2.0 + 0.5) * 0.7 * ch;
					symbol_text_at(page, to_view, l.cx + u * c,
						       l.cy + u * sn,
						       (what == 3 ? 0.25 : 1) * ch * scale,
						       what % 2 ? "8" : "A");
				}
				if (what == 3 && chars % 2 == 0) {
					double u = (chars / 2.0 - 0.5) * 0.7 * ch;
					symbol_text_at(page, to_view, l.cx + u * c,
						       l.cy + u * sn, 0.25 * ch * scale,
						       "8");
				}
				part[i] = what < 2;
				partly += part[i];
				double u = (from + chars) / 2.0 - chars / 2.0;
				double vx, vy;
				affine_apply(to_view, l.cx + u * 0.7 * ch * c,
					     l.cy + u * 0.7 * ch * sn, &vx, &vy);
				finding f = { .kind = "th_id",
					      .box = { (int)vx - 5, (int)vy - 5,
						       10, 10 } };
				if (what == 0)
					g_array_append_val(found, f);
			} else if (!drop[i]) {
				double vx, vy;
				affine_apply(to_view, l.cx, l.cy, &vx, &vy);
				finding f = { .kind = "th_id",
					      .box = { (int)vx - 5, (int)vy - 5,
						       10, 10 } };
				g_array_append_val(found, f);
				for (int k = 0; k < chars; k++) {
					double u = (k - chars / 2.0 + 0.5) * 0.7 * ch;
					symbol_at(page, to_view, l.cx + u * c,
						  l.cy + u * sn, ch * scale);
				}
			} else if (g_rand_boolean(rng)) {
				double v = -g_rand_double_range(rng, 0.9, 1.1) * ch;
				for (int k = 0; k < 6; k++) {
					double u = (k - 3) * 0.4 * ch;
					symbol_at(page, to_view,
						  l.cx + u * c - v * sn,
						  l.cy + u * sn + v * c,
						  0.5 * ch * scale);
				}
			}
		}
		GArray *boxes = g_array_new(FALSE, FALSE, sizeof(idr_rect));
		unread_line_boxes(&view, &b, page, boxes);
		ck_assert_msg((int)boxes->len == dropped,
			      "seed %u case %d: skew %+.1f turn %d scale %.2f "
			      "char %.0f px: %d of %d lines dropped, %u boxes",
			      seed, n, skew, turn, scale, ch, dropped, nl,
			      boxes->len);
		for (int i = 0, k = 0; i < nl; i++) {
			if (!drop[i])
				continue;
			const text_line *l = &g_array_index(b.lines, text_line, i);
			idr_rect bx = g_array_index(boxes, idr_rect, k++);
			double vx, vy;
			affine_apply(to_view, l->cx, l->cy, &vx, &vy);
			ck_assert_msg(vx >= bx.x && vx < bx.x + bx.w &&
				      vy >= bx.y && vy < bx.y + bx.h,
				      "seed %u case %d: line %d's middle "
				      "%.0f,%.0f not in its box", seed, n, i,
				      vx, vy);
		}
		g_array_set_size(boxes, 0);
		partly_read_boxes(&view, &b, page, found, boxes);
		ck_assert_msg((int)boxes->len == partly,
			      "seed %u case %d: %d partly read lines with a "
			      "finding or digits, %u boxes", seed, n, partly,
			      boxes->len);
		for (int i = 0, k = 0; i < nl; i++) {
			if (!part[i])
				continue;
			const text_line *l = &g_array_index(b.lines, text_line, i);
			idr_rect bx = g_array_index(boxes, idr_rect, k++);
			double vx, vy;
			affine_apply(to_view, l->cx, l->cy, &vx, &vy);
			ck_assert_msg(vx >= bx.x && vx < bx.x + bx.w &&
				      vy >= bx.y && vy < bx.y + bx.h,
				      "seed %u case %d: partly read line %d's "
				      "middle %.0f,%.0f not in its box", seed,
				      n, i, vx, vy);
		}
		g_array_free(found, TRUE);
		g_array_free(boxes, TRUE);
		g_array_free(b.lines, TRUE);
		ocr_page_free(page);
		view_clear(&view);
	}
	g_object_unref(grey);
	g_rand_free(rng);
}
END_TEST

/* Returns true when point x,y lies inside quad q (corners top left, top
 * right, bottom left, bottom right, as a finding's quad). */
static bool in_quad(const double q[4][2], double x, double y)
{
	static const int ring[4] = { 0, 1, 3, 2 };
	double sign = 0;

	for (int i = 0; i < 4; i++) {
		const double *a = q[ring[i]], *b = q[ring[(i + 1) % 4]];
		double cross = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
		if (cross * sign < 0)
			return false;
		if (cross != 0)
			sign = cross;
	}
	return true;
}

/* The class: a line that lies off its levelled view by up to half a
 * degree (the block's skew measured a little off, a photo's
 * perspective), its glyphs sheared up to 25 degrees off square either
 * way (a photo's perspective: cells leaning along the line), its finding
 * a box as tall as its characters about the line's middle and as long
 * as the line's unsheared cells (ink_grow() extends a box along its
 * row). Every corner of every character cell must lie inside the turned
 * rectangle the finding masks on the input: a TD3 number line in a
 * passport photo left the edge of its last glyphs out, a card's NRIC its
 * first, and a TD1 card's number the leaning corner of its first glyph.
 * Views skewed 3-20 degrees either way (LEAN_SKEW), any quarter turn,
 * 0.8-2.5x;
 * lines 100-1500 view pixels long, characters 12-50 px. Fresh seed each
 * run: 200 cases. */
static void check_ends_covered(const char *kind, double off_max,
			       double len_min, double len_max)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed);
	VipsImage *grey = page_with_box(800, 600, (idr_rect){ 0, 0, 1, 1 });
	ocr_page *empty = ocr_page_new(800, 600);

	for (int n = 0; n < 200; n++) {
		double skew = g_rand_double_range(rng, 3, 20) *
			      (g_rand_boolean(rng) ? 1 : -1), scale;
		int turn;
		text_view view;
		random_view(rng, grey, skew, &view, &turn, &scale);
		double len = g_rand_double_range(rng, len_min, len_max);
		double ch = g_rand_double_range(rng, 12, 50);
		double off = g_rand_double_range(rng, -off_max, off_max) *
			     G_PI / 180;
		double shear = g_rand_double_range(rng, -25, 25);
		double lean = tan(shear * G_PI / 180);
		double cx = view.grey->Xsize / 2.0, cy = view.grey->Ysize / 2.0;
		finding f = { .kind = kind,
			      .box = { (int)floor(cx - len / 2),
				       (int)floor(cy - ch / 2),
				       (int)ceil(len) + 1, (int)ceil(ch) + 1 } };
		GArray *found = g_array_new(FALSE, FALSE, sizeof(finding));
		g_array_append_val(found, f);
		lean_past_ends(empty, &view, found);
		f = g_array_index(found, finding, 0);
		g_array_free(found, TRUE);
		finding_to_input(&view, &f, 1 << 20, 1 << 20);
		ck_assert(f.tilted);
		for (double u = -len / 2; u + 0.6 * ch <= len / 2 + 1e-9;
		     u += 0.6 * ch)
			for (int k = 0; k < 4; k++) {
				/* a cell 0.6 x 1 heights, along the line */
				double a = u + (k & 1 ? 0.6 * ch : 0);
				double v = k & 2 ? ch / 2 : -ch / 2;
				a += v * lean;
				double vx = cx + a * cos(off) - v * sin(off);
				double vy = cy + a * sin(off) + v * cos(off);
				double x, y;
				affine_apply(view.to_image, vx, vy, &x, &y);
				ck_assert_msg(in_quad((const double (*)[2])f.quad,
						      x, y),
					      "seed %u case %d: skew %+.1f turn %d "
					      "scale %.2f, a line %.0f px long of "
					      "%.0f px characters sheared %+.1f "
					      "deg, %+.2f deg off level: the "
					      "corner at %.0f along is not "
					      "masked", seed, n, skew, turn,
					      scale, len, ch, shear,
					      off * 180 / G_PI, a);
			}
		view_clear(&view);
	}
	ocr_page_free(empty);
	g_object_unref(grey);
	g_rand_free(rng);
}

START_TEST(tilted_line_ends_covered)
{
	check_ends_covered("mrz", 0.5, 100, 1500);
}
END_TEST

/* The same class for an identifier on a photo, whose own line strays
 * further from the block's mean: up to 2 degrees off (the passport
 * number at the far corner of a passport page photographed in
 * perspective, photo_passport seeds 2606143509 and 3362737451: a sliver
 * of its last glyph was left), 80-500 px long. Fresh seed each run: 200
 * cases. */
START_TEST(tilted_number_ends_covered)
{
	check_ends_covered("passport", 2.0, 80, 500);
}
END_TEST

/* The class: a finding on a levelled view with a word OCR read on its
 * own row on either side, 0 to 0.4 of its height away (a caption such as
 * "No.:" before a number), and a word on the row above reaching past its
 * ends. Its ends lean out towards each word of its row, stopping 0.2 of
 * its height short (LEAN_BLANK) and never drawing back; with no word on
 * its row they lean out the full SHEAR_SLACK (0.3 of its height). Fresh
 * seed each run: 200 cases. */
START_TEST(lean_stops_at_word)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed);
	text_view view = { .skew = 5 };

	for (int n = 0; n < 200; n++) {
		int h = g_rand_int_range(rng, 12, 80);
		idr_rect b = { 500, 300, g_rand_int_range(rng, 3, 20) * h / 2, h };
		bool beside = g_rand_boolean(rng);
		int gl = (int)(g_rand_double_range(rng, 0, 0.4) * h);
		int gr = (int)(g_rand_double_range(rng, 0, 0.4) * h);
		ocr_page *page = ocr_page_new(4000, 1000);
		idr_rect words[3] = {
			{ b.x - gl - 2 * h, b.y + h / 10, 2 * h, h },
			{ b.x + b.w + gr, b.y - h / 10, 2 * h, h },
			{ b.x - 3 * h, b.y - 2 * h, b.w + 6 * h, h },
		};
		for (int k = beside ? 0 : 2; k < 3; k++) {
			ocr_word w = { 0, 0, words[k], 90 };
			g_array_append_val(page->words, w);
		}
		GArray *found = g_array_new(FALSE, FALSE, sizeof(finding));
		finding f = { .kind = "th_id", .box = b };
		g_array_append_val(found, f);
		lean_past_ends(page, &view, found);
		idr_rect got = g_array_index(found, finding, 0).box;
		int lean = (int)ceil(0.3 * h), blank = (int)ceil(0.2 * h);
		int want_l = beside ? CLAMP(gl - blank, 0, lean) : lean;
		int want_r = beside ? CLAMP(gr - blank, 0, lean) : lean;
		ck_assert_msg(got.x == b.x - want_l &&
			      got.x + got.w == b.x + b.w + want_r &&
			      got.y == b.y && got.h == b.h,
			      "seed %u case %d: h %d, words %s %d and %d px "
			      "away: box %d..%d, want %d..%d", seed, n, h,
			      beside ? "beside" : "not beside", gl, gr, got.x,
			      got.x + got.w, b.x - want_l, b.x + b.w + want_r);
		g_array_free(found, TRUE);
		ocr_page_free(page);
	}
	g_rand_free(rng);
}
END_TEST

/* The class: a block read both ways, each reading's findings 0-4, each
 * finding's check passed, failed or absent, each reading's confidence
 * 0-99. A reading's findings are dropped only when none of them passed
 * its check, one of the other reading's did, and OCR read the other at
 * least as surely; otherwise every finding stays. Fresh seed each run:
 * 500 cases. */
START_TEST(check_digit_alone_drops_nothing)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed);

	for (int c = 0; c < 500; c++) {
		GArray *found = g_array_new(FALSE, FALSE, sizeof(finding));
		int n[2], passed[2] = { 0, 0 };
		double conf[2];
		guint from[3];
		for (int k = 0; k < 2; k++) {
			from[k] = found->len;
			n[k] = g_rand_int_range(rng, 0, 5);
			conf[k] = g_rand_int_range(rng, 0, 100);
			for (int i = 0; i < n[k]; i++) {
				finding f = { .kind = k ? "th_id" : "mrz",
					      .checksum = g_rand_int_range(rng, -1, 2) };
				passed[k] += f.checksum == 1;
				g_array_append_val(found, f);
			}
		}
		from[2] = found->len;
		drop_unverified_half(found, from, conf);
		int kept[2] = { 0, 0 };
		for (guint i = 0; i < found->len; i++)
			kept[!strcmp(g_array_index(found, finding, i).kind,
				     "th_id")]++;
		for (int k = 0; k < 2; k++) {
			bool drop = !passed[k] && passed[!k] &&
				    conf[!k] >= conf[k];
			ck_assert_msg(kept[k] == (drop ? 0 : n[k]),
				      "seed %u case %d: reading %d (%d findings, "
				      "%d passed, confidence %.0f) against %d "
				      "passed at %.0f: %d kept", seed, c, k,
				      n[k], passed[k], conf[k], passed[!k],
				      conf[!k], kept[k]);
		}
		g_array_free(found, TRUE);
	}
	g_rand_free(rng);
}
END_TEST

/* The class: a line of the layout (1-20 components, 4.5-14 heights
 * long, 10-40 px) on a view; in the page pass's black-and-white image,
 * its print (strokes covering 10-50 % of it, as the samples' lines do)
 * or none, washed out (under 2 % of it black in specks), left in specks
 * (6 to 30 a glyph, each a twelfth of a character height across or
 * less), or print with a few specks between its strokes (2 a glyph or
 * fewer); and black along a stretch of it (none, under a height, or
 * 2.6-6 heights: with print half black beside it, a blot 1.3 heights
 * long makes windows of 2 heights 0.8 black);
 * OCR's symbols on it read surely (at 90) or not (at 30), more than its
 * glyphs or fewer. It is buried (buried_lines()) exactly when it has 6
 * glyphs or more, the stretch is 2 heights or more or the line washed
 * out or left in specks, and fewer symbols than glyphs were read surely:
 * specks read out of the black do not count as its reading (photo_sg
 * seeds 3921898704, 3505802541 and 3473552936). Fresh seed each run:
 * 400 cases. */
/* Sets up to n specks of side x side pixels or less in box of pix, each
 * in a cell of a grid of side + 2 (so that none touch), the cells taken
 * in random order; with period, only in the gaps of strokes 'period'
 * apart from box's left (each stroke at most half of it and a pixel, as
 * buried_lines_found() draws them), so that none touches one. Returns
 * how many it set. */
static int add_specks(PIX *pix, idr_rect box, int side, int n, int period,
		      GRand *rng)
{
	int pitch = side + 2, cols = box.w / pitch, rows = box.h / pitch;
	int cells = cols * rows, set = 0;
	int *order = g_new(int, MAX(1, cells));

	for (int i = 0; i < cells; i++)
		order[i] = i;
	for (int i = cells - 1; i > 0; i--) {
		int j = g_rand_int_range(rng, 0, i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (int i = 0; i < cells && set < n; i++) {
		int x = box.x + pitch * (order[i] % cols);
		int y = box.y + pitch * (order[i] / cols);
		int w = g_rand_int_range(rng, 1, side + 1);
		int h = g_rand_int_range(rng, 1, side + 1);
		if (period) {
			int at = (x - box.x) % period;
			if (at < period / 2 + 2 || at + w + 1 >= period)
				continue;
		}
		BOX *sb = boxCreate(x, y, w, h);
		pixSetInRect(pix, sb);
		boxDestroy(&sb);
		set++;
	}
	g_free(order);
	return set;
}

START_TEST(buried_lines_found)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed);
	VipsImage *grey = page_with_box(800, 600, (idr_rect){ 0, 0, 1, 1 });
	text_view view = { 0 };
	idr_error err = { 0 };

	ck_assert_int_eq(view_make(grey, (idr_rect){ 0, 0, 800, 600 }, 1, 0,
				   0, &view, &err), IDR_OK);
	affine to_view = affine_invert(view.to_image);
	for (int n = 0; n < 400; n++) {
		double ch = g_rand_double_range(rng, 10, 40);
		int chars = g_rand_int_range(rng, 1, 21);
		/* a bar or band is long with few components */
		double heights = g_rand_double_range(rng, 4.5, 14);
		text_line l = { .angle = 0, .cx = 400, .cy = 300,
				.length = heights * ch, .thickness = 1.3 * ch,
				.char_px = ch, .chars = chars };
		int glyphs = (int)MAX(chars, heights);
		text_block b = { .angle = 0, .lines = g_array_new(FALSE, FALSE,
								  sizeof(text_line)) };
		g_array_append_val(b.lines, l);
		idr_rect on = rect_pad_clip(affine_line_box(to_view, &l, 0, 0),
					    0, view.grey->Xsize,
					    view.grey->Ysize);
		ocr_page *page = ocr_page_new(view.grey->Xsize,
					      view.grey->Ysize);
		page->binary = pixCreate(view.grey->Xsize, view.grey->Ysize, 1);
		/* its print: strokes across it, washed out to pixels, left
		 * in specks, or strokes with a few specks between them */
		enum { PRINT, WASHED, SPECKED, PRINT_SPECKS } print =
			g_rand_int_range(rng, PRINT, PRINT_SPECKS + 1);
		/* specks of up to half the largest that counts (a sixth
		 * of a height), as many as half the grid's cells hold at
		 * most: a line too small for 6 a glyph is drawn as print */
		int side = MAX(1, (int)(ch / 6) / 2);
		double fit = (double)(on.w / (side + 2)) * (on.h / (side + 2)) /
			     2 / glyphs;
		if (print == SPECKED && fit < 6)
			print = PRINT;
		bool washed = print == WASHED;
		double ink = washed ? g_rand_double_range(rng, 0, 0.02) :
			     print == SPECKED ?
				     g_rand_double_range(rng, 6, MIN(30, fit)) :
				     g_rand_double_range(rng, 0.1, 0.5);
		if (washed) {
			int specks = (int)(ink * on.w * on.h);
			for (int k = 0; k < specks; k++)
				pixSetPixel(page->binary,
					    on.x + g_rand_int_range(rng, 0, on.w),
					    on.y + g_rand_int_range(rng, 0, on.h), 1);
		} else if (print == SPECKED) {
			/* ink specks a glyph, on a grid so none touch */
			ck_assert_int_eq(add_specks(page->binary, on, side,
						    (int)(ink * glyphs + 1), 0,
						    rng),
					 (int)(ink * glyphs + 1));
		} else {
			int period = MAX(4, on.h / 3);
			int stroke = MAX(1, (int)(ink * period + 0.5));
			for (int x = on.x; x + stroke <= on.x + on.w; x += period) {
				BOX *sb = boxCreate(x, on.y, stroke, on.h);
				pixSetInRect(page->binary, sb);
				boxDestroy(&sb);
			}
			if (print == PRINT_SPECKS)
				add_specks(page->binary, on, side,
					   g_rand_int_range(rng, 0, 2 * glyphs + 1),
					   period, rng);
		}
		/* a black stretch along the line, in its heights; a washed
		 * line has none short (a blot would be print) */
		int how = g_rand_int_range(rng, 0, 3);
		how = (washed || print == SPECKED) && how == 1 ? 0 : how;
		double run = how == 0 ? 0 : how == 1 ?
			     g_rand_double_range(rng, 0.5, 1.0) :
			     g_rand_double_range(rng, 2.6, 6);
		int len = MIN(on.w, (int)(run * on.h));
		if (len > 0) {
			BOX *bx = boxCreate(on.x + g_rand_int_range(rng, 0,
						on.w - len + 1), on.y, len, on.h);
			pixSetInRect(page->binary, bx);
			boxDestroy(&bx);
		}
		bool long_run = len >= 2 * on.h;
		/* symbols on it, sure or not */
		int sure = g_rand_boolean(rng) ? glyphs + g_rand_int_range(rng, 1, 3) :
			   g_rand_int_range(rng, 0, MAX(1, glyphs - 1));
		int unsure = g_rand_int_range(rng, 0, 2 * glyphs);
		for (int k = 0; k < sure + unsure; k++) {
			int x = on.x + (int)((k + 0.5) * on.w / (sure + unsure));
			ocr_word w = { page->symbols->len, 1,
				       { x - 2, on.y + on.h / 2 - 2, 4, 4 },
				       k < sure ? 90 : 30 };
			ocr_symbol sym = { "e", w.box, w.conf };
			g_array_append_val(page->symbols, sym);
			g_array_append_val(page->words, w);
		}
		bool want = chars >= 6 &&
			    (long_run || washed || print == SPECKED) &&
			    sure < glyphs;
		ck_assert_msg(buried_lines(&view, &b, page) == want,
			      "seed %u case %d: %d glyphs %.0f px, %s at %.3f, "
			      "black %d of %d px (height %d), %d read surely, "
			      "%d not: buried should be %d", seed, n, chars, ch,
			      (const char *[]){ "print", "washed out", "specks",
						"print and specks" }[print],
			      ink, len, on.w,
			      on.h, sure, unsure, want);
		ocr_page_free(page);
		g_array_free(b.lines, TRUE);
	}
	view_clear(&view);
	g_object_unref(grey);
	g_rand_free(rng);
}
END_TEST

/* The class: a block's line on a view levelled at the block's skew (up
 * to 20 degrees, any quarter turn, 0.8-2.5x) that runs up to 6 degrees
 * off it (a photo's perspective), 4-50 characters of 8-16 px, read
 * surely whole, in part or not at all. It comes back askew
 * (askew_lines()) exactly when it has 10 characters or more, climbs or
 * falls half its character height or more along the view, and was not
 * read surely whole; the lean given is the line's own on the view
 * (within half a degree: a view's two scales differ by vips_resize()'s
 * rounding), and its box holds the line's middle (photo_passport seed
 * 226699090: MRZ lines 3.0 and 3.3 degrees off their view's level).
 * Fresh seed each run: 300 cases. */
START_TEST(askew_lines_found)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed ^ 0x41534b57);
	VipsImage *grey = page_with_box(800, 600, (idr_rect){ 0, 0, 1, 1 });

	for (int n = 0; n < 300; n++) {
		double skew = g_rand_double_range(rng, -20, 20), scale;
		int turn;
		text_view view;
		double a = random_view(rng, grey, skew, &view, &turn, &scale);
		affine to_view = affine_invert(view.to_image);
		double off = g_rand_double_range(rng, -6, 6);
		double r = (a + off) * G_PI / 180, c = cos(r), sn = sin(r);
		double ch = g_rand_double_range(rng, 8, 16);
		int chars = g_rand_int_range(rng, 4, 51);
		text_line l = { .angle = fmod(a + off + 360, 180), .cx = 400,
				.cy = 300, .length = chars * 0.7 * ch,
				.thickness = 1.3 * ch, .char_px = ch,
				.chars = chars };
		text_block b = { .angle = fmod(a + 360, 180),
				 .lines = g_array_new(FALSE, FALSE,
						      sizeof(text_line)) };
		g_array_append_val(b.lines, l);
		ocr_page *page = ocr_page_new(view.grey->Xsize,
					      view.grey->Ysize);
		int how = g_rand_int_range(rng, 0, 3);
		int sure = how == 0 ? chars : how == 1 ?
			   g_rand_int_range(rng, 0, chars) : 0;
		for (int k = 0; k < sure; k++) {
			double u = (k - chars / 2.0 + 0.5) * 0.7 * ch;
			symbol_at(page, to_view, l.cx + u * c, l.cy + u * sn,
				  ch * scale);
			ocr_symbol *sym = &g_array_index(page->symbols,
							 ocr_symbol, k);
			ocr_word w = { (guint)k, 1, sym->box, 90 };
			g_array_append_val(page->words, w);
		}
		double drift = fabs(l.length * sin(off * G_PI / 180));
		bool want = chars >= 10 && drift >= 0.5 * ch && sure < chars;
		/* the view's rounding moves the lean up to 0.3 degrees, so the
		 * drift the rule sees by that much of the line's length: a
		 * line that close to the bound may go either way (seed
		 * 1515360624 case 84: 4.9 px against a bound of 4.85) */
		double slack = l.length * sin(0.3 * G_PI / 180);
		bool near = fabs(drift - 0.5 * ch) < slack;
		GArray *out = g_array_new(FALSE, FALSE, sizeof(askew_line));
		askew_lines(&view, &b, page, out);
		ck_assert_msg(near || (int)out->len == want,
			      "seed %u case %d: skew %+.1f turn %d scale %.2f, "
			      "%d chars of %.0f px %+.2f degrees off (drift "
			      "%.1f px), %d read surely: askew %u, want %d",
			      seed, n, skew, turn, scale, chars, ch, off, drift,
			      sure, out->len, want);
		if (want && out->len) {
			const askew_line *got = &g_array_index(out, askew_line, 0);
			double vx, vy;
			affine_apply(to_view, l.cx, l.cy, &vx, &vy);
			ck_assert_msg(fabs(got->skew - off) < 0.5 &&
				      vx >= got->box.x &&
				      vx < got->box.x + got->box.w &&
				      vy >= got->box.y &&
				      vy < got->box.y + got->box.h,
				      "seed %u case %d: turn %d, %+.2f degrees "
				      "off: lean %+.2f, box [%d,%d,%d,%d], "
				      "middle %.0f,%.0f", seed, n, turn, off,
				      got->skew, got->box.x, got->box.y,
				      got->box.w, got->box.h, vx, vy);
		}
		g_array_free(out, TRUE);
		g_array_free(b.lines, TRUE);
		ocr_page_free(page);
		view_clear(&view);
	}
	g_object_unref(grey);
	g_rand_free(rng);
}
END_TEST

Suite *view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc = tcase_create("maps");

	tcase_add_checked_fixture(tc, setup, NULL);
	/* unread_lines_found makes 40 views of up to 2000 x 1500 px */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, affine_round_trip);
	tcase_add_test(tc, view_maps_back);
	tcase_add_test(tc, skew_is_undone);
	tcase_add_test(tc, unread_lines_found);
	tcase_add_test(tc, tilted_line_ends_covered);
	tcase_add_test(tc, tilted_number_ends_covered);
	tcase_add_test(tc, lean_stops_at_word);
	tcase_add_test(tc, check_digit_alone_drops_nothing);
	tcase_add_test(tc, buried_lines_found);
	tcase_add_test(tc, askew_lines_found);
	suite_add_tcase(s, tc);
	return s;
}
