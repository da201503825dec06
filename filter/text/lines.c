/* lines.c — reading one line of OCR for identifier numbers.
 *
 * How a line is read (recall first: a missed number is a breach):
 *  - the symbols of a line become cells; Thai and full-width digits become
 *    ASCII; each word gap becomes a space cell;
 *  - cells of letters/digits form groups; groups joined only by spaces,
 *    dashes, dots, commas or parentheses form a run (OCR adds and drops
 *    those separators, and splits numbers over words), and so do '/',
 *    ':' and apostrophes between two digits (misread digits and gaps);
 *  - every span of whole groups of a run is tried against every shape
 *    (shapes.c); the best non-overlapping candidates are kept;
 *  - a digit run left over that is at least as long as an identifier
 *    (or nearly so, next to a label) is masked whole; a few cells beside
 *    it that are no word (Thai or symbols OCR made of its letters) count
 *    towards its length and are masked with it, and a bracketed check
 *    character, "(5)", marks a run of six digits or more as an HKID;
 *  - a finding grows over the digit groups of its run nobody took, over
 *    a closing bracket or bracketed check character after it, and over a
 *    word of symbols alone beside it, and a Thai ID's last twelve digits
 *    over the place of a lone first digit OCR lost;
 *  - a symbol glued to a letter or digit in its word that is no separator
 *    is a character OCR garbled: part of the group, read as a slip.
 *
 * Interface (ids.h): line_open(), line_close(), span_candidates(),
 * keep_best(), keep_leftovers(), keep_touching(), keep_symbols(),
 * keep_lost_head(), keep_lost_tail(), keep_past_garble(),
 * keep_short_runs(), keep_labelled_rest(), and
 * the helpers the zone and field readers share: cells_box(), span_chars(),
 * add_finding(), leave_groups(), squash(), has_label(), page_countries(),
 * country_context().
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text/ids.h"

/* Returns the ASCII digit for a Thai (U+0E50..) or full-width digit, or c. */
static gunichar fold_digit(gunichar c)
{
	if (c >= 0x0E50 && c <= 0x0E59) /* Unicode block Thai */
		return '0' + (c - 0x0E50);
	if (c >= 0xFF10 && c <= 0xFF19) /* Halfwidth and Fullwidth Forms */
		return '0' + (c - 0xFF10);
	return c;
}

/* Returns true for the separators OCR adds, drops or moves inside
 * numbers: they join groups into one run. */
static bool is_joiner(gunichar c)
{
	return c == ' ' || c == '-' || c == '.' || c == ',' || c == '(' ||
	       c == ')' || c == '_' || c == 0x2010 || c == 0x2013 ||
	       c == 0x2014 || c == 0x2212;
}

/* Returns true when cells i and j (next to each other) are in one word. */
static bool same_word(GArray *cells, guint i, guint j)
{
	gunichar a = g_array_index(cells, cell, i).ch;
	gunichar b = g_array_index(cells, cell, j).ch;
	return a != ' ' && a != '\n' && b != ' ' && b != '\n';
}

/* Returns true when cell i has a letter or digit glued to it on either
 * side in its word, directly or through separators and slashes ("79-#",
 * "\\/3550"). */
static bool glued_to_alnum(GArray *cells, guint i)
{
	for (int dir = -1; dir <= 1; dir += 2) {
		for (int j = (int)i + dir; j >= 0 && j < (int)cells->len;
		     j += dir) {
			gunichar c = g_array_index(cells, cell, j).ch;
			if (!same_word(cells, (guint)(j - dir), (guint)j))
				break;
			if (is_alnum_cell(c))
				return true;
			if (!is_joiner(c) && c != '/' && c != '\\')
				break;
		}
	}
	return false;
}

/* Returns true when cell i belongs to a group: a letter, a digit or a
 * strong lookalike; a weak lookalike ('|', '!', '[', ']') glued to a
 * letter or digit (S|234567D, XO] for XO1; not "No. | 1234", where it
 * stands alone as a separator); a garbled cell. */
static bool group_cell(GArray *cells, guint i)
{
	const cell *c = &g_array_index(cells, cell, i);
	if (c->garbled)
		return true;
	if (!lookalike_is_weak(c->ch))
		return is_alnum_cell(c->ch);
	return glued_to_alnum(cells, i);
}

/* Returns true when cell i is a '/', ':', ';', '=' or apostrophe between
 * two digits, a word gap allowed on either side (on one side only for a
 * colon): OCR reads a 7 or 1 as
 * '/', a dash as '=' or ';' and a gap as ':' or "'" inside numbers ("26'70",
 * "9322-7318=9870", "7 -65/1702369-41-9" for 7-6571-02369-41-9,
 * "30-5 /2952" for 35-572952), so they join the number there; elsewhere
 * they end it (labels keep their parts apart; a date's parts join, but
 * eight digits make no identifier). */
static bool digit_joiner(GArray *cells, guint i)
{
	gunichar c = g_array_index(cells, cell, i).ch;
	if (c != '/' && c != ':' && c != ';' && c != '=' && c != '\'' &&
	    c != 0x2019)
		return false;
	int a = (int)i - 1, b = (int)i + 1, n = (int)cells->len;
	if (a >= 0 && g_array_index(cells, cell, a).ch == ' ')
		a--;
	if (b < n && g_array_index(cells, cell, b).ch == ' ')
		b++;
	if (a < 0 || b >= n)
		return false;
	/* A colon that is a word by itself, a gap on both sides, ends the
	 * label before a number ("No. : 0942..."; a Vietnamese card's
	 * "Số / No.:" read "56/ ๐ : 0942...", its letters taken for digits,
	 * and the label was masked with the number); a gap OCR read as a
	 * colon is glued to a digit on one side at least. */
	if (c == ':' && a == (int)i - 2 && b == (int)i + 2)
		return false;
	gunichar ca = g_array_index(cells, cell, a).ch;
	gunichar cb = g_array_index(cells, cell, b).ch;
	/* one side may be a letter that digits look like, the other a real
	 * digit: the words around it were read as letters ("83 il: 03"
	 * for 8310 3) */
	bool confused;
	bool da = ca >= '0' && ca <= '9', db = cb >= '0' && cb <= '9';
	return (da && db) || (da && digit_for(cb, &confused)) ||
	       (db && digit_for(ca, &confused));
}

/* Returns true for the symbols that mean what they say next to a number
 * and are never taken for a garbled character: separators, brackets,
 * quotes, the '+' of a phone number, MRZ fillers, and sentence marks. */
static bool plain_symbol(gunichar c)
{
	return is_joiner(c) || (c < 128 && strchr("/:='\"()[]{}+<.,;", (int)c)) ||
	       c == 0x2019 || c == 0x2018 || c == 0x201C || c == 0x201D ||
	       c == 0xAB || c == 0x2039 || c == 0x3008 || c == 0xFF0B;
}

/* Marks the garbled cells of a line: a symbol glued to a letter or digit
 * in its word (inside the word or at its edge) that is no separator,
 * bracket or mark (plain_symbol()) is a character OCR could not read:
 * "15?1 4709 3416" for 1521 4709 3416, "6-@449" for 6-8449, "@92 665" for
 * 092 665, "14010619550720289%" for ...289X. Read as a SLIP, it keeps the
 * number in one group and under the mask, where it used to end the
 * number or be left out beside it. */
static void mark_garbled(GArray *cells)
{
	for (guint i = 0; i < cells->len; i++) {
		cell *c = &g_array_index(cells, cell, i);
		if (c->sym < 0 || c->ch == ' ' || c->ch == '\n' ||
		    is_alnum_cell(c->ch) || lookalike_is_weak(c->ch) ||
		    !g_unichar_ispunct(c->ch) || plain_symbol(c->ch))
			continue;
		c->garbled = glued_to_alnum(cells, i);
	}
	/* One character may come out as two symbols ("\\/" for V): a slash
	 * glued between a garbled cell and a letter, digit or garbled cell
	 * is part of it, not a separator. */
	for (guint i = 1; i + 1 < cells->len; i++) {
		cell *c = &g_array_index(cells, cell, i);
		const cell *a = &g_array_index(cells, cell, i - 1);
		const cell *b = &g_array_index(cells, cell, i + 1);
		if ((c->ch != '/' && c->ch != '\\') || c->garbled)
			continue;
		bool a_ok = is_alnum_cell(a->ch) || is_joiner(a->ch) ||
			    a->ch == '\n';
		bool b_ok = is_alnum_cell(b->ch) || is_joiner(b->ch) ||
			    b->ch == '\n';
		/* a slash between a digit and a separator is a digit too
		 * ("2/-8236" for 27-8236); between two digits it joins them
		 * (digit_joiner()) */
		bool a_digit = a->ch >= '0' && a->ch <= '9';
		bool b_digit = b->ch >= '0' && b->ch <= '9';
		bool a_sep = is_joiner(a->ch) || a->ch == '\n';
		bool b_sep = is_joiner(b->ch) || b->ch == '\n';
		c->garbled = (a->garbled && (b->garbled || b_ok)) ||
			     (b->garbled && a_ok) ||
			     (c->ch == '/' && ((a_digit && b_sep && b->ch != ' ') ||
					       (b_digit && a_sep && a->ch != ' ')));
	}
}

