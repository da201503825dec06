/* read.c — the text stage, top to bottom (text_find(), declared in
 * internal.h):
 *
 *   layout (lines, their direction and size; layout.c)
 *   -> for each block of lines sharing a direction:
 *        view: cut, scaled to the measured text height, levelled (view.c)
 *        -> which way up, from two signals (orient.c)
 *        -> OCR once at that turn (both turns when unsure, or when the
 *           reading comes out doubtful) and the recognisers (ids.c)
 *        -> boxes mapped back to the input
 *
 * A page on which no text lines are found (a photo, a blank, text too
 * faint to binarise) is read the old way: at a size set by the image,
 * as tesseract's orientation detector says and as stored.
 */
#include <math.h>
#include <string.h>

#include "text/ids.h"
#include "text/text.h"

/* A block whose region covers this share of the image is read whole. */
#define WHOLE_SHARE 0.6
/* Word confidence of a whole reading (ocr_page_confidence(), 0..100)
 * below which it is in doubt and the block is read the other way too.
 * Measured on 41 pages of the rotation set (tests/bench/geometry.c
 * --read): the right way up 62-96 where the text is Latin, Thai or
 * Hangul, 48-57 on cards mostly in Chinese characters (which eng+tha
 * cannot read, so those are read both ways); upside down 21-49. */
#define READ_DOUBTFUL 55.0
/* eng+tha reads Thai and Latin; English alone reads Latin text as well
 * at some half the cost (tesseract tries the other language on every
 * word the first read unsurely: a passport page 0.96 s in eng+tha, 0.62
 * in eng, `tesseract IMG - --psm 11`, loading included; the card
 * samples' text stage, median 1059 ms before and 836 after, by
 * tests/bench/text.sh on both binaries one after the other, 2026-12-04),
 * and Thai not at all. So a block whose way up is settled is read in English alone
 * unless Thai is seen on it, looked for twice (ocr_boxes_thai(): lines
 * read in eng+tha):
 *  - before: the sample lines orient.c read that English did not read
 *    surely (LATIN_SURE, right way up) and that are no MRZ, THAI_SAMPLE
 *    at most, then the THAI_MORE next longest lines, each read in
 *    English first (block_thai());
 *  - after: the lines the English reading itself was unsure of (word
 *    confidence under THAI_DOUBT; Thai read in English comes back as
 *    unsure Latin) of THAI_LINE_CHARS characters or more and no MRZ,
 *    the THAI_CHECK widest, each cut to its middle THAI_LINE_CUT heights
 *    (read_page()).
 * The Thai model reads Chinese, Japanese and Hangul as Thai too, and
 * now and then a Latin line (a Vietnamese caption's marks, print
 * specks): such a page is read in eng+tha as before, which costs time,
 * never a finding (tests/e2e/languages.py). */
#define THAI_SAMPLE 4
#define THAI_MORE 4
#define LATIN_SURE 75.0f
#define THAI_CHECK 4
#define THAI_DOUBT 60.0
#define THAI_LINE_CHARS 6
#define THAI_LINE_CUT 12
/* Fallback without text lines: the long side OCR gets (the old rule). */
#define FALLBACK_MIN_SIDE 1600
#define FALLBACK_MAX_SIDE 3200
/* tesseract's OSD confidence below which the fallback reads both ways
 * (measured on the samples of tesseract 5.3: wrong answers at 0.09 and
 * 1.49, right ones from 2.15 up). */
#define OSD_SURE 2.0f

/* The language the cards of a country print their holder's name, birth
 * date and address in, where eng+tha cannot read it: the resident
 * identity card of the PRC in simplified Chinese (GB 19104), the ROC
 * (Taiwan) national identification card in traditional Chinese, and
 * Japan's Individual Number Card in Japanese (J-LIS card specimen). Their
 * numbers are Latin digits, which eng+tha reads; their captions and
 * values come back from it as a few stray Latin symbols. */
static const struct {
	const char *country;
	const char *lang;
} card_languages[] = {
	{ "CN", "chi_sim" },
	{ "TW", "chi_tra" },
	{ "JP", "jpn" },
};

/* Returns the language of card_languages[] of the first identifier in
 * found[from..] that has one, or NULL. */
static const char *card_language(const GArray *found, guint from)
{
	for (guint i = from; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		for (size_t k = 0; f->country && k < G_N_ELEMENTS(card_languages); k++)
			if (strcmp(f->country, card_languages[k].country) == 0)
				return card_languages[k].lang;
	}
	return NULL;
}

static bool is_field(const char *kind)
{
	return !strcmp(kind, "name") || !strcmp(kind, "dob") ||
	       !strcmp(kind, "address");
}

/* A view on which an identifier of a country of card_languages[] was
 * read is read again in that language, and the personal fields found in
 * that reading are added to local: on such a card eng+tha reads the
 * number but not one caption or value around it. Only the fields are
 * taken; the identifiers are the first reading's. */
static idr_status read_card_language(ocr_engine *ocr, const kind_set *kinds,
				     const text_view *view, GArray *local,
				     idr_error *err)
{
	const char *lang = card_language(local, 0);
	ocr_page *page = NULL;
	GArray *more;
	idr_status st;

	if (!lang || !(kind_set_has(kinds, "name") ||
		       kind_set_has(kinds, "dob") ||
		       kind_set_has(kinds, "address")))
		return IDR_OK;
	if ((st = ocr_read_as(ocr, view->grey, lang, &page, err)))
		return st;
	more = findings_new();
	ids_find(page, kinds, more);
	for (guint i = 0; i < more->len; i++)
		if (is_field(g_array_index(more, finding, i).kind))
			g_array_append_val(local, g_array_index(more, finding, i));
	g_array_free(more, TRUE);
	ocr_page_free(page);
	return IDR_OK;
}

/* A line of the layout at least UNREAD_MIN_HEIGHTS character heights
 * long on which OCR's reading of the view has fewer symbols than
 * UNREAD_SHARE of its characters (its components, or its length in
 * character heights when more) is read again alone. Tesseract's page
 * segmentation drops a line now and then: on a TD1 card photographed
 * small and in perspective, the bold "U08089833" under its caption was
 * in no line of the reading, while the caption above and the date below
 * were (rotation seed 236957965, photo_td1_01 turned 270); read alone it
 * comes back whole. The layout found it (4 components: its bold digits
 * touch at the layout's scale), an independent signal of where text
 * is.
 *
 * So is a line whose read symbols span less than UNREAD_COVER of its
 * length when an identifier (a kind of the recognisers' table, not a
 * personal field) was found on it (partly_read_boxes()):
 * tesseract now and then reads a line's end and drops the rest. A Thai
 * card photographed askew (14.6 degrees) came back with "8374 913" of
 * its "4 3086 98374 91 3", seven glyphs of thirteen, enough to pass the
 * count above, and the six lost glyphs ran further than ink growth
 * reaches (fresh photo_th seed 587633038, 1 of 84 photos). Not every
 * partly read line: read again in English, a Korean card's issue line
 * and a Thai birth date's caption became hk_ids over their captions
 * (hard_kr_01, hard_th_01; tests/e2e/fields.sh).
 *
 * Nor only those with a finding: what is read of the line may be too
 * little of a number for any recogniser. A passport photo's "SP9692379"
 * came back as "SP969", its box over the first five glyphs of nine,
 * the rest in no line of the reading, and the number stayed readable
 * (photo_passport, fresh seed 1018951428, turned 270). So a partly read
 * line on which OCR read PARTLY_DIGITS digits or more, with
 * PARTLY_END_GLYPHS of its glyphs or more at one end not read, is read
 * again too: the start or end of a number. A date read whole spans
 * under UNREAD_COVER as well, its dots and gaps narrow ("2016.3.2." on a
 * Korean card, "12 มี.ค. 2514" on a Thai one: 0.53-0.56), but leaves no
 * end unread; read again in English, those two became hk_ids over their
 * captions. */
