/* fields.c — the values of labelled personal fields (name, date of birth,
 * address), found by where they sit on the page relative to their label:
 *
 *   on the label's line, after it, up to the next label or a wide gap;
 *   else on the same row to its right, before the next label there;
 *   else on the row under it, within the label's column — from the
 *   label's left edge to the next label on the label's row ("Date of
 *   birth   Sex": the date under the first, not the "M" under "Sex").
 *
 * A name or address under its label goes on over the rows below while
 * they follow at line spacing in the same size of print and hold no
 * label (a Chinese name under the English one on a Singapore card, which
 * eng+tha reads as a few Latin symbols, is still the name; "Race" in
 * label-size print is not). An address after its label on the same line
 * goes on the same way. Labels that are not personal (sex, nationality,
 * issue and expiry dates, document numbers) are read too: they bound
 * columns and stop values, so issue and expiry dates stay visible.
 *
 * Values are taken in whole words, so a mask never ends inside a word.
 *
 * Interface (ids.h): fields_find(), has_field_label(), is_field_caption().
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text/ids.h"

/* The labels as printed on the documents the project targets (ICAO 9303
 * passports with their English/French/Spanish captions, and the national
 * cards of Thailand, Singapore, Vietnam, Korea, Malaysia, Indonesia, the
 * Philippines, Hong Kong, Taiwan, China and Japan). Compared squashed
 * (see norm_text()), so case, spaces and Latin accents do not count. */
static const char *const name_labels[] = {
	/* English, ICAO 9303 part 4 captions and their French/Spanish */
	"name", "fullname", "surname", "lastname", "familyname",
	"givenname", "givennames", "firstname", "middlename", "nom",
	"prénoms", "prénom", "apellidos", "nombres",
	/* Thai: full name, surname, first name */
	"ชื่อตัวและชื่อสกุล", "ชื่อ-นามสกุล", "ชื่อสกุล", "นามสกุล", "ชื่อตัว",
	"ชื่อ",
	/* Vietnamese, Korean, Malay/Indonesian, Tagalog */
	"họvàtên", "họtên", "성명", "이름", "nama", "pangalan", "mgapangalan",
	"apelyido", "gitnangapelyido",
	/* a form's caption for the person it is about, with its colon
	 * (SIM registration and KYC forms: "Customer: TAN AH TEST") */
	"customer:", "subscriber:", "applicant:",
	/* Chinese, Japanese */
	"姓名", "氏名", NULL
};
static const char *const dob_labels[] = {
	"dateofbirth", "birthdate", "dob", "datedenaissance",
	"fechadenacimiento", "เกิดวันที่", "วันเกิด", "วันเดือนปีเกิด",
	"ngàysinh", "ngày,tháng,nămsinh", "ngàythángnămsinh", "생년월일",
	"tarikhlahir", "tanggallahir", "tgllahir", "tgl.lahir",
	"tempat/tgllahir", "petsangkapanganakan",
	/* the KTP caption without its last word, which eng+tha read as Thai
	 * ("Tempat/Tg| เล ท เห") and its English re-read then lost */
	"tempat/tgl", "出生日期", "出生年月日",
	"出生", "生年月日", NULL
};
static const char *const address_labels[] = {
	"address", "residentialaddress", "placeofresidence", "domicilio",
	"ที่อยู่", "nơithườngtrú", "quêquán", "placeoforigin", "nơicưtrú",
	"주소", "alamat", "tirahan", "住址", "住所", NULL
};
/* Captions of the other fields printed beside those: never a value of
 * a personal field, and where a column ends. */
static const char *const other_labels[] = {
	/* sex, nationality, race, religion */
	"sex", "gender", "sexe", "sexo", "เพศ", "giớitính", "성별",
	"jeniskelamin", "kasarian", "性別", "性别", "nationality",
	"nationalité", "nacionalidad", "quốctịch", "kewarganegaraan", "race",
	"bangsa", "religion", "ศาสนา", "agama",
	/* issue and expiry: the reviewer needs them */
	"dateofissue", "issuedate", "dateofexpiry", "expirydate",
	"issued", "expires", "validuntil", "validthru", "dated'expiration", "datededélivrance",
	"fechadeexpedición", "fechadecaducidad", "วันออกบัตร",
	"วันบัตรหมดอายุ", "วันหมดอายุ", "ngàycấp", "ngàyhếthạn",
	"cógiátrịđến", "berlakuhingga", "발급일", "有效期限", "签发机关",
	/* place of birth, document and number captions */
	"placeofbirth", "country/placeofbirth", "lieudenaissance",
	"lugardenacimiento", "type", "countrycode", "passportno",
	"personalno", "identificationnumber", "identitycardno", "nik",
	"เลขประจำตัวประชาชน", "公民身份号码", "統一編號", "個人番号",
	"民族", "authority", "bloodtype", "goldarah",
	"pekerjaan", "statusperkawinan", "occupation", "height",
	/* a signature line: "ลายมือชื่อ" holds ชื่อ */
	"signature", "ลายมือชื่อ", "chữký", "서명", "tandatangan", NULL
};

