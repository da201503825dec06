/* mrz.c — machine-readable zones (ICAO 9303 parts 3-6): lines that read
 * as MRZ lines or lie beside one are masked whole, a zone of two or more
 * lines as one block, and the document number a zone carries is masked
 * where the visual zone prints it too.
 *
 * Interface (ids.h): mrz_find(), mrz_text(), mrz_adjacent(), mrz_zones(),
 * docno_find(). The holder's name and birth date the zone carries are
 * looked for in the visual zone by mrz_person.c.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text/ids.h"

/* Returns the check verdict of the field t[from .. from+len) against the
 * check digit at t[at] (ICAO 9303 part 3, 4.9). */
static int mrz_field(const char *t, int from, int len, int at)
{
	char v[48];
	memcpy(v, t + from, (size_t)len);
	v[len] = t[at];
	v[len + 1] = '\0';
	return mrz_check(v);
}

/* Copies the optional data field t[from .. from+len) into pers, its
 * trailing fillers left out; a field with a filler inside holds no one
 * number (a long document number's overflow, or fields run together) and
 * gives "". */
static void optional_data(const char *t, int from, int len, char *pers)
{
	memcpy(pers, t + from, (size_t)len);
	pers[len] = '\0';
	while (len > 0 && pers[len - 1] == '<')
		pers[--len] = '\0';
	if (strchr(pers, '<'))
		pers[0] = '\0';
}

/* Returns 1 when every check digit of the MRZ line t (n characters)
 * holds, 0 when one fails, -1 for a line without check digits; doc gets
 * the document number the line carries and pers its optional data (a
 * personal number: a Thai passport's holds the holder's national ID), or
 * "". Positions: ICAO 9303 part 4 (TD3), 5 (TD1), 6 (TD2). */
static int mrz_line_checks(const char *t, int n, char *doc, char *pers)
{
	int ok = -1;
	doc[0] = pers[0] = '\0';
	if ((n == 44 || n == 36) && g_ascii_isdigit(t[9]) &&
	    g_ascii_isdigit(t[19]) && g_ascii_isdigit(t[27])) {
		/* TD3 / TD2 line 2: document number, birth, expiry, then the
		 * composite over 1-10, 14-20, 22-43 (TD2: 22-35). */
		char comp[48];
		int k = 0;
		memcpy(comp + k, t, 10), k += 10;
		memcpy(comp + k, t + 13, 7), k += 7;
		memcpy(comp + k, t + 21, (size_t)(n - 22)), k += n - 22;
		comp[k++] = t[n - 1];
		comp[k] = '\0';
		ok = mrz_field(t, 0, 9, 9) && mrz_field(t, 13, 6, 19) &&
		     mrz_field(t, 21, 6, 27) && mrz_check(comp) &&
		     (n == 36 || mrz_field(t, 28, 14, 42));
		memcpy(doc, t, 9);
		doc[9] = '\0';
		/* optional data: TD3 29-42, TD2 29-35 */
		optional_data(t, 28, n == 44 ? 14 : 7, pers);
	} else if (n == 30 && !g_ascii_isdigit(t[1]) &&
		   g_ascii_isdigit(t[14])) {
		/* TD1 line 1: document number 6-14, check 15, optional data
		 * 16-30. Told from line 2 by its second character, a letter
		 * or the filler of the document code, where line 2 has the
		 * birth date's digits; not by the first, which OCR reads as
		 * a digit now and then: "1<UTO386486414..." for "I<UTO...",
		 * and the card's document number, left out of docs, was left
		 * readable (rotation set, fresh seed 2612504690, photo_td1_01
		 * turned 270). */
		ok = mrz_field(t, 5, 9, 14);
		memcpy(doc, t + 5, 9);
		doc[9] = '\0';
		optional_data(t, 15, 15, pers);
	} else if (n == 30 && g_ascii_isdigit(t[0]) && g_ascii_isdigit(t[6]) &&
		   g_ascii_isdigit(t[14])) {
		/* TD1 line 2: birth 1-6 check 7, expiry 9-14 check 15; the
		 * composite needs line 1 too and is not checked here. */
		ok = mrz_field(t, 0, 6, 6) && mrz_field(t, 8, 6, 14);
	}
	char *filler = strchr(doc, '<');
	if (filler)
		*filler = '\0';
	return ok;
}