int median_in_place(int *v, int n)
{
	for (int i = 1; i < n; i++) /* insertion sort: a handful */
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			int t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/* Returns the median height of the symbols of line. */
int line_char_height(const ocr_page *page, const ocr_line *line)
{
	GArray *h = g_array_new(FALSE, FALSE, sizeof(int));
	for (guint w = line->first; w < line->first + line->n; w++) {
		const ocr_word *word = &g_array_index(page->words, ocr_word, w);
		for (guint s = word->first; s < word->first + word->n; s++)
			g_array_append_val(h, g_array_index(page->symbols,
							    ocr_symbol, s).box.h);
	}
	int median = line->box.h;
	if (h->len)
		median = median_in_place((int *)(void *)h->data, (int)h->len);
	g_array_free(h, TRUE);
	return median;
}

/* How much wider than the line's median digit a digit's box must be to
 * stand for two glyphs OCR read as one: "6" over the "81" of AR3378167,
 * 54 px against 29 (fresh property seed 1857252704, 300 dpi). Digits of
 * a font are set on one width (tabular figures) and their ink is about
 * as wide but for a 1's. */
#define TWO_GLYPH_WIDTH 1.7
/* How far the word's other digits (not 1s) may lie from their median
 * width for the word to be read as set in one such font: a CJK date
 * read as Thai junk and digits ("2973268", widths 11 to 31 around 19)
 * is not, and its widest "digit" no pair (hard_tw_01, where it made an
 * hk_id over the caption "出生年月日"). */
#define DIGIT_WIDTH_SPREAD 0.25

/* Returns the digit ('0'..'9') sym stands for when it is that one
 * character (Thai and full-width digits folded), else 0. */
static gunichar one_digit(const ocr_symbol *sym)
{
	gssize len = (gssize)strnlen(sym->text, sizeof sym->text);
	gunichar c = fold_digit(g_utf8_get_char_validated(sym->text, len));
	return c >= '0' && c <= '9' &&
	       g_utf8_next_char(sym->text) - sym->text == len ? c : 0;
}

/* A word with too few digits other than 1 to measure their width takes
 * DIGIT_ASPECT of its digits' median height: tabular figures are about
 * 0.6 as wide as tall. "F1161617M" read as "F116161M", its "17" one wide
 * "1", had two 6s to measure by and no digit was split (ids
 * test_misread_class, seed 62738807). */
#define DIGIT_ASPECT 0.6

/* Returns the median width of word's symbols that are one digit other
 * than 1, when there are three or more and all but those TWO_GLYPH_WIDTH
 * times as wide lie within DIGIT_WIDTH_SPREAD of it; with fewer, and
 * three digits or more in all, DIGIT_ASPECT of the digits' median
 * height; else 0. */
static int median_digit_width(const ocr_page *page, const ocr_word *word)
{
	int w[64], h[64], n = 0, nh = 0;
	for (guint s = word->first; s < word->first + word->n &&
				    nh < (int)G_N_ELEMENTS(h); s++) {
		const ocr_symbol *sym =
			&g_array_index(page->symbols, ocr_symbol, s);
		gunichar c = one_digit(sym);
		if (c)
			h[nh++] = sym->box.h;
		if (c && c != '1')
			w[n++] = sym->box.w;
	}
	if (n < 3)
		return nh >= 3 ? (int)(DIGIT_ASPECT * median_in_place(h, nh) + 0.5)
			       : 0;
	int med = median_in_place(w, n);
	for (int i = 0; i < n; i++)
		if (w[i] < TWO_GLYPH_WIDTH * med &&
		    abs(w[i] - med) > DIGIT_WIDTH_SPREAD * med)
			return 0;
	return med;
}

/* A symbol whose box is under this share of its word's digits' height,
 * with its middle in the middle half of theirs, is a dash whatever it
 * was read as: at 150 dpi eng+tha read the dashes of
 * 8966-9513-6838-1235-773 as '“' and as a '7', 4 px high among digits of
 * 33, which made the ICCID twenty digits split at the quotes, a phone
 * number and an HKID that left "896" readable (fresh property seed
 * 238412867). No digit or letter is so flat. */
#define DASH_HEIGHT 0.35

/* Sets *height and *top to the medians of word's symbols that are one
 * digit, when there are three or more; else both 0. */
static void digit_band(const ocr_page *page, const ocr_word *word,
		       int *height, int *top)
{
	int h[64], t[64], n = 0;
	for (guint s = word->first; s < word->first + word->n &&
				    n < (int)G_N_ELEMENTS(h); s++) {
		const ocr_symbol *sym =
			&g_array_index(page->symbols, ocr_symbol, s);
		if (one_digit(sym)) {
			h[n] = sym->box.h;
			t[n++] = sym->box.y;
		}
	}
	*height = n >= 3 ? median_in_place(h, n) : 0;
	*top = n >= 3 ? median_in_place(t, n) : 0;
}

/* Returns true when symbol box b is a dash among digits of height h and
 * top t (DASH_HEIGHT). */
static bool flat_as_dash(idr_rect b, int h, int t)
{
	int mid = 2 * b.y + b.h; /* twice its middle */
	return h > 0 && b.h < DASH_HEIGHT * h &&
	       mid >= 2 * t + h / 2 && mid <= 2 * t + 3 * h / 2;
}

/* Returns the cells of line: its characters, word gaps between words. A
 * digit TWO_GLYPH_WIDTH times as wide as its word's digits makes two
 * cells on its one symbol; one as flat as a dash is a dash. */
static GArray *line_cells(const ocr_page *page, const ocr_line *line)
{
	GArray *cells = g_array_new(FALSE, FALSE, sizeof(cell));
	/* Cards lay label and value columns apart; a gap of more than three
	 * character heights is not a space inside a number. */
	int wide = 3 * MAX(1, line_char_height(page, line));

	for (guint w = line->first; w < line->first + line->n; w++) {
		const ocr_word *word = &g_array_index(page->words, ocr_word, w);
		if (w > line->first) {
			const ocr_word *prev =
				&g_array_index(page->words, ocr_word, w - 1);
			int gap = word->box.x - (prev->box.x + prev->box.w);
			cell c = { gap > wide ? '\n' : ' ', -1, false, false };
			g_array_append_val(cells, c);
		}
		int digit_w = median_digit_width(page, word), digit_h, digit_top;
		digit_band(page, word, &digit_h, &digit_top);
		for (guint s = word->first; s < word->first + word->n; s++) {
			const char *t =
				g_array_index(page->symbols, ocr_symbol, s).text;
			size_t len = strnlen(t, sizeof(((ocr_symbol *)0)->text));
			if (!g_utf8_validate(t, (gssize)len, NULL))
				continue;
			for (const char *p = t; p < t + len;
			     p = g_utf8_next_char(p)) {
				cell c = { fold_digit(g_utf8_get_char(p)),
					   (int)s, false,
					   word->conf < DOUBTED_CONF };
				idr_rect sb = g_array_index(page->symbols,
							    ocr_symbol, s).box;
				if (len == (size_t)(g_utf8_next_char(t) - t) &&
				    flat_as_dash(sb, digit_h, digit_top))
					c.ch = '-';
				g_array_append_val(cells, c);
				int sw = sb.w;
				if (c.ch >= '0' && c.ch <= '9' && digit_w &&
				    len == (size_t)(g_utf8_next_char(t) - t) &&
				    sw >= TWO_GLYPH_WIDTH * digit_w)
					g_array_append_val(cells, c);
			}
		}
	}
	mark_garbled(cells);
	return cells;
}

/* Real digits that make a group a number (see line_groups()); the same
 * as LEFTOVER_MIN, the shortest identifier. */
#define LEFTOVER_MIN_DIGITS 9

/* Returns true when group i of groups has on both sides, in its run, a
 * group that reads as digits or a word of two lookalikes or more. */
static bool between_parts(GArray *cells, GArray *groups, guint i)
{
	const group *g = &g_array_index(groups, group, i);
	for (int d = -1; d <= 1; d += 2) {
		int j = (int)i + d;
		if (j < 0 || j >= (int)groups->len)
			return false;
		const group *h = &g_array_index(groups, group, j);
		bool like = h->n >= 2, confused;
		for (int k = 0; k < h->n && like; k++)
			like = digit_for(g_array_index(cells, cell,
						       h->first + k).ch,
					 &confused);
		if (h->run != g->run || !(h->digitish || like))
			return false;
	}
	return true;
}

/* Returns true when OCR doubted every cell of g (DOUBTED_CONF). */
static bool group_doubted(GArray *cells, const group *g)
{
	for (int k = 0; k < g->n; k++)
		if (!g_array_index(cells, cell, g->first + k).doubted)
			return false;
	return true;
}

/* One pass of the joining described in the caller: marks digitish each
 * word of lookalike letters beside the number's digits; returns true
 * when one was marked (the next pass may join the word beyond it). */
static bool join_letter_words(GArray *cells, GArray *groups)
{
	bool grew = false;

	for (guint i = 0; i < groups->len; i++) {
		group *g = &g_array_index(groups, group, i);
		if (g->digitish || g->digits > 0 || g->n < 2 ||
		    (g->n == 2 && !between_parts(cells, groups, i) &&
		     !group_doubted(cells, g)))
			continue;
		int run_digits = 0;
		for (guint j = 0; j < groups->len; j++)
			if (g_array_index(groups, group, j).run == g->run)
				run_digits += g_array_index(groups, group, j).digits;
		for (int d = -1; d <= 1 && !g->digitish && run_digits >= 3;
		     d += 2) {
			int j = (int)i + d;
			if (j < 0 || j >= (int)groups->len)
				continue;
			const group *h = &g_array_index(groups, group, j);
			if (h->run != g->run || !(h->digitish || h->digits >= 3))
				continue;
			bool like = true, confused;
			for (int k = 0; k < g->n && like; k++) {
				const cell *c = &g_array_index(cells, cell,
							       g->first + k);
				/* from the outer edge: the first cells when
				 * the digits follow, the last when they come
				 * before */
				int out = d > 0 ? k : g->n - 1 - k;
				like = c->garbled || digit_for(c->ch, &confused) ||
				       (out == 0 && g->n >= 3 && c->ch < 128 &&
					g_ascii_isalpha((char)c->ch));
			}
			g->digitish = like;
			grew = grew || like;
		}
	}
	return grew;
}

/* Returns the groups of cells, each marked with its run. */
static GArray *line_groups(GArray *cells)
{
	GArray *groups = g_array_new(FALSE, FALSE, sizeof(group));
	int run = 0;
	bool in_group = false;

	for (guint i = 0; i < cells->len; i++) {
		gunichar c = g_array_index(cells, cell, i).ch;
		if (group_cell(cells, i)) {
			if (!in_group) {
				group g = { (int)i, 0, run, 0, true };
				g_array_append_val(groups, g);
				in_group = true;
			}
			group *g = &g_array_index(groups, group, groups->len - 1);
			bool confused;
			g->n++;
			g->digits += c >= '0' && c <= '9';
			/* a garbled cell may have been a digit */
			if (!g_array_index(cells, cell, i).garbled &&
			    !digit_for(c, &confused))
				g->digitish = false;
			continue;
		}
		in_group = false;
		if (!is_joiner(c) && !digit_joiner(cells, i))
			run++;
	}
	for (guint i = 0; i < groups->len; i++) {
		group *g = &g_array_index(groups, group, i);
		/* Nine real digits make a number of a group whatever
		 * letters OCR glued to it ("31010619890722943XxX" for an
		 * 18-character ID ending in X); two or more, with one other
		 * character at an end, are a number's part whose check letter
		 * or misread digit that is ("7943X", "€046"). */
		int others = 0;
		bool confused;
		for (int k = 0; k < g->n; k++) {
			const cell *c = &g_array_index(cells, cell, g->first + k);
			others += !c->garbled && !digit_for(c->ch, &confused);
		}
		gunichar head = g_array_index(cells, cell, g->first).ch;
		gunichar tail = g_array_index(cells, cell, g->first + g->n - 1).ch;
		bool end_other = others == 1 &&
				 (!digit_for(head, &confused) ||
				  !digit_for(tail, &confused));
		g->digitish = (g->digitish && g->digits > 0) ||
			      g->digits >= LEFTOVER_MIN_DIGITS ||
			      (g->digits >= 2 && end_other);
	}
	/* A group of digit lookalikes with no real digit ("G", "§") is a
	 * number's part when a dash or dot glues it, in one word, to a group
	 * with digits: "G-8449-90270-94-2" and "§-7295-21426-07-4" are Thai
	 * IDs whose first 6 OCR misread. Alone, "Is" or "OB" stay words. */
	for (guint i = 0; i < groups->len; i++) {
		group *g = &g_array_index(groups, group, i);
		bool all_digits = true, confused;
		for (int k = 0; k < g->n; k++)
			all_digits = all_digits &&
				     digit_for(g_array_index(cells, cell,
							     g->first + k).ch,
					       &confused);
		if (g->digitish || g->digits > 0 || !all_digits)
			continue;
		for (int d = -1; d <= 1 && !g->digitish; d += 2) {
			int j = (int)i + d;
			if (j < 0 || j >= (int)groups->len)
				continue;
			const group *h = &g_array_index(groups, group, j);
			int from = d < 0 ? h->first + h->n : g->first + g->n;
			int to = d < 0 ? g->first : h->first;
			bool glued = h->run == g->run && h->digits > 0;
			for (int k = from; k < to; k++) {
				gunichar c = g_array_index(cells, cell, k).ch;
				glued = glued && c != ' ' && c != '\n' &&
					c != '(' && c != ')';
			}
			g->digitish = glued;
		}
	}
	/* A word of three or more letters that digits look like, across a
	 * gap or separator from a group with three real digits or more in
	 * its run, is the number's part OCR read as letters all through:
	 * once tesseract takes a word for letters it reads every digit of
	 * it as the letter it looks like ("S0282 TOQZA" for S0282792A,
	 * "HOQO 19695624988" for an IMSI). OCR may have split the word off
	 * inside a group, so the group beside it need only read as digits
	 * (its run holding three real digits or more). Its outermost
	 * character, away from the digits, may be any letter (a check
	 * letter, or a digit read as a letter no table lists: 4 as H); one
	 * inside stops it ("IMSI", "Tel" stay labels). A number may come
	 * out as several such words, two characters or more each, in a
	 * chain ("GOTT LG 2522727" for 961116 2522727): a word of two
	 * joins when every character of it is a lookalike and it lies
	 * between two parts of the number, or such words ("GS AQ 28"; a
	 * label's "ID" before a number does not), or at its edge when OCR
	 * doubted both its characters ("Bb 28-3 16-0383", confidence 12,
	 * for 6528-1316-0383 beside a Thai caption; a label read that badly
	 * is masked: recall first), and the words are taken until none is
	 * left to join. */
	while (join_letter_words(cells, groups))
		;
	return groups;
}

/* Returns s casefolded and normalised (NFKD) with white space removed. */
char *squash(const char *s)
{
	char *norm = g_utf8_normalize(s, -1, G_NORMALIZE_ALL);
	char *folded = g_utf8_casefold(norm ? norm : "", -1);
	GString *out = g_string_new(NULL);
	for (const char *p = folded; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isspace(c))
			g_string_append_unichar(out, c);
	}
	g_free(norm);
	g_free(folded);
	return g_string_free(out, FALSE);
}

/* Returns the text of line i squashed (see squash()), "" when none. */
static char *line_text(const ocr_page *page, int i)
{
	if (i < 0 || (guint)i >= page->lines->len)
		return g_strdup("");
	const ocr_line *line = &g_array_index(page->lines, ocr_line, i);
	GString *s = g_string_new(NULL);
	for (guint w = line->first; w < line->first + line->n; w++) {
		const ocr_word *word = &g_array_index(page->words, ocr_word, w);
		for (guint k = word->first; k < word->first + word->n; k++) {
			const char *t =
				g_array_index(page->symbols, ocr_symbol, k).text;
			size_t len = strnlen(t, sizeof(((ocr_symbol *)0)->text));
			if (g_utf8_validate(t, (gssize)len, NULL))
				g_string_append_len(s, t, (gssize)len);
		}
	}
	char *out = squash(s->str);
	g_string_free(s, TRUE);
	return out;
}

/* Returns true when the boxes overlap in x. */
static bool x_overlap(idr_rect a, idr_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w;
}

/* Returns the squashed text of the lines whose labels may name what line
 * i holds, one per '\n'-separated piece: the line before in reading
 * order, the lines printed just above it (cards put a caption over its
 * value; tesseract often reads something else in between — "PCN", then a
 * photo edge, then the number) and the lines to its left on the same row
 * (a caption column read as a line of its own). */
static char *near_text(const ocr_page *page, int i)
{
	idr_rect me = g_array_index(page->lines, ocr_line, i).box;
	GString *s = g_string_new(NULL);
	char *prev = line_text(page, i - 1);

	g_string_append(s, prev);
	g_free(prev);
	for (guint j = 0; j < page->lines->len; j++) {
		idr_rect b = g_array_index(page->lines, ocr_line, j).box;
		int h = MAX(me.h, b.h), bottom = b.y + b.h;
		bool above = bottom <= me.y + me.h / 2 &&
			     me.y - bottom <= 2 * h && x_overlap(me, b);
		bool left = b.x + b.w <= me.x + me.h &&
			    MIN(bottom, me.y + me.h) - MAX(b.y, me.y) >=
				    MIN(me.h, b.h) / 2;
		if ((int)j == i - 1 || (int)j == i || !(above || left))
			continue;
		char *t = line_text(page, (int)j);
		g_string_append_c(s, '\n');
		g_string_append(s, t);
		g_free(t);
	}
	return g_string_free(s, FALSE);
}

/* Words that name a country on its documents (the card's or passport's
 * own header: "REPUBLIC OF SINGAPORE", "CỘNG HÒA ...", "대한민국"),
 * compared squashed and without accents, since OCR drops them. */
static const struct {
	const char *country;
	const char *name;
} country_names[] = {
	{ "TH", "thailand" }, { "TH", "ประเทศไทย" }, { "TH", "ราชอาณาจักรไทย" },
	{ "TH", "บัตรประจำตัวประชาชน" },
	{ "SG", "singapore" },
	{ "VN", "vietnam" }, { "VN", "conghoa" }, { "VN", "cancuoc" },
	{ "VN", "chungminhnhandan" },
	{ "KR", "대한민국" }, { "KR", "korea" }, { "KR", "주민등록증" },
	{ "MY", "malaysia" }, { "MY", "mykad" }, { "MY", "kadpengenalan" },
	{ "ID", "indonesia" }, { "ID", "kartutandapenduduk" },
	{ "HK", "hongkong" }, { "HK", "香港" },
	{ "TW", "taiwan" }, { "TW", "中華民國" }, { "TW", "國民身分證" },
	{ "CN", "中华人民共和国" }, { "CN", "居民身份证" },
	{ "CN", "peoplesrepublicofchina" }, { "CN", "people'srepublicofchina" },
	{ "JP", "japan" }, { "JP", "日本" }, { "JP", "個人番号カード" },
	{ "IN", "india" }, { "IN", "भारत" }, { "IN", "aadhaar" },
	{ "PH", "philippines" }, { "PH", "pilipinas" },
};

/* Returns s squashed (see squash()) without combining marks. */
static char *squash_bare(const char *s)
{
	char *sq = squash(s);
	GString *out = g_string_new(NULL);
	for (const char *p = sq; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_type(c) != G_UNICODE_NON_SPACING_MARK)
			g_string_append_unichar(out, c);
	}
	g_free(sq);
	return g_string_free(out, FALSE);
}

/* Returns the countries named anywhere on page, as a string of two-letter
 * codes ("SGTH"), "" when none (g_free it). */