typedef struct field_kind {
	const char *kind; /* NULL: the other labels */
	const char *const *labels;
	int more_rows;    /* rows a value may go on over below its first */
	bool continues;   /* a value after its label goes on below too */
} field_kind;

static const field_kind field_kinds[] = {
	{ "name", name_labels, 2, false },
	{ "dob", dob_labels, 0, false },
	{ "address", address_labels, 3, true },
	{ NULL, other_labels, 0, false },
};

/* Labels this long (code points, squashed) are found with one character
 * misread too ("เกิดรันที่" for เกิดวันที่): OCR of small label print. */
#define FUZZY_MIN 8
/* Labels of Chinese characters or kana need only this many: one such
 * character carries about as much as a Latin word's letters, and the
 * small caption print is where OCR misreads one ("生年月昌" for 生年月日
 * in jpn's reading of a phone photo of a Japanese card). */
#define FUZZY_MIN_CJK 4
/* A value under its label starts within this many of the label's
 * character heights below it. */
#define BELOW_MAX 2.5
/* A value on the label's row in a line of its own starts within this
 * many of the label's character heights after it (line_cells() takes a
 * wider gap for the end of a text block). */
#define RIGHT_GAP_MAX 3
/* A value goes on to the next row when the gap is at most this many of
 * its character heights, in print at least SAME_PRINT as tall and
 * at most 1 / SAME_PRINT as tall. */
#define ROW_GAP_MAX 1.2
#define SAME_PRINT 0.7

/* A label found on a line: cells first..last of its line_ctx. */
typedef struct found_label {
	const field_kind *kind;
	int first, last;
	idr_rect box; /* of its glyphs, unpadded */
} found_label;

/* What fields_find() knows of one line of the page. */
typedef struct field_line {
	line_ctx lc;
	bool open;      /* lc is open (not an MRZ line) */
	GArray *labels; /* found_label, left to right, groups merged */
	idr_rect box;   /* of its glyphs */
	int height;     /* median glyph height, at least 1 */
} field_line;

/* ------------------------------------------------------- the squashing */

/* Returns true when every code point of text (a GArray of gunichar) is
 * a Chinese character or kana (Unicode scripts Han, Hiragana,
 * Katakana). */
static bool all_cjk(const GArray *text)
{
	for (guint i = 0; i < text->len; i++) {
		GUnicodeScript s = g_unichar_get_script(
			g_array_index(text, gunichar, i));
		if (s != G_UNICODE_SCRIPT_HAN && s != G_UNICODE_SCRIPT_HIRAGANA &&
		    s != G_UNICODE_SCRIPT_KATAKANA)
			return false;
	}
	return text->len > 0;
}

/* Returns false for the characters labels are compared without: Latin
 * accents (OCR of small print drops them: "Ho va tén") and the Thai tone
 * and other marks it drops the same way ("เกิดวันที"). */
static bool kept_in_label(gunichar c)
{
	return !(c >= 0x300 && c <= 0x36F) && !(c >= 0xE47 && c <= 0xE4E) &&
	       !g_unichar_isspace(c);
}

/* Appends to out the squashed form of c: NFKD, casefolded, without what
 * kept_in_label() drops; đ compares as d. */
static void norm_char(gunichar c, GArray *out)
{
	char utf8[8] = { 0 };

	g_unichar_to_utf8(c == 0x111 || c == 0x110 ? 'd' : c, utf8);
	char *norm = g_utf8_normalize(utf8, -1, G_NORMALIZE_ALL);
	char *folded = g_utf8_casefold(norm ? norm : "", -1);
	for (const char *p = folded; *p; p = g_utf8_next_char(p)) {
		gunichar k = g_utf8_get_char(p);
		if (kept_in_label(k))
			g_array_append_val(out, k);
	}
	g_free(norm);
	g_free(folded);
}

/* Returns the squashed code points of s (see norm_char()). */
static GArray *norm_text(const char *s)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(gunichar));

	for (const char *p = s; *p; p = g_utf8_next_char(p))
		norm_char(g_utf8_get_char(p), out);
	return out;
}

/* ------------------------------------------------------- finding labels */

/* Returns true for a cell of a word: not a gap, not punctuation. */
static bool word_cell(gunichar c)
{
	return g_unichar_isalnum(c) || g_unichar_ismark(c);
}

/* Returns true when cell i of lc is a word character. */
static bool is_word_at(const line_ctx *lc, int i)
{
	return i >= 0 && i < (int)lc->cells->len &&
	       word_cell(g_array_index(lc->cells, cell, i).ch);
}

/* Returns the number of characters of label that differ from text at
 * at, or n + 1 when label does not fit there or differs in the
 * punctuation mark it ends with: that mark is what makes it a caption
 * ("customer:" is a form's caption, "customer's" a word of its
 * sentence). A mark inside a label may slip like a letter ("tgl.lahir",
 * "tempat/tgllahir"). */