bool is_chevron(gunichar c)
{
	return c == '<' || c == 0xAB || c == 0x2039 || c == 0x3008; /* « ‹ 〈 */
}

bool is_chevron_turned(gunichar c)
{
	return c == '>' || c == 0xBB || c == 0x203A || c == 0x3009; /* » › 〉 */
}

/* Returns true, with the MRZ text of the line in t (n chars, at most 47),
 * when the line reads as an MRZ line; *total gets its characters (spaces
 * not counted) either way. Every MRZ line is 30, 36 or 44 characters of
 * A-Z 0-9 < (ICAO 9303 part 3, 4.1); what tesseract makes of one on our
 * passports (eng+tha, 250-300 dpi):
 *   P<THAMEESUK<<SUDA<<<<<<<<<<<<<<<cccccccccccce   fillers read as c, e
 *   WQ83525759THA/610134F27101326969151284546<64    a 7 read as /, one <
 *   ก < ไ ห ล เฉ ... <<<<<<<<<<<<<<<<<<<<<<<<         the name as Thai
 * so a line is taken when it has 25 or more characters and either some
 * fillers among nearly nothing but A-Z 0-9 <, or many fillers among
 * mostly those, or a run of fillers no other text has, or, with hardly a
 * word gap, nearly nothing but A-Z 0-9 < and many digits. Anything else
 * on such a line is taken for a filler (<) so the positions hold. */
static bool mrz_line(const line_ctx *lc, char *t, int *n, int *total,
		     int *chevrons)
{
	int strict = 0, fillers = 0, digits = 0, gaps = 0, run = 0, longest = 0;

	*n = *total = 0;
	for (guint i = 0; i < lc->cells->len; i++) {
		gunichar c = g_array_index(lc->cells, cell, i).ch;
		if (c == ' ' || c == '\n') {
			gaps++;
			continue;
		}
		char m = '<';
		(*total)++;
		if (is_chevron(c)) {
			fillers++;
			strict++;
			longest = MAX(longest, ++run);
		} else {
			run = 0;
			if (c < 128 && (g_ascii_isdigit((char)c) ||
					g_ascii_isupper((char)c))) {
				m = (char)c;
				strict++;
				digits += g_ascii_isdigit((char)c);
			}
		}
		if (*n < 47)
			t[(*n)++] = m;
	}
	t[*n] = '\0';
	int all = *total;
	*chevrons = fillers;
	return longest >= 6 ||
	       (all >= 25 && ((fillers >= 2 && strict * 10 >= all * 9) ||
			      (fillers >= 5 && strict * 10 >= all * 6) ||
			      (all >= 28 && gaps <= 3 && digits >= 8 &&
			       strict * 10 >= all * 9)));
}

/* Returns the length of the MRZ reading of the line (see mrz_line())
 * written into t (48 bytes): A-Z 0-9 <, anything else taken for a <. */
int mrz_text(const line_ctx *lc, char *t)
{
	int n, total, chevrons;

	mrz_line(lc, t, &n, &total, &chevrons);
	return n;
}

/* Returns true when two line boxes lie one over the other as the lines of
 * one MRZ do: overlapping in x, at most 2.5 line heights apart. */