char *page_countries(const ocr_page *page)
{
	GString *all = g_string_new(NULL), *found = g_string_new(NULL);
	for (guint i = 0; i < page->lines->len; i++) {
		char *t = line_text(page, (int)i);
		char *bare = squash_bare(t);
		g_string_append(all, bare);
		g_string_append_c(all, '\n');
		g_free(t);
		g_free(bare);
	}
	for (size_t k = 0; k < G_N_ELEMENTS(country_names); k++) {
		char *name = squash_bare(country_names[k].name);
		if (strstr(all->str, name) &&
		    !strstr(found->str, country_names[k].country))
			g_string_append(found, country_names[k].country);
		g_free(name);
	}
	g_string_free(all, TRUE);
	return g_string_free(found, FALSE);
}

/* Returns 1 when the page names the country of kind, -1 when it names
 * only other countries, 0 when it names none or kind is not national. */
int country_context(const id_kind *kind, const char *countries)
{
	if (!kind->national || !*countries)
		return 0;
	for (const char *c = countries; *c; c += 2)
		if (strncmp(c, kind->country, 2) == 0)
			return 1;
	return -1;
}

/* Labels squashed once for the process, by their text: has_label() is
 * asked for every kind's labels on every line, and squashing them anew
 * each time (normalising, casefolding) took 3 % of a passport page's
 * whole run (perf, passport_02.jpg). Batch workers share it. */
static GHashTable *squashed_labels;
G_LOCK_DEFINE_STATIC(squashed_labels);

const char *label_squashed(const char *label)
{
	G_LOCK(squashed_labels);
	if (!squashed_labels)
		squashed_labels = g_hash_table_new(g_str_hash, g_str_equal);
	const char *sq = g_hash_table_lookup(squashed_labels, label);
	if (!sq) {
		sq = squash(label);
		g_hash_table_insert(squashed_labels, g_strdup(label), (char *)sq);
	}
	G_UNLOCK(squashed_labels);
	return sq;
}

/* Returns true when one of labels occurs in text. */
bool has_label(const char *text, const char *const *labels)
{
	for (; labels && *labels; labels++)
		if (strstr(text, label_squashed(*labels)))
			return true;
	return false;
}

/* Returns 2 when the line or the one above carries a label of kind, 1
 * when only a label any national ID may have, 0 when neither. */
static int in_context(const line_ctx *lc, const id_kind *kind)
{
	if (has_label(lc->text, kind->labels) ||
	    has_label(lc->above, kind->labels))
		return 2;
	return kind->national && (has_label(lc->text, generic_labels) ||
				  has_label(lc->above, generic_labels));
}

/* Returns the characters of groups g0..g1 (no separators) in a new array,
 * *n their count. */
gunichar *span_chars(const line_ctx *lc, int g0, int g1, int *n)
{
	int total = 0;
	for (int g = g0; g <= g1; g++)
		total += g_array_index(lc->groups, group, g).n;
	gunichar *s = g_new(gunichar, total + 1);
	int k = 0;
	for (int g = g0; g <= g1; g++) {
		const group *gr = &g_array_index(lc->groups, group, g);
		for (int i = 0; i < gr->n; i++) {
			const cell *c = &g_array_index(lc->cells, cell,
						       gr->first + i);
			s[k++] = c->garbled ? SLIP : c->ch;
		}
	}
	*n = total;
	return s;
}

/* Returns the padded box of the cells first..last (inclusive) of the line. */
idr_rect cells_box(const line_ctx *lc, int first, int last)
{
	idr_rect box = { 0, 0, 0, 0 };
	int heights[64], widths[64], nh = 0;
	int s_first = -1, s_last = -1;
	const ocr_page *page = lc->page;

	for (int i = first; i <= last; i++) {
		int s = g_array_index(lc->cells, cell, i).sym;
		if (s < 0)
			continue;
		idr_rect b = g_array_index(page->symbols, ocr_symbol, s).box;
		box = rect_union(box, b);
		s_first = s_first < 0 ? s : s_first;
		s_last = s;
		if (nh < (int)G_N_ELEMENTS(heights)) {
			widths[nh] = b.w;
			heights[nh++] = b.h;
		}
	}
	/* LSTM OCR gives a glyph now and then a box a sliver wide, at the
	 * edge of its neighbour's (a number's first '1' read right, its box
	 * 1 px wide where the next digit's starts): its ink lies beyond the
	 * box. An edge glyph whose box is under a third of the median width
	 * is taken as wide as the median, ending (first) or starting (last)
	 * where its box does. */
	int med_h = nh ? median_in_place(heights, nh) : 0;
	if (nh >= 3) {
		int med = median_in_place(widths, nh);
		idr_rect a = g_array_index(page->symbols, ocr_symbol, s_first).box;
		idr_rect z = g_array_index(page->symbols, ocr_symbol, s_last).box;
		if (3 * a.w < med && a.x + a.w - med < box.x) {
			box.w += box.x - (a.x + a.w - med);
			box.x = a.x + a.w - med;
		}
		if (3 * z.w < med && z.x + med > box.x + box.w)
			box.w = z.x + med - box.x;
	}
	/* Margin: 0.35 of the median character height above and below, at
	 * least 2 px, so antialiased edges and ascenders leave nothing
	 * readable; half of it to the left and right, where OCR drops a thin
	 * last or first glyph (an I or 1 at 0.1-0.2 of the height, set 0.2
	 * to 0.3 from its neighbour: "$32553170" for S3255310I). */
	int pad = nh ? MAX(2, (int)(0.35 * med_h + 0.5)) : 2;
	int pad_x = nh ? MAX(2, (int)(0.5 * med_h + 0.5)) : 2;
	int top = box.y - pad, bottom = box.y + box.h + pad;
	/* The margin stops halfway to a line above or below: a caption
	 * printed close over its value ("Passport No." a few pixels over
	 * the number, on a page skewed so their boxes touch) lost half its
	 * height to the value's margin. */
	for (guint j = 0; j < page->lines->len; j++) {
		idr_rect l = g_array_index(page->lines, ocr_line, j).box;
		if ((int)j == lc->line || l.x >= box.x + box.w ||
		    box.x >= l.x + l.w)
			continue;
		if (l.y + l.h <= box.y)
			top = MAX(top, (l.y + l.h + box.y + 1) / 2);
		else if (l.y >= box.y + box.h)
			bottom = MIN(bottom, (box.y + box.h + l.y) / 2);
	}
	box.x -= pad_x;
	box.w += 2 * pad_x;
	box.h = bottom - top;
	box.y = top;
	return rect_pad_clip(box, 0, page->width, page->height);
}

/* Returns the index of the ')' closing a bracketed check character after
 * cell last — "(5)", after a gap or not ("A123456 (3)"), the character
 * read as one or two cells ("(/\\)" for (A)) — or last when there is
 * none. */
static int bracket_end(const line_ctx *lc, int last)
{
	int i = last + 1, n = (int)lc->cells->len;

	if (i < n && g_array_index(lc->cells, cell, i).ch == ' ')
		i++;
	if (i >= n || g_array_index(lc->cells, cell, i).ch != '(')
		return last;
	for (int k = i + 2; k <= i + 3 && k < n; k++) {
		gunichar c = g_array_index(lc->cells, cell, k).ch;
		gunichar in = g_array_index(lc->cells, cell, k - 1).ch;
		if (in == ' ' || in == '\n' || in == '(')
			return last;
		if (c == ')')
			return k;
	}
	return last;
}

/* Returns true when the digit run ending at cell last closes with a
 * bracketed check character, "(5)" or "(A)", as Hong Kong cards print
 * it; the character itself may be garbled ("7286447(/)"). */
static bool bracketed_check(const line_ctx *lc, int last)
{
	int n = (int)lc->cells->len;
	gunichar after = last + 1 < n ?
		g_array_index(lc->cells, cell, last + 1).ch : 0;
	gunichar before = last > 0 ?
		g_array_index(lc->cells, cell, last - 1).ch : 0;
	/* "1234567(8)": the run already holds the check digit. */
	if (before == '(' && after == ')')
		return true;
	return bracket_end(lc, last) > last;
}


/* Returns true when cell i is a symbol OCR returned (no gap), no letter
 * or digit of any script. */
static bool glued_symbol(const line_ctx *lc, int i)
{
	const cell *c = &g_array_index(lc->cells, cell, i);
	return c->sym >= 0 && c->ch != ' ' && c->ch != '\n' &&
	       !g_unichar_isalnum(c->ch) && !g_unichar_ismark(c->ch);
}

/* Appends a finding over cells first..last of the line (grown by left
 * pixels to the left), owning groups g0..g1. */
static void add_finding_cells(const line_ctx *lc, GArray *found,
			      const char *kind, const char *country, int first,
			      int last, int left, int g0, int g1, double conf,
			      int check)
{
	finding f = { 0 };

	/* The bracket closing a check digit ("A123456(3)") goes with it:
	 * the pad alone leaves a bracketed check readable. */
	if ((guint)last + 1 < lc->cells->len &&
	    (g_array_index(lc->cells, cell, last + 1).ch == ')' ||
	     g_array_index(lc->cells, cell, last + 1).ch == ']'))
		last++;
	/* So does a bracketed check character after it, a gap before it
	 * or not ("$4161926(A)" read as a 9-digit number left "(A)" out). */
	else
		last = bracket_end(lc, last);
	/* Symbols glued to either end in the same word go with it too: OCR
	 * made them of the edge glyph, and their boxes may hold the part of
	 * it the others leave out ("5('" for 5C at the end of T2036575C, the
	 * mark's box over the C's right half; "[|8" for MB8, property pages
	 * at 300 dpi). A letter, a digit or a gap stops them. */
	int n = (int)lc->cells->len;
	while (last + 1 < n && glued_symbol(lc, last + 1))
		last++;
	while (first > 0 && glued_symbol(lc, first - 1))
		first--;
	f.kind = kind;
	f.country = country;
	f.box = cells_box(lc, first, last);
	left = MIN(left, f.box.x);
	f.box.x -= left;
	f.box.w += left;
	f.confidence = CLAMP(conf, 0.05, 0.99);
	f.checksum = check;
	g_array_append_val(found, f);
	for (int g = g0; g <= g1; g++) {
		lc->taken[g] = true;
		lc->owner[g] = (int)found->len - 1;
	}
}

/* Appends a finding covering groups g0..g1 of the line. */
void add_finding(const line_ctx *lc, GArray *found, const char *kind,
			const char *country, int g0, int g1, double conf,
			int check)
{
	const group *a = &g_array_index(lc->groups, group, g0);
	const group *b = &g_array_index(lc->groups, group, g1);

	add_finding_cells(lc, found, kind, country, a->first,
			  b->first + b->n - 1, 0, g0, g1, conf, check);
}

/* Returns the check verdict of kind on value; when a read '0' stood for a
 * letter it may have been an O or a D, so both are tried. */
static int verdict(const id_kind *kind, char *value, const gunichar *read)
{
	if (!kind->check)
		return -1;
	int v = kind->check(value);
	if (v)
		return v;
	bool changed = false;
	for (int i = 0; value[i]; i++)
		if (read[i] == '0' && value[i] == 'O') {
			value[i] = 'D';
			changed = true;
		}
	return changed ? kind->check(value) : 0;
}

/* Returns true when groups g0..g1 are a whole number: no digit group of
 * the same run touches them. */
static bool aligned(const line_ctx *lc, int g0, int g1)
{
	const group *a = &g_array_index(lc->groups, group, g0);
	if (g0 > 0) {
		const group *p = &g_array_index(lc->groups, group, g0 - 1);
		if (p->run == a->run && p->digitish)
			return false;
	}
	if ((guint)g1 + 1 < lc->groups->len) {
		const group *q = &g_array_index(lc->groups, group, g1 + 1);
		if (q->run == a->run && q->digitish)
			return false;
	}
	return true;
}

/* Returns true unless the value has letters and every one of them was
 * read as a digit: a 5 may be an S, but 12051990 is not an HKID. A
 * symbol no digit looks like ("§59386401" for S5938640I) was a letter. */
static bool letters_seen(const gunichar *read, const char *value)
{
	bool letters = false;
	for (int i = 0; value[i]; i++) {
		if (!g_ascii_isupper(value[i]))
			continue;
		if ((read[i] < 128 && g_ascii_isalpha((char)read[i])) ||
		    (read[i] >= 128 && is_alnum_cell(read[i])))
			return true;
		letters = true;
	}
	return !letters;
}

/* Returns true when a '+' (maybe then a space) comes before group g. */
static bool plus_before(const line_ctx *lc, int g)
{
	int i = g_array_index(lc->groups, group, g).first - 1;
	if (i >= 0 && g_array_index(lc->cells, cell, i).ch == ' ')
		i--;
	return i >= 0 && (g_array_index(lc->cells, cell, i).ch == '+' ||
			  g_array_index(lc->cells, cell, i).ch == 0xFF0B);
}

/* Returns what the page's country adds to a candidate's confidence: a
 * card saying "REPUBLIC OF SINGAPORE" holds a Singapore number even when a
 * 12-digit one also passes Japan's check (about one in ten do). */
static double country_weight(int country)
{
	return country > 0 ? 0.35 : country < 0 ? -0.2 : 0;
}

/* The longest identifier a span is tried against (TD3 lines are handled
 * elsewhere); longer spans cannot match a shape. */
#define SPAN_MAX 24

/* Returns the confusions (the slip counting as one) when s[0..n) matches
 * kind's shape after one OCR slip — a character added ("T3873 292 1B"
 * for T8732921B, an 8 read as 38), dropped, or read as something no table
 * lists — with value the normalised text and *check its verdict (0 when a
 * character had to be made up); -1 when no single slip explains s with
 * at most cap confusions. A dropped character whose removal makes the
 * check pass is preferred, within the cap (a reading that passes the
 * check by taking four characters for others is no reading).
 * labelled: a label is near, so letters read only as digits are let be
 * (see letters_seen()). */
static int slip_match(const id_kind *kind, bool labelled, const gunichar *s,
		      int n, int cap, char *value, int *check)
{
	gunichar t[SPAN_MAX + 2];
	char v[SPAN_MAX + 2];
	int best = -1;

	*check = kind->check ? 0 : -1;
	for (int op = 0; op < 3; op++) { /* drop, change, add */
		int m = op == 0 ? n - 1 : op == 1 ? n : n + 1;
		for (int i = 0; i < (op == 2 ? n + 1 : n); i++) {
			int from = op == 2 ? i : i + 1; /* s[from..) goes on */
			memcpy(t, s, sizeof *t * (size_t)i);
			if (op > 0)
				t[i] = SLIP;
			memcpy(t + (op == 0 ? i : i + 1), s + from,
			       sizeof *t * (size_t)(n - from));
			int c = shape_match(kind->shape, t, m, v);
			if (c < 0 || c + (op == 0) > cap ||
			    (!labelled && !letters_seen(t, v)))
				continue;
			int verdict_now = op == 0 && kind->check ?
						  kind->check(v) : *check;
			/* Fewest confusions, a passing check first. */
			if (best < 0 || (verdict_now == 1 && *check != 1) ||
			    (verdict_now == *check && c + (op == 0) < best)) {
				best = c + (op == 0);
				*check = verdict_now;
				memcpy(value, v, (size_t)m + 1);
			}
			if (*check == 1)
				return best;
		}
	}
	return best;
}