static int mismatches(const GArray *text, guint at, const GArray *label)
{
	int n = 0;

	if (at + label->len > text->len)
		return (int)label->len + 1;
	for (guint i = 0; i < label->len; i++) {
		gunichar l = g_array_index(label, gunichar, i);
		if (g_array_index(text, gunichar, at + i) == l)
			continue;
		if (i + 1 == label->len && g_unichar_ispunct(l))
			return (int)label->len + 1;
		n++;
	}
	return n;
}

typedef struct hit {
	const field_kind *kind;
	guint at, len; /* in the line's squashed text */
	bool exact;
} hit;

/* Exact hits before misread ones, longer before shorter. */
static gint by_strength(gconstpointer pa, gconstpointer pb)
{
	const hit *a = pa, *b = pb;

	if (a->exact != b->exact)
		return a->exact ? -1 : 1;
	return (int)b->len - (int)a->len;
}

static gint by_first(gconstpointer pa, gconstpointer pb)
{
	const found_label *a = pa, *b = pb;

	return a->first - b->first;
}

/* Returns the unpadded box of the glyphs of cells first..last. */
static idr_rect glyphs_box(const line_ctx *lc, int first, int last)
{
	idr_rect box = { 0, 0, 0, 0 };

	for (int i = first; i <= last; i++) {
		int s = g_array_index(lc->cells, cell, i).sym;
		if (s >= 0)
			box = rect_union(box, g_array_index(lc->page->symbols,
							    ocr_symbol, s).box);
	}
	return box;
}

/* Returns true for what stands between two labels of one caption
 * ("Surname / Nom", "Ngày sinh / Date of birth:") or between a label and
 * its value. */
static bool caption_separator(gunichar c)
{
	return c == ' ' || c == '/' || c == ':' || c == '.' || c == '|' ||
	       c == '-' || c == ',' || c == '(' || c == ')' || c == '\\';
}

/* Fills fl->labels with the labels of the line: every occurrence of a
 * label of the tables, the strongest kept where they overlap ("ชื่อสกุล"
 * over the "ชื่อ" in it), Latin ones only as whole words; then the
 * labels of one caption merged into one, of the first personal kind
 * among them. */
static void find_labels(field_line *fl)
{
	const line_ctx *lc = &fl->lc;
	GArray *text = g_array_new(FALSE, FALSE, sizeof(gunichar));
	GArray *owner = g_array_new(FALSE, FALSE, sizeof(int));
	GArray *hits = g_array_new(FALSE, FALSE, sizeof(hit));

	for (guint i = 0; i < lc->cells->len; i++) {
		guint before = text->len;
		norm_char(g_array_index(lc->cells, cell, i).ch, text);
		for (guint b = before; b < text->len; b++)
			g_array_append_val(owner, i);
	}
	for (size_t k = 0; k < G_N_ELEMENTS(field_kinds); k++)
		for (const char *const *l = field_kinds[k].labels; *l; l++) {
			GArray *label = norm_text(*l);
			int allowed = label->len >= (all_cjk(label) ?
						     FUZZY_MIN_CJK : FUZZY_MIN);
			for (guint at = 0; label->len && at + label->len <= text->len;
			     at++) {
				int miss = mismatches(text, at, label);
				if (miss > allowed)
					continue;
				hit h = { &field_kinds[k], at, label->len, miss == 0 };
				g_array_append_val(hits, h);
			}
			g_array_free(label, TRUE);
		}
	g_array_sort(hits, by_strength);
	bool *used = g_new0(bool, text->len + 1);
	GArray *labels = fl->labels;
	for (guint i = 0; i < hits->len; i++) {
		const hit *h = &g_array_index(hits, hit, i);
		bool free_room = true;
		for (guint b = h->at; b < h->at + h->len; b++)
			free_room = free_room && !used[b];
		if (!free_room)
			continue;
		int first = g_array_index(owner, int, h->at);
		int last = g_array_index(owner, int, h->at + h->len - 1);
		gunichar c0 = g_array_index(text, gunichar, h->at);
		gunichar c1 = g_array_index(text, gunichar, h->at + h->len - 1);
		/* "name" in "Lastname" is that label, not this one; Thai and
		 * CJK run words together, so only Latin edges are checked. */
		if ((c0 < 0x80 && g_unichar_isalpha(c0) &&
		     is_word_at(lc, first - 1)) ||
		    (c1 < 0x80 && g_unichar_isalpha(c1) &&
		     is_word_at(lc, last + 1)))
			continue;
		for (guint b = h->at; b < h->at + h->len; b++)
			used[b] = true;
		/* with the marks compared without (the tone mark of ที่อยู่) */
		while (last + 1 < (int)lc->cells->len &&
		       g_unichar_ismark(g_array_index(lc->cells, cell,
						      last + 1).ch))
			last++;
		found_label f = { h->kind, first, last,
				  glyphs_box(lc, first, last) };
		g_array_append_val(labels, f);
	}
	g_array_sort(labels, by_first);
	/* One caption: labels with only separators between them. */
	for (guint i = 0; i + 1 < labels->len;) {
		found_label *a = &g_array_index(labels, found_label, i);
		const found_label *b = &g_array_index(labels, found_label, i + 1);
		bool apart = false;
		for (int c = a->last + 1; c < b->first && !apart; c++)
			apart = !caption_separator(
					g_array_index(lc->cells, cell, c).ch) &&
				!g_unichar_ismark(
					g_array_index(lc->cells, cell, c).ch);
		if (apart || b->first <= a->last) {
			i++;
			continue;
		}
		a->last = b->last;
		a->box = rect_union(a->box, b->box);
		if (!a->kind->kind)
			a->kind = b->kind;
		g_array_remove_index(labels, i + 1);
	}
	g_free(used);
	g_array_free(text, TRUE);
	g_array_free(owner, TRUE);
	g_array_free(hits, TRUE);
}