#define UNREAD_MIN_HEIGHTS 4.0
#define UNREAD_SHARE 0.34
#define UNREAD_COVER 0.6
#define PARTLY_DIGITS 3
#define PARTLY_END_GLYPHS 2.0

static gint by_start(gconstpointer a, gconstpointer b)
{
	return ((const int *)a)[0] - ((const int *)b)[0];
}

/* Returns the share of the columns of on (0..1) that the symbols of
 * page centred in on span. */
static double read_span(const ocr_page *page, idr_rect on)
{
	GArray *spans = g_array_new(FALSE, FALSE, sizeof(int) * 2);
	int covered = 0, end = on.x;

	for (guint k = 0; k < page->symbols->len; k++) {
		idr_rect s = g_array_index(page->symbols, ocr_symbol, k).box;
		if (!rect_centre_in(s, on))
			continue;
		int span[2] = { MAX(s.x, on.x), MIN(s.x + s.w, on.x + on.w) };
		g_array_append_val(spans, span);
	}
	g_array_sort(spans, by_start);
	for (guint k = 0; k < spans->len; k++) {
		const int *span = &g_array_index(spans, int, 2 * k);
		int from = MAX(span[0], end);
		if (span[1] > from)
			covered += span[1] - from;
		end = MAX(end, span[1]);
	}
	g_array_free(spans, TRUE);
	return on.w > 0 ? (double)covered / on.w : 1;
}

/* Returns false for a line of the layout too short to read again (under
 * UNREAD_MIN_HEIGHTS) or off view; else *on gets its box on view (where
 * OCR's symbols centred are its reading: a caption just above it is
 * not) and *box the box it is read again in: a character longer at each
 * end, half a character wider. */
static bool line_on_view(const text_view *view, affine to_view,
			 const text_line *l, idr_rect *on, idr_rect *box)
{
	if (l->length < UNREAD_MIN_HEIGHTS * l->char_px)
		return false;
	*on = rect_pad_clip(affine_line_box(to_view, l, 0, 0), 0,
			    view->grey->Xsize, view->grey->Ysize);
	*box = rect_pad_clip(affine_line_box(to_view, l, l->char_px,
					     l->char_px / 2),
			     0, view->grey->Xsize, view->grey->Ysize);
	return box->w > 0 && box->h > 0;
}

/* Returns how many glyphs line l holds: its components, or its length
 * in character heights when more. */
static double line_glyphs(const text_line *l)
{
	return MAX(l->chars, l->length / l->char_px);
}

void unread_line_boxes(const text_view *view, const text_block *b,
		       const ocr_page *page, GArray *boxes)
{
	affine to_view = affine_invert(view->to_image);

	for (guint i = 0; b && i < b->lines->len; i++) {
		const text_line *l = &g_array_index(b->lines, text_line, i);
		idr_rect on, box;
		if (!line_on_view(view, to_view, l, &on, &box))
			continue;
		int read = 0;
		for (guint k = 0; k < page->symbols->len; k++)
			read += rect_centre_in(g_array_index(page->symbols,
							     ocr_symbol, k).box,
					       on);
		if (read < UNREAD_SHARE * line_glyphs(l))
			g_array_append_val(boxes, box);
	}
}

/* Returns true when PARTLY_DIGITS or more of page's symbols centred in
 * on (line l's box on the view) are ASCII digits and none lies within
 * PARTLY_END_GLYPHS of l's glyphs of one end of on. */
static bool number_end_lost(const ocr_page *page, idr_rect on,
			    const text_line *l)
{
	int digits = 0, x0 = on.x + on.w, x1 = on.x;

	for (guint k = 0; k < page->symbols->len; k++) {
		const ocr_symbol *s = &g_array_index(page->symbols, ocr_symbol, k);
		if (!rect_centre_in(s->box, on))
			continue;
		digits += s->text[0] >= '0' && s->text[0] <= '9' && !s->text[1];
		x0 = MIN(x0, s->box.x);
		x1 = MAX(x1, s->box.x + s->box.w);
	}
	double pitch = on.w / line_glyphs(l);
	return digits >= PARTLY_DIGITS &&
	       MAX(x0 - on.x, on.x + on.w - x1) >= PARTLY_END_GLYPHS * pitch;
}

void partly_read_boxes(const text_view *view, const text_block *b,
		       const ocr_page *page, const GArray *found,
		       GArray *boxes)
{
	affine to_view = affine_invert(view->to_image);

	for (guint i = 0; b && i < b->lines->len; i++) {
		const text_line *l = &g_array_index(b->lines, text_line, i);
		idr_rect on, box;
		if (!line_on_view(view, to_view, l, &on, &box))
			continue;
		bool found_on = false;
		for (guint k = 0; k < found->len && !found_on; k++) {
			const finding *f = &g_array_index(found, finding, k);
			found_on = kind_is_identifier(f->kind) &&
				   rect_centre_in(f->box, on);
		}
		if (read_span(page, on) < UNREAD_COVER &&
		    (found_on || number_end_lost(page, on, l)))
			g_array_append_val(boxes, box);
	}
}

/* Reads again, one at a time, block b's lines of which OCR returned
 * (almost) nothing on view (unread_line_boxes()), adding the readings
 * to page. */
static void read_unread_lines(ocr_engine *ocr, const text_view *view,
			      const text_block *b, ocr_page *page)
{
	GArray *boxes = g_array_new(FALSE, FALSE, sizeof(idr_rect));

	unread_line_boxes(view, b, page, boxes);
	ocr_read_boxes(ocr, view->grey, (const idr_rect *)boxes->data,
		       (int)boxes->len, 1.0, page);
	g_array_free(boxes, TRUE);
}

/* Reads again, one at a time, block b's lines OCR read only partly on
 * view with an identifier found on them (partly_read_boxes()), adding the
 * readings to page; then found (the recognisers' findings on page) is
 * found again. */
static void read_partly_read_lines(ocr_engine *ocr, const text_view *view,
				   const text_block *b, const kind_set *kinds,
				   ocr_page *page, GArray *found)
{
	GArray *boxes = g_array_new(FALSE, FALSE, sizeof(idr_rect));

	partly_read_boxes(view, b, page, found, boxes);
	if (boxes->len) {
		ocr_read_boxes(ocr, view->grey, (const idr_rect *)boxes->data,
			       (int)boxes->len, 1.0, page);
		g_array_set_size(found, 0);
		ids_find(page, kinds, found);
	}
	g_array_free(boxes, TRUE);
}