bool mrz_adjacent(idr_rect a, idr_rect b)
{
	int h = MAX(a.h, b.h);
	int gap = MAX(a.y, b.y) - MIN(a.y + a.h, b.y + b.h);
	int overlap = MIN(a.x + a.w, b.x + b.w) - MAX(a.x, b.x);
	/* OCR's line box is about the capitals' height; printed zones
	 * leave up to about twice that between lines (a passport zone at
	 * 8 mm pitch, 3 mm capitals), and the box shrinks with a faint
	 * line: 1.5 heights split zones at some scales. */
	return gap <= 5 * h / 2 && 2 * overlap >= MIN(a.w, b.w);
}

/* Masks the visual zone's copies of the numbers the MRZ carries (ICAO
 * 9303 part 3: the document number is printed in both zones; a personal
 * number in the optional data is printed in the visual zone too, as a
 * Thai passport's "Personal No.", the holder's national ID). docs holds
 * the numbers, each after a 'P' (a TD3 line's document number: a
 * passport number), 'M' (another zone's document number) or 'N' (a
 * personal number).
 *
 * A copy read with glyphs lost at either end, or misread, is that number
 * all the same: Thai passport pages photographed in perspective on a desk
 * had their numbers read "RY458870" against the MRZ's RY4588706 and
 * "770166" against WT9770166, and were left wholly readable
 * (photo_passport, fresh seeds 1431994199 and 2606270213, 2 of 70
 * photos); one had its personal number 8 3440 13707 56 2 read "5 3aa0
 * 13707 562", and only the part OCR read as digits was masked (fresh seed
 * 957213917); a TD1 card photographed askew had its P03471452 read
 * "POMA7TLAS2", a 1 read as "TL" (photo_td1, fresh seed 1553148914). So
 * a span of up to DOCNO_LOST fewer characters (but DOCNO_MIN at least)
 * that reads as a run of the number's, or one at most one character in
 * DOCNO_WRONG_PER (one at least) away from the number (misread, read as
 * two or two read as one), is taken too, its box carried over the
 * glyphs not read (each the mean width of those read). A run of
 * DOCNO_MIN or more characters of a given number, or three quarters of
 * its characters in place, does not occur by chance on an ID page. */
#define DOCNO_LOST 3
#define DOCNO_WRONG_PER 4
#define DOCNO_MIN 6
/* The longest number (an optional data field: 15) and span compared. */
#define DOCNO_LIMIT 15
#define SPAN_LIMIT 24

/* Fewest characters of a line next to an MRZ line taken for one more. */
#define MRZ_NEIGHBOUR_MIN 20

/* Returns true when the line was an MRZ line — it reads as one, or it
 * lies beside one (beside_mrz, see ids.h) and is either as wide and long
 * enough to be one OCR garbled, or holds two fillers: OCR may lose a
 * line's run of fillers and keep its start ("P<IDNPHAM<<THI<Li" of a
 * 44-character line at 150 dpi). Then it is masked whole, its box goes to
 * *box, and the document number and personal number it carries go into
 * docs (see docno_find()). */
bool mrz_find(const line_ctx *lc, int beside_mrz, GPtrArray *docs,
		     GArray *found, idr_rect *box)
{
	char t[48], doc[16], pers[16];
	int n, total, chevrons;

	if (!mrz_line(lc, t, &n, &total, &chevrons) &&
	    !(beside_mrz == MRZ_BESIDE_SAME_WIDTH && total >= MRZ_NEIGHBOUR_MIN) &&
	    !(beside_mrz && chevrons >= 2))
		return false;
	int ok = mrz_line_checks(t, n, doc, pers);
	/* A TD3 number line is a passport's (ICAO 9303 part 4): its
	 * document number is the passport number. */
	if (strlen(doc) >= 5)
		g_ptr_array_add(docs, g_strconcat(n == 44 ? "P" : "M", doc, NULL));
	if (strlen(pers) >= DOCNO_MIN)
		g_ptr_array_add(docs, g_strconcat("N", pers, NULL));
	if (kind_set_has(lc->kinds, "mrz") && lc->cells->len) {
		finding f = { 0 };
		f.kind = "mrz";
		f.country = "";
		f.box = cells_box(lc, 0, (int)lc->cells->len - 1);
		f.confidence = ok == 1 ? 0.95 : ok == 0 ? 0.75 : 0.85;
		f.checksum = ok;
		g_array_append_val(found, f);
		*box = f.box;
	}
	return true;
}