/* ---------------------------------------------------- geometry of lines */

/* Returns the median glyph height of the line, at least 1. */
static int glyph_height(const line_ctx *lc)
{
	GArray *h = g_array_new(FALSE, FALSE, sizeof(int));

	for (guint i = 0; i < lc->cells->len; i++) {
		int s = g_array_index(lc->cells, cell, i).sym;
		if (s >= 0)
			g_array_append_val(h, g_array_index(lc->page->symbols,
							    ocr_symbol, s).box.h);
	}
	int median = 1;
	if (h->len)
		median = MAX(1, median_in_place((int *)(void *)h->data,
						(int)h->len));
	g_array_free(h, TRUE);
	return median;
}

/* Returns true when the boxes lie on one row: they overlap in height by
 * half the lower of them or more. */
static bool same_row(idr_rect a, idr_rect b)
{
	int overlap = MIN(a.y + a.h, b.y + b.h) - MAX(a.y, b.y);
	return a.h > 0 && b.h > 0 && 2 * overlap >= MIN(a.h, b.h);
}

/* A column: x from left (inclusive) to right (exclusive). */
typedef struct column {
	int left, right;
	int top; /* a mask in it starts no higher (below the label or row
		  * above), never off its value's glyphs; 0: anywhere */
} column;

/* Returns the first cell of the caption label lab ends: its text
 * block (no wide gap, no other label between) — a bilingual caption's
 * half OCR could not read is caption too ("Noi ฟ้า น ชั ท ย tru /
 * Place of residence:" for "Nơi thường trú / Place of residence:"). */
static int caption_start(const field_line *fl, const found_label *lab)
{
	int first = lab->first, stop = 0;

	for (guint k = 0; k < fl->labels->len; k++) {
		const found_label *o = &g_array_index(fl->labels, found_label, k);
		if (o->last < lab->first)
			stop = MAX(stop, o->last + 1);
	}
	while (first > stop &&
	       g_array_index(fl->lc.cells, cell, first - 1).ch != '\n')
		first--;
	while (first < lab->first &&
	       g_array_index(fl->lc.cells, cell, first).sym < 0)
		first++;
	return first;
}

/* Returns the column of label lab of line li: from the left edge of its
 * caption (less a character of slack) to the next label right of it on
 * its row. */
static column label_column(const field_line *lines, guint nl, guint li,
			   const found_label *lab)
{
	int start = glyphs_box(&lines[li].lc, caption_start(&lines[li], lab),
			       lab->first).x;
	column col = { MIN(start, lab->box.x) - lines[li].height,
		       lines[0].lc.page->width, 0 };
	int end = lab->box.x + lab->box.w;

	for (guint j = 0; j < nl; j++) {
		if (!lines[j].open)
			continue;
		for (guint k = 0; k < lines[j].labels->len; k++) {
			const found_label *o =
				&g_array_index(lines[j].labels, found_label, k);
			if (o != lab && o->box.x >= end &&
			    same_row(o->box, lab->box))
				col.right = MIN(col.right, o->box.x);
		}
	}
	return col;
}

/* Returns true when line fl has a label whose middle lies in col. */
static bool label_in(const field_line *fl, column col)
{
	for (guint k = 0; k < fl->labels->len; k++) {
		idr_rect b = g_array_index(fl->labels, found_label, k).box;
		int mid = b.x + b.w / 2;
		if (mid >= col.left && mid < col.right)
			return true;
	}
	return false;
}

/* --------------------------------------------------------------- values */

/* Returns true for a gap between words. */
static bool gap_cell(gunichar c)
{
	return c == ' ' || c == '\n';
}

/* Returns true for a cell a value may end with: not a gap, not what
 * stands between a label and its value (a full stop, a bracket may end
 * one: "Jan.", "(Janpen Srisuk)"). */