/* A document's MRZ carries its document number, printed in the
 * visual zone too (ICAO 9303 part 3); docno_find() masks that copy by
 * the zone's reading. When the view's reading holds a zone and no copy
 * of its number outside it, the number was read as something else: a
 * TD1 card photographed turned (rotation set, fresh seed 2612504690,
 * photo_td1_01 turned 270) had its red "J86486414" read "yesaneara" at
 * 20 by eng+tha and left wholly readable. Its layout line (layout.c),
 * cut out a quarter of a character over and read alone in English at
 * twice the size, reads a backslash and "86486414" at 81, a copy of
 * the zone's "386486414" with its first glyph lost; cut out as
 * tesseract's box of the line, which reached into the caption above,
 * it read as noise at every size from 1 to 3. So the layout lines
 * outside the zone on which the reading has LOST_NUMBER_GLYPHS symbols
 * or more at a mean word confidence under LOST_NUMBER_CONF are read
 * again, each alone, in English, enlarged by LOST_NUMBER_SCALE
 * (ocr_read_boxes()), and the recognisers run again over it
 * all. Only then: a page whose number was found costs nothing more
 * (the 52 samples' reports are unchanged). */
#define LOST_NUMBER_GLYPHS 6
#define LOST_NUMBER_CONF 60.0f
#define LOST_NUMBER_SCALE 2.0

/* Returns the index in found of the largest MRZ finding (the zone), or
 * -1; *copy is set when another MRZ or passport finding lies outside it
 * (a copy of a number it carries). */
static int mrz_zone(const GArray *found, bool *copy)
{
	int zone = -1;
	double area = 0;

	*copy = false;
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		if (strcmp(f->kind, "mrz") == 0 &&
		    (double)f->box.w * f->box.h > area) {
			area = (double)f->box.w * f->box.h;
			zone = (int)i;
		}
	}
	if (zone < 0)
		return -1;
	idr_rect z = g_array_index(found, finding, zone).box;
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		if ((strcmp(f->kind, "mrz") == 0 ||
		     strcmp(f->kind, "passport") == 0) && (int)i != zone &&
		    !rect_centre_in(f->box, z))
			*copy = true;
	}
	return zone;
}

static void read_lost_number_lines(ocr_engine *ocr, const text_view *view,
				   const text_block *b, const kind_set *kinds,
				   ocr_page *page, GArray *found)
{
	affine to_view = affine_invert(view->to_image);
	bool copy;
	int zone = mrz_zone(found, &copy);

	if (zone < 0 || copy || !b)
		return;
	idr_rect z = g_array_index(found, finding, zone).box;
	GArray *boxes = g_array_new(FALSE, FALSE, sizeof(idr_rect));
	for (guint i = 0; i < b->lines->len; i++) {
		const text_line *l = &g_array_index(b->lines, text_line, i);
		idr_rect on, box;
		if (!line_on_view(view, to_view, l, &on, &box) ||
		    rect_centre_in(on, z))
			continue;
		float sum = 0;
		int symbols = 0, words = 0;
		for (guint w = 0; w < page->words->len; w++) {
			const ocr_word *wd = &g_array_index(page->words, ocr_word, w);
			if (!rect_centre_in(wd->box, on))
				continue;
			sum += wd->conf;
			symbols += (int)wd->n;
			words++;
		}
		if (symbols < LOST_NUMBER_GLYPHS ||
		    sum >= LOST_NUMBER_CONF * (float)words)
			continue;
		/* the layout's own line, a quarter of a character over:
		 * tesseract's box of it reached into the caption above,
		 * and read with it the number read as noise again */
		box = rect_pad_clip(affine_line_box(to_view, l, l->char_px / 2,
						    l->char_px / 4),
				    0, view->grey->Xsize, view->grey->Ysize);
		if (box.w > 0 && box.h > 0)
			g_array_append_val(boxes, box);
	}
	if (boxes->len) {
		ocr_read_boxes(ocr, view->grey, (const idr_rect *)boxes->data,
			       (int)boxes->len, LOST_NUMBER_SCALE, page);
		g_array_set_size(found, 0);
		ids_find(page, kinds, found);
	}
	g_array_free(boxes, TRUE);
}

/* Tesseract makes a page black and white at one threshold (Otsu's, over
 * the whole page), and a phone photo's light falls off across the card:
 * where the paper is darker than that threshold, it comes out black and
 * its text with it. A Singapore card photographed with its light
 * falling to one side (photo_sg, fresh seed 3921898704, 1 photo of 21)
 * came back as specks over "REPUBLIC OF SINGAPORE" and "IDENTITY CARD
 * No. T5400302H": nothing was found, and the number was wholly readable
 * in the output. The specks counted as a reading, so the line was not
 * "unread" (unread_line_boxes()). The layout (layout.c, Sauvola's local
 * threshold) had both lines, 19 and 21 glyphs; the page pass's image
 * was black along about 9 and 5 of their heights.
 *
 * So a line of the layout is buried when
 *   - it has BURIED_CHARS glyphs or more,
 *   - the page pass made it black along BURIED_RUN of its heights or
 *     more (ocr_dark_run()),
 *   - and OCR surely read (SURE_READ) fewer symbols on it than it has
 *     glyphs;
 * and a view with a buried line is read again, thresholded by
 * neighbourhood, that reading added to the first. Read so, the card
 * above reads both lines whole. The two signals (two thresholds that
 * disagree, and a line with glyphs not read) keep out what is dark and
 * no text: of the 52 samples' 584 layout lines, 15 are black along two
 * heights or more, all of under 6 components (bars, bands); of 6 or
 * more, one (a bold Han title, cn_card_01: 3.5 heights) was read surely
 * and no other passes 1.5 heights. On phone photos it fires on more
 * than buried paper: in a sweep of 42 fresh photos, on 5, among them
 * bold names blurred into black and a line running on onto a dark desk,
 * for a page read each (40-120 % more text time there). Those second
 * readings paid: on two of them (photo_passport seed 4140896983, an MRZ
 * line's first 9 glyphs; photo_th seed 1259147120, a Thai ID's last 4)
 * the first reading alone leaves glyphs readable, and both readings
 * together do not. Requiring the rows round the line to be black too
 * would have kept the bold names out, and those two leaks in.
 *
 * The same threshold also washes text out: where the light is bright,
 * paper and print both come out white. A Singapore card photographed
 * upside down in light falling off across it (photo_sg, fresh seed
 * 3505802541) came out black with its text in white specks at the top,
 * and white, every line under "IDENTITY CARD No." gone, below; the NRIC
 * S4474432E was not read and was left wholly readable. The layout had
 * the lines; the page pass's image held 0 to 0.2 % black over the lines
 * below (the 52 samples' 490 layout lines of 6 components or more hold
 * 10 % or more each, in the image their page pass read). So a line is
 * buried too when under BLANK_SHARE of its box is black in that image
 * (and fewer symbols read surely than it has glyphs, as above); read
 * again by neighbourhood, the card reads whole.
 *
 * Between the two the threshold leaves paper in specks: a Singapore card
 * photographed turned and askew (14 degrees) on a grey desk, levelled
 * with its outside white, had Otsu's level fall inside its paper (207 to
 * 225, the light falling across it); "REPUBLIC OF SINGAPORE" and
 * "IDENTITY CARD No. T0196218Z" came out as 375 and 470 black specks
 * (parts a sixth of a character height across or less), neither black
 * nor blank, were read as noise, and the NRIC was left wholly readable
 * (photo_sg, fresh seed 3473552936). So a line is buried too when it
 * holds SPECKS_PER_GLYPH such specks or more a glyph (and fewer symbols
 * read surely than it has glyphs); read again by neighbourhood, the card
 * reads whole. Lines of text hold few: of the 52 samples' lines of 6
 * components or more not read surely whole (143), none holds over 0.55 a
 * glyph, of 32 fresh photos' (138, seed0 145129985) none over 1.04;
 * that card's two lines held 17 and 20. */
