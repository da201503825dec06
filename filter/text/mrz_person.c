/* mrz_person.c — the holder's names and birth date, read from a
 * machine-readable zone and masked wherever the visual zone prints them
 * again. A data page prints the surname, the given names and the birth
 * date above the zone that encodes them (ICAO 9303 part 3); once the
 * zone is read, its copy tells which words and which date of the page
 * are the holder's, whatever label (or none) stands beside them.
 *
 * What the zone carries (positions 1-based, as ICAO prints them):
 *   TD3 (part 4, 4.2.2): line 1 positions 6-44 the name, line 2
 *                        positions 14-19 the birth date YYMMDD, 20 its
 *                        check digit, 21 the sex, 22-27 the expiry;
 *   TD2 (part 6, 4.2.2): line 1 positions 6-36 the name, line 2 as TD3;
 *   TD1 (part 5, 4.2.2): line 2 positions 1-6 the birth date, 7 its
 *                        check digit, 8 the sex, 9-14 the expiry; line 3
 *                        positions 1-30 the name.
 * A name field is SURNAME<<GIVEN<NAMES, '<' for spaces and hyphens,
 * filler '<' to the end, cut when too long (part 3, 4.6).
 *
 * Check digits are not required: OCR misreads zones ('<' read as K, C, L
 * or «, or dropped; digits for letters), and a name it read with one
 * slip still names the holder; a birth date digit OCR lost is recovered
 * from the check digit. The visual zone is matched tolerantly too (one
 * slip in a name of five letters or more, one confusion of lookalike
 * letters in a shorter one) but only in whole words, and a date only
 * when day, month and year all agree.
 *
 * Interface (ids.h): mrz_person_find().
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text/ids.h"

/* A date as the zone writes it: two-digit year. */
typedef struct mrz_date {
	int yy, mm, dd;
} mrz_date;

/* A birth date from the zone and the expiry beside it (-1: unread). */
typedef struct birth {
	mrz_date date;
	int expiry_yy;
} birth;

/* What the page's zones say about their holders. */
typedef struct holder {
	GPtrArray *names;  /* name fields (char *), header cut off */
	GArray *births;    /* birth */
} holder;

/* ====================================================== reading the zone */

/* Returns the digit t[i] stands for in a zone ('0'..'9'), or 0. */
static char zone_digit(char c)
{
	bool confused;
	return digit_for((gunichar)(unsigned char)c, &confused);
}

/* Returns true, with *d set, when t[0..6) reads as a plausible YYMMDD. */
static bool zone_date(const char *t, mrz_date *d)
{
	int v[6];
	for (int i = 0; i < 6; i++) {
		char c = zone_digit(t[i]);
		if (!c)
			return false;
		v[i] = c - '0';
	}
	d->yy = 10 * v[0] + v[1];
	d->mm = 10 * v[2] + v[3];
	d->dd = 10 * v[4] + v[5];
	return d->mm >= 1 && d->mm <= 12 && d->dd >= 1 && d->dd <= 31;
}

/* Returns true when t[at .. at+6] is a date and its check digit, the
 * digit holding (ICAO 9303 part 3, 4.9) when want_valid. */
static bool dated_at(const char *t, int n, int at, bool want_valid,
		     mrz_date *d)
{
	if (at < 0 || at + 7 > n || !zone_date(t + at, d) ||
	    !zone_digit(t[at + 6]))
		return false;
	if (!want_valid)
		return true;
	char v[8];
	for (int i = 0; i < 7; i++)
		v[i] = zone_digit(t[at + i]);
	v[7] = '\0';
	return mrz_check(v) == 1;
}

/* Returns true when t[at .. at+6] is a date with one character OCR made
 * a filler or a symbol of ("THA/610134F": the 7 of 76 read as '/')
 * followed by its check digit, *d getting the date with the lost digit
 * recovered from the check digit: its weight (7, 3 or 1, ICAO 9303 part
 * 3, 4.9) is prime to 10, so exactly one digit makes it hold. */