static bool value_char(gunichar c)
{
	return !g_unichar_isspace(c) && c != '\n' && c != '/' && c != ':' &&
	       c != '|' && c != '-' && c != ',' && c != '\\';
}

/* Appends a finding of kind over cells first..last of lc, trimmed of
 * separators at both ends, grown sideways by half a character height
 * within room (OCR gives the first and last glyph of a Thai or CJK value
 * a box narrower than its ink); returns true when anything was left. */
static bool add_value(const line_ctx *lc, int first, int last, column room,
		      const char *kind, GArray *found)
{
	/* a mark at the start is the label's (the tone mark OCR set apart
	 * from its ที in เกิดวันที่) */
	while (first <= last &&
	       (!value_char(g_array_index(lc->cells, cell, first).ch) ||
		g_array_index(lc->cells, cell, first).ch == '.' ||
		g_unichar_ismark(g_array_index(lc->cells, cell, first).ch)))
		first++;
	while (last >= first &&
	       !value_char(g_array_index(lc->cells, cell, last).ch))
		last--;
	if (first > last)
		return false;
	finding f = { 0 };
	f.kind = kind;
	f.country = "";
	f.box = cells_box(lc, first, last);
	/* Not over a glyph of the line beside the value (a label's), the
	 * padding of cells_box() included, with a sixth of a character
	 * height to spare so the label reads whole; never off the value's
	 * own glyphs. */
	idr_rect own = glyphs_box(lc, first, last);
	int height = glyph_height(lc), apart = height / 6;
	for (int i = 0; i < (int)lc->cells->len; i++) {
		int s = g_array_index(lc->cells, cell, i).sym;
		if (s < 0 || (i >= first && i <= last))
			continue;
		idr_rect b = g_array_index(lc->page->symbols, ocr_symbol, s).box;
		if (i < first)
			room.left = MAX(room.left, b.x + b.w + apart);
		else
			room.right = MIN(room.right, b.x - apart);
	}
	room.left = MIN(room.left, own.x);
	room.right = MAX(room.right, own.x + own.w);
	int grow = height / 2;
	int left = MAX(room.left, f.box.x - grow);
	int right = MIN(room.right, f.box.x + f.box.w + grow);
	f.box.w = right - left;
	f.box.x = left;
	/* Above and below, the margin of cells_box() as it was before it
	 * stopped halfway to the next line: a value's accents and tone
	 * marks OCR leaves out of its glyph boxes (the ê of "Lê Lợi") need
	 * it whole; only the label or row above limits it (room.top). */
	int pad = MAX(2, (int)(0.35 * height + 0.5));
	int top = MAX(own.y - pad, MIN(room.top, own.y));
	f.box.y = top;
	f.box.h = own.y + own.h + pad - top;
	f.box = rect_pad_clip(f.box, 0, lc->page->width, lc->page->height);
	f.confidence = 0.6;
	f.checksum = -1;
	g_array_append_val(found, f);
	return true;
}

/* Appends the value of kind that line fl holds within col: its whole
 * words whose middle lies in the column, up to the first label there.
 * Returns true when anything was added. */
static bool add_in_column(const field_line *fl, column col, const char *kind,
			  GArray *found)
{
	const line_ctx *lc = &fl->lc;
	int n = (int)lc->cells->len, first = -1, last = -1;
	int stop = n;

	for (guint k = 0; k < fl->labels->len; k++) {
		const found_label *l = &g_array_index(fl->labels, found_label, k);
		int mid = l->box.x + l->box.w / 2;
		if (mid >= col.left && mid < col.right) {
			stop = l->first;
			break;
		}
	}
	for (int i = 0; i < stop;) {
		if (gap_cell(g_array_index(lc->cells, cell, i).ch)) {
			i++;
			continue;
		}
		int end = i; /* a word: to the next gap */
		while (end + 1 < stop &&
		       !gap_cell(g_array_index(lc->cells, cell, end + 1).ch))
			end++;
		idr_rect b = glyphs_box(lc, i, end);
		int mid = b.x + b.w / 2;
		if (b.w > 0 && mid >= col.left && mid < col.right) {
			first = first < 0 ? i : first;
			last = end;
		}
		i = end + 1;
	}
	return first >= 0 && add_value(lc, first, last, col, kind, found);
}

/* Returns the lines (indices) of the first row below above whose left
 * edge lies in col, starting at most max_gap below it, or NULL; *box
 * gets the row's box and *height its tallest print. */