#define BURIED_CHARS 6
#define BURIED_RUN 2.0
#define BLANK_SHARE 0.03
#define SURE_READ 60.0
#define SPECKS_PER_GLYPH 4.0
#define SPECK_HEIGHTS 6.0

/* Returns the number of symbols of words read at SURE_READ or more whose
 * middles lie in on. */
static int surely_read(const ocr_page *page, idr_rect on)
{
	int n = 0;

	for (guint w = 0; w < page->words->len; w++) {
		const ocr_word *wd = &g_array_index(page->words, ocr_word, w);
		if (wd->conf < SURE_READ)
			continue;
		for (guint k = wd->first; k < wd->first + wd->n; k++)
			n += rect_centre_in(g_array_index(page->symbols,
							  ocr_symbol, k).box,
					    on);
	}
	return n;
}

bool buried_lines(const text_view *view, const text_block *b,
		  const ocr_page *page)
{
	affine to_view = affine_invert(view->to_image);

	for (guint i = 0; b && i < b->lines->len; i++) {
		const text_line *l = &g_array_index(b->lines, text_line, i);
		idr_rect on, box;
		if (l->chars < BURIED_CHARS ||
		    !line_on_view(view, to_view, l, &on, &box))
			continue;
		/* read surely whole first: it is the cheapest test */
		if (surely_read(page, on) >= line_glyphs(l))
			continue;
		double share = ocr_black_share(page, on);
		int speck = MAX(2, (int)(l->char_px * view->scale /
					 SPECK_HEIGHTS));
		if ((share >= 0 && share < BLANK_SHARE) ||
		    ocr_specks(page, on, speck) >=
			    SPECKS_PER_GLYPH * line_glyphs(l) ||
		    ocr_dark_run(page, on) >= BURIED_RUN)
			return true;
	}
	return false;
}

/* Reads view again thresholded by neighbourhood when the page pass
 * buried lines of block (buried_lines()), adding that reading to page. */
static idr_status read_buried(ocr_engine *ocr, const text_view *view,
			      const text_block *b, bool latin, ocr_page *page,
			      idr_error *err)
{
	ocr_page *again = NULL;
	idr_status st;

	if (!buried_lines(view, b, page))
		return IDR_OK;
	if ((st = ocr_read(ocr, view->grey, true, latin, &again, err)))
		return st;
	ocr_page_append(page, again);
	ocr_page_free(again);
	return IDR_OK;
}

/* A view is levelled at its block's skew, the mean of its lines; in a
 * photo taken in perspective a line along the card's far or near edge
 * runs a few degrees off that mean, and tesseract, reading it level,
 * breaks it up. A Thai passport page photographed turned and in
 * perspective (photo_passport, fresh seed 226699090, turned 270): its
 * view levelled at 10.7 degrees left the MRZ lines 3.0 and 3.3
 * degrees off level, climbing 3.6 and 2.2 of their character heights
 * along their length;
 * eng+tha read them as Thai glyphs and scattered digits, the English
 * re-read of each line's box (both lines in it, 156-182 px tall) as
 * noise, and the passport number and the first 15 and 11 glyphs of the
 * two lines stayed readable. So a long line (ASKEW_CHARS characters or
 * more: a short line's angle is measured from few glyphs, and drifts
 * little) that climbs or falls ASKEW_DRIFT of its character height or
 * more along the view, and was not read surely whole (surely_read()
 * under its glyphs, as buried_lines()), is read again on a view of its
 * own box levelled at its own angle. On a scan every line of a block
 * runs at the block's angle, and none is. The layout measures a line's
 * own angle only where its letters leave the block's (layout.c
 * chain_lines(): long lines whose centres spread across it); the rest
 * run at the block's angle, and are never askew here. */
#define ASKEW_CHARS 10
#define ASKEW_DRIFT 0.5
#define ASKEW_MAX 20.0

void askew_lines(const text_view *view, const text_block *b,
		 const ocr_page *page, GArray *out)
{
	affine to_view = affine_invert(view->to_image);

	for (guint i = 0; b && i < b->lines->len; i++) {
		const text_line *l = &g_array_index(b->lines, text_line, i);
		idr_rect on, box;
		if (l->chars < ASKEW_CHARS ||
		    !line_on_view(view, to_view, l, &on, &box))
			continue;
		/* the line's ends, on the view */
		double c = cos(l->angle * G_PI / 180);
		double sn = sin(l->angle * G_PI / 180);
		double x0, y0, x1, y1;
		affine_apply(to_view, l->cx - c * l->length / 2,
			     l->cy - sn * l->length / 2, &x0, &y0);
		affine_apply(to_view, l->cx + c * l->length / 2,
			     l->cy + sn * l->length / 2, &x1, &y1);
		double dx = fabs(x1 - x0), dy = x1 >= x0 ? y1 - y0 : y0 - y1;
		double lean = atan2(dy, dx) * 180 / G_PI;
		if (fabs(dy) < ASKEW_DRIFT * l->char_px * view->scale ||
		    fabs(lean) > ASKEW_MAX ||
		    surely_read(page, on) >= line_glyphs(l))
			continue;
		askew_line a = { box, lean };
		g_array_append_val(out, a);
	}
}

/* Reads each askew line of block on view (askew_lines()) on a view of
 * its own, levelled at its angle, appending what the recognisers find
 * there to found in the input's pixels. */
static idr_status read_view(ocr_engine *ocr, const kind_set *kinds,
			    const text_view *view, const text_block *block,
			    int width, int height, bool *latin, GArray *found,
			    double *conf, idr_error *err);

static idr_status read_askew_lines(ocr_engine *ocr, const kind_set *kinds,
				   const text_view *view, const GArray *askew,
				   int width, int height, bool *latin,
				   GArray *found, idr_error *err)
{
	idr_status st = IDR_OK;

	for (guint i = 0; !st && i < askew->len; i++) {
		const askew_line *a = &g_array_index(askew, askew_line, i);
		text_view line = { 0 };
		double conf;
		if ((st = view_make(view->grey, a->box, 1.0, a->skew, 0, &line,
				    err)))
			break;
		line.to_image = affine_compose(view->to_image, line.to_image);
		line.skew = view->skew + a->skew;
		line.scale = view->scale;
		line.turn = view->turn;
		st = read_view(ocr, kinds, &line, NULL, width, height, latin,
			       found, &conf, err);
		view_clear(&line);
	}
	return st;
}