static bool recovered_at(const char *t, int n, int at, mrz_date *d)
{
	int lost = -1;
	char v[8];

	if (at < 0 || at + 7 > n || !zone_digit(t[at + 6]))
		return false;
	for (int i = 0; i < 6; i++) {
		v[i] = zone_digit(t[at + i]);
		if (!v[i]) {
			if (lost >= 0)
				return false;
			lost = i;
		}
	}
	if (lost < 0)
		return false;
	v[6] = zone_digit(t[at + 6]);
	v[7] = '\0';
	for (char c = '0'; c <= '9'; c++) {
		v[lost] = c;
		if (mrz_check(v) == 1)
			return zone_date(v, d);
	}
	return false;
}

/* Returns true when t[at ..] holds a date and its check digit (see
 * dated_at()), the check holding when want_valid, or (recover) a date
 * with one digit lost, recovered from it (see recovered_at()). */
static bool date_at(const char *t, int n, int at, bool want_valid,
		    bool recover, mrz_date *d)
{
	return recover ? recovered_at(t, n, at, d)
		       : dated_at(t, n, at, want_valid, d);
}

/* Appends the birth date of the MRZ line t (n characters) to births when
 * it carries one. It is found by what follows it, not by its position
 * alone, since OCR drops and adds characters: in TD1 line 2 and TD3/TD2
 * line 2 alike the birth date and its check digit are followed by the
 * sex (M, F, X or <) and the expiry date with its check digit, which no
 * other date of the zone is (the expiry is followed by the nationality
 * or the optional data). Tried surest first:
 *   the birth check digit holding, sex and expiry after it;
 *   one birth digit lost and recovered, sex and expiry after it;
 *   the check digit holding, the sex after it;
 *   the check digit holding, a letter after it;
 *   the check digit failing, sex and expiry after it;
 *   the check digit failing, the sex after it;
 * then the date where the part puts it. */
static void read_birth(const char *t, int n, GArray *births)
{
	static const struct {
		bool valid, recover, sex, expiry, letter;
	} passes[] = {
		{ true, false, true, true, false },
		{ false, true, true, true, false },
		{ true, false, true, false, false },
		{ true, false, false, false, true },
		{ false, false, true, true, false },
		{ false, false, true, false, false },
	};
	mrz_date d = { 0 }, e;
	int at = -1;

	for (size_t k = 0; k < G_N_ELEMENTS(passes) && at < 0; k++)
		for (int p = 0; p + 8 <= n && at < 0; p++) {
			char next = t[p + 7];
			if ((passes[k].sex && !strchr("MFX<", next)) ||
			    (passes[k].letter && zone_digit(next)) ||
			    (passes[k].expiry &&
			     !dated_at(t, n, p + 8, false, &e)) ||
			    !date_at(t, n, p, passes[k].valid,
				     passes[k].recover, &d))
				continue;
			at = p;
		}
	if (at < 0) {
		int canonical = n >= 33 ? 13 : 0; /* TD3/TD2 : TD1 */
		if (dated_at(t, n, canonical, false, &d))
			at = canonical;
	}
	if (at < 0)
		return;
	birth b = { d, -1 };
	if (at + 14 <= n && zone_date(t + at + 8, &e))
		b.expiry_yy = e.yy;
	g_array_append_val(births, b);
}

/* Returns true when MRZ line i has another MRZ line adjacent above it
 * (dir -1) or below it (dir 1). A line whose middle lies within half a
 * line height of line i's is not another line of the zone but another
 * reading of the same one: a line eng+tha read with Thai in it is read
 * again in English (ocr.c, reread_lines()) and both readings are lines
 * of the page, their boxes a few pixels apart. Taken for the line below,
 * the re-read "REYES<<RAHUL" of a TD1 card's last line lost REYES as a
 * header (rotation seed 236957965, photo_td1_01 turned 270: the two
 * readings' middles 7 px apart at box heights 72 and 93, the zone's
 * lines 82 px apart). */