static GArray *row_below(const field_line *lines, guint nl, idr_rect above,
			 column col, int max_gap, idr_rect *box, int *height)
{
	int best = -1, mid = above.y + above.h / 2;
	int bottom = above.y + above.h;

	for (guint j = 0; j < nl; j++) {
		const field_line *fl = &lines[j];
		if (!fl->open || fl->box.w <= 0 || fl->box.x < col.left ||
		    fl->box.x >= col.right ||
		    fl->box.y + fl->box.h / 2 <= mid ||
		    fl->box.y - bottom > max_gap || same_row(fl->box, above))
			continue;
		if (best < 0 || fl->box.y < lines[best].box.y)
			best = (int)j;
	}
	if (best < 0)
		return NULL;
	GArray *row = g_array_new(FALSE, FALSE, sizeof(guint));
	*box = (idr_rect){ 0, 0, 0, 0 };
	*height = 1;
	for (guint j = 0; j < nl; j++) {
		const field_line *fl = &lines[j];
		if (!fl->open || fl->box.w <= 0 || fl->box.x < col.left ||
		    fl->box.x >= col.right ||
		    !same_row(fl->box, lines[best].box))
			continue;
		g_array_append_val(row, j);
		*box = rect_union(*box, fl->box);
		*height = MAX(*height, fl->height);
	}
	return row;
}

/* Masks as kind, in col, up to rows rows below above: the first starting
 * at most max_gap under it, each next one at line spacing (ROW_GAP_MAX)
 * in print as tall as the value's (height, 0 when not known yet); the
 * first row with a label in the column ends the value. */
static void add_below(const field_line *lines, guint nl, idr_rect above,
		      int max_gap, int height, column col, const char *kind,
		      int rows, GArray *found)
{
	for (int r = 0; r < rows; r++) {
		idr_rect box;
		int row_height;
		GArray *row = row_below(lines, nl, above, col, max_gap, &box,
					&row_height);
		if (!row)
			return;
		/* other print: smaller (a footnote) or far taller (a
		 * barcode's bars read as a row of letters, under the address
		 * of an upside-down card) */
		bool stop = height && (row_height < SAME_PRINT * height ||
				       SAME_PRINT * row_height > height);
		for (guint k = 0; k < row->len; k++)
			stop = stop ||
			       label_in(&lines[g_array_index(row, guint, k)], col);
		/* off the label above by a quarter of its height: a
		 * tilted page's mask is the upright box of a turned one */
		col.top = above.y + above.h + above.h / 4;
		for (guint k = 0; k < row->len && !stop; k++)
			add_in_column(&lines[g_array_index(row, guint, k)], col,
				      kind, found);
		g_array_free(row, TRUE);
		if (stop)
			return;
		height = height ? height : row_height;
		above = box;
		max_gap = (int)(ROW_GAP_MAX * height);
	}
}

/* Returns the index of the line right of lab on its row, the nearest
 * starting before col.right and at most RIGHT_GAP_MAX after it, or -1. */
static int line_right(const field_line *lines, guint nl, guint li,
		      const found_label *lab, column col)
{
	int best = -1, end = lab->box.x + lab->box.w;

	for (guint j = 0; j < nl; j++) {
		const field_line *fl = &lines[j];
		if (j == li || !fl->open || fl->box.x < end ||
		    fl->box.x >= col.right || !same_row(fl->box, lab->box) ||
		    fl->box.x - end > RIGHT_GAP_MAX * lines[li].height)
			continue;
		if (best < 0 || fl->box.x < lines[best].box.x)
			best = (int)j;
	}
	return best;
}

/* Returns the last cell of a bilingual caption whose label ends at cell
 * last: after a '/' the word that follows is the caption in the other
 * language even when OCR could not read it ("Given name / 4a" for
 * "Given name / ชื่อ"); a value does not follow its label with a '/'. */
static int caption_end(const line_ctx *lc, int last, int end)
{
	int i = last + 1;

	while (i <= end && g_array_index(lc->cells, cell, i).ch == ' ')
		i++;
	if (i > end || g_array_index(lc->cells, cell, i).ch != '/')
		return last;
	i++;
	while (i <= end && g_array_index(lc->cells, cell, i).ch == ' ')
		i++;
	while (i <= end && value_char(g_array_index(lc->cells, cell, i).ch))
		i++;
	return i - 1;
}

/* Returns the number a word of digits reads as, or -1. */
static int word_number(const line_ctx *lc, int first, int last)
{
	int v = 0;

	if (last - first > 3)
		return -1;
	for (int i = first; i <= last; i++) {
		gunichar c = g_array_index(lc->cells, cell, i).ch;
		if (c < '0' || c > '9')
			return -1;
		v = 10 * v + (int)(c - '0');
	}
	return v;
}

/* Returns the day (1-31) of a word that is a date written as one: day,
 * month and year joined by '.', '/' or '-' ("12.03.1985", "12/03/85"),
 * *year getting the year as printed; 0 when it is none. */
static int word_date(const line_ctx *lc, int first, int last, int *year)
{
	int part = 0, digits = 0, v = 0, day = 0;

	for (int i = first; i <= last; i++) {
		gunichar c = g_array_index(lc->cells, cell, i).ch;
		if (c >= '0' && c <= '9') {
			if (++digits > 4)
				return 0;
			v = 10 * v + (int)(c - '0');
		} else if ((c == '.' || c == '/' || c == '-') && digits) {
			day = part++ ? day : v;
			digits = v = 0;
		} else {
			return 0;
		}
	}
	*year = v;
	return part == 2 && digits >= 2 && day >= 1 && day <= 31 ? day : 0;
}