/* A levelled view's lines run level only as well as the block's skew
 * was measured, and a photo's perspective turns each line a little off
 * the block's mean: a box's ends drift across the line by its length
 * times that error. So a finding on a levelled view is padded across by
 * LEVEL_SLACK of its length, a little over half a degree (tan 0.5 deg =
 * 0.0087). A TD3 number line 1230 px long in a passport photo left the
 * edge of its last two glyphs 1-2 px out of the zone's box (photo seeds
 * 3265420819, 2952541596); an NRIC on a card lying askew on a scanned
 * page the corner of its first glyph, 1 px over 168 px (rotation seed
 * 1449076576, scan_card_on_page_01 turned 270, skewed +15). */
#define LEVEL_SLACK 0.01
/* On a view levelled LEAN_SKEW degrees or more (a photo) a line's own
 * angle strays further from the block's mean: perspective turns the
 * lines near the page's far edge. An identifier there is padded across
 * by LEAN_LEVEL_SLACK of its length, which covers its line up to 2
 * degrees off the view (check_view's tilted_number_ends_covered; the
 * 0.01 above fails there): the passport number at the far corner of a
 * Thai passport page photographed in perspective left a 1-2 px sliver of
 * its last glyph outside its box (photo_passport, fresh seeds 2606143509
 * and 3362737451, 2 of 70 photos; the glyph 96-97 % masked, 99.5 % at
 * 0.015). Not more: at 0.025 the masks reached over the captions above
 * the numbers (a quarter of "Personal No." on photo_passport_01, of
 * "統一編號" on hard_tw_01: tests/e2e/fields.sh). Only identifiers,
 * which are short: an MRZ line 1200 px long would reach 18 px over the
 * text above its zone. */
#define LEAN_LEVEL_SLACK 0.015
/* An identifier or MRZ finding on a view levelled LEAN_SKEW degrees or
 * more is also lengthened at each end by SHEAR_SLACK of one line's
 * height (line_height()), up to the next word OCR read on its rows: a
 * photo's perspective shears the glyphs, so a cell's corners lean along
 * the line by up to half its height times tan(shear), past a box cut
 * square across the line at the ink's end. The glyph cells of 42 photos
 * of fresh seeds (gen-samples --geometry, the seven photo layouts, six
 * seeds each) leaned up to 27 degrees off square on TD1 cards (median
 * 5.7) and up to 18 on the others; a TD1 number's first glyph, a V,
 * kept 8 % of its cell outside the mask (photo_td1 seed 4134994546).
 * A line's box is about 1.2 character heights tall (ink_trim()'s
 * margin), so 0.3 of it covers cells leaning up to some 35 degrees. The
 * word beside stops it LEAN_BLANK of that height short (never shortening
 * the box): a
 * caption a third of a height away ("Số / No.:" before a CCCD number on
 * photo_vn_01) stayed legible to OCR only with some blank left between
 * it and the mask (tests/e2e/fields.sh). */
#define SHEAR_SLACK 0.3
#define LEAN_BLANK 0.2

/* Returns the height of one line of the finding box b: LINE_BOX times
 * the median height of page's symbols centred in it, or b's own height
 * when none is (or when that is less). A zone of lines (an MRZ, an
 * address) leans by a line's height: each glyph's cell is one line
 * tall; leaning by the zone's height took the samples' median share of
 * the image masked beyond the truth from 1.96 % to 2.16 %, over the 2 %
 * tests/e2e/faces.sh allows. LEAN_KINDS: identifiers and MRZ lines
 * lean; a personal field's box (a name, a date, an address) does not:
 * with them, the median went to 2.13 %. Only on a view levelled by
 * LEAN_SKEW degrees or more (a photo, a page turned askew): scans a
 * degree or two off level, their glyphs square, took the median to
 * 2.07 % all the same. */
#define LINE_BOX 1.2
#define LEAN_SKEW 3.0

static double line_height(const ocr_page *page, idr_rect b)
{
	int top, bottom, height;
	double line = text_rows(page, b, &top, &bottom, &height) ?
		      LINE_BOX * height : b.h;

	return MIN(line, (double)b.h);
}

void lean_past_ends(const ocr_page *page, const text_view *view,
		    GArray *found)
{
	for (guint i = 0; fabs(view->skew) >= LEAN_SKEW && i < found->len; i++) {
		finding *f = &g_array_index(found, finding, i);
		if (!kind_is_identifier(f->kind) && strcmp(f->kind, "mrz"))
			continue; /* LEAN_KINDS */
		idr_rect b = f->box;
		double h = line_height(page, b);
		int lean = (int)ceil(SHEAR_SLACK * h);
		int left = b.x - lean, right = b.x + b.w + lean;
		int blank = (int)ceil(LEAN_BLANK * h);
		for (guint k = 0; k < page->words->len; k++) {
			idr_rect w = g_array_index(page->words, ocr_word, k).box;
			int rows = MIN(w.y + w.h, b.y + b.h) - MAX(w.y, b.y);
			if (2 * rows <= MIN(w.h, b.h))
				continue; /* another line */
			if (w.x + w.w <= b.x)
				left = MAX(left, MIN(b.x, w.x + w.w + blank));
			else if (w.x >= b.x + b.w)
				right = MIN(right, MAX(b.x + b.w, w.x - blank));
		}
		f->box.x = left;
		f->box.w = right - left;
	}
}

void finding_to_input(const text_view *view, finding *f, int width,
		      int height)
{
	idr_rect b = f->box;

	if (view->skew != 0) {
		double slack = fabs(view->skew) >= LEAN_SKEW &&
			       kind_is_identifier(f->kind) ?
			       LEAN_LEVEL_SLACK : LEVEL_SLACK;
		int drift = (int)ceil(slack * b.w);
		b.y -= drift;
		b.h += 2 * drift;
	}
	f->box = rect_pad_clip(affine_rect(view->to_image, b), 1,
			      width, height);
	/* On a view turned by a skew the box comes back a turned
	 * rectangle: masked as such, its bounding box would reach over
	 * the lines around it (the number of a card tilted 15° in a
	 * photo covered the title above it). One pixel more all round
	 * for the edges the quad cuts through. */
	if (view->skew != 0) {
		double e = view->scale; /* one input pixel */
		f->tilted = true;
		for (int k = 0; k < 4; k++)
			affine_apply(view->to_image,
				     b.x - e + (k & 1 ? b.w + 2 * e : 0),
				     b.y - e + (k & 2 ? b.h + 2 * e : 0),
				     &f->quad[k][0], &f->quad[k][1]);
	}
}

/* Returns IDR_OK after OCR of view (the lines of block, when given,
 * that OCR left out read again), appending what the recognisers find to
 * found in the input's pixels (width x height); *conf gets
 * ocr_page_confidence() of the first reading. */
/* Returns the mean confidence of the words of line i of page, weighted
 * by their characters; 0 for a line of no characters. */