static bool zone_neighbour(const ocr_page *page, const bool *is_mrz,
			   guint i, int dir)
{
	idr_rect a = g_array_index(page->lines, ocr_line, i).box;

	for (guint j = 0; j < page->lines->len; j++) {
		if (j == i || !is_mrz[j])
			continue;
		idr_rect b = g_array_index(page->lines, ocr_line, j).box;
		/* twice the distance between the middles */
		int apart = (2 * b.y + b.h) - (2 * a.y + a.h);
		if (abs(apart) < MIN(a.h, b.h))
			continue;
		if (mrz_adjacent(a, b) && (dir < 0 ? apart < 0 : apart > 0))
			return true;
	}
	return false;
}

/* Reads MRZ line i (its reading t, n characters) into h. A line of a
 * few digits at most and some letters is a name line: the zone's first
 * line in TD3 and TD2, behind a five-character header (document code
 * and issuing state), and the last line of TD1, which is the name alone.
 * Which one is told by where it lies in its zone, and for a line read
 * alone by its length and the filler of the header ("P<UTO"). */
static void read_line(const ocr_page *page, const bool *is_mrz, guint i,
		      const char *t, int n, holder *h)
{
	int digits = 0, letters = 0;

	for (int k = 0; k < n; k++) {
		digits += g_ascii_isdigit(t[k]) != 0;
		letters += g_ascii_isupper(t[k]) != 0;
	}
	if (digits >= 6) {
		read_birth(t, n, h->births);
		return;
	}
	if (digits > 3 || letters < 4)
		return;
	bool above = zone_neighbour(page, is_mrz, i, -1);
	bool below = zone_neighbour(page, is_mrz, i, 1);
	bool header;
	if (below)
		header = true;
	else if (above)
		header = n >= 34;
	else
		header = n >= 34 || (n > 1 && t[1] == '<');
	int skip = header ? 5 : 0;
	if (n - skip >= 2)
		g_ptr_array_add(h->names, g_strndup(t + skip, (gsize)(n - skip)));
}

/* ===================================================== matching a name */

/* Returns true for the characters a '<' of the zone is read as when it
 * is not read as one ("SMITHKKJOHN"). */
static bool filler_like(char c)
{
	return c == '<' || c == 'K' || c == 'C' || c == 'L';
}

/* Letters OCR takes for each other in a zone's OCR-B and on a page's
 * capitals (seen on our samples: PIYA read as PLYA). */
static const char *const letter_lookalikes[] = {
	"IL", "IJ", "OD", "OQ", "CG", "EF", "UV", "MN",
};

/* What any other slip costs: a letter for another, one added or lost. */
#define SLIP_COST 2

/* Returns the cost of reading zone character b where the visual zone
 * has a (A-Z, or '<' between words): 0 when the same, a '<' read as one
 * of its lookalikes, or a letter OCR read as the digit it resembles; 1
 * for two letters OCR confuses (and, in name_in_field(), a '<' the zone
 * lost); SLIP_COST for any other slip. */
static int slip_cost(char a, char b)
{
	if (a == b || (a == '<' && filler_like(b)))
		return 0;
	if (a != '<' && g_ascii_isdigit(b) && zone_digit(a) == b)
		return 0;
	for (size_t i = 0; a != '<' && i < G_N_ELEMENTS(letter_lookalikes); i++)
		if (strchr(letter_lookalikes[i], a) &&
		    strchr(letter_lookalikes[i], b))
			return 1;
	return SLIP_COST;
}

/* Returns the cost of slips (see slip_cost()) forgiven in a name of this
 * many letters: one slip of any kind from five letters on, one
 * confusion of lookalike letters from three. */
static int slips_allowed(int letters)
{
	return letters >= 5 ? SLIP_COST : letters >= 3 ? 1 : 0;
}

/* Returns true when the name field m has a word boundary before m[i]
 * (dir -1: at m[i-1]) or after a word ending at m[i-1] (dir 1: at m[i]):
 * its edge, a '<', or for a name of three letters or more a character a
 * '<' is read as; a two-letter name ("LI", "HU") takes a lookalike only
 * doubled ("KK" for "<<") or beside a '<', as two letters between a K
 * and a C are too common inside longer names (BLACKLOCK). */
