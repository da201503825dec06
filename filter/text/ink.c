/* ink.c — an identifier's characters that OCR never returned, and the
 * blank margins of a mask.
 *
 * Tesseract now and then drops the last or first group of a number as
 * noise: a lone check digit after a dash ("35-324064-653418" read for the
 * IMEI 35-324064-653418-5; fresh property seed 845709937, 300 dpi), or the
 * part of an edge letter its box leaves out (the J of S0266181J at 150
 * dpi, a sliver of it beside the mask; seed 1050893970). No rule on the
 * text can see what was never read, but the view's pixels still hold it.
 *
 * ink_grow() looks at the view beside each identifier and MRZ line found
 * on it: ink on the number's own rows, no further from its box than a
 * wide gap between groups, outside every word OCR read, and ending in
 * blank within a few characters (within MRZ_INK_REACH for an MRZ), is
 * taken for the number's lost characters and the box grows over it. Ink
 * that runs on (a photo, a card's edge, a pattern) is left alone: that
 * is not a group of characters, and the mask stays as found.
 *
 * ink_trim() then takes back the blank part of every text finding's
 * margin: the margins are wide for what OCR's boxes may leave out (a thin
 * edge glyph, accents, tone marks), and where the pixels hold no such ink
 * they only hide the layout around the value (issue 13: the masks of the
 * personal fields alone covered some 2.5 % of a card's image beyond their
 * ink). What ink there is in the margin stays under the mask.
 */
#include <string.h>

#include "internal.h"
#include "text/ids.h"
#include "text/text.h"

/* The widest gap, in character heights beyond the box's edge, at which
 * ink still counts as the number's: the box already reaches half a height
 * past the last glyph (cells_box()), and a space between groups is about
 * two thirds of a height, so a lost group starts within this. */
#define INK_GAP 0.6
/* How far, in character heights past the box's edge, the lost ink may
 * run: a dash and a digit, a bracketed check "(9)", two letters, each
 * glyph about 0.6 of a height wide. Ink still running here is not taken. */
#define INK_REACH 3.0
/* The reach past an MRZ line's box: its lines run a fixed length (ICAO
 * 9303 parts 4-6: 44, 36 or 30 characters at a 2.54 mm pitch, about one
 * character height), and OCR may return a line several characters short.
 * A passport page photographed in perspective had "236<02" of its
 * number line's 44 characters unread; its zone's box, the longer first
 * line's, left the last glyph half out (rotation seed 854526438). Twelve
 * heights take up to nine lost characters at the end of a line at a
 * pitch up to 1.15 heights (OCR's heights run a little under the
 * printed ones), and the blank after them. */
#define MRZ_INK_REACH 12.0
/* The widest gap within an MRZ line's lost glyphs, in character
 * heights: no group spaces there (fillers '<' are ink), but at a pitch of
 * 1.15 heights a glyph 0.5-0.6 heights wide leaves 0.55-0.65 of blank,
 * and a pixel more where the pitch rounds: INK_GAP stopped the growth
 * after the first lost glyph of lines 14 px tall (check_ink
 * mrz_lost_end_is_covered, seeds 3260150860 and 2704075704). */
#define MRZ_INK_GAP 0.8
/* The margin left around grown-over ink, in character heights: as the
 * boxes' own margin, so an antialiased edge leaves nothing. */
#define INK_PAD 0.2
/* The least contrast, in grey levels, between the box's ink and its
 * background for ink to be told apart at all. */
#define INK_CONTRAST 48
/* The darkest pixels that are surely ink, and the lightest that are
 * surely background, as shares of the box's pixels. */
#define INK_DARK 0.03
#define INK_LIGHT 0.6

bool text_rows(const ocr_page *page, idr_rect box, int *top, int *bottom,
	       int *height)
{
	int heights[64], n = 0;

	*top = G_MAXINT;
	*bottom = -1;
	for (guint i = 0; i < page->symbols->len; i++) {
		idr_rect s = g_array_index(page->symbols, ocr_symbol, i).box;
		if (!rect_centre_in(s, box))
			continue;
		*top = MIN(*top, s.y);
		*bottom = MAX(*bottom, s.y + s.h);
		if (n < (int)G_N_ELEMENTS(heights))
			heights[n++] = s.h;
	}
	if (!n)
		return false;
	*height = MAX(1, median_in_place(heights, n));
	return true;
}

