/* orient.c — which way up a block of level text reads (interface in
 * text/text.h).
 *
 * layout.c knows the direction of the lines modulo half a turn; this file
 * decides between the two ends from two signals that fail in different
 * ways, and asks for both readings when they are weak or disagree:
 *
 *  - recognition: a few sample lines are read by the OCR engine as they
 *    stand and turned half a turn; text the right way up is read with far
 *    higher confidence than text upside down, in any script the engine
 *    knows. Cheap because it is a few lines, not the page.
 *  - shape: leptonica's ascender/descender count (pixUpDownDetect;
 *    Bloomberg, Kopec & Dasari, "Measuring document image skew and
 *    orientation", SPIE 2422, 1995). Strong on Latin lower case, silent
 *    on digits, capitals and other scripts — it never decides alone.
 *
 * tesseract's orientation detector is not used here: on Latin-only
 * pages, monospace above all (MRZ), it was confidently wrong (turns of 90
 * with confidence 2.7-5.2 where 270 was right). read.c checks the chosen
 * reading once more by its own confidence and reads the other way when
 * that comes out low.
 */
#include <math.h>

#include <leptonica/allheaders.h>

#include "text/text.h"

/* Sample lines read both ways, the longest first, each cut to about
 * SAMPLE_CHARS character heights long: SAMPLE_LINES, two when both vote
 * the same way by LINE_DECISIVE, and up to SAMPLE_LINES_MORE when their
 * votes are split or too few. */
#define SAMPLE_LINES 3
#define SAMPLE_LINES_MORE ORIENT_SAMPLES
#define SAMPLE_CHARS 14
/* A line votes when one reading reaches LINE_LEGIBLE (word confidence,
 * 0..100) and beats the other by LINE_CLEAR; one vote alone decides when
 * its margin is LINE_DECISIVE. Measured on the rotation set
 * (tests/bench/geometry.sh): right-way-up lines read at 70-99, the same
 * lines upside down mostly 0-65, but serif capitals upside down can read
 * as other capitals at 90 ("QUEZON CITY" as "ALIO NOZANC"), which is why
 * one line seldom decides alone. */
#define LINE_LEGIBLE 70.0f
#define LINE_CLEAR 10.0f
#define LINE_DECISIVE 25.0f
/* A machine-readable zone's lines are the longest on a TD1 card or a
 * passport page, so they are sampled first, and read upside down they
 * come back as surely as the right way up: the filler '<' (ICAO 9303
 * part 3) turns into '>', digits 0 and 8 into themselves. A TD1 card
 * scanned upside down and 15 degrees askew had two of its MRZ lines vote
 * for the wrong turn (the view's reading "8>>>>>>...", by 10 or more), it
 * was read that way alone, and its MRZ and document number were left
 * readable (rotation set, fresh seed 2612504690, td1_card_01 turned
 * 180). So a line whose two readings show MRZ_FILLERS or more fillers
 * one way up ('<' read as it stands, '>' read turned), three times as
 * many as the other way, votes that way, by LINE_DECISIVE, whatever the
 * confidences. */
#define MRZ_FILLERS 5
/* leptonica's up/down confidence (its notes: normal-tail units) that
 * vetoes the lines' decision. */
#define SHAPE_AGAINST 6.0f

/* The binarisation the shape signal reads: Otsu's threshold per tile
 * of SHAPE_TILE character heights square (leptonica's
 * pixOtsuAdaptiveThreshold; score fraction 0.1, its notes' typical
 * value). Sauvola's threshold (window 33 px, about one character here)
 * cost six times as much on card views, 141 ms of 165 on a 2755x2052
 * view, and on the 250 pages of a rotation set (tests/bench/geometry.c,
 * gen-samples --geometry --seed 4242) its signal agreed with the lines'
 * 141 times and went against them 39, Otsu's per tile 186 and 13. The
 * same first turn was chosen on every page but one, which both read
 * both ways (unsure); the up/down step's median went from 426 to 242 ms
 * there. */
#define SHAPE_TILE 8.0
#define SHAPE_SCORE 0.1f

/* Returns leptonica's confidence that the text of grey (characters
 * char_px tall) is upright (> 0) or upside down (< 0); 0 when it saw
 * too little to say. */
static float shape_signal(VipsImage *grey, double char_px)
{
	PIX *pix = pix_from_grey(grey), *bin = NULL;
	l_float32 conf = 0;
	int tile = MAX(16, (int)(SHAPE_TILE * char_px));

	if (pix && !pixOtsuAdaptiveThreshold(pix, tile, tile, 0, 0,
					     SHAPE_SCORE, NULL, &bin) && bin)
		if (pixUpDownDetect(bin, &conf, 0, 0, 0))
			conf = 0;
	pixDestroy(&bin);
	pixDestroy(&pix);
	return conf;
}