static bool name_bound(const char *m, int lm, int i, int dir, int letters)
{
	int at = dir < 0 ? i - 1 : i;
	int beyond = dir < 0 ? i - 2 : i + 1;

	if (at < 0 || at >= lm || m[at] == '<')
		return true;
	if (!filler_like(m[at]))
		return false;
	return letters >= 3 ||
	       (beyond >= 0 && beyond < lm &&
		(m[beyond] == '<' || m[beyond] == m[at]));
}

/* Returns true when s (A-Z, '<' between words, letters of them) occurs
 * in the name field m as whole words, with at most slips_allowed()
 * slips (edit distance, see slip_cost()). Whole words: a boundary on
 * both sides (name_bound()). A field that fills its width with a letter was cut
 * (ICAO 9303 part 3, 4.6.4): s may run on past its end. */
static bool name_in_field(const char *s, int letters, const char *m)
{
	int ls = (int)strlen(s), lm = (int)strlen(m);
	int allowed = slips_allowed(letters);
	bool cut = lm > 0 && m[lm - 1] != '<';
	int *prev = g_new(int, (size_t)lm + 1), *row = g_new(int, (size_t)lm + 1);
	bool hit = false;

	for (int i = 0; i < lm && !hit; i++) {
		if (m[i] == '<' || !name_bound(m, lm, i, -1, letters))
			continue;
		/* prev[b]: slips between s[0..a) and m[i .. i+b) */
		int span = lm - i;
		for (int b = 0; b <= span; b++)
			prev[b] = SLIP_COST * b;
		for (int a = 1; a <= ls; a++) {
			/* a '<' between names the zone lost costs as a
			 * lookalike: OCR drops fillers often */
			int lost = s[a - 1] == '<' ? 1 : SLIP_COST;
			row[0] = prev[0] + lost;
			for (int b = 1; b <= span; b++)
				row[b] = MIN(MIN(prev[b] + lost,
						 row[b - 1] + SLIP_COST),
					     prev[b - 1] +
						     slip_cost(s[a - 1], m[i + b - 1]));
			/* cut: a prefix of s of four letters or more
			 * matches the field to its end */
			if (cut && a >= 4 && a < ls && row[span] <= allowed &&
			    s[a - 1] != '<')
				hit = true;
			int *t = prev;
			prev = row;
			row = t;
		}
		for (int b = 1; b <= span && !hit; b++) {
			int j = i + b; /* end, exclusive */
			hit = name_bound(m, lm, j, 1, letters) &&
			      m[j - 1] != '<' && prev[b] <= allowed;
		}
	}
	g_free(prev);
	g_free(row);
	return hit;
}

/* A word of the visual zone: letters, in capitals without accents. */
typedef struct viz_word {
	int first, last;   /* cells */
	char text[48];
	int len;
	bool latin;        /* every letter an A-Z, once accents are off */
	bool joins_next;   /* only spaces or a hyphen before the next word */
} viz_word;

/* Returns the A-Z capital letter c is (É -> E), or 0. */
static char latin_capital(gunichar c)
{
	gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
	gsize n = g_unichar_fully_decompose(c, FALSE, d, G_N_ELEMENTS(d));
	if (n == 0 || d[0] >= 128 || !g_ascii_isalpha((char)d[0]))
		return 0;
	return g_ascii_toupper((char)d[0]);
}

/* Returns true for an apostrophe, which a zone leaves out (O'NEIL is
 * ONEIL, ICAO 9303 part 3, 4.6). */
static bool is_apostrophe(gunichar c)
{
	return c == '\'' || c == 0x2019 || c == 0x2018 || c == '`';
}