static void symbols_beside(const line_ctx *lc, int edge, int dir, int *far);

/* Returns true when a symbol (no letter, digit or word gap) is glued to
 * the first cell of group g0 or the last of group g1, in its word, or
 * stands alone one gap away (symbols_beside()): a character of the
 * number OCR misread, glued or split off ("-0131405F", "] 8676300U"). */
static bool symbol_at_edge(const line_ctx *lc, int g0, int g1)
{
	const group *a = &g_array_index(lc->groups, group, g0);
	const group *z = &g_array_index(lc->groups, group, g1);
	int before = a->first - 1, after = z->first + z->n, far;
	for (int k = 0; k < 2; k++) {
		int i = k ? after : before;
		if (i < 0 || i >= (int)lc->cells->len)
			continue;
		gunichar c = g_array_index(lc->cells, cell, i).ch;
		if (c != ' ' && c != '\n' && !is_alnum_cell(c))
			return true;
	}
	symbols_beside(lc, a->first, -1, &far);
	if (far != a->first)
		return true;
	symbols_beside(lc, after - 1, 1, &far);
	return far != after - 1;
}

/* Returns true when a '/' joins two of groups g0..g1: OCR reads a 7 or
 * a 1 as a slash (digit_joiner()), and a slash that was a digit leaves
 * the span one character short, a slip ("XYS6/S111" for XY5678111, a
 * serif 7 at 200 dpi, fresh property seed 916321529). */
static bool slash_inside(const line_ctx *lc, int g0, int g1)
{
	const group *a = &g_array_index(lc->groups, group, g0);
	const group *z = &g_array_index(lc->groups, group, g1);
	for (int i = a->first + a->n; i < z->first; i++)
		if (g_array_index(lc->cells, cell, i).ch == '/')
			return true;
	return false;
}

/* Returns true with *c the reading of s[0..n), the characters of groups
 * g0..g1, as row k of the table; false when it is none. */
static bool read_as(const line_ctx *lc, size_t k, int g0, int g1,
		    const gunichar *s, int n, candidate *c)
{
	const id_kind *kind = &id_kinds[k];
	char value[SPAN_MAX + 2];
	int confusions = shape_match(kind->shape, s, n, value);
	int slipped = 0, slip_check = -1;

	/* Under a label or on a card of the kind's country, one slip of OCR
	 * is forgiven; so it is when the span holds a symbol OCR makes of a
	 * letter ("S$9598569F" for S9598569F), has a symbol glued to its
	 * edge in its word or alone beside it ("-0131405F", "] 8676300U"
	 * for T8676300U: a separator does not start a word), has a slash
	 * inside that may have been a digit (slash_inside()) or is nine or
	 * more long (a letter read twice, "7T6888319E"). */
	if (confusions < 0 && n >= 7 &&
	    (lc->context[k] > 0 || lc->country[k] > 0 ||
	     has_symbol_lookalike(s, n) || symbol_at_edge(lc, g0, g1) ||
	     slash_inside(lc, g0, g1) || n >= 9) &&
	    shape_has_letter(kind->shape)) {
		confusions = slip_match(kind, lc->context[k] > 0, s, n,
					MAX(1, n / 4) + 1, value, &slip_check);
		slipped = 1;
	}
	/* OCR misreads a character or two, not a quarter of a number. Next
	 * to a label a letter read only as a digit is believed
	 * ("Identification Number 1408774(1)"). */
	if (confusions < 0 || confusions > MAX(1, n / 4) + slipped ||
	    (!slipped && !lc->context[k] && !letters_seen(s, value)))
		return false;
	int context = lc->context[k];
	int plausible = kind->plausible ? kind->plausible(value) : -1;
	if (kind->need_plausible && plausible == 0 && !context)
		return false;
	*c = (candidate){ kind, kind->country, g0, g1, 0, 0, 0 };
	if (kind->plausible == imsi_plausible && plausible == 1)
		c->country = mcc_country(value);
	c->check = slipped ? slip_check : verdict(kind, value, s);
	c->conf = kind->base - 0.1 * slipped +
		  (c->check == 1 ? 0.3 : c->check == 0 ? -0.1 : 0) +
		  (plausible == 1 ? 0.1 : 0) + 0.2 * context -
		  0.05 * confusions + country_weight(lc->country[k]);
	/* Under another kind's own label, a national shape that fits by
	 * chance (with its check passing, one time in ten) is the lesser
	 * reading. */
	if (lc->specific && !context && kind->national)
		c->conf -= 0.2;
	/* "+CC" says phone number whatever the digits' other checks say. */
	if (plus_before(lc, g0))
		c->conf += strcmp(kind->name, "phone") == 0 ? 0.35 : -0.2;
	/* Prefer whole numbers, then longer ones. */
	c->score = c->conf + (aligned(lc, g0, g1) ? 0.3 : 0) + 0.01 * n;
	return true;
}

/* Appends to cands every reading of a span of whole groups as a kind,
 * of every kind, selected or not (see keep_best()). */
void span_candidates(const line_ctx *lc, GArray *cands)
{
	guint ng = lc->groups->len;

	for (guint g0 = 0; g0 < ng; g0++) {
		int run = g_array_index(lc->groups, group, g0).run;
		for (guint g1 = g0; g1 < ng; g1++) {
			if (g_array_index(lc->groups, group, g1).run != run)
				break;
			int n;
			gunichar *s = span_chars(lc, (int)g0, (int)g1, &n);
			if (n > SPAN_MAX) {
				g_free(s);
				break;
			}
			/* A garbled cell at the span's edge may be part of
			 * the character beside it, read twice ("\\WWO8413574"
			 * for WO8413574): the span is tried without it too. */
			int lead = s[0] == SLIP, trail = n > 1 && s[n - 1] == SLIP;
			for (size_t k = 0; k < id_kinds_n; k++) {
				candidate c;
				if (read_as(lc, k, (int)g0, (int)g1, s, n, &c) ||
				    ((lead || trail) &&
				     read_as(lc, k, (int)g0, (int)g1, s + lead,
					     n - lead - trail, &c)))
					g_array_append_val(cands, c);
			}
			g_free(s);
		}
	}
}