static double line_confidence(const ocr_page *page, guint i)
{
	const ocr_line *l = &g_array_index(page->lines, ocr_line, i);
	double sum = 0;
	guint n = 0;

	for (guint w = l->first; w < l->first + l->n; w++) {
		const ocr_word *wd = &g_array_index(page->words, ocr_word, w);
		sum += wd->conf * wd->n;
		n += wd->n;
	}
	return n ? sum / n : 0;
}

static gint by_width_desc(gconstpointer a, gconstpointer b)
{
	return ((const idr_rect *)b)->w - ((const idr_rect *)a)->w;
}

/* Reads view whole into *page, in English alone while *latin (see
 * read_block()). Thai the block's sample lines did not show is looked
 * for in what English made of it: the lines it read with a mean word
 * confidence under THAI_DOUBT, the THAI_CHECK widest of them, are read
 * again in eng+tha, and where one comes back as Thai the English reading
 * is dropped, *latin cleared, and the view read in eng+tha. */
static idr_status read_page(ocr_engine *ocr, const text_view *view,
			    bool *latin, ocr_page **page, idr_error *err)
{
	idr_status st = ocr_read(ocr, view->grey, false, *latin, page, err);

	if (st || !*latin)
		return st;
	GArray *doubt = g_array_new(FALSE, FALSE, sizeof(idr_rect));
	for (guint i = 0; i < (*page)->lines->len; i++) {
		const ocr_line *l = &g_array_index((*page)->lines, ocr_line, i);
		idr_rect b = l->box;
		int chars = 0, fillers = 0;
		for (guint w = l->first; w < l->first + l->n; w++) {
			const ocr_word *wd = &g_array_index((*page)->words, ocr_word, w);
			chars += (int)wd->n;
			for (guint k = wd->first; k < wd->first + wd->n; k++)
				fillers += is_chevron(g_utf8_get_char(g_array_index(
					(*page)->symbols, ocr_symbol, k).text));
		}
		if (chars < THAI_LINE_CHARS || fillers >= THAI_LINE_CHARS ||
		    b.h < 8 || line_confidence(*page, i) >= THAI_DOUBT)
			continue;
		/* the middle of a long line tells as much */
		if (b.w > THAI_LINE_CUT * b.h) {
			b.x += (b.w - THAI_LINE_CUT * b.h) / 2;
			b.w = THAI_LINE_CUT * b.h;
		}
		g_array_append_val(doubt, b);
	}
	g_array_sort(doubt, by_width_desc);
	if (ocr_boxes_thai(ocr, view->grey, (const idr_rect *)doubt->data,
			   (int)MIN(doubt->len, THAI_CHECK))) {
		*latin = false;
		ocr_page_free(*page);
		*page = NULL;
		st = ocr_read(ocr, view->grey, false, false, page, err);
	}
	g_array_free(doubt, TRUE);
	return st;
}

static idr_status read_view(ocr_engine *ocr, const kind_set *kinds,
			    const text_view *view, const text_block *block,
			    int width, int height, bool *latin, GArray *found,
			    double *conf, idr_error *err)
{
	ocr_page *page = NULL;
	GArray *local = findings_new();
	GArray *askew = g_array_new(FALSE, FALSE, sizeof(askew_line));
	idr_status st;

	if ((st = read_page(ocr, view, latin, &page, err)))
		goto out;
	*conf = ocr_page_confidence(page);
	if ((st = read_buried(ocr, view, block, *latin, page, err)))
		goto out;
	askew_lines(view, block, page, askew);
	read_unread_lines(ocr, view, block, page);
	ids_find(page, kinds, local);
	read_partly_read_lines(ocr, view, block, kinds, page, local);
	read_lost_number_lines(ocr, view, block, kinds, page, local);
	ink_grow(page, view->grey, local);
	ink_trim(page, view->grey, local);
	if ((st = read_card_language(ocr, kinds, view, local, err)))
		goto out;
	lean_past_ends(page, view, local);
	for (guint i = 0; i < local->len; i++) {
		finding f = g_array_index(local, finding, i);
		finding_to_input(view, &f, width, height);
		g_array_append_val(found, f);
	}
	st = read_askew_lines(ocr, kinds, view, askew, width, height, latin,
			      found, err);
out:
	g_array_free(askew, TRUE);
	g_array_free(local, TRUE);
	ocr_page_free(page);
	return st;
}

/* Returns the part of the input a block is read from: the whole image
 * for the main block unless its text sits in a small part of it (a card
 * on a desk), else its lines' region. */
static idr_rect block_region(const page_layout *layout, guint i)
{
	const text_block *b = &g_array_index(layout->blocks, text_block, i);
	idr_rect whole = { 0, 0, layout->width, layout->height };
	double share = (double)b->region.w * b->region.h /
		       ((double)layout->width * layout->height);

	if (i == 0 && share >= WHOLE_SHARE)
		return whole;
	int pad = (int)(LINE_REACH * b->char_px);
	return rect_pad_clip(b->region, pad, layout->width, layout->height);
}

/* Returns how many findings of found[from, to) passed their check. */
static int verified(const GArray *found, guint from, guint to)
{
	int n = 0;
	for (guint i = from; i < to; i++)
		n += g_array_index(found, finding, i).checksum == 1;
	return n;
}

/* A block read both ways, findings of the first reading in
 * found[from[0], from[1]), of the other in [from[1], from[2]), their
 * readings' confidences conf[0] and conf[1]: when identifiers passed
 * their check in one reading and none in the other, and OCR read the
 * first no less surely, the other was upside down, and what it found is
 * a number read upside down, masked at its mirror place ("S1234567D"
 * read "GL9SVECTS" made an sg_nric over a card's birth date). A check
 * digit alone never drops a reading: thirteen digits OCR made of a TD1
 * card's pattern read upside down passed the Thai ID's check (one in
 * eleven does), and the surer reading, the card's MRZ and document
 * number among its findings, was dropped: nothing was masked (fresh
 * photo_td1 seed 1922286723, 1 of 84 photos). */
void drop_unverified_half(GArray *found, const guint from[3],
			  const double conf[2])
{
	int a = verified(found, from[0], from[1]);
	int b = verified(found, from[1], from[2]);

	if (a && !b && conf[0] >= conf[1])
		g_array_remove_range(found, from[1], from[2] - from[1]);
	else if (b && !a && conf[1] >= conf[0])
		g_array_remove_range(found, from[0], from[1] - from[0]);
}

/* Returns true when English reads the line in box r of view with a word
 * confidence of LATIN_SURE or more. */
static bool latin_surely(ocr_engine *ocr, const text_view *view, idr_rect r)
{
	VipsImage *crop = NULL, *mem = NULL;
	ocr_line_read read = { 0 };
	idr_error err = { 0 };
	bool sure = false;

	if (!vips_extract_area(view->grey, &crop, r.x, r.y, r.w, r.h, NULL) &&
	    (mem = vips_image_copy_memory(crop)) &&
	    ocr_read_line(ocr, mem, &read, &err) == IDR_OK)
		sure = read.conf >= LATIN_SURE;
	vips_error_clear();
	IDR_UNREF(crop);
	IDR_UNREF(mem);
	return sure;
}