/* Returns the words of the line (viz_word). */
static GArray *line_words(const line_ctx *lc)
{
	GArray *words = g_array_new(FALSE, FALSE, sizeof(viz_word));
	int n = (int)lc->cells->len;
	viz_word w = { 0 };
	bool in = false;

	for (int i = 0; i <= n; i++) {
		gunichar c = i < n ? g_array_index(lc->cells, cell, i).ch : ' ';
		if (g_unichar_isalpha(c) || (in && g_unichar_ismark(c))) {
			if (!in) {
				memset(&w, 0, sizeof w);
				w.first = i;
				w.latin = true;
				in = true;
			}
			w.last = i;
			if (g_unichar_ismark(c))
				continue;
			char a = latin_capital(c);
			w.latin = w.latin && a;
			if (a && w.len + 1 < (int)sizeof w.text)
				w.text[w.len++] = a;
			continue;
		}
		if (in && is_apostrophe(c) && i + 1 < n &&
		    g_unichar_isalpha(g_array_index(lc->cells, cell, i + 1).ch))
			continue;
		if (!in)
			continue;
		in = false;
		/* what lies between this word and the next */
		int k = i;
		int hyphens = 0;
		while (k < n) {
			gunichar s = g_array_index(lc->cells, cell, k).ch;
			if (s == ' ')
				k++;
			else if (s == '-' && !hyphens)
				k++, hyphens++;
			else
				break;
		}
		w.joins_next = k < n &&
			       g_unichar_isalpha(g_array_index(lc->cells, cell,
							       k).ch);
		g_array_append_val(words, w);
	}
	return words;
}

/* ===================================================== matching a date */

/* Month names as the visual zones of the documents print them: English,
 * French and Spanish (the ICAO bilingual forms, "MAR/MARS"), Thai
 * abbreviated and in full; lower case, accents off (folded the same way
 * before comparing), '|' between names, a '.' that OCR may drop. */
static const char *const month_names[12] = {
	"jan|january|janv|janvier|ene|enero|ม.ค.|มกราคม",
	"feb|february|fev|fevr|fevrier|febrero|ก.พ.|กุมภาพันธ์",
	"mar|march|mars|marzo|มี.ค.|มีนาคม",
	"apr|april|avr|avril|abr|abril|เม.ย.|เมษายน",
	"may|mai|mayo|พ.ค.|พฤษภาคม",
	"jun|june|juin|junio|มิ.ย.|มิถุนายน",
	"jul|july|juil|juillet|julio|ก.ค.|กรกฎาคม",
	"aug|august|aout|ago|agosto|ส.ค.|สิงหาคม",
	"sep|sept|september|septembre|set|septiembre|ก.ย.|กันยายน",
	"oct|october|octobre|octubre|ต.ค.|ตุลาคม",
	"nov|november|novembre|noviembre|พ.ย.|พฤศจิกายน",
	"dec|december|decembre|dic|diciembre|ธ.ค.|ธันวาคม",
};

/* Returns c folded as month_names are written: Latin letters lower case
 * without accents, anything else as it is. */
static gunichar month_fold(gunichar c)
{
	char a = latin_capital(c);
	return a ? (gunichar)g_ascii_tolower(a) : c;
}

/* Returns the cell after the month name name (UTF-8, up to its end or
 * a '|') read from cell i on, or -1. A '.' of the name may be missing
 * or stand after a space. */
static int month_at(const line_ctx *lc, int i, const char *name)
{
	int n = (int)lc->cells->len;

	for (const char *p = name; *p && *p != '|'; p = g_utf8_next_char(p)) {
		gunichar want = g_utf8_get_char(p);
		while (i < n && g_unichar_ismark(g_array_index(lc->cells, cell,
							       i).ch) &&
		       latin_capital(g_array_index(lc->cells, cell, i).ch) == 0 &&
		       g_array_index(lc->cells, cell, i).ch < 0x0E00)
			i++; /* an accent OCR gave its own cell */
		gunichar c = i < n ? g_array_index(lc->cells, cell, i).ch : 0;
		if (want == '.') {
			if (c == ' ' && i + 1 < n &&
			    g_array_index(lc->cells, cell, i + 1).ch == '.')
				i += 2;
			else if (c == '.')
				i++;
			continue;
		}
		if (!c || month_fold(c) != want)
			return -1;
		i++;
	}
	return i;
}