/* Appends one "mrz" finding over each zone of two or more adjacent MRZ
 * lines, so the gap between the lines is masked too (the zone is one
 * block on the document; a line found alone by OCR leaves its
 * neighbours' edges between the boxes). */
void mrz_zones(const ocr_page *page, const bool *is_mrz,
		      const idr_rect *box, GArray *found)
{
	guint nl = page->lines->len;
	bool *done = g_new0(bool, nl);

	for (guint i = 0; i < nl; i++) {
		if (!is_mrz[i] || done[i] || box[i].w == 0)
			continue;
		idr_rect zone = box[i];
		int lines = 1;
		done[i] = true;
		for (bool grew = true; grew;) {
			grew = false;
			for (guint j = 0; j < nl; j++) {
				if (!is_mrz[j] || done[j] || box[j].w == 0)
					continue;
				bool near = false;
				for (guint k = 0; k < nl && !near; k++)
					near = done[k] && is_mrz[k] &&
					       mrz_adjacent(g_array_index(page->lines,
									  ocr_line, k).box,
							    g_array_index(page->lines,
									  ocr_line, j).box);
				if (!near)
					continue;
				zone = rect_union(zone, box[j]);
				done[j] = grew = true;
				lines++;
			}
		}
		if (lines < 2)
			continue;
		finding f = { 0 };
		f.kind = "mrz";
		f.country = "";
		f.box = zone;
		f.confidence = 0.85;
		f.checksum = -1;
		g_array_append_val(found, f);
	}
	g_free(done);
}

/* Returns how many characters of a number want long a copy may have
 * wrong (see above). */
static int docno_wrong(int want)
{
	return MAX(1, want / DOCNO_WRONG_PER);
}

/* Returns how many of s[0..n) do not read as doc[at..at+n). */
static int docno_misses(const gunichar *s, int n, const char *doc, int at)
{
	int miss = 0;

	for (int i = 0; i < n; i++) {
		bool confused;
		token t = { '=', doc[at + i], NULL, 1, 1 };
		miss += token_accept(&t, s[i], &confused) != doc[at + i];
	}
	return miss;
}

/* Returns the edit distance between s[0..n) and doc[0..want): the
 * fewest characters misread, read in excess or not read that make one
 * of the other, a confusion (token_accept()) counting as read right. */
static int docno_edits(const gunichar *s, int n, const char *doc, int want)
{
	int d[SPAN_LIMIT + 1][DOCNO_LIMIT + 1];

	for (int i = 0; i <= n; i++)
		d[i][0] = i;
	for (int j = 0; j <= want; j++)
		d[0][j] = j;
	for (int i = 1; i <= n; i++)
		for (int j = 1; j <= want; j++) {
			bool confused;
			token t = { '=', doc[j - 1], NULL, 1, 1 };
			int same = token_accept(&t, s[i - 1], &confused) ==
				   doc[j - 1];
			d[i][j] = MIN(MIN(d[i - 1][j], d[i][j - 1]) + 1,
				      d[i - 1][j - 1] + !same);
		}
	return d[n][want];
}

/* Returns where in doc (want characters) the span s[0..n) lies: its
 * offset, or -1 when it is not a copy of doc with glyphs lost at its
 * ends or some misread (see above). */