/* Finds the grey levels of the ink (*dark) and the background (*light)
 * of grey's pixels in r; returns false when they are too close to tell
 * apart. */
static bool ink_levels(VipsImage *grey, idr_rect r, int *dark, int *light)
{
	grey_levels(grey, r, INK_DARK, INK_LIGHT, dark, light);
	return *light - *dark >= INK_CONTRAST;
}

/* Returns the grey level halfway between the ink and the background of
 * grey's pixels in r, or -1 when they are too close to tell apart. */
static int ink_threshold(VipsImage *grey, idr_rect r)
{
	int dark, light;

	return ink_levels(grey, r, &dark, &light) ? (dark + light) / 2 : -1;
}

/* A word OCR read under INK_SPECK of the number's character height, and
 * with less than SPECK_CONF confidence, is no word of its line of print
 * but a speck: on a passport photo over a guilloche background, words
 * 5-25 px tall read out of the pattern ("เจ" at 62, "Se" at 26) lay over
 * the lost "17 1" of a Thai ID 52 px tall and over the lost end of the
 * MRZ's number line, and stopped the growth before them (photo seed
 * 2587349278, photo_passport_01 turned 270). Small text is read with
 * confidence: the Thai caption before a Thai ID, glyphs a third to half
 * the number's height, each a word of its own, came back at 90-97 (the
 * card samples' readings), and the growth must stop there. */
#define INK_SPECK 0.5
#define SPECK_CONF 70.0f

/* Returns true when column x of the rows top..bottom-1 lies in what OCR
 * read of anything but the number in box (characters height px tall): in
 * a word none of whose symbols is in box, or, in the number's own word,
 * in a letter or digit outside box (a caption glued on, "No.:0123...").
 * A mark there is what OCR made of a lost part of the number
 * ("_“W262827626") and does not stop the growth, nor does a speck
 * (INK_SPECK, SPECK_CONF). */
static bool in_read_word(const ocr_page *page, idr_rect box, int x, int top,
			 int bottom, int height)
{
	for (guint i = 0; i < page->words->len; i++) {
		const ocr_word *w = &g_array_index(page->words, ocr_word, i);
		if (x < w->box.x || x >= w->box.x + w->box.w ||
		    w->box.y >= bottom || top >= w->box.y + w->box.h ||
		    (w->box.h < INK_SPECK * height && w->conf < SPECK_CONF))
			continue;
		bool own = false, glued = false;
		for (guint s = w->first; s < w->first + w->n; s++) {
			const ocr_symbol *sym =
				&g_array_index(page->symbols, ocr_symbol, s);
			if (rect_centre_in(sym->box, box)) {
				own = true;
				continue;
			}
			gunichar c = g_utf8_get_char_validated(sym->text, -1);
			glued = glued || (x >= sym->box.x &&
					  x < sym->box.x + sym->box.w &&
					  c != (gunichar)-1 && c != (gunichar)-2 &&
					  g_unichar_isalnum(c));
		}
		if (!own || glued)
			return true;
	}
	return false;
}

/* Returns the column, dir (+1 right, -1 left) of edge, up to which lost
 * ink runs from column edge on the rows top..bottom-1, or edge - dir
 * when there is none to take (ink still running reach_heights character
 * heights past the edge is none; a blank of more than gap_heights ends
 * it). */
static int lost_ink_end(const ocr_page *page, VipsImage *grey, int thr,
			idr_rect box, int edge, int dir, int top, int bottom,
			int height, double reach_heights, double gap_heights)
{
	int gap = (int)(gap_heights * height + 0.5);
	int reach = (int)(reach_heights * height + 0.5);
	int end = edge - dir, blank = 0;

	for (int i = 0; i < reach; i++) {
		int x = edge + dir * i;
		if (x < 0 || x >= grey->Xsize ||
		    in_read_word(page, box, x, top, bottom, height))
			return end; /* the ink before another word is taken */
		int dark = 0;
		for (int y = top; y < bottom; y++)
			dark += *VIPS_IMAGE_ADDR(grey, x, y) < thr;
		/* two pixels: a dash's stroke is two or three rows thick */
		if (dark >= 2) {
			end = x;
			blank = 0;
		} else if (++blank > gap) {
			return end; /* the ink, if any, ended in blank */
		}
	}
	return edge - dir; /* still running at the reach: not characters */
}