/* Returns true for a letter of any script. */
static bool letter_cell(const line_ctx *lc, int i)
{
	if (i < 0 || i >= (int)lc->cells->len)
		return false;
	gunichar c = g_array_index(lc->cells, cell, i).ch;
	return g_unichar_isalpha(c) || g_unichar_ismark(c);
}

/* Returns the month (1-12) whose name starts a word at cell i, *end the
 * cell after it (and after a second name of the same month behind a
 * '/': "MAR/MARS"), or 0. */
static int month_word(const line_ctx *lc, int i, int *end)
{
	if (letter_cell(lc, i - 1))
		return 0;
	for (int m = 0; m < 12; m++) {
		int best = -1;
		for (const char *p = month_names[m]; p; p = strchr(p, '|')) {
			if (*p == '|')
				p++;
			int e = month_at(lc, i, p);
			/* whole word; a Thai abbreviation ends in its dot */
			if (e > best && (!letter_cell(lc, e) ||
					 lc->cells->len == 0 ||
					 g_array_index(lc->cells, cell, e - 1).ch == '.'))
				best = e;
		}
		if (best < 0)
			continue;
		int n = (int)lc->cells->len;
		int k = best;
		while (k < n && g_array_index(lc->cells, cell, k).ch == ' ')
			k++;
		if (k < n && g_array_index(lc->cells, cell, k).ch == '/') {
			int j = k + 1, e2;
			while (j < n && g_array_index(lc->cells, cell, j).ch == ' ')
				j++;
			if (month_word(lc, j, &e2) == m + 1)
				best = e2;
		}
		*end = best;
		return m + 1;
	}
	return 0;
}

/* One piece of a printed date. */
typedef struct date_part {
	int first, last; /* cells */
	int value;
	int digits;      /* 0 for a month name */
} date_part;

/* Returns true for a cell between the parts of a date: a space, . / - ,
 * or the CJK year, month and day signs. */
static bool date_sep(gunichar c)
{
	return c == ' ' || c == '.' || c == '/' || c == '-' || c == ',' ||
	       c == 0x5E74 || c == 0x6708 || c == 0x65E5 || /* 年 月 日 */
	       c == 0xB144 || c == 0xC6D4 || c == 0xC77C;   /* 년 월 일 */
}

/* Returns true when the cell is a digit, or a letter OCR reads for one
 * between a digit and no letter ("I985", "198S" — not "12SEP"). */
static bool digit_cell(const line_ctx *lc, int i, char *d)
{
	int n = (int)lc->cells->len;
	gunichar c = g_array_index(lc->cells, cell, i).ch;
	bool confused;

	*d = digit_for(c, &confused);
	if (!*d)
		return false;
	if (!confused)
		return true;
	bool prev_digit = i > 0 && g_unichar_isdigit(g_array_index(lc->cells,
								   cell, i - 1).ch);
	bool next_digit = i + 1 < n &&
			  g_unichar_isdigit(g_array_index(lc->cells, cell,
							  i + 1).ch);
	return (prev_digit && !letter_cell(lc, i + 1)) ||
	       (next_digit && !letter_cell(lc, i - 1));
}

/* Returns the parts of dates on the line: numbers (whole runs of
 * digits) and month names, in order; *joined[k] tells whether only
 * separators lie between part k and k+1. */
static GArray *date_parts(const line_ctx *lc, GArray *joined)
{
	GArray *parts = g_array_new(FALSE, FALSE, sizeof(date_part));
	int n = (int)lc->cells->len;

	for (int i = 0; i < n;) {
		char d;
		int end;
		date_part p = { i, i, 0, 0 };
		if (digit_cell(lc, i, &d)) {
			while (i < n && digit_cell(lc, i, &d)) {
				p.value = p.digits < 5 ? 10 * p.value + (d - '0')
						       : p.value;
				p.digits++;
				p.last = i++;
			}
		} else if ((p.value = month_word(lc, i, &end)) > 0) {
			p.last = end - 1;
			i = end;
		} else {
			i++;
			continue;
		}
		if (parts->len) {
			bool only_sep = true;
			int from = g_array_index(parts, date_part,
						 parts->len - 1).last + 1;
			for (int k = from; k < p.first && only_sep; k++)
				only_sep = date_sep(g_array_index(lc->cells, cell,
								  k).ch);
			g_array_append_val(joined, only_sep);
		}
		g_array_append_val(parts, p);
	}
	bool last = false;
	g_array_append_val(joined, last);
	return parts;
}