gint text_line_by_chars_desc(gconstpointer a, gconstpointer b)
{
	return ((const text_line *)b)->chars - ((const text_line *)a)->chars;
}

/* Returns where to cut r near column x, moving inwards by dir for at
 * most reach columns: the middle of the first gap between words (gap
 * columns or more without ink), else the first column between letters;
 * x itself when there is neither. Ink is darker than halfway between the
 * darkest and lightest pixel of r. */
static int cut_column(VipsImage *grey, idr_rect r, int x, int dir, int reach,
		      int gap)
{
	int lo = 255, hi = 0, letter = -1, run = 0;

	for (int y = r.y; y < r.y + r.h; y++)
		for (int i = r.x; i < r.x + r.w; i++) {
			int p = *VIPS_IMAGE_ADDR(grey, i, y);
			lo = MIN(lo, p);
			hi = MAX(hi, p);
		}
	int ink = (lo + hi) / 2;
	for (int k = 0, c = x; k < reach && c >= r.x && c < r.x + r.w;
	     k++, c += dir) {
		int dark = 0;
		for (int y = r.y; y < r.y + r.h; y++)
			dark += *VIPS_IMAGE_ADDR(grey, c, y) < ink;
		if (dark) {
			run = 0;
			continue;
		}
		if (letter < 0)
			letter = c;
		if (++run >= gap)
			return c - dir * (run / 2);
	}
	return letter >= 0 ? letter : x;
}

idr_rect orient_line_box(const text_line *l, const text_view *v)
{
	idr_rect r = affine_line_box(affine_invert(v->to_image), l,
				     0.6 * l->char_px, 0.35 * l->char_px);
	r = rect_pad_clip(r, 0, v->grey->Xsize, v->grey->Ysize);
	/* Some twenty characters tell as much as a whole MRZ line and cost
	 * a fraction of it: keep the middle of a long line, cut between
	 * characters (a cut letter ruins its word's confidence). */
	double px = l->char_px * v->scale; /* a character's height here */
	int most = (int)(SAMPLE_CHARS * px);
	if (r.w > most) {
		int reach = (int)(4 * px), gap = MAX(2, (int)(0.3 * px));
		int left = r.x + (r.w - most) / 2, right = left + most;
		left = cut_column(v->grey, r, left, +1, reach, gap);
		right = cut_column(v->grey, r, right, -1, reach, gap);
		if (right - left > 4 * px) {
			r.x = left;
			r.w = right - left;
		}
	}
	return r;
}

/* Reads one line of view (box r) as it stands (*up) and turned half a
 * turn (*down). Returns IDR_OK or an error. */
static idr_status read_both_ways(ocr_engine *ocr, const text_view *view,
				 idr_rect r, ocr_line_read *up,
				 ocr_line_read *down, idr_error *err)
{
	VipsImage *crop = NULL, *turned = NULL, *a = NULL, *b = NULL;
	idr_status st = IDR_OK;

	*up = *down = (ocr_line_read){ 0 };
	if (vips_extract_area(view->grey, &crop, r.x, r.y, r.w, r.h, NULL) ||
	    !(a = vips_image_copy_memory(crop)) ||
	    vips_rot(a, &turned, VIPS_ANGLE_D180, NULL) ||
	    !(b = vips_image_copy_memory(turned)))
		st = idr_fail(err, IDR_ERR_INTERNAL, "orient: %s",
			      vips_error_buffer());
	else if (!(st = ocr_read_line(ocr, a, up, err)))
		st = ocr_read_line(ocr, b, down, err);
	vips_error_clear();
	IDR_UNREF(crop);
	IDR_UNREF(turned);
	IDR_UNREF(a);
	IDR_UNREF(b);
	return st;
}

/* Returns +1 when a line's two readings show an MRZ's fillers the view's
 * way up, -1 when they show them upside down, else 0 (see MRZ_FILLERS). */
static int filler_vote(const ocr_line_read *up, const ocr_line_read *down)
{
	int upright = up->fillers + down->turned;
	int upside_down = up->turned + down->fillers;

	if (upright >= MRZ_FILLERS && upright >= 3 * upside_down)
		return 1;
	if (upside_down >= MRZ_FILLERS && upside_down >= 3 * upright)
		return -1;
	return 0;
}