static int docno_place(const gunichar *s, int n, const char *doc, int want)
{
	int wrong = docno_wrong(want);

	if (n == want && docno_misses(s, n, doc, 0) <= wrong)
		return 0;
	if (n < want && n >= want - DOCNO_LOST && n >= DOCNO_MIN)
		for (int at = 0; at + n <= want; at++)
			if (docno_misses(s, n, doc, at) == 0)
				return at;
	/* a glyph read as two, or two as one, or one inside not read; the
	 * ends read right (a label's letters glued on are no part of it) */
	if (abs(n - want) <= wrong && n <= SPAN_LIMIT && want <= DOCNO_LIMIT &&
	    docno_misses(s, 1, doc, 0) == 0 &&
	    docno_misses(s + n - 1, 1, doc, want - 1) == 0 &&
	    docno_edits(s, n, doc, want) <= wrong)
		return 0;
	return -1;
}

/* Returns the kind a personal number is reported as: the first selected
 * kind whose shape it fits, one whose check passes first; else "mrz". */
static const id_kind *personal_kind(const line_ctx *lc, const char *value)
{
	const id_kind *fit = NULL;
	int n = (int)strlen(value);
	gunichar s[16];
	char out[32];

	for (int i = 0; i < n; i++)
		s[i] = (gunichar)value[i];
	for (size_t k = 0; k < id_kinds_n; k++) {
		const id_kind *kind = &id_kinds[k];
		if (!kind_set_has(lc->kinds, kind->name) ||
		    shape_match(kind->shape, s, n, out) < 0)
			continue;
		if (kind->check && kind->check(out) == 1)
			return kind;
		if (!fit)
			fit = kind;
	}
	return fit;
}

/* Masks the copies of the numbers in docs (see above) on the line. The
 * document numbers are looked for first, before any other reading of the
 * line (personal = false): no other kind may take them. The personal
 * numbers are looked for last (personal = true), over what the other
 * readings left: a copy they took whole is theirs already, with its
 * check; one they took in part, or took with glyphs lost at its ends, is
 * masked whole. */
void docno_find(const line_ctx *lc, const GPtrArray *docs, bool personal,
		GArray *found)
{
	guint ng = lc->groups->len;

	for (guint d = 0; d < docs->len; d++) {
		const char *doc = g_ptr_array_index(docs, d);
		if ((doc[0] == 'N') != personal)
			continue;
		const id_kind *pk = personal ? personal_kind(lc, doc + 1) : NULL;
		const char *kind = doc[0] == 'P' ? "passport" :
				   pk ? pk->name : "mrz";
		doc++;
		bool selected = kind_set_has(lc->kinds, kind);
		int want = (int)strlen(doc);
		for (guint g0 = 0; g0 < ng; g0++) {
			int run = g_array_index(lc->groups, group, g0).run;
			int best = -1, best_n = 0, best_at = 0;
			for (guint g1 = g0; g1 < ng; g1++) {
				if (g_array_index(lc->groups, group, g1).run != run ||
				    (!personal && lc->taken[g1]))
					break;
				int n;
				gunichar *s = span_chars(lc, (int)g0, (int)g1, &n);
				int at = docno_place(s, n, doc, want);
				g_free(s);
				if (at >= 0 && n > best_n)
					best = (int)g1, best_n = n, best_at = at;
				if (n >= want + docno_wrong(want))
					break;
			}
			if (best < 0)
				continue;
			bool open = false; /* a group of the copy not taken */
			for (int g = (int)g0; g <= best; g++)
				open = open || !lc->taken[g];
			if (!open && best_n >= want) {
				g0 = (guint)best; /* nor any part of it */
				continue;
			}
			/* Left out by --kinds: still the document number,
			 * which no other kind may take. */
			if (!selected) {
				if (!personal)
					leave_groups(lc, (int)g0, best);
				continue;
			}
			add_finding(lc, found, kind, pk ? pk->country : "",
				    (int)g0, best, 0.8, -1);
			finding *f = &g_array_index(found, finding, found->len - 1);
			int glyph = (int)ceil((double)f->box.w / best_n);
			f->box.x -= best_at * glyph;
			f->box.w += MAX(0, want - best_n) * glyph;
			g0 = (guint)best;
		}
	}
}