/* Returns true when the printed year y (digits long) is the zone's yy:
 * 19yy or 20yy, or the same in the Buddhist Era Thai documents print
 * (the Thai solar calendar: BE = CE + 543, 2528 BE = 1985 CE), or the
 * last two digits of one of these. 20yy is not a birth year when the
 * document expires in it or before (expiry_yy). */
static bool year_is(int y, int digits, int yy, int expiry_yy)
{
	int years[4] = { 1900 + yy, 2000 + yy, 1900 + yy + 543,
			 2000 + yy + 543 };
	bool recent = expiry_yy < 0 || yy < expiry_yy;

	for (int k = 0; k < 4; k++) {
		if (!recent && (k == 1 || k == 3))
			continue;
		if ((digits == 4 && y == years[k]) ||
		    (digits == 2 && y == years[k] % 100))
			return true;
	}
	return false;
}

/* Returns true when parts a, b, c (day-month-year orders below) print
 * the birth date bd. */
static bool date_is(const date_part *p, const birth *bd)
{
	const date_part *a = &p[0], *b = &p[1], *c = &p[2];
	const mrz_date *d = &bd->date;
	bool small_a = a->digits >= 1 && a->digits <= 2;
	bool small_b = b->digits <= 2; /* a number, or a month name */

	/* day month year: 12.03.1985, 12 MAR 85, 12 มี.ค. 2528 */
	if (small_a && small_b && (c->digits == 2 || c->digits == 4) &&
	    a->value == d->dd && b->value == d->mm &&
	    year_is(c->value, c->digits, d->yy, bd->expiry_yy))
		return true;
	/* month day year: 03/12/1985, MAR 12, 1985 */
	if (a->digits <= 2 && b->digits >= 1 && b->digits <= 2 &&
	    (c->digits == 2 || c->digits == 4) && a->value == d->mm &&
	    b->value == d->dd &&
	    year_is(c->value, c->digits, d->yy, bd->expiry_yy))
		return true;
	/* year month day: 1985-03-12 */
	return a->digits == 4 && small_b && c->digits >= 1 && c->digits <= 2 &&
	       b->value == d->mm && c->value == d->dd &&
	       year_is(a->value, 4, d->yy, bd->expiry_yy);
}

/* ============================================================ masking */

/* Returns true for a cell of a word: a letter, a digit or a mark. */
static bool word_cell(const line_ctx *lc, int i)
{
	if (i < 0 || i >= (int)lc->cells->len)
		return false;
	gunichar c = g_array_index(lc->cells, cell, i).ch;
	return g_unichar_isalnum(c) || g_unichar_ismark(c);
}

/* Appends a finding of kind over cells first..last, grown to whole
 * words: a finding never ends inside one. */
static void add_words(const line_ctx *lc, GArray *found, const char *kind,
		      int first, int last)
{
	while (word_cell(lc, first - 1))
		first--;
	while (word_cell(lc, last + 1))
		last++;
	finding f = { 0 };
	f.kind = kind;
	f.country = "";
	f.box = cells_box(lc, first, last);
	f.confidence = 0.7;
	f.checksum = -1;
	g_array_append_val(found, f);
}

/* Returns, per cell of the line, whether it belongs to a month name
 * that stands in a date, a number on each side ("12 MAY 2030"): a word
 * there is a month, not the holder named MAY or JUNE (g_free it). */
static bool *date_months(const line_ctx *lc)
{
	GArray *joined = g_array_new(FALSE, FALSE, sizeof(bool));
	GArray *parts = date_parts(lc, joined);
	bool *month = g_new0(bool, lc->cells->len + 1);

	for (guint k = 1; k + 1 < parts->len; k++) {
		const date_part *p = &g_array_index(parts, date_part, k);
		if (p->digits || !p[-1].digits || !p[1].digits ||
		    !g_array_index(joined, bool, k - 1) ||
		    !g_array_index(joined, bool, k))
			continue;
		for (int i = p->first; i <= p->last; i++)
			month[i] = true;
	}
	g_array_free(parts, TRUE);
	g_array_free(joined, TRUE);
	return month;
}