/* Returns true when the block's lines show Thai, read in eng+tha on
 * view (the way up decided; turned: half a turn from the view orient
 * read its sample lines on). Of the sample lines, those English read
 * the right way up surely (LATIN_SURE) or as an MRZ are Latin; the rest,
 * THAI_SAMPLE at most, are read. Then the THAI_MORE next longest lines
 * of four characters or more, each read in English first (a Thai card's
 * longest lines may be its English ones), until one shows Thai. */
static bool block_thai(ocr_engine *ocr, const text_block *block,
		       const updown *ud, const text_view *view, bool turned)
{
	idr_rect boxes[THAI_SAMPLE];
	int n = 0, w = view->grey->Xsize, h = view->grey->Ysize;

	for (int i = 0; i < ud->lines_read && n < THAI_SAMPLE; i++) {
		idr_rect r = ud->sample[i].box;
		float up = turned ? ud->sample[i].down : ud->sample[i].up;
		if (ud->sample[i].mrz || up >= LATIN_SURE)
			continue;
		if (turned)
			r = (idr_rect){ w - r.x - r.w, h - r.y - r.h, r.w, r.h };
		boxes[n++] = r;
	}
	if (ocr_boxes_thai(ocr, view->grey, boxes, n))
		return true;
	/* Then the next longest lines, THAI_MORE of them, each read in
	 * English first: those it reads surely are Latin. */
	GArray *lines = g_array_sized_new(FALSE, FALSE, sizeof(text_line),
					  block->lines->len);
	g_array_append_vals(lines, block->lines->data, block->lines->len);
	g_array_sort(lines, text_line_by_chars_desc);
	int skip = ud->lines_read, more = 0;
	bool thai = false;
	for (guint i = 0; i < lines->len && more < THAI_MORE && !thai; i++) {
		const text_line *l = &g_array_index(lines, text_line, i);
		idr_rect r = orient_line_box(l, view);
		if (l->chars < 4 || r.w < 8 || r.h < 8)
			continue;
		if (skip > 0) { /* a sample line, judged above */
			skip--;
			continue;
		}
		more++;
		thai = !latin_surely(ocr, view, r) &&
		       ocr_boxes_thai(ocr, view->grey, &r, 1);
	}
	g_array_free(lines, TRUE);
	return thai;
}

/* Reads block i of layout; updates geo for the main block. */
static idr_status read_block(ocr_engine *ocr, const kind_set *kinds,
			     VipsImage *grey, const page_layout *layout,
			     guint i, GArray *found, page_geometry *geo,
			     idr_error *err)
{
	const text_block *b = &g_array_index(layout->blocks, text_block, i);
	idr_rect region = block_region(layout, i);
	double scale = view_scale(b, region), conf[4] = { 0 };
	text_view views[4] = { { 0 } };
	updown ud = { .turns = { 0, 180 }, .n = 2, .why = "both axes" };
	int base = b->vertical ? 90 : 0, nviews;
	bool latin = false;
	idr_status st;

	if ((st = view_make(grey, region, scale, b->skew, base, &views[0], err)))
		goto out;
	if (b->axis_sure) {
		if ((st = orient_decide(ocr, b, &views[0], &ud, err)))
			goto out;
		if (ud.turns[0] != base &&
		    (st = view_half_turn(&views[0], &views[1], err)))
			goto out;
		if (ud.turns[0] != base) {
			/* surest first */
			text_view t = views[0];
			views[0] = views[1];
			views[1] = t;
		}
		nviews = 1;
		/* Which way up settled, the block is read in English alone
		 * unless its sample lines show Thai (read_page() looks once
		 * more in what English made of it). */
		if (ud.n == 1 && ocr_latin_pages(ocr))
			latin = !block_thai(ocr, b, &ud, &views[0],
					    ud.turns[0] != base);
	} else {
		/* No clear direction: every quarter turn. */
		if ((st = view_half_turn(&views[0], &views[1], err)) ||
		    (st = view_make(grey, region, scale, b->skew, base + 90,
				    &views[2], err)) ||
		    (st = view_half_turn(&views[2], &views[3], err)))
			goto out;
		nviews = 4;
	}
	guint from[5] = { 0 }; /* where each view's findings start */
	for (int k = 0; k < nviews; k++) {
		from[k] = found->len;
		if ((st = read_view(ocr, kinds, &views[k], b, layout->width,
				    layout->height, &latin, found, &conf[k], err)))
			goto out;
		geo->readings++;
	}
	/* The other way too when the signals asked for it, or when the
	 * reading chosen comes out doubtful: a turn wrongly trusted leaks
	 * the page, a second reading costs one OCR pass. */
	if (b->axis_sure && (ud.n == 2 || conf[0] < READ_DOUBTFUL)) {
		if (!views[1].grey &&
		    (st = view_half_turn(&views[0], &views[1], err)))
			goto out;
		from[1] = found->len;
		if ((st = read_view(ocr, kinds, &views[1], b, layout->width,
				    layout->height, &latin, found, &conf[1], err)))
			goto out;
		geo->readings++;
		nviews = 2;
		from[2] = found->len;
		if (ud.n == 1)
			ud.why = "doubtful reading";
		drop_unverified_half(found, from, conf);
	}
	/* The turn reported is the one whose reading was surest. */
	int best = 0;
	for (int k = 1; k < nviews; k++)
		if (conf[k] > conf[best])
			best = k;
	if (i == 0) {
		geo->turn = views[best].turn;
		geo->skew = b->skew;
		geo->sure = b->axis_sure;
		geo->source = b->axis_sure ? ud.why : "every turn";
	} else if (i <= G_N_ELEMENTS(geo->other)) {
		geo->other[i - 1].turn = views[best].turn;
		geo->other[i - 1].skew = b->skew;
		geo->other[i - 1].region = b->region;
	}
	if (!latin)
		geo->languages = ocr_languages(ocr, false);
out:
	for (int k = 0; k < 4; k++)
		view_clear(&views[k]);
	return st;
}

/* Reads a page on which no text lines were found: scaled by its size,
 * turned as tesseract's orientation detector says, half a turn more when
 * it is unsure, and as stored. */
static idr_status read_fallback(ocr_engine *ocr, const kind_set *kinds,
				VipsImage *grey, GArray *found,
				page_geometry *geo, idr_error *err)
{
	int side = MAX(grey->Xsize, grey->Ysize), turns[3], n = 0;
	idr_rect whole = { 0, 0, grey->Xsize, grey->Ysize };
	double s = side < FALLBACK_MIN_SIDE ? MIN(3.0, (double)FALLBACK_MIN_SIDE / side) :
		   side > FALLBACK_MAX_SIDE ? (double)FALLBACK_MAX_SIDE / side : 1.0;
	double best = -1;
	text_view view = { 0 };
	float sure = 0;
	bool latin = false; /* no lines to tell the script by */
	idr_status st;

	if ((st = view_make(grey, whole, s, 0, 0, &view, err)))
		return st;
	st = ocr_orientation(ocr, view.grey, &turns[n++], &sure, err);
	view_clear(&view);
	if (st)
		return st;
	if (sure < OSD_SURE)
		turns[n++] = (turns[0] + 180) % 360;
	if (turns[0] != 0 && (n == 1 || turns[1] != 0))
		turns[n++] = 0;
	geo->source = "osd";
	geo->languages = ocr_languages(ocr, latin);
	for (int i = 0; i < n && !st; i++) {
		double conf = 0;
		if (!(st = view_make(grey, whole, s, 0, turns[i], &view, err)))
			st = read_view(ocr, kinds, &view, NULL, grey->Xsize, grey->Ysize,
				       &latin, found, &conf, err);
		view_clear(&view);
		geo->readings++;
		if (conf > best) {
			best = conf;
			geo->turn = turns[i];
		}
	}
	return st;
}