/* Reads sample lines of block on view both ways, the longest first,
 * until SAMPLE_LINES have been read and the votes agree, or
 * SAMPLE_LINES_MORE have been read. Each line votes for the reading
 * whose confidence is LINE_CLEAR above the other's, when one of them is
 * legible at all (a line in a script the engine does not read says
 * nothing either way). Fills the lines_* members of out. */
static idr_status lines_signal(ocr_engine *ocr, const text_block *block,
			       const text_view *view, updown *out,
			       idr_error *err)
{
	GArray *lines = g_array_sized_new(FALSE, FALSE, sizeof(text_line),
					  block->lines->len);
	double sum = 0, weight = 0;
	idr_status st = IDR_OK;

	g_array_append_vals(lines, block->lines->data, block->lines->len);
	g_array_sort(lines, text_line_by_chars_desc);
	for (guint i = 0; i < lines->len; i++) {
		const text_line *l = &g_array_index(lines, text_line, i);
		idr_rect r = orient_line_box(l, view);
		ocr_line_read a, b;

		bool agreed = (out->votes_up >= 2 || out->votes_down >= 2) &&
			      (out->votes_up == 0 || out->votes_down == 0);
		if (out->lines_read >= SAMPLE_LINES_MORE ||
		    (out->lines_read >= SAMPLE_LINES && agreed) ||
		    (agreed && out->weakest >= LINE_DECISIVE))
			break; /* agreed, or as many as it is worth */
		if (l->chars < 4 || r.w < 8 || r.h < 8)
			continue;
		if ((st = read_both_ways(ocr, view, r, &a, &b, err)))
			break;
		int chars = MAX(a.chars, b.chars), fill = filler_vote(&a, &b);
		out->sample[out->lines_read].box = r;
		out->sample[out->lines_read].up = a.conf;
		out->sample[out->lines_read].down = b.conf;
		out->sample[out->lines_read].mrz = fill != 0;
		out->lines_read++;
		float up = a.conf, down = b.conf;
		if (chars == 0)
			continue;
		if (fill) {
			/* the filler's way, with a decisive margin */
			up = fill > 0 ? LINE_DECISIVE : 0;
			down = fill > 0 ? 0 : LINE_DECISIVE;
		}
		sum += chars * (up - down);
		weight += chars;
		if (!fill && (MAX(up, down) < LINE_LEGIBLE ||
			      fabsf(up - down) < LINE_CLEAR))
			continue;
		if (up > down)
			out->votes_up++;
		else
			out->votes_down++;
		out->strongest = MAX(out->strongest, fabsf(up - down));
		out->weakest = out->votes_up + out->votes_down == 1 ?
			       fabsf(up - down) : MIN(out->weakest, fabsf(up - down));
	}
	g_array_free(lines, TRUE);
	if (weight > 0)
		out->lines_conf = (float)(sum / weight);
	return st;
}

idr_status orient_decide(ocr_engine *ocr, const text_block *block,
			 const text_view *view, updown *out, idr_error *err)
{
	int here = view->turn, other = (view->turn + 180) % 360;
	idr_status st;

	*out = (updown){ .turns = { here, other }, .n = 2 };
	if ((st = lines_signal(ocr, block, view, out, err)))
		return st;
	out->shape_conf = shape_signal(view->grey, block->char_px * view->scale);

	int up = out->votes_up, down = out->votes_down;
	float shape = out->shape_conf;
	/* The recognition votes decide when they agree: two lines or more
	 * and none against, three times as many for as against, or one line
	 * by a wide margin when no other line could vote. The shape signal
	 * may only stop them, never decide alone (it is blind to capitals
	 * and digits, which is most of an ID card). */
	bool for_up = (up >= 2 && up >= 3 * down) ||
		      (up == 1 && down == 0 && out->strongest >= LINE_DECISIVE);
	bool for_down = (down >= 2 && down >= 3 * up) ||
			(down == 1 && up == 0 && out->strongest >= LINE_DECISIVE);
	if ((for_up && shape <= -SHAPE_AGAINST) ||
	    (for_down && shape >= SHAPE_AGAINST)) {
		out->why = "disagree";
		for_up = for_down = false;
	}
	if (for_down || (!for_up && out->lines_conf + shape < 0)) {
		out->turns[0] = other;
		out->turns[1] = here;
	}
	if (for_up || for_down) {
		out->n = 1;
		out->why = (for_up ? shape >= SHAPE_AGAINST : shape <= -SHAPE_AGAINST) ?
			   "lines+shape" : "lines";
	} else if (!out->why) {
		out->why = up && down ? "lines split" : "unsure";
	}
	return IDR_OK;
}