/* Finds a date in the line in the printed forms of the target documents:
 * one word ("12.03.1985"), or a day (1-31) and a year (19xx, 20xx;
 * Buddhist era 24xx, 25xx) at most four words apart with a month of any
 * script between ("12 มี.ค. 2514", "12 Mar. 1971"). Returns its day, 0
 * when there is none; *first, *last get its cells and *year its year. */
static int find_date(const line_ctx *lc, int *first, int *last, int *year)
{
	int n = (int)lc->cells->len;
	int start[64], end[64], words = 0;

	for (int i = 0; i < n && words < 64;) {
		if (gap_cell(g_array_index(lc->cells, cell, i).ch)) {
			i++;
			continue;
		}
		start[words] = i;
		while (i + 1 < n &&
		       !gap_cell(g_array_index(lc->cells, cell, i + 1).ch))
			i++;
		end[words++] = i++;
	}
	for (int w = 0; w < words; w++) {
		int day = word_date(lc, start[w], end[w], year);
		if (day) {
			*first = start[w];
			*last = end[w];
			return day;
		}
		*year = word_number(lc, start[w], end[w]);
		int century = *year / 100;
		if (end[w] - start[w] != 3 || (century != 19 && century != 20 &&
					       century != 24 && century != 25))
			continue;
		for (int d = MAX(0, w - 5); d < w - 1; d++) {
			day = word_number(lc, start[d], end[d]);
			if (day >= 1 && day <= 31 && end[d] - start[d] < 2) {
				*first = start[d];
				*last = end[w];
				return day;
			}
		}
	}
	return 0;
}

/* Buddhist era years run 543 ahead (Thai cards print both). */
#define BE_OFFSET 543

/* Masks the date of birth on the row just above a dob label whose line
 * holds the date too, in its column, when that row holds no label and
 * its date is the same (its day, its year or the Buddhist-era year): a
 * bilingual card prints the date twice, and the first caption may be
 * read beyond knowing ("เกดวเที่ 12 มีค 2514" above "Date of Birth 12
 * Mar. 1971"). An issue date above is another day. */
static void add_date_above(const field_line *lines, guint nl, guint li,
			   const found_label *lab, column col, GArray *found)
{
	int first, last, year, best = -1, height = lines[li].height;
	int day = find_date(&lines[li].lc, &first, &last, &year);

	if (!day)
		return;
	for (guint j = 0; j < nl; j++) {
		const field_line *fl = &lines[j];
		int bottom = fl->box.y + fl->box.h;
		if (!fl->open || fl->box.w <= 0 || fl->box.x < col.left ||
		    fl->box.x >= col.right || same_row(fl->box, lab->box) ||
		    bottom > lab->box.y + lab->box.h / 2 ||
		    lab->box.y - bottom > ROW_GAP_MAX * MAX(height, fl->height))
			continue;
		if (best < 0 || bottom > lines[best].box.y + lines[best].box.h)
			best = (int)j;
	}
	for (guint j = 0; best >= 0 && j < nl; j++) {
		const field_line *fl = &lines[j];
		int f, l, y;
		if (!fl->open || fl->box.w <= 0 || fl->box.x < col.left ||
		    fl->box.x >= col.right || fl->labels->len ||
		    !same_row(fl->box, lines[best].box) ||
		    find_date(&fl->lc, &f, &l, &y) != day)
			continue;
		if (y == year || y == year + BE_OFFSET || y + BE_OFFSET == year)
			add_value(&fl->lc, f, l, col, "dob", found);
	}
}

/* Masks the value of label lab of line li (see the top of the file). */
static void add_field(const field_line *lines, guint nl, guint li,
		      guint which, GArray *found)
{
	const field_line *fl = &lines[li];
	const found_label *lab = &g_array_index(fl->labels, found_label, which);
	const field_kind *fk = lab->kind;
	const line_ctx *lc = &fl->lc;
	column col = label_column(lines, nl, li, lab);
	int n = (int)lc->cells->len;

	if (strcmp(fk->kind, "dob") == 0)
		add_date_above(lines, nl, li, lab, col, found);

	/* On its line: up to the next label or a wide gap. */
	int last = which + 1 < fl->labels->len
		? g_array_index(fl->labels, found_label, which + 1).first - 1
		: n - 1;
	for (int i = lab->last + 1; i <= last; i++)
		if (g_array_index(lc->cells, cell, i).ch == '\n') {
			last = i - 1;
			break;
		}
	int from = caption_end(lc, lab->last, last) + 1;
	if (add_value(lc, from, last, col, fk->kind, found)) {
		if (fk->continues)
			add_below(lines, nl, fl->box,
				  (int)(ROW_GAP_MAX * fl->height), fl->height,
				  col, fk->kind, fk->more_rows, found);
		return;
	}
	/* On its row, right of it: a line of its own. */
	int right = line_right(lines, nl, li, lab, col);
	if (right >= 0 && !label_in(&lines[right], col) &&
	    add_in_column(&lines[right], col, fk->kind, found)) {
		if (fk->continues)
			add_below(lines, nl, lines[right].box,
				  (int)(ROW_GAP_MAX * lines[right].height),
				  lines[right].height, col, fk->kind,
				  fk->more_rows, found);
		return;
	}
	/* Under it, in its column. */
	add_below(lines, nl, lab->box, (int)(BELOW_MAX * fl->height), 0, col,
		  fk->kind, 1 + fk->more_rows, found);
}