void ink_grow(const ocr_page *page, VipsImage *grey, GArray *found)
{
	for (guint i = 0; i < found->len; i++) {
		finding *f = &g_array_index(found, finding, i);
		idr_rect b = rect_pad_clip(f->box, 0, grey->Xsize, grey->Ysize);
		int top, bottom, height, thr;

		bool mrz = !strcmp(f->kind, "mrz");
		double reach = mrz ? MRZ_INK_REACH : INK_REACH;
		double gap = mrz ? MRZ_INK_GAP : INK_GAP;

		if (!(mrz || kind_is_identifier(f->kind)) || b.w <= 0 || b.h <= 0 ||
		    !text_rows(page, b, &top, &bottom, &height) ||
		    (thr = ink_threshold(grey, b)) < 0)
			continue;
		top = MAX(top, 0);
		bottom = MIN(bottom, grey->Ysize);
		int pad = (int)(INK_PAD * height + 0.5);
		int right = lost_ink_end(page, grey, thr, b, b.x + b.w, 1, top,
					 bottom, height, reach, gap);
		int left = lost_ink_end(page, grey, thr, b, b.x - 1, -1, top,
					bottom, height, reach, gap);
		idr_rect g = b;
		/* the margin beyond the ink stops at another word */
		for (int p = 0; right >= b.x + b.w && p < pad &&
				!in_read_word(page, b, right + 1, top, bottom,
					      height); p++)
			right++;
		for (int p = 0; left < b.x && p < pad &&
				!in_read_word(page, b, left - 1, top, bottom,
					      height); p++)
			left--;
		if (right >= b.x + b.w)
			g.w = right + 1 - g.x;
		if (left < b.x) {
			g.w += g.x - left;
			g.x = left;
		}
		f->box = rect_pad_clip(g, 0, grey->Xsize, grey->Ysize);
	}
}

/* ink_trim(): ink is darker than the box's background by TRIM_FAINT of
 * the contrast between its ink and background (a quarter: a glyph
 * printed fainter than the rest still counts); the margin kept beyond
 * the ink and the glyphs' own boxes is TRIM_PAD character heights, at
 * least 2 px (an antialiased or blurred edge is lighter than ink). */
#define TRIM_FAINT 0.25
#define TRIM_PAD 0.1

/* Returns the union of the boxes of page's symbols whose centre lies in
 * box (width 0 when none). */
static idr_rect glyphs_in(const ocr_page *page, idr_rect box)
{
	idr_rect u = { 0, 0, 0, 0 };

	for (guint i = 0; i < page->symbols->len; i++) {
		idr_rect s = g_array_index(page->symbols, ocr_symbol, i).box;
		if (rect_centre_in(s, box))
			u = rect_union(u, s);
	}
	return u;
}

void ink_trim(const ocr_page *page, VipsImage *grey, GArray *found)
{
	for (guint i = 0; i < found->len; i++) {
		finding *f = &g_array_index(found, finding, i);
		idr_rect b = rect_pad_clip(f->box, 0, grey->Xsize, grey->Ysize);
		int top, bottom, height, dark, light;

		if (b.w <= 0 || b.h <= 0 ||
		    !text_rows(page, b, &top, &bottom, &height) ||
		    !ink_levels(grey, b, &dark, &light))
			continue;
		int thr = light - (int)(TRIM_FAINT * (light - dark));
		idr_rect keep = rect_union(glyphs_in(page, b),
					   dark_extent(grey, b, thr));
		int pad = MAX(2, (int)(TRIM_PAD * height + 0.5));
		/* never past the box as found */
		keep = rect_intersect(rect_pad_clip(keep, pad, grey->Xsize,
						    grey->Ysize), b);
		if (keep.w > 0)
			f->box = keep;
	}
}