/* Returns the sort order of candidates: best score first. */
static gint by_score(gconstpointer a, gconstpointer b)
{
	double d = ((const candidate *)b)->score - ((const candidate *)a)->score;
	return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/* Returns the group holding cell i, or -1. */
static int group_at(const line_ctx *lc, int i)
{
	for (guint g = 0; g < lc->groups->len; g++) {
		const group *gr = &g_array_index(lc->groups, group, g);
		if (i >= gr->first && i < gr->first + gr->n)
			return (int)g;
	}
	return -1;
}

/* Digits that, with a garbled cell beside them, are masked: a letter
 * read as a digit and a digit lost ("5910142 ส" for S9101428I). */
#define LEFTOVER_GARBLED_MIN 7

/* Most cells beside a digit run taken for characters of it that OCR
 * garbled: two prefix letters, a check letter and a slip. */
#define GARBLED_MAX 4

/* Returns the cells beside the digit run whose edge cell is edge, going
 * dir (-1 before, +1 after), that OCR may have made of its letters; *far
 * gets the farthest such cell (edge when none). Property pages showed
 * them: "0 บ มู 6962492" for OW6962492, "ร พ ฟ 7941899" for SW7941899,
 * "ๆ = 73733463)" for T3733463J, "@537334(3)" for R537334(3). Word gaps
 * are crossed; a wide gap, a colon or full stop (the end of a label), a
 * word of three or more letters or digits, or another finding stop. */
static int garbled_beside(const line_ctx *lc, int edge, int dir, int *far)
{
	int count = 0, n = (int)lc->cells->len;

	*far = edge;
	for (int i = edge + dir; i >= 0 && i < n && count < GARBLED_MAX;
	     i += dir) {
		gunichar c = g_array_index(lc->cells, cell, i).ch;
		if (c == ' ')
			continue;
		if (c == '\n' || c == ':' || c == '.' || c == ',' || c == ';')
			break;
		int g = group_at(lc, i);
		if (g >= 0) {
			const group *gr = &g_array_index(lc->groups, group, g);
			if (gr->n >= 3 || lc->taken[g] ||
			    count + gr->n > GARBLED_MAX)
				break;
			count += gr->n;
			i = dir < 0 ? gr->first : gr->first + gr->n - 1;
		} else {
			count++;
		}
		*far = i;
	}
	return count;
}

/* Marks groups g0..g1 as read, without a finding: a number of a kind
 * --kinds left out stays as it is, and no other kind takes a piece of it. */
void leave_groups(const line_ctx *lc, int g0, int g1)
{
	for (int g = g0; g <= g1; g++) {
		lc->taken[g] = true;
		lc->owner[g] = -1;
	}
}

/* How much less likely than the best a reading of the same span may be
 * and still count as another reading of it: the smallest step of the
 * confidences above (a plausible date or region code). */
#define READING_MARGIN 0.1

/* Returns the best candidate after cands[i] (sorted) over the same groups
 * as cands[i] whose kind is selected and whose confidence is within
 * READING_MARGIN of cands[i]'s, or NULL. */
static const candidate *selected_reading(const line_ctx *lc,
					 const GArray *cands, guint i)
{
	const candidate *c = &g_array_index(cands, candidate, i);

	for (guint j = i + 1; j < cands->len; j++) {
		const candidate *d = &g_array_index(cands, candidate, j);
		if (d->g0 == c->g0 && d->g1 == c->g1 &&
		    kind_set_has(lc->kinds, d->kind->name) &&
		    d->conf >= c->conf - READING_MARGIN - 1e-9)
			return d;
	}
	return NULL;
}

/* Most cells of a word of symbols beside a number taken for its first or
 * last character split off (OCR makes one glyph into one or two). */
#define SYMBOLS_MAX 2

/* Sets *far to the far end of a word of at most SYMBOLS_MAX symbols (no
 * letter or digit, and not the colon or stop that ends a label) that lies
 * one word gap from edge (past separators glued to it), going dir (-1
 * before, +1 after); to edge when there is none. */
static void symbols_beside(const line_ctx *lc, int edge, int dir, int *far)
{
	int n = (int)lc->cells->len, i = edge + dir, count = 0;

	*far = edge;
	/* separators glued to the number first: "302134- @", "! -4719" */
	while (i >= 0 && i < n && is_joiner(g_array_index(lc->cells, cell, i).ch) &&
	       g_array_index(lc->cells, cell, i).ch != ' ')
		i += dir;
	if (i < 0 || i >= n || g_array_index(lc->cells, cell, i).ch != ' ')
		return;
	for (i += dir; i >= 0 && i < n; i += dir) {
		gunichar c = g_array_index(lc->cells, cell, i).ch;
		if (c == ' ' || c == '\n')
			break;
		if (g_unichar_isalnum(c) || is_alnum_cell(c) || c == ':' ||
		    c == '.' || c == ',' || c == ';' || ++count > SYMBOLS_MAX)
			return;
	}
	if (count)
		*far = i - dir;
}

/* Appends the best non-overlapping candidates of the line to found.
 * Every kind is read, so that a number is named by what it most likely
 * is; --kinds then decides. When the best reading of a span is of a kind
 * left out, a selected kind that reads the very same span about as well
 * takes it (the reading is ambiguous, and recall comes first: a 13-digit
 * number may be a Korean RRN as well as a Thai ID); else the span is left
 * alone (an ICCID's 19 digits with one dropped pass China's check one
 * time in eleven, which does not make it a resident ID). */
void keep_best(const line_ctx *lc, GArray *cands, GArray *found)
{
	g_array_sort(cands, by_score);
	for (guint i = 0; i < cands->len; i++) {
		const candidate *c = &g_array_index(cands, candidate, i);
		bool free_span = true;
		for (int g = c->g0; g <= c->g1; g++)
			free_span = free_span && !lc->taken[g];
		if (!free_span)
			continue;
		if (!kind_set_has(lc->kinds, c->kind->name) &&
		    !(c = selected_reading(lc, cands, i))) {
			c = &g_array_index(cands, candidate, i);
			leave_groups(lc, c->g0, c->g1);
			continue;
		}
		/* A shape with letters matched from a digit at its edge
		 * (one slip forgiven): the letters OCR garbled beside it
		 * go under the mask too ("0 บ ม ู 6962492" for OW6962492). */
		const group *a = &g_array_index(lc->groups, group, c->g0);
		const group *z = &g_array_index(lc->groups, group, c->g1);
		int first = a->first, last = z->first + z->n - 1;
		int from = first, to = last;
		gunichar f = g_array_index(lc->cells, cell, first).ch;
		gunichar l = g_array_index(lc->cells, cell, last).ch;
		if (f >= '0' && f <= '9' && shape_edge_letter(c->kind->shape, 0))
			garbled_beside(lc, first, -1, &from);
		if (l >= '0' && l <= '9' && shape_edge_letter(c->kind->shape, 1))
			garbled_beside(lc, last, 1, &to);
		add_finding_cells(lc, found, c->kind->name, c->country, from,
				  to, 0, c->g0, c->g1, c->conf, c->check);
	}
}

/* Shortest digit run masked with no shape of its own and no label: the
 * shortest national ID number (VN CMND, 9 digits). */
#define LEFTOVER_MIN 9
/* With a label on the line, OCR may have dropped up to this many digits. */
#define LEFTOVER_LABELLED_MIN 6

/* Masks digit runs no candidate took: a run at least as long as an
 * identifier is one whose separators or an extra digit confused the
 * shapes, and next to a label even a short one is. The kind reported is
 * the best window inside the run, over every kind: a passing check
 * first, then a label, then the table's order; *checksum is that
 * window's verdict. A run whose best window is of a kind --kinds left out
 * is masked only when a selected kind reads the whole run. */
void keep_leftovers(const line_ctx *lc, GArray *found)
{
	guint ng = lc->groups->len;
	bool labelled_line = false;

	for (size_t k = 0; k < id_kinds_n; k++)
		labelled_line = labelled_line || lc->context[k] > 0;
	for (guint g0 = 0; g0 < ng; g0++) {
		const group *a = &g_array_index(lc->groups, group, g0);
		/* On a line with an identifier's label, groups of one run
		 * holding digits, seven characters or more with four digits
		 * among them, are the number however OCR garbled the rest
		 * (a serif 9 read "OQ", a '#' glued on, a gap put in:
		 * "F#ROQOQ1 1963" for FR9911963). */
		bool garbled_ok = labelled_line && a->digits > 0;
		if (lc->taken[g0] || !(a->digitish || garbled_ok))
			continue;
		guint g1 = g0;
		while (g1 + 1 < ng) {
			const group *b = &g_array_index(lc->groups, group, g1 + 1);
			if (b->run != a->run || !b->digitish || lc->taken[g1 + 1])
				break;
			g1++;
		}
		if (garbled_ok) {
			guint h = g0;
			int chars = a->n, digits = a->digits;
			while (h + 1 < ng) {
				const group *b = &g_array_index(lc->groups,
								group, h + 1);
				if (b->run != a->run || lc->taken[h + 1] ||
				    !(b->digitish || b->digits > 0))
					break;
				h++;
				chars += b->n;
				digits += b->digits;
			}
			if (chars >= 7 && digits >= 4)
				g1 = MAX(g1, h);
			else if (!a->digitish)
				continue;
		}
		int n;
		gunichar *s = span_chars(lc, (int)g0, (int)g1, &n);
		const id_kind *best = NULL, *whole = NULL;
		int best_rank = -1, best_check = -1, best_score = -100;
		int whole_rank = -1, whole_check = -1, whole_score = -100;

		for (size_t k = 0; k < id_kinds_n; k++) {
			const id_kind *kind = &id_kinds[k];
			bool selected = kind_set_has(lc->kinds, kind->name);
			int context = lc->context[k];
			char value[SPAN_MAX + 1];
			for (int len = 1; len <= MIN(n, SPAN_MAX); len++)
				for (int at = 0; at + len <= n; at++) {
					if (shape_match(kind->shape, s + at, len,
							value) < 0)
						continue;
					if (kind->need_plausible && !context &&
					    !kind->plausible(value))
						continue;
					int v = kind->check ? kind->check(value) : -1;
					int rank = 8 + (v == 1) * 4 + context;
					/* The page's country outweighs another
					 * kind's passing check. */
					int score = 2 * rank + 5 * lc->country[k];
					if (score > best_score) {
						best = kind;
						best_rank = rank;
						best_check = v;
						best_score = score;
					}
					/* A selected kind reading the whole run
					 * (see keep_best(); here it must be as
					 * well supported as the best). */
					if (selected && len == n &&
					    score > whole_score) {
						whole = kind;
						whole_rank = rank;
						whole_check = v;
						whole_score = score;
					}
				}
			/* No window fits, but a label says what this is. */
			if (context && n >= LEFTOVER_LABELLED_MIN &&
			    context > best_rank) {
				best = kind;
				best_rank = context;
				best_check = kind->check ? 0 : -1;
				best_score = 2 * context + 5 * lc->country[k];
			}
		}
		/* Every kind was read; --kinds decides as in keep_best(). */
		if (best && !kind_set_has(lc->kinds, best->name)) {
			if (!whole || whole_score < best_score) {
				leave_groups(lc, (int)g0, (int)g1);
				g_free(s);
				g0 = g1;
				continue;
			}
			best = whole;
			best_rank = whole_rank;
			best_check = whole_check;
		}
		bool labelled = best_rank >= 0 && best_rank < 8;
		/* A label of any kind on the line counts, even when the
		 * best window is an unlabelled shape ("Identification
		 * Number 1408774(1)": a Thai label, an HKID). */
		bool line_label = false;
		for (size_t k = 0; k < id_kinds_n; k++)
			line_label = line_label || lc->context[k] > 0;
		/* Letters OCR garbled beside the run count towards its
		 * length and go under the mask; a bracketed check says it
		 * is an HKID whose letter may be lost altogether ("924878
		 * (9)" for U924878(9)): then the box reaches one
		 * character further left. */
		const group *z = &g_array_index(lc->groups, group, g1);
		int first = a->first, last = z->first + z->n - 1, from, to;
		int garbled = garbled_beside(lc, first, -1, &from) +
			      garbled_beside(lc, last, 1, &to);
		bool bracket = bracketed_check(lc, last);
		int left = bracket && from == first ?
			line_char_height(lc->page, &g_array_index(lc->page->lines,
								  ocr_line,
								  lc->line)) : 0;
		if (best && (n >= LEFTOVER_MIN || (n >= LEFTOVER_LABELLED_MIN &&
						    (best_rank % 4 > 0 ||
						     line_label)))) {
			add_finding_cells(lc, found, best->name, best->country,
					  from, to, 0, (int)g0, (int)g1,
					  (labelled ? 0.4 : 0.3) +
						  (best_check == 1 ? 0.1 : 0) +
						  0.05 * (best_rank % 4),
					  best_check);
		} else if (n >= LEFTOVER_LABELLED_MIN &&
			   (bracket || (garbled && n + garbled >= LEFTOVER_MIN) ||
			    (garbled && n >= LEFTOVER_GARBLED_MIN))) {
			/* The kind: the best window's, else an HKID for a
			 * bracketed check, else the first kind on with
			 * letters in its shape (they were garbled). */
			const char *kind = best ? best->name : NULL;
			if (!kind && bracket && kind_set_has(lc->kinds, "hk_id"))
				kind = "hk_id";
			for (size_t k = 0; !kind && k < id_kinds_n; k++)
				if (kind_set_has(lc->kinds, id_kinds[k].name) &&
				    shape_has_letter(id_kinds[k].shape))
					kind = id_kinds[k].name;
			if (kind)
				add_finding_cells(lc, found, kind,
						  best ? best->country : "",
						  from, to, left, (int)g0,
						  (int)g1, 0.3, best_check);
		}
		g_free(s);
		g0 = g1;
	}
}

/* How close, in text heights, the ink of the next word must come to a
 * number's edge for its character there to be taken for the number's:
 * OCR leaves a gap of a third of the height at least between a label and
 * a value printed apart, and glued a value's "2-" to the label "No" as
 * one symbol "a" whose box overlapped the value's next digit. An edge
 * letter read as a glyph of another script comes as a word of its own
 * closer than that: "โ 57193658|" for T5193658I, 7 px from the 5 at a
 * 31-px height (0.23; fresh property seed 346038232, 400 dpi). */
#define TOUCH_GAP 0.25

/* How close a word of letters stacked on one glyph (stacked_word()) must
 * come to a number's edge to go with it: such a word is no label, and a
 * wide font sets its glyphs a third of a height apart ("MV" for the M of
 * MX1038343, both letters' boxes from the M's left edge, 15 px from the X
 * at a 45-px height; fresh property seed 770584043, 400 dpi). */
#define STACKED_GAP 0.5

/* Returns true when the cell is a gap between words. */
static bool is_gap(const line_ctx *lc, int i)
{
	const cell *c = &g_array_index(lc->cells, cell, i);
	return c->sym < 0 || c->ch == ' ' || c->ch == '\n';
}

/* Returns the last cell, going dir from cell i, of a word of two or more
 * letters or digits that all stand on one glyph (each box overlaps the
 * first's over half the narrower width: OCR read one glyph as several);
 * else -1. */
static int stacked_word(const line_ctx *lc, int i, int dir)
{
	int n = (int)lc->cells->len, j = i;
	const ocr_symbol *syms = (const ocr_symbol *)lc->page->symbols->data;
	idr_rect a = syms[g_array_index(lc->cells, cell, i).sym].box;
	for (; j + dir >= 0 && j + dir < n && !is_gap(lc, j + dir); j += dir) {
		const cell *c = &g_array_index(lc->cells, cell, j + dir);
		if (!g_unichar_isalnum(c->ch))
			return -1;
		idr_rect b = syms[c->sym].box;
		int over = MIN(a.x + a.w, b.x + b.w) - MAX(a.x, b.x);
		if (2 * over < MIN(a.w, b.w))
			return -1;
	}
	return j != i && g_unichar_isalnum(g_array_index(lc->cells, cell,
							  i).ch) ? j : -1;
}

/* Returns the cell across one word gap from edge, going dir, when its
 * box comes within frac of a height of edge's; else edge. */
static int word_within(const line_ctx *lc, int edge, int dir, double frac)
{
	int i = edge + dir, n = (int)lc->cells->len;
	if (i < 0 || i >= n || g_array_index(lc->cells, cell, i).ch != ' ')
		return edge;
	i += dir;
	if (i < 0 || i >= n)
		return edge;
	int s = g_array_index(lc->cells, cell, i).sym;
	int e = g_array_index(lc->cells, cell, edge).sym;
	if (s < 0 || e < 0)
		return edge;
	idr_rect a = g_array_index(lc->page->symbols, ocr_symbol, s).box;
	idr_rect b = g_array_index(lc->page->symbols, ocr_symbol, e).box;
	int gap = dir < 0 ? b.x - (a.x + a.w) : a.x - (b.x + b.w);
	return gap <= frac * MAX(a.h, b.h) ? i : edge;
}

/* A number set in tabular figures advances one pitch a glyph. When OCR
 * splits its edge glyphs off as a word of their own, that word's first
 * glyph stands where the number's next would, within PITCH_SLACK of a
 * pitch; a label or a second value stands a space further. The "77" of
 * E247388177 came back as a word "Ti" 10 px from the "1" at a 33-px
 * height (0.31, past TOUCH_GAP), its middle 30.5 px on from the 1's
 * where the digits advance 30 (fresh property seed 764131890, 150 dpi).
 * Only a word of PITCH_WORD letters or digits at most. */
#define PITCH_SLACK 0.2
#define PITCH_WORD 3

/* Returns twice the middle of the box of cell i's symbol along x. */
static int mid2(const line_ctx *lc, int i)
{
	idr_rect b = g_array_index(lc->page->symbols, ocr_symbol,
				   g_array_index(lc->cells, cell, i).sym).box;
	return 2 * b.x + b.w;
}

/* Returns the cell across one word gap from edge, going dir, when the
 * word there starts on the pitch of edge's word's digits (the median
 * step between the middles of three or more of its digits, from edge
 * back into its word); else edge. */
static int on_pitch(const line_ctx *lc, int edge, int dir)
{
	int n = (int)lc->cells->len, i = edge + dir, steps[16], ns = 0;
	if (i < 0 || i >= n || g_array_index(lc->cells, cell, i).ch != ' ' ||
	    i + dir < 0 || i + dir >= n || is_gap(lc, i + dir) ||
	    is_gap(lc, edge))
		return edge;
	i += dir;
	/* the word reached: a few letters or digits */
	int len = 0;
	for (int j = i; j >= 0 && j < n && !is_gap(lc, j); j += dir, len++)
		if (!g_unichar_isalnum(g_array_index(lc->cells, cell, j).ch))
			return edge;
	if (len > PITCH_WORD)
		return edge;
	/* the steps between edge's word's digits, from edge inwards */
	int prev = -1;
	for (int j = edge; j >= 0 && j < n && !is_gap(lc, j) &&
			   ns < (int)G_N_ELEMENTS(steps); j -= dir) {
		gunichar c = g_array_index(lc->cells, cell, j).ch;
		if (c < '0' || c > '9')
			break;
		if (prev >= 0 && g_array_index(lc->cells, cell, j).sym !=
				 g_array_index(lc->cells, cell, prev).sym)
			steps[ns++] = abs(mid2(lc, j) - mid2(lc, prev));
		prev = j;
	}
	if (ns < 2)
		return edge;
	int pitch2 = median_in_place(steps, ns); /* twice the pitch */
	int want = mid2(lc, edge) + dir * pitch2;
	return abs(mid2(lc, i) - want) <= PITCH_SLACK * pitch2 ? i : edge;
}

/* Returns the cell across one word gap from edge, going dir, when its
 * box touches edge's (TOUCH_GAP) or it starts on the pitch of edge's
 * digits (on_pitch()), or the far end of its word when that is letters
 * stacked on one glyph and it comes within STACKED_GAP; else edge. */
static int touching(const line_ctx *lc, int edge, int dir)
{
	int i = word_within(lc, edge, dir, TOUCH_GAP);
	if (i != edge)
		return i;
	if ((i = on_pitch(lc, edge, dir)) != edge)
		return i;
	i = word_within(lc, edge, dir, STACKED_GAP);
	int far = i != edge ? stacked_word(lc, i, dir) : -1;
	return far >= 0 ? far : edge;
}

/* The most words OCR may make of one glyph at a number's edge, each of
 * one or two glyphs of another script, touching the next: "พ พ ฟู" for
 * the W of W262827626 (fresh property seed 1359309412, 200 dpi). */
#define TOUCH_CHAIN 3

/* Returns true when the word from cell i, going dir, is one or two
 * symbols of another script than ASCII (not ASCII punctuation either: a
 * caption's "No.:" read as "ผ ๐ :" must not pass for the number's; digits
 * of other scripts are ASCII in cells); *far gets its last cell. */
static bool foreign_bit(const line_ctx *lc, int i, int dir, int *far)
{
	int n = (int)lc->cells->len, j = i;
	for (; j + dir >= 0 && j + dir < n && !is_gap(lc, j + dir); j += dir)
		;
	if (abs(j - i) > 1)
		return false;
	for (int k = MIN(i, j); k <= MAX(i, j); k++)
		if (g_array_index(lc->cells, cell, k).ch < 128)
			return false;
	*far = j;
	return true;
}

/* touching(), and when the word it reaches is a foreign bit
 * (foreign_bit()), the whole of it and on across up to TOUCH_CHAIN such
 * words, each touching the next. */
static int touching_chain(const line_ctx *lc, int edge, int dir)
{
	int end = touching(lc, edge, dir), far;
	for (int hop = 0; hop < TOUCH_CHAIN && end != edge &&
			  foreign_bit(lc, end, dir, &far); hop++) {
		end = far;
		int next = touching(lc, far, dir);
		if (next == far)
			break;
		end = next;
	}
	return end;
}

/* How close, in text heights, a foreign bit must come to the one before
 * it in foreign_run(): the glyphs of one number are set closer than its
 * caption is to it, and OCR's boxes of glyphs it read in another script
 * lie about where the glyph's ink is ("ร" 13 px from "ร" at a 44-px
 * height, both the E and B of EB5525807). */
#define FOREIGN_BIT_GAP 0.5

/* Returns the far cell of the foreign bits (foreign_bit()) in a row from
 * edge going dir, the first touching edge (touching()), each next within
 * FOREIGN_BIT_GAP of the one before, at most max of them; *bits gets how
 * many (edge is returned when none). */
static int foreign_run(const line_ctx *lc, int edge, int dir, int max,
		       int *bits)
{
	int end = edge, far;
	for (*bits = 0; *bits < max; ++*bits) {
		int next = *bits ? word_within(lc, end, dir, FOREIGN_BIT_GAP) :
				   touching(lc, end, dir);
		if (next == end || !foreign_bit(lc, next, dir, &far))
			break;
		end = far;
	}
	return end;
}

/* Returns true when cell i is no symbol OCR may have made of a number's
 * character: a word gap, a letter or digit, a bracket, quote or mark that
 * ends a label, or the '+' of a phone number. */
static bool is_gap_or_alnum(const line_ctx *lc, int i)
{
	gunichar c = g_array_index(lc->cells, cell, i).ch;
	return c == ' ' || c == '\n' || is_alnum_cell(c) ||
	       g_unichar_isalnum(c) ||
	       (c < 128 && strchr("+.,:;()[]{}\"'", (int)c)) || c == 0xFF0B ||
	       c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D;
}

/* Returns true when cell i is one of the ASCII brackets in set. */
static bool is_bracket(const line_ctx *lc, int i, const char *set)
{
	gunichar c = g_array_index(lc->cells, cell, i).ch;
	return c < 128 && c && strchr(set, (int)c);
}

/* Returns the last group of the groups one finding holds in a row from
 * group g, when g is the first of them (held, and its left neighbour
 * not by the same finding); else -1. */
static int owned_run_end(const line_ctx *lc, guint g)
{
	int by = lc->owner[g];
	if (by < 0 || (g > 0 && lc->owner[g - 1] == by))
		return -1;
	guint z = g;
	while (z + 1 < lc->groups->len && lc->owner[z + 1] == by)
		z++;
	return (int)z;
}

/* Grows every finding of the line over the symbols glued to its edges in
 * their words, over a word of symbols alone beside it (symbols_beside())
 * and over the character of the next word whose ink touches its edge
 * (touching()): its first or last character, misread and glued or split
 * off ("\/J 32403(9)", "] 6618 72031 97 1", "IMEI [ 5-412510-...", "No"
 * and "a" for "No. 2-1385..."). Runs last, when the findings have their
 * final groups. */
void keep_symbols(const line_ctx *lc, GArray *found)
{
	guint ng = lc->groups->len;

	for (guint g = 0; g < ng; g++) {
		int by = lc->owner[g], end = owned_run_end(lc, g);
		if (end < 0)
			continue;
		guint z = (guint)end;
		const group *a = &g_array_index(lc->groups, group, g);
		const group *b = &g_array_index(lc->groups, group, z);
		int first = a->first, last = b->first + b->n - 1, from, to;
		int nc = (int)lc->cells->len;
		finding *f = &g_array_index(found, finding, by);
		/* symbols glued to the edge in its word first ("\/J 32403(9)"
		 * for V132403(9)) */
		while (first > 0 && !is_gap_or_alnum(lc, first - 1))
			first--;
		while (last + 1 < nc && !is_gap_or_alnum(lc, last + 1))
			last++;
		/* a bracket glued to the edge is the number's first or last
		 * letter, whose outline OCR took for one (a C read as '(' or
		 * '{', a J as '}' or ')'); a bracket that is only a bracket
		 * masks nothing but itself */
		if (first > 0 && is_bracket(lc, first - 1, "({<"))
			first--;
		if (last + 1 < nc && is_bracket(lc, last + 1, ")}>"))
			last++;
		symbols_beside(lc, first, -1, &from);
		symbols_beside(lc, last, 1, &to);
		from = MIN(from, touching_chain(lc, first, -1));
		to = MAX(to, touching_chain(lc, last, 1));
		from = MIN(from, a->first);
		to = MAX(to, b->first + b->n - 1);
		if (from < a->first)
			f->box = rect_union(f->box, cells_box(lc, from,
							      a->first - 1));
		if (to > b->first + b->n - 1)
			f->box = rect_union(f->box, cells_box(lc,
							      b->first + b->n,
							      to));
		g = z;
	}
}

/* Returns true for a group that is a number's part OCR garbled: a short
 * one holding a garbled cell ("\\/J" for V1), or one with a real digit
 * whose cells read as digits two times in three ("B9GERAAO2" for
 * 896684402: B, G, A, O are digits' lookalikes). */
static bool garbled_group(const line_ctx *lc, const group *gr)
{
	int like = 0;
	bool garbled = false, confused;
	for (int i = 0; i < gr->n; i++) {
		const cell *c = &g_array_index(lc->cells, cell, gr->first + i);
		garbled = garbled || c->garbled;
		like += c->garbled || digit_for(c->ch, &confused);
	}
	return (garbled && gr->n <= GARBLED_MAX) ||
	       (gr->digits >= 1 && 3 * like >= 2 * gr->n);
}

/* Returns true when cell i is a gap or lies outside the line. */
static bool apart(GArray *cells, int i)
{
	if (i < 0 || (guint)i >= cells->len)
		return true;
	gunichar c = g_array_index(cells, cell, i).ch;
	return c == ' ' || c == '\n';
}

/* Grows a finding over the digit groups of its run that no finding took
 * and that touch it, and over short garbled groups and lone letters
 * there: a shape
 * fitting part of a number must not leave the rest readable ("No.
 * 063-647-2642" fits an HKID as "No. 063-647", which would leave 2642;
 * "\\/J 32403(9)" for V132403(9) leaves "\\/J" to no shape). */
void keep_touching(const line_ctx *lc, GArray *found)
{
	guint ng = lc->groups->len;

	for (bool grew = true; grew;) {
		grew = false;
		for (guint g = 0; g < ng; g++) {
			const group *gr = &g_array_index(lc->groups, group, g);
			/* a lone letter is a prefix or check letter OCR set
			 * apart by gaps ("T81 93 7 1 5F", "T6 9448 97 G"),
			 * and so is a lone symbol a character may be read as
			 * (a check digit 6 read as "€") */
			gunichar lone = g_array_index(lc->cells, cell,
						      gr->first).ch;
			bool lone_letter = gr->n == 1 &&
				(g_unichar_isalpha(lone) ||
				 has_symbol_lookalike(&lone, 1)) &&
				apart(lc->cells, gr->first - 1) &&
				apart(lc->cells, gr->first + 1);
			if (lc->taken[g] ||
			    !(gr->digitish || garbled_group(lc, gr) || lone_letter))
				continue;
			int by = -1;
			for (int d = -1; d <= 1 && by < 0; d += 2) {
				int h = (int)g + d;
				if (h >= 0 && (guint)h < ng && lc->taken[h] &&
				    lc->owner[h] >= 0 &&
				    g_array_index(lc->groups, group, h).run ==
					    gr->run)
					by = lc->owner[h];
			}
			if (by < 0)
				continue;
			finding *f = &g_array_index(found, finding, by);
			f->box = rect_union(f->box, cells_box(lc, gr->first,
							      gr->first + gr->n - 1));
			lc->taken[g] = true;
			lc->owner[g] = by;
			grew = true;
		}
	}
}

/* Returns the last of the digit groups (digitish) in a row from group g0
 * in its run; *chars, *digits and *taken get their characters, their
 * digits and whether a finding took any of them. */
static guint digit_run_end(const line_ctx *lc, guint g0, int *chars,
			   int *digits, bool *taken)
{
	const group *a = &g_array_index(lc->groups, group, g0);
	guint g1 = g0;
	*chars = a->n;
	*digits = a->digits;
	*taken = lc->taken[g0];
	while (g1 + 1 < lc->groups->len) {
		const group *b = &g_array_index(lc->groups, group, g1 + 1);
		if (b->run != a->run || !b->digitish)
			break;
		g1++;
		*chars += b->n;
		*digits += b->digits;
		*taken = *taken || lc->taken[g1];
	}
	return g1;
}

/* The most characters of the shortest identifier keep_short_runs()
 * takes as lost: two ("1419921" for T4199217J under its caption, its T
 * read as a 1 and "7J" lost; fresh property seed 791201046, 400 dpi). */
#define SHORT_RUN_LOST 2
/* The most letters read as digits such a run of seven may hold: a card's
 * title in Korean came as "Z2o0)222" (two lookalikes, a mask over the
 * title), the number as "1419921" (its T as a 1). */
#define SHORT_RUN_LOOKALIKES 1

/* Masks eight characters that read as digits, or seven, in one word or
 * two (one gap OCR put inside), when no other digit group joins them:
 * the shortest identifier (nine) with one or two characters OCR lost and
 * a letter read as a digit. A passport's prefix letter dropped and the
 * other read as a digit ("09342897" for EO9342897, "61 401945" for TC1401945), an
 * NRIC's first letter read as a digit and its check letter lost ("Ref
 * 58832277" for S8832277J). Cards print the number alone under its
 * caption, forms beside other words. The mask reaches a character height
 * further on both sides for each lost character, over them, but not over
 * another word's ink. A date written as eight digits is masked too: recall
 * first; one in three groups ("12 03 1990") is not. */
void keep_short_runs(const line_ctx *lc, GArray *found)
{
	guint ng = lc->groups->len;
	int height = line_char_height(lc->page, &g_array_index(lc->page->lines,
								ocr_line,
								lc->line));

	for (guint g0 = 0; g0 < ng; g0++) {
		const group *a = &g_array_index(lc->groups, group, g0);
		if (!a->digitish)
			continue;
		int chars, digits;
		bool taken_any;
		guint g1 = digit_run_end(lc, g0, &chars, &digits, &taken_any);
		guint first_g = g0;
		g0 = g1;
		int lost = LEFTOVER_MIN - chars;
		if (lost < 1 || lost > SHORT_RUN_LOST || g1 - first_g > 1 ||
		    (lost > 1 && chars - digits > SHORT_RUN_LOOKALIKES))
			continue;
		const group *z = &g_array_index(lc->groups, group, g1);
		int first = a->first, last = z->first + z->n - 1;
		idr_rect box = cells_box(lc, first, last);
		/* Untaken; or taken by one finding (of a kind whose shape
		 * holds eight digits: a phone number, an HKID), which then
		 * grows over the lost character as far as the ink beside
		 * (a garbled letter it took stops it on that side). */
		bool taken = false, one = true;
		int owner = lc->owner[first_g];
		for (guint g = first_g; g <= g1; g++) {
			taken = taken || lc->taken[g];
			one = one && lc->taken[g] && lc->owner[g] == owner;
		}
		/* two lost: only a run no finding took (one that took it
		 * holds more than the run: letters read as Thai before it,
		 * or a word beside it, which this cannot tell apart) */
		if (taken && (!one || owner < 0 || lost > 1))
			continue;
		int left = box.x - lost * height;
		int right = box.x + box.w + lost * height;
		/* another word's ink stops the reach */
		for (int i = first - 1; i >= 0; i--) {
			int s = g_array_index(lc->cells, cell, i).sym;
			if (s < 0)
				continue;
			idr_rect b = g_array_index(lc->page->symbols,
						   ocr_symbol, s).box;
			left = MAX(left, MIN(b.x + b.w, box.x));
			break;
		}
		for (int i = last + 1; i < (int)lc->cells->len; i++) {
			int s = g_array_index(lc->cells, cell, i).sym;
			if (s < 0)
				continue;
			idr_rect b = g_array_index(lc->page->symbols,
						   ocr_symbol, s).box;
			right = MIN(right, MAX(b.x, box.x + box.w));
			break;
		}
		box.w = right - left;
		box.x = left;
		box = rect_pad_clip(box, 0, lc->page->width, lc->page->height);
		if (taken) {
			finding *f = &g_array_index(found, finding, owner);
			f->box = rect_union(f->box, box);
			continue;
		}
		if (!kind_set_has(lc->kinds, "passport"))
			continue;
		finding f = { 0 };
		f.kind = "passport";
		f.country = "";
		f.box = box;
		f.confidence = 0.3;
		f.checksum = -1;
		g_array_append_val(found, f);
		for (guint g = first_g; g <= g1; g++) {
			lc->taken[g] = true;
			lc->owner[g] = (int)found->len - 1;
		}
	}
}

/* The most characters at a number's end keep_foreign_ends() takes as
 * read one by one as glyphs of another script. */
#define FOREIGN_END_MAX 4
/* How far the box of such a glyph may be from the digits' in height and
 * in where its top sits, as a share of their height, and how much wider
 * than a digit it may be: what OCR read as Thai was a Latin capital
 * standing on the digits' line at their height ("ร" 46 px high beside
 * digits of 45, 25 to 30 px wide beside 28 to 30), whereas Thai letters
 * stand at x-height or carry marks above, and a CJK glyph is taller and
 * square ("1989年1月6日", "กรุงเทพฯ 10900", "เม.ย. 2523" on the samples). */
#define FOREIGN_END_HEIGHT 0.15
#define FOREIGN_END_WIDTH 1.4
/* The fewest digits such a number keeps. */
#define FOREIGN_END_DIGITS 4

/* Returns true when every symbol of cells a..b stands as the digits of
 * cells d0..d1 do (FOREIGN_END_HEIGHT, FOREIGN_END_WIDTH): as tall,
 * top level with theirs, no wider than one of them by much. */
static bool like_digits(const line_ctx *lc, int a, int b, int d0, int d1)
{
	int top = 0, h = 0, w = 0, n = 0;
	const ocr_symbol *syms = (const ocr_symbol *)lc->page->symbols->data;
	for (int i = d0; i <= d1; i++) {
		const cell *c = &g_array_index(lc->cells, cell, i);
		if (c->sym < 0 || c->ch < '0' || c->ch > '9')
			continue;
		idr_rect r = syms[c->sym].box;
		top += r.y;
		h += r.h;
		w += r.w;
		n++;
	}
	if (!n)
		return false;
	double mt = (double)top / n, mh = (double)h / n, mw = (double)w / n;
	for (int i = a; i <= b; i++) {
		const cell *c = &g_array_index(lc->cells, cell, i);
		if (c->sym < 0)
			continue;
		idr_rect r = syms[c->sym].box;
		if (fabs(r.h - mh) > FOREIGN_END_HEIGHT * mh ||
		    fabs(r.y - mt) > FOREIGN_END_HEIGHT * mh ||
		    r.w > FOREIGN_END_WIDTH * mw)
			return false;
	}
	return true;
}

/* Masks a run of digits no finding took whose first or last characters
 * OCR read as glyphs of another script, each a word of its own touching
 * the next (foreign_run()), when the digits and those glyphs together
 * are nearly the shortest identifier (LEFTOVER_MIN less SHORT_RUN_LOST):
 * at 150 dpi eng+tha read the "EB55" of EB5525807 as "ร ร ว ด" and left
 * "25807", and the English re-read of the line gave the number at
 * confidence 7, under what a re-read must score to be kept (fresh
 * property seed 51939371). */
void keep_foreign_ends(const line_ctx *lc, GArray *found)
{
	guint ng = lc->groups->len;

	for (guint g0 = 0; g0 < ng; g0++) {
		const group *a = &g_array_index(lc->groups, group, g0);
		if (!a->digitish)
			continue;
		int chars, digits;
		bool taken;
		guint g1 = digit_run_end(lc, g0, &chars, &digits, &taken);
		guint first_g = g0;
		g0 = g1;
		const group *z = &g_array_index(lc->groups, group, g1);
		int first = a->first, last = z->first + z->n - 1, before, after;
		if (taken || digits < FOREIGN_END_DIGITS)
			continue;
		int from = foreign_run(lc, first, -1, FOREIGN_END_MAX, &before);
		int to = foreign_run(lc, last, 1, FOREIGN_END_MAX, &after);
		if (before + after < 2 ||
		    !like_digits(lc, from, first - 1, first, last) ||
		    !like_digits(lc, last + 1, to, first, last) ||
		    digits + before + after < LEFTOVER_MIN - SHORT_RUN_LOST ||
		    !kind_set_has(lc->kinds, "passport"))
			continue;
		finding f = { 0 };
		f.kind = "passport";
		f.country = "";
		f.box = cells_box(lc, from, to);
		f.confidence = 0.3;
		f.checksum = -1;
		g_array_append_val(found, f);
		for (guint g = first_g; g <= g1; g++) {
			lc->taken[g] = true;
			lc->owner[g] = (int)found->len - 1;
		}
	}
}

/* An HKID prints its check character in brackets, "A123456(3)" or
 * "AB987654(3)" (IDENTIFIERS.md, "Hong Kong HKID"): up to eight
 * characters, then the bracketed one. OCR reads that bracket group
 * well where the characters before it come back as anything: "INE5769(0)"
 * for A755769(0) at 150 dpi (three misread, no shape fits), "แ ห อ ไอ 7
 * อ อ (๒)" for Y516763(7) at 300 dpi, with two glyphs never returned
 * (fresh property seeds 902669946 and 1663195106). So the glyphs just
 * before a bracketed character are masked with it when at least
 * BRACKET_RUN_MIN of them stand alike (height and top within
 * BRACKET_LIKE of their median), whatever they were read as. The walk
 * left from the bracket takes symbols at most BRACKET_GAP bracket
 * heights apart (a glyph OCR never returned leaves a gap), no further
 * than BRACKET_RUN_MAX characters of BRACKET_PITCH bracket heights each
 * (one glyph may come back as two symbols: BRACKET_SYMBOLS at most), and
 * stops at a caption's ':' or '.'. */
#define BRACKET_RUN_MIN 4
#define BRACKET_RUN_MAX 8
#define BRACKET_GAP 2.0
#define BRACKET_PITCH 1.3
#define BRACKET_LIKE 0.25
#define BRACKET_SYMBOLS (2 * BRACKET_RUN_MAX)

/* Returns how many of the n symbol boxes b stand alike: a height within
 * BRACKET_LIKE of their median height of the median, a top as near
 * their median top. */
static int alike(const idr_rect *b, int n)
{
	int h[BRACKET_SYMBOLS], t[BRACKET_SYMBOLS], k = 0;

	for (int i = 0; i < n; i++) {
		h[i] = b[i].h;
		t[i] = b[i].y;
	}
	int mh = median_in_place(h, n), mt = median_in_place(t, n);
	for (int i = 0; i < n; i++)
		k += abs(b[i].h - mh) <= BRACKET_LIKE * mh &&
		     abs(b[i].y - mt) <= BRACKET_LIKE * mh;
	return k;
}

/* Returns true when group g has a cell among cells a..b. */
static bool group_meets(const line_ctx *lc, guint g, int a, int b)
{
	const group *gr = &g_array_index(lc->groups, group, g);
	return gr->first <= b && gr->first + gr->n - 1 >= a;
}

/* An HKID holds one or two letters and six digits before its bracketed
 * check character (IDENTIFIERS.md, "Hong Kong HKID"): eight places. */
#define HKID_PLACES 8

/* Returns the symbol of cell j of lc (-1 for a gap). */
static int cell_sym(const line_ctx *lc, int j)
{
	return g_array_index(lc->cells, cell, j).sym;
}

/* Finding owner of found took part of the run cells from..open-1 before
 * the bracketed check whose '(' is cell open: it grows left over whole
 * words of the run while the places from its start to the bracket, at
 * its own pitch, stay within HKID_PLACES. OCR returned an HKID's first
 * glyph as a word of its own ("Q ดI3 9373(๙)"), a shape took the rest as
 * an HKID of one letter, and the Q was left (ids test_misread_class,
 * seed 3113820575; 1 run in 40). A place more for a glyph OCR read as
 * two symbols ("W ไอQI3426(๓)": the ไอ of one glyph took two places).
 * A caption is a word further off: "HKID" before "1408774(1)" starts
 * twelve places from the bracket. */
static void grow_over_head(const line_ctx *lc, GArray *found, int owner,
			   int from, int open)
{
	const ocr_symbol *syms = (const ocr_symbol *)lc->page->symbols->data;
	int start = -1, own = 0, last = -1;

	for (int j = from; j < open; j++) {
		for (guint g = 0; start < 0 && g < lc->groups->len; g++)
			if (lc->owner[g] == owner && group_meets(lc, g, j, j))
				start = j;
		if (start >= 0 && cell_sym(lc, j) >= 0 && cell_sym(lc, j) != last) {
			own++;
			last = cell_sym(lc, j);
		}
	}
	if (start <= from || own == 0 || cell_sym(lc, start) < 0)
		return;
	int open_x = syms[cell_sym(lc, open)].box.x;
	double pitch = (double)(open_x - syms[cell_sym(lc, start)].box.x) / own;
	int head = start;
	for (int j = start - 1; pitch > 0 && j >= from;) {
		while (j >= from && cell_sym(lc, j) < 0)
			j--;
		if (j < from)
			break;
		int w0 = j;
		while (w0 > from && cell_sym(lc, w0 - 1) >= 0)
			w0--;
		/* a word the walk cut (at a caption's ':' or '.') */
		if (w0 == from && from > 0 && cell_sym(lc, from - 1) >= 0)
			break;
		if (open_x - syms[cell_sym(lc, w0)].box.x >
		    (HKID_PLACES + 1.5) * pitch)
			break;
		head = w0;
		j = w0 - 1;
	}
	if (head == start)
		return;
	finding *f = &g_array_index(found, finding, owner);
	f->box = rect_union(f->box, cells_box(lc, head, open + 2));
	for (guint g = 0; g < lc->groups->len; g++)
		if (group_meets(lc, g, head, open + 2)) {
			lc->taken[g] = true;
			lc->owner[g] = owner;
		}
}

void keep_bracketed_checks(const line_ctx *lc, GArray *found)
{
	int n = (int)lc->cells->len;
	const ocr_symbol *syms = (const ocr_symbol *)lc->page->symbols->data;

	if (!kind_set_has(lc->kinds, "hk_id"))
		return;
	for (int i = 1; i + 2 < n; i++) {
		const cell *open = &g_array_index(lc->cells, cell, i);
		const cell *mid = &g_array_index(lc->cells, cell, i + 1);
		const cell *shut = &g_array_index(lc->cells, cell, i + 2);
		if (open->ch != '(' || shut->ch != ')' || open->sym < 0 ||
		    mid->sym < 0 || !g_unichar_isalnum(mid->ch))
			continue;
		idr_rect ob = syms[open->sym].box, boxes[BRACKET_SYMBOLS];
		int edge = ob.x, from = -1, nb = 0, last_sym = -1;
		for (int j = i - 1; j >= 0 && nb < BRACKET_SYMBOLS; j--) {
			const cell *c = &g_array_index(lc->cells, cell, j);
			if (c->ch == '\n' || c->ch == ':' || c->ch == '.')
				break;
			if (c->sym < 0)
				continue;
			if (c->sym == last_sym) { /* one symbol, two cells */
				from = j;
				continue;
			}
			idr_rect b = syms[c->sym].box;
			if (edge - (b.x + b.w) > BRACKET_GAP * ob.h ||
			    ob.x - b.x > BRACKET_RUN_MAX * BRACKET_PITCH * ob.h)
				break;
			boxes[nb++] = b;
			edge = b.x;
			from = j;
			last_sym = c->sym;
		}
		if (nb < BRACKET_RUN_MIN || alike(boxes, nb) < BRACKET_RUN_MIN)
			continue;
		/* a finding that took any of it has it, and its head */
		bool taken = false;
		for (guint g = 0; g < lc->groups->len && !taken; g++) {
			taken = lc->taken[g] && group_meets(lc, g, from, i + 2);
			if (taken && lc->owner[g] >= 0)
				grow_over_head(lc, found, lc->owner[g], from, i);
		}
		if (taken)
			continue;
		finding f = { 0 };
		f.kind = "hk_id";
		f.country = "HK";
		f.box = cells_box(lc, from, i + 2);
		f.confidence = 0.3;
		f.checksum = -1;
		g_array_append_val(found, f);
		for (guint g = 0; g < lc->groups->len; g++)
			if (group_meets(lc, g, from, i + 2)) {
				lc->taken[g] = true;
				lc->owner[g] = (int)found->len - 1;
			}
		i += 2;
	}
}

/* The Thai ID's grouping less its lone first digit, as the ends of its
 * groups counted in digits (IDENTIFIERS.md, "Thailand national ID":
 * 13 digits grouped 1-4-5-2-1); OCR may run two groups together. */
static const int lost_head_ends[] = { 4, 9, 11, 12 };

/* Returns true when the groups from g on, in g's run, hold the Thai
 * grouping less its first digit, ending a whole number (no digit group
 * of the run after it). */
static bool thai_without_head(const line_ctx *lc, guint g)
{
	guint ng = lc->groups->len;
	int run = g_array_index(lc->groups, group, g).run, end = 0;

	for (guint h = g; h < ng; h++) {
		const group *gr = &g_array_index(lc->groups, group, h);
		if (gr->run != run || !gr->digitish)
			return false;
		end += gr->n;
		bool at_end = false;
		for (size_t k = 0; k < G_N_ELEMENTS(lost_head_ends); k++)
			at_end = at_end || end == lost_head_ends[k];
		if (!at_end || (h == g && end != lost_head_ends[0]))
			return false;
		if (end == 12)
			return h + 1 >= ng ||
			       g_array_index(lc->groups, group, h + 1).run != run ||
			       !g_array_index(lc->groups, group, h + 1).digitish;
	}
	return false;
}

/* Grows a finding that holds a Thai ID's last twelve digits and nothing
 * before them over the place of its lone first digit, one glyph and one
 * group gap to the left: OCR loses that digit set apart (reads it as '€'
 * or nothing), the rest matches a 12-digit kind, and the first digit
 * would stay readable. The glyph and the gap are measured on the first
 * group read. */
void keep_lost_head(const line_ctx *lc, GArray *found)
{
	for (guint g = 0; g + 1 < lc->groups->len; g++) {
		const group *gr = &g_array_index(lc->groups, group, g);
		const group *next = &g_array_index(lc->groups, group, g + 1);
		int by = lc->owner[g];
		if (by < 0 || !thai_without_head(lc, g))
			continue;
		if (g > 0) {
			const group *p = &g_array_index(lc->groups, group, g - 1);
			if (p->run == gr->run && p->n == 1 && lc->owner[g - 1] == by)
				continue; /* the first digit was read */
		}
		int s0 = g_array_index(lc->cells, cell, gr->first).sym;
		int s1 = g_array_index(lc->cells, cell, gr->first + gr->n - 1).sym;
		int s2 = g_array_index(lc->cells, cell, next->first).sym;
		if (s0 < 0 || s1 < 0 || s2 < 0)
			continue;
		idr_rect a = g_array_index(lc->page->symbols, ocr_symbol, s0).box;
		idr_rect z = g_array_index(lc->page->symbols, ocr_symbol, s1).box;
		idr_rect b = g_array_index(lc->page->symbols, ocr_symbol, s2).box;
		int glyph = (z.x + z.w - a.x) / gr->n;
		int gap = b.x - (z.x + z.w);
		if (gap < 0 || gap > 3 * glyph)
			gap = glyph / 2;
		idr_rect head = cells_box(lc, gr->first, gr->first);
		head.x -= glyph + gap;
		head.w += glyph + gap;
		finding *f = &g_array_index(found, finding, by);
		f->box = rect_union(f->box, rect_pad_clip(head, 0, lc->page->width,
							  lc->page->height));
		g += 3;
	}
}

/* Returns the farthest cell of the garbled cells beside edge, going dir,
 * when they hold a digit beyond a cell that is none (a Thai letter or a
 * symbol); else edge. */
static int digit_past_garble(const line_ctx *lc, int edge, int dir)
{
	int far, i;
	bool other = false;

	garbled_beside(lc, edge, dir, &far);
	for (i = edge + dir; i != far + dir; i += dir) {
		gunichar c = g_array_index(lc->cells, cell, i).ch;
		if (c >= '0' && c <= '9' && other)
			break;
		other = other || (c != ' ' && (c < '0' || c > '9'));
	}
	return i != far + dir ? far : edge;
}

/* Grows each finding of the line over an edge digit set apart from it by
 * a glyph OCR garbled, while the rest still matched a shape ("0 ร
 * 3593223 31" for 035322331, the 3 read twice; property pages at 200
 * dpi): the digit would stay readable. A label's letters beside a number
 * hold no digit and stay. */
void keep_past_garble(const line_ctx *lc, GArray *found)
{
	guint ng = lc->groups->len;

	for (guint g = 0; g < ng; g++) {
		int by = lc->owner[g], end = owned_run_end(lc, g);
		if (end < 0)
			continue;
		guint h = (guint)end;
		const group *a = &g_array_index(lc->groups, group, g);
		const group *z = &g_array_index(lc->groups, group, h);
		int first = a->first, last = z->first + z->n - 1;
		int from = digit_past_garble(lc, first, -1);
		int to = digit_past_garble(lc, last, 1);
		finding *f = &g_array_index(found, finding, by);
		if (from < first)
			f->box = rect_union(f->box, cells_box(lc, from, first));
		if (to > last)
			f->box = rect_union(f->box, cells_box(lc, last, to));
		g = h;
	}
}

/* Returns cells a..b (one word) as text, squashed (g_free it). */
static char *word_text(const line_ctx *lc, int a, int b)
{
	GString *t = g_string_new(NULL);
	for (int i = a; i <= b; i++)
		g_string_append_unichar(t, g_array_index(lc->cells, cell, i).ch);
	char *sq = squash(t->str);
	g_string_free(t, TRUE);
	return sq;
}

/* Returns true when text (squashed) holds an identifier's label. */
static bool names_identifier(const char *text)
{
	bool yes = has_label(text, generic_labels);
	for (size_t k = 0; k < id_kinds_n && !yes; k++)
		yes = has_label(text, id_kinds[k].labels);
	return yes;
}

/* A labelled line's rest: the most cells it may hold and the fewest real
 * digits and characters in it. The most is the longest number, an ICCID
 * of 21 characters (kinds.c: 89, 18 digits, F), read as words of one
 * character (20 gaps) with a few digits read as two glyphs ("(|"): 48.
 * At 32 an ICCID in words of one and two lost its first word (check_ids
 * class "short words under a label", seed 4141341278). */
#define REST_MAX_CELLS 48
#define REST_MIN_DIGITS 3
#define REST_MIN_CHARS 7

/* Masks the end of a line that carries an identifier's label: the short
 * words after the label are the number however OCR broke it. A bold or monospace number at some
 * scales comes back as short words of letters and symbols no table
 * lists, each digit apart: "T8 (| 93 7 1 5 F" for T8193715F (the 1 as
 * two symbols), "T HO 9 93 HOG" for T5099359G (5 as H, 9 as O), fresh
 * property seeds at 200 and 300 dpi. The rest runs back from the line's
 * end over words of three characters or fewer, words holding a digit
 * and words of symbols, and stops at a word of four letters or more (the
 * label's). It must hold REST_MIN_DIGITS real digits and REST_MIN_CHARS
 * characters. A finding over part of it grows over the rest from its
 * first word holding a digit; else one is added, of the kind the label
 * names (none when --kinds left that kind out), else the first kind on
 * with letters in its shape, as keep_leftovers() does. */
void keep_labelled_rest(const line_ctx *lc, GArray *found)
{
	int n = (int)lc->cells->len;
	const id_kind *kind = NULL;

	bool named = false; /* the label names a kind */
	for (size_t k = 0; k < id_kinds_n && !kind; k++)
		if (has_label(lc->text, id_kinds[k].labels)) {
			named = true;
			if (kind_set_has(lc->kinds, id_kinds[k].name))
				kind = &id_kinds[k];
		}
	/* a kind --kinds left out: the label says what this is */
	for (size_t k = 0; k < id_kinds_n && !kind && !named; k++)
		if (kind_set_has(lc->kinds, id_kinds[k].name) &&
		    id_kinds[k].national && shape_has_letter(id_kinds[k].shape) &&
		    has_label(lc->text, generic_labels))
			kind = &id_kinds[k];
	if (!kind)
		return;
	int first = n, last = -1, digits = 0, chars = 0;
	int first_digit = n; /* the first word of the rest holding a digit */
	for (int i = n - 1; i >= 0 && n - i <= REST_MAX_CELLS;) {
		int ch = g_array_index(lc->cells, cell, i).ch;
		if (ch == '\n')
			break;
		if (ch == ' ') {
			i--;
			continue;
		}
		int w0 = i, letters = 0, d = 0, len = 0;
		while (w0 >= 0 && g_array_index(lc->cells, cell, w0).ch != ' ' &&
		       g_array_index(lc->cells, cell, w0).ch != '\n') {
			gunichar c = g_array_index(lc->cells, cell, w0).ch;
			d += c >= '0' && c <= '9';
			letters += g_unichar_isalpha(c);
			len++;
			w0--;
		}
		if (d == 0 && letters >= 4)
			break;
		/* another field's caption: the words after it are its
		 * value ("NRIC No. S1234567D Sex M"); the rest ends before
		 * it. An identifier's label ("NIK") ends it as it is. */
		bool caption = false, label = false;
		if (d == 0 && letters > 0) {
			char *t = word_text(lc, w0 + 1, i);
			caption = is_field_caption(t);
			label = caption && names_identifier(t);
			g_free(t);
		}
		if (label)
			break;
		if (caption) {
			first = n;
			last = -1;
			first_digit = n;
			digits = chars = 0;
			i = w0;
			continue;
		}
		/* a label's last word ("No.", "Số:") ends it too */
		gunichar end = g_array_index(lc->cells, cell, i).ch;
		if (d == 0 && letters > 0 && (end == '.' || end == ':'))
			break;
		last = MAX(last, i);
		first = w0 + 1;
		if (d)
			first_digit = first;
		digits += d;
		chars += len;
		i = w0;
	}
	if (last < 0 || digits < REST_MIN_DIGITS || chars < REST_MIN_CHARS)
		return;
	/* A finding in the rest (a part OCR read well) grows over it,
	 * from its first word holding a digit: short words before that
	 * are a label's ("FIN", "NIK") when the number was found. */
	for (guint g = 0; g < lc->groups->len; g++) {
		const group *gr = &g_array_index(lc->groups, group, g);
		if (lc->owner[g] < 0 || gr->first < first || gr->first > last)
			continue;
		finding *by = &g_array_index(found, finding, lc->owner[g]);
		by->box = rect_union(by->box,
				     cells_box(lc, MIN(first_digit, gr->first),
					       last));
		return;
	}
	idr_rect rest = cells_box(lc, first, last);
	finding f = { 0 };
	f.kind = kind->name;
	f.country = kind->country;
	f.box = rest;
	f.confidence = 0.3;
	f.checksum = -1;
	g_array_append_val(found, f);
}

/* The Thai ID's grouping less its lone last digit, as the ends of its
 * groups counted in digits (1-4-5-2-1, as above). */
static const int lost_tail_ends[] = { 1, 5, 10, 12 };

/* Returns the last group of the Thai grouping less its last digit that
 * starts at group g, all owned by one finding, when no digit group of
 * the run follows it; else -1. */
static int thai_without_tail(const line_ctx *lc, guint g)
{
	guint ng = lc->groups->len;
	int run = g_array_index(lc->groups, group, g).run, end = 0;

	for (guint h = g; h < ng; h++) {
		const group *gr = &g_array_index(lc->groups, group, h);
		if (gr->run != run || !gr->digitish ||
		    lc->owner[h] != lc->owner[g])
			return -1;
		end += gr->n;
		bool at_end = false;
		for (size_t k = 0; k < G_N_ELEMENTS(lost_tail_ends); k++)
			at_end = at_end || end == lost_tail_ends[k];
		if (!at_end)
			return -1;
		if (end == 12)
			return h + 1 >= ng ||
			       g_array_index(lc->groups, group, h + 1).run != run ||
			       !g_array_index(lc->groups, group, h + 1).digitish ?
				       (int)h : -1;
	}
	return -1;
}

/* Grows a finding that holds a Thai ID's first twelve digits and no
 * digit after them over its lone last digit, one group gap to the
 * right: OCR reads that digit set apart as a short word of letters ("36
 * al" for 36 1, a serif 1 at 200 dpi on property pages) or not at all,
 * and the check digit would stay readable. A word of one or two symbols
 * there is the digit; with none, the place of one glyph and one gap
 * measured on the last group. */
void keep_lost_tail(const line_ctx *lc, GArray *found)
{
	int n = (int)lc->cells->len;

	for (guint g = 0; g < lc->groups->len; g++) {
		const group *gr = &g_array_index(lc->groups, group, g);
		int by = lc->owner[g], h;
		if (by < 0 || gr->n != 1 || (h = thai_without_tail(lc, g)) < 0)
			continue;
		const group *z = &g_array_index(lc->groups, group, h);
		int last = z->first + z->n - 1;
		finding *f = &g_array_index(found, finding, by);
		g = (guint)h;
		/* the word one gap after, one or two symbols, nobody's */
		int w0 = last + 1, w1;
		if (w0 < n && g_array_index(lc->cells, cell, w0).ch == ' ')
			w0++;
		for (w1 = w0; w1 < n && g_array_index(lc->cells, cell, w1).sym >= 0 &&
			      g_array_index(lc->cells, cell, w1).ch != ' ';
		     w1++)
			;
		int after = group_at(lc, w0);
		if (w0 > last + 1 && w1 > w0 && w1 - w0 <= 2 &&
		    (w1 >= n || g_array_index(lc->cells, cell, w1).ch == ' ') &&
		    (after < 0 || lc->owner[after] < 0 || lc->owner[after] == by)) {
			idr_rect word = cells_box(lc, w0, w1 - 1);
			f->box = rect_union(f->box, word);
			continue;
		}
		if (w0 < n && w0 > last + 1)
			continue; /* a longer word: not the digit */
		int s0 = g_array_index(lc->cells, cell, z->first).sym;
		int s1 = g_array_index(lc->cells, cell, last).sym;
		if (s0 < 0 || s1 < 0)
			continue;
		idr_rect a = g_array_index(lc->page->symbols, ocr_symbol, s0).box;
		idr_rect b = g_array_index(lc->page->symbols, ocr_symbol, s1).box;
		int glyph = (b.x + b.w - a.x) / z->n;
		idr_rect tail = cells_box(lc, last, last);
		tail.w += glyph + glyph / 2;
		f->box = rect_union(f->box, rect_pad_clip(tail, 0,
							  lc->page->width,
							  lc->page->height));
	}
}

/* ====================================================== opening a line */

/* The most lines read on with a line (see line_open()). */
#define JOIN_ON_LINES 3

/* Sets up lc for line i of page. */
void line_open(line_ctx *lc, const ocr_page *page, int i,
		      const kind_set *kinds, const char *countries)
{
	const ocr_line *line = &g_array_index(page->lines, ocr_line, i);
	ocr_line joined = *line;

	/* OCR splits a number into lines on one row now and then ("088"
	 * and "756 4967"): each next line, while it follows on the same
	 * row within a wide gap (see line_cells()) of the line before it,
	 * is read on with this one too, up to JOIN_ON_LINES of them. A
	 * passport photo's PS6423421, read again by neighbourhood, came back
	 * as the lines "PS64", "2" and "3421", the "2" over the glyph of the
	 * "3" and the real 2 lost: the number was left wholly readable
	 * (photo_passport, fresh seed 1088008341). So a next line may also
	 * start up to a character height back over the line before it (a
	 * glyph read twice), not half of one as before. */
	for (guint j = (guint)i + 1; j < page->lines->len &&
				     j <= (guint)i + JOIN_ON_LINES; j++) {
		const ocr_line *prev = &g_array_index(page->lines, ocr_line, j - 1);
		const ocr_line *next = &g_array_index(page->lines, ocr_line, j);
		idr_rect a = prev->box, b = next->box;
		int gap = b.x - (a.x + a.w);
		int overlap = MIN(a.y + a.h, b.y + b.h) - MAX(a.y, b.y);
		if (next->first != prev->first + prev->n || gap < -a.h ||
		    gap > 3 * MAX(1, line_char_height(page, prev)) ||
		    2 * overlap < MIN(a.h, b.h))
			break;
		joined.n += next->n;
		joined.box = rect_union(joined.box, b);
	}
	memset(lc, 0, sizeof *lc);
	lc->page = page;
	lc->line = i;
	lc->kinds = kinds;
	lc->cells = line_cells(page, &joined);
	lc->groups = line_groups(lc->cells);
	lc->text = line_text(page, i);
	lc->above = near_text(page, i);
	lc->taken = g_new0(bool, lc->groups->len + 1);
	lc->owner = g_new(int, lc->groups->len + 1);
	for (guint g = 0; g <= lc->groups->len; g++)
		lc->owner[g] = -1;
	bool specific = false;
	for (size_t k = 0; k < id_kinds_n; k++) {
		lc->context[k] = in_context(lc, &id_kinds[k]);
		lc->country[k] = country_context(&id_kinds[k], countries);
		specific = specific || lc->context[k] == 2;
	}
	/* A label naming one kind outweighs "ID No." for all of them. */
	for (size_t k = 0; specific && k < id_kinds_n; k++)
		lc->context[k] = lc->context[k] == 2 ? 2 : 0;
	lc->specific = specific;
}

void line_close(line_ctx *lc)
{
	g_array_free(lc->cells, TRUE);
	g_array_free(lc->groups, TRUE);
	g_free(lc->text);
	g_free(lc->above);
	g_free(lc->taken);
	g_free(lc->owner);
}

/* The most letters and digits the rest of a word a finding covers in part
 * may hold to go under it (keep_whole_words()): a glyph split in two
 * ("rn"). */
#define WORD_EDGE_MAX 2


/* Returns true when box holds cell i's symbol across its width and
 * over its middle row. */
static bool cell_under(const line_ctx *lc, idr_rect box, int i)
{
	int s = g_array_index(lc->cells, cell, i).sym;
	if (s < 0)
		return false;
	idr_rect b = g_array_index(lc->page->symbols, ocr_symbol, s).box;
	int cy = b.y + b.h / 2;
	return b.x >= box.x && b.x + b.w <= box.x + box.w && cy >= box.y &&
	       cy < box.y + box.h;
}

/* Returns the letters and digits among cells a..b. */
static int alnum_in(const line_ctx *lc, int a, int b)
{
	int n = 0;
	for (int i = a; i <= b; i++)
		n += g_unichar_isalnum(g_array_index(lc->cells, cell, i).ch) != 0;
	return n;
}

/* Grows each finding made on the line (found[from] on) over the rest of
 * a word whose letter or digit it holds, when that rest, at either end,
 * holds WORD_EDGE_MAX letters or digits at most: OCR split an edge glyph
 * into a letter and a mark, or added a letter there, and the number's
 * shape had no room for it ("F'183327883" for E183327883 at 150 dpi,
 * fresh property seed 736755973). A longer rest is a word of its own
 * glued on (a label). */
void keep_whole_words(const line_ctx *lc, GArray *found, guint from)
{
	int n = (int)lc->cells->len;
	for (guint k = from; k < found->len; k++) {
		finding *f = &g_array_index(found, finding, k);
		idr_rect box = f->box;
		for (int w0 = 0, w1; w0 < n; w0 = w1 + 1) {
			w1 = w0;
			if (is_gap(lc, w0))
				continue;
			while (w1 + 1 < n && !is_gap(lc, w1 + 1))
				w1++;
			int a = -1, b = -1; /* the first and last cell under */
			for (int i = w0; i <= w1; i++)
				if (cell_under(lc, box, i)) {
					a = a < 0 ? i : a;
					b = i;
				}
			if (a < 0 || alnum_in(lc, a, b) == 0)
				continue;
			if (a > w0 && alnum_in(lc, w0, a - 1) <= WORD_EDGE_MAX)
				f->box = rect_union(f->box,
						    cells_box(lc, w0, a - 1));
			if (b < w1 && alnum_in(lc, b + 1, w1) <= WORD_EDGE_MAX)
				f->box = rect_union(f->box,
						    cells_box(lc, b + 1, w1));
		}
	}
}