/* The abbreviations and words of Thai administrative divisions an
 * address is written with (Thailand Post's address format: house
 * number, หมู่ village, ซอย lane, ถนน road, ตำบล / แขวง subdistrict, อำเภอ
 * / เขต district, จังหวัด province, and their short forms ถ. ต. อ. จ.),
 * squashed as line_ctx.text is. */
static const char *const thai_address_words[] = {
	"หมู่", "ซอย", "ซ.", "ถนน", "ถ.", "ตำบล", "ต.", "แขวง", "อำเภอ",
	"อ.", "เขต", "จังหวัด", "จ.", "กรุงเทพ", NULL
};
/* Distinct such words that make a line an address. */
#define THAI_ADDRESS_WORDS 3

/* Masks, as an address, a line with no caption that reads as a Thai
 * address by its words: a Thai card's address whose caption ที่อยู่ OCR
 * read as Latin letters ("fog", "flay"), so no label led to it. The
 * value runs from its first digit (the house number; the line's first
 * word when there is none) to its end. A date's month (ต.ค.) gives one
 * such word, never three. */
static void add_thai_address(const field_line *fl, GArray *found)
{
	const line_ctx *lc = &fl->lc;
	int words = 0;
	for (const char *const *w = thai_address_words; *w; w++)
		words += strstr(lc->text, label_squashed(*w)) != NULL;
	if (words < THAI_ADDRESS_WORDS)
		return;
	int n = (int)lc->cells->len, first = 0;
	while (first < n && !g_unichar_isdigit(
				   g_array_index(lc->cells, cell, first).ch))
		first++;
	if (first == n)
		first = 0;
	column all = { 0, lc->page->width, 0 };
	add_value(lc, first, n - 1, all, "address", found);
}

void fields_find(const ocr_page *page, const kind_set *kinds,
		 const char *countries, const bool *is_mrz, GArray *found)
{
	guint nl = page->lines->len;
	bool any = false;

	for (size_t k = 0; k < G_N_ELEMENTS(field_kinds); k++)
		any = any || (field_kinds[k].kind &&
			      kind_set_has(kinds, field_kinds[k].kind));
	if (!any || !nl)
		return;
	field_line *lines = g_new0(field_line, nl);
	for (guint i = 0; i < nl; i++) {
		field_line *fl = &lines[i];
		fl->labels = g_array_new(FALSE, FALSE, sizeof(found_label));
		if (is_mrz[i])
			continue;
		line_open(&fl->lc, page, (int)i, kinds, countries);
		fl->open = true;
		fl->box = glyphs_box(&fl->lc, 0, (int)fl->lc.cells->len - 1);
		fl->height = glyph_height(&fl->lc);
		find_labels(fl);
	}
	for (guint i = 0; i < nl; i++)
		for (guint k = 0; k < lines[i].labels->len; k++) {
			const field_kind *fk =
				g_array_index(lines[i].labels, found_label, k).kind;
			if (fk->kind && kind_set_has(kinds, fk->kind))
				add_field(lines, nl, i, k, found);
		}
	for (guint i = 0; kind_set_has(kinds, "address") && i < nl; i++)
		if (lines[i].open && lines[i].labels->len == 0)
			add_thai_address(&lines[i], found);
	for (guint i = 0; i < nl; i++) {
		if (lines[i].open)
			line_close(&lines[i].lc);
		g_array_free(lines[i].labels, TRUE);
	}
	g_free(lines);
}

/* Returns true when word (squashed) is a caption of the table, whole:
 * keep_labelled_rest() (lines.c) ends a labelled number before one. */
bool is_field_caption(const char *word)
{
	for (size_t k = 0; k < G_N_ELEMENTS(field_kinds); k++)
		for (const char *const *l = field_kinds[k].labels; *l; l++)
			if (strcmp(label_squashed(*l), word) == 0)
				return true;
	return false;
}

/* Returns true when the line carries a caption of the table: a personal
 * field's or another (sex, issue date ...), read exactly (layouts.c
 * stops a label-less run at one). */
bool has_field_label(const line_ctx *lc)
{
	for (size_t k = 0; k < G_N_ELEMENTS(field_kinds); k++)
		if (has_label(lc->text, field_kinds[k].labels))
			return true;
	return false;
}