/* Most words of a name printed on one line that are matched as one. */
#define NAME_WORDS_MAX 4

/* Masks on the line every run of words that is one of h's names, but
 * not a month in a date. Runs of several words are tried too: a zone
 * that dropped the '<' between two names ("ANNAMARIA") still holds
 * "ANNA MARIA". */
static void mask_names(const line_ctx *lc, const holder *h, GArray *found)
{
	GArray *words = line_words(lc);
	bool *month = date_months(lc);

	for (guint k0 = 0; k0 < words->len; k0++) {
		GString *s = g_string_new(NULL);
		int letters = 0;
		for (guint k1 = k0; k1 < words->len && k1 < k0 + NAME_WORDS_MAX;
		     k1++) {
			const viz_word *w = &g_array_index(words, viz_word, k1);
			if (!w->latin || w->len < 2 || month[w->first])
				break;
			if (k1 > k0)
				g_string_append_c(s, '<');
			g_string_append(s, w->text);
			letters += w->len;
			bool hit = false;
			for (guint f = 0; f < h->names->len && !hit; f++)
				hit = name_in_field(s->str, letters,
						    g_ptr_array_index(h->names, f));
			if (hit)
				add_words(lc, found, "name",
					  g_array_index(words, viz_word, k0).first,
					  w->last);
			if (!w->joins_next)
				break;
		}
		g_string_free(s, TRUE);
	}
	g_free(month);
	g_array_free(words, TRUE);
}

/* Masks on the line every printed form of h's birth dates. */
static void mask_births(const line_ctx *lc, const holder *h, GArray *found)
{
	GArray *joined = g_array_new(FALSE, FALSE, sizeof(bool));
	GArray *parts = date_parts(lc, joined);

	for (guint k = 0; k + 2 < parts->len; k++) {
		if (!g_array_index(joined, bool, k) ||
		    !g_array_index(joined, bool, k + 1))
			continue;
		const date_part *p = &g_array_index(parts, date_part, k);
		for (guint b = 0; b < h->births->len; b++)
			if (date_is(p, &g_array_index(h->births, birth, b))) {
				add_words(lc, found, "dob", p[0].first,
					  p[2].last);
				break;
			}
	}
	g_array_free(parts, TRUE);
	g_array_free(joined, TRUE);
}

/* Masks, on every line that is not an MRZ line, the holder's names and
 * birth date the page's MRZ lines carry. */
void mrz_person_find(const ocr_page *page, const bool *is_mrz,
		     const kind_set *kinds, const char *countries,
		     GArray *found)
{
	bool names = kind_set_has(kinds, "name"), dobs = kind_set_has(kinds, "dob");
	holder h = { g_ptr_array_new_with_free_func(g_free),
		     g_array_new(FALSE, FALSE, sizeof(birth)) };
	line_ctx lc;
	char t[48];

	if (!names && !dobs)
		goto out;
	for (guint i = 0; i < page->lines->len; i++) {
		if (!is_mrz[i])
			continue;
		line_open(&lc, page, (int)i, kinds, countries);
		int n = mrz_text(&lc, t);
		line_close(&lc);
		read_line(page, is_mrz, i, t, n, &h);
	}
	if (!h.names->len && !h.births->len)
		goto out;
	for (guint i = 0; i < page->lines->len; i++) {
		if (is_mrz[i])
			continue;
		line_open(&lc, page, (int)i, kinds, countries);
		if (names && h.names->len)
			mask_names(&lc, &h, found);
		if (dobs && h.births->len)
			mask_births(&lc, &h, found);
		line_close(&lc);
	}
out:
	g_ptr_array_free(h.names, TRUE);
	g_array_free(h.births, TRUE);
}