/* A text line as the turned rectangle it was measured as, grown by
 * reach along it and pad across it (pixels). */
typedef struct line_rect {
	double cx, cy, c, s; /* centre; cosine and sine of its angle */
	double hu, hv;       /* half extents along and across */
} line_rect;

static line_rect line_rect_of(const text_line *l, double reach, double pad)
{
	double r = l->angle * G_PI / 180;
	return (line_rect){ l->cx, l->cy, cos(r), sin(r),
			    l->length / 2 + reach, l->thickness / 2 + pad };
}

static bool line_rect_holds(const line_rect *r, double x, double y)
{
	double dx = x - r->cx, dy = y - r->cy;
	return fabs(dx * r->c + dy * r->s) <= r->hu &&
	       fabs(-dx * r->s + dy * r->c) <= r->hv;
}

/* Each block is read at its own angle on a copy of the page without the
 * other blocks' lines: the main block's view covers the whole page, and
 * read there, a card lying 25° askew on it came out as letters and
 * digits that made false identifiers with boxes across the card's title.
 * A line is painted as the turned rectangle it was measured as, grown by
 * LINE_ERASE_PAD of its character height all round.
 *
 * Block i's own lines, reaching LINE_REACH character heights past
 * either end, are never painted: a line of another block may be made of
 * block i's characters (the last digits of a card's number and the
 * portrait beside it chained level on a page whose card lies 22° askew),
 * and painted, that number's end went unread. Nor is a line of
 * WEAK_LINE_CHARS characters or fewer whose middle lies in block i's
 * region: any three characters in a rough row make a line, whatever
 * their text's direction (both lines that took a card's last digits
 * were of three; one reached 58 px, 5 of its own line's character
 * heights, past the end of the card's line). */

VipsImage *without_other_blocks(VipsImage *grey, const page_layout *layout,
				guint i)
{
	/* A copy of the pixels: vips_image_copy_memory() of an image
	 * already in memory hands back the same pixels. */
	VipsImage *copy = vips_image_new_from_memory_copy(
		VIPS_IMAGE_ADDR(grey, 0, 0), VIPS_IMAGE_SIZEOF_IMAGE(grey),
		grey->Xsize, grey->Ysize, 1, VIPS_FORMAT_UCHAR);

	if (!copy)
		return NULL;
	const text_block *own = &g_array_index(layout->blocks, text_block, i);
	const GArray *mine = own->lines;
	line_rect *keep = g_new(line_rect, mine->len + 1);
	for (guint k = 0; k < mine->len; k++) {
		const text_line *l = &g_array_index(mine, text_line, k);
		keep[k] = line_rect_of(l, LINE_REACH * l->char_px,
				       LINE_ERASE_PAD * l->char_px);
	}
	for (guint j = 0; j < layout->blocks->len; j++) {
		const text_block *b = &g_array_index(layout->blocks, text_block, j);
		for (guint k = 0; j != i && k < b->lines->len; k++) {
			const text_line *l = &g_array_index(b->lines, text_line, k);
			if (l->chars <= WEAK_LINE_CHARS &&
			    l->cx >= own->region.x && l->cy >= own->region.y &&
			    l->cx < own->region.x + own->region.w &&
			    l->cy < own->region.y + own->region.h)
				continue;
			double pad = LINE_ERASE_PAD * l->char_px;
			line_rect r = line_rect_of(l, pad, pad);
			/* its bounding box, then each pixel's place along and
			 * across the line */
			double ex = fabs(r.hu * r.c) + fabs(r.hv * r.s);
			double ey = fabs(r.hu * r.s) + fabs(r.hv * r.c);
			int x0 = MAX(0, (int)floor(l->cx - ex));
			int x1 = MIN(copy->Xsize - 1, (int)ceil(l->cx + ex));
			int y0 = MAX(0, (int)floor(l->cy - ey));
			int y1 = MIN(copy->Ysize - 1, (int)ceil(l->cy + ey));
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++) {
					if (!line_rect_holds(&r, x + 0.5, y + 0.5))
						continue;
					guint m = 0;
					while (m < mine->len &&
					       !line_rect_holds(&keep[m], x + 0.5, y + 0.5))
						m++;
					if (m == mine->len)
						*VIPS_IMAGE_ADDR(copy, x, y) = 255;
				}
		}
	}
	g_free(keep);
	return copy;
}

idr_status text_find(ocr_engine *ocr, const kind_set *kinds, VipsImage *img,
		     GArray *found, page_geometry *geo, GArray *lines,
		     idr_error *err)
{
	VipsImage *t[2] = { NULL, NULL }, *grey = NULL;
	page_layout *layout = NULL;
	gint64 start;
	idr_status st;

	*geo = (page_geometry){ .source = "none",
				.languages = ocr_languages(ocr, true) };
	ocr_spent_take(ocr, geo->pass_ms); /* from zero */
	if ((st = layout_find(img, &layout, err)))
		goto out;
	geo->layout_ms = layout->ms;
	geo->blocks = (int)layout->blocks->len;
	for (guint i = 0; lines && i < layout->blocks->len; i++) {
		const GArray *l = g_array_index(layout->blocks, text_block, i).lines;
		g_array_append_vals(lines, l->data, l->len);
	}
	start = g_get_monotonic_time();
	if (vips_colourspace(img, &t[0], VIPS_INTERPRETATION_B_W, NULL) ||
	    vips_extract_band(t[0], &t[1], 0, NULL) ||
	    !(grey = vips_image_copy_memory(t[1]))) {
		st = idr_fail(err, IDR_ERR_INTERNAL, "OCR preparation: %s",
			      vips_error_buffer());
		vips_error_clear();
		goto out;
	}
	if (layout->blocks->len == 0)
		st = read_fallback(ocr, kinds, grey, found, geo, err);
	for (guint i = 0; i < layout->blocks->len && !st; i++) {
		VipsImage *own = layout->blocks->len > 1 ?
			without_other_blocks(grey, layout, i) : NULL;
		if (layout->blocks->len > 1 && !own) {
			st = idr_fail(err, IDR_ERR_INTERNAL, "OCR preparation: %s",
				      vips_error_buffer());
			vips_error_clear();
			break;
		}
		st = read_block(ocr, kinds, own ? own : grey, layout, i, found,
				geo, err);
		IDR_UNREF(own);
	}
	geo->ocr_ms = (g_get_monotonic_time() - start) / 1000.0;
	ocr_spent_take(ocr, geo->pass_ms);
out:
	IDR_UNREF(grey);
	for (int i = 0; i < 2; i++)
		IDR_UNREF(t[i]);
	page_layout_free(layout);
	return st;
}
