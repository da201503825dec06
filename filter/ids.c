/* ids.c — the recognisers that turn what OCR read into findings: national
 * ID numbers, telecom identifiers, phone numbers, machine-readable zones and
 * the values of labelled personal fields.
 *
 * Interface (internal.h): kind_set_parse(), kind_set_free(), kind_set_has(),
 * kind_names(), ids_check(), ids_find().
 *
 * Identifiers are data: each kind is a row of id_kinds[] below (name,
 * country, shape, check function, plausibility test, context labels).
 * A shape is a tiny pattern over normalised characters:
 *   d        a digit          L       a letter A-Z
 *   [..]     one of the listed characters (a-b ranges allowed)
 *   {m} {m,n} repeat the token before;  |  separates alternatives
 *
 * How a line is read (recall first: a missed number is a breach):
 *  - the symbols of a line become cells; Thai and full-width digits become
 *    ASCII; each word gap becomes a space cell;
 *  - cells of letters/digits form groups; groups joined only by spaces,
 *    dashes, dots, commas or parentheses form a run (OCR adds and drops
 *    those separators, and splits numbers over words);
 *  - every span of whole groups of a run is tried against every shape,
 *    reading each character as the shape expects at that position (O->0 at
 *    a digit, 0->O at a letter, and so on); the best non-overlapping
 *    candidates are kept;
 *  - a digit run left over that is at least as long as an identifier
 *    (or nearly so, next to a label) is masked whole.
 * Check digits and plausibility only change the confidence; they never
 * decide whether something is masked — except that an IMSI, which has no
 * check at all, needs a known country code or a label.
 *
 * Findings carry tail = "" always: the report may hold at most the last two
 * characters, and holding none is the safer choice for a redaction tool.
 */
#include <string.h>

#include "internal.h"

/* ============================================================ kind sets */

/* Every kind, in bit order of kind_set. Keep kind_names() in step. */
static const char *const kind_list[] = {
	"th_id", "sg_nric", "vn_cccd", "vn_cmnd", "kr_rrn", "my_nric",
	"id_nik", "hk_id", "tw_id", "cn_ric", "jp_mynumber", "in_aadhaar",
	"ph_philsys", "imei", "imsi", "iccid", "phone", "mrz", "name", "dob",
	"address", "qr", "barcode", "pdf417", "datamatrix", "aztec", "face",
};

/* Groups accepted by kind_set_parse(); "all" is handled on its own. */
static const struct {
	const char *name;
	const char *members;
} kind_groups[] = {
	{ "ids", "th_id,sg_nric,vn_cccd,vn_cmnd,kr_rrn,my_nric,id_nik,hk_id,"
		 "tw_id,cn_ric,jp_mynumber,in_aadhaar,ph_philsys" },
	{ "telecom", "imei,imsi,iccid,phone" },
	{ "fields", "name,dob,address" },
	{ "codes", "qr,barcode,pdf417,datamatrix,aztec" },
	{ "faces", "face" },
};

struct kind_set {
	guint64 bits; /* bit i: kind_list[i] is on */
};

/* Returns the index of name in kind_list, or -1. */
static int kind_index(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(kind_list); i++)
		if (strcmp(kind_list[i], name) == 0)
			return (int)i;
	return -1;
}

/* Returns the bits of a kind or group name, 0 when the name is unknown. */
static guint64 kind_bits(const char *name)
{
	if (strcmp(name, "all") == 0)
		return (G_GUINT64_CONSTANT(1) << G_N_ELEMENTS(kind_list)) - 1;
	for (size_t i = 0; i < G_N_ELEMENTS(kind_groups); i++) {
		if (strcmp(name, kind_groups[i].name) != 0)
			continue;
		guint64 bits = 0;
		gchar **member = g_strsplit(kind_groups[i].members, ",", -1);
		for (gchar **m = member; *m; m++)
			bits |= G_GUINT64_CONSTANT(1) << kind_index(*m);
		g_strfreev(member);
		return bits;
	}
	int i = kind_index(name);
	return i < 0 ? 0 : G_GUINT64_CONSTANT(1) << i;
}

/* Returns IDR_OK with *out the set named by list (NULL: every kind), or
 * IDR_ERR_USAGE naming the first unknown name. */
idr_status kind_set_parse(const char *list, kind_set **out, idr_error *err)
{
	kind_set *set = g_new0(kind_set, 1);
	gchar **names = NULL;
	idr_status st = IDR_OK;

	*out = NULL;
	if (!list) {
		set->bits = kind_bits("all");
		goto out;
	}
	names = g_strsplit(list, ",", -1);
	for (gchar **n = names; *n; n++) {
		g_strstrip(*n);
		guint64 bits = kind_bits(*n);
		if (!bits) {
			st = idr_fail(err, IDR_ERR_USAGE,
				      "unknown kind '%s' (known: %s)", *n,
				      kind_names());
			goto out;
		}
		set->bits |= bits;
	}
	if (!set->bits)
		st = idr_fail(err, IDR_ERR_USAGE, "empty list of kinds");
out:
	g_strfreev(names);
	if (st)
		IDR_FREE(set);
	*out = set;
	return st;
}

void kind_set_free(kind_set *set)
{
	g_free(set);
}

/* Returns true when kind is on; a NULL set has every kind on. A kind not
 * in the list is kept: dropping what we cannot name would unmask it. */
bool kind_set_has(const kind_set *set, const char *kind)
{
	if (!set)
		return true;
	int i = kind_index(kind);
	return i < 0 || (set->bits >> i & 1);
}

/* Returns every name kind_set_parse() accepts (static). */
const char *kind_names(void)
{
	return "all,ids,telecom,mrz,fields,codes,faces,"
	       "th_id,sg_nric,vn_cccd,vn_cmnd,kr_rrn,my_nric,id_nik,hk_id,"
	       "tw_id,cn_ric,jp_mynumber,in_aadhaar,ph_philsys,imei,imsi,"
	       "iccid,phone,name,dob,address,qr,barcode,pdf417,datamatrix,"
	       "aztec,face";
}

/* ====================================================== check functions
 * Each takes a value already in its shape (ASCII, no separators) and
 * returns 1 when the check holds, 0 when not. */

/* Thailand: python-stdnum th.pin. Weights 13..2 over digits 1-12,
 * check = (11 - S mod 11) mod 10. 3100600445635: S = 193, 193 mod 11 = 6,
 * 11 - 6 = 5. */
static int th_id_check(const char *v)
{
	int s = 0;
	for (int i = 0; i < 12; i++)
		s += (v[i] - '0') * (13 - i);
	return (11 - s % 11) % 10 == v[12] - '0';
}

/* Singapore NRIC/FIN: GovTech FormSG shared/utils/nric-validation.ts.
 * Weights 2 7 6 5 4 3 2; T and G add 4; S/T use JZIHGFEDCBA, F/G use
 * XWUTRQPNMLK, M uses XWUTRQPNJLK at (S + 3) mod 11. 1234567: S = 106,
 * S1234567D, T1234567J, F1234567N, G1234567X, M1234567K. */
static int sg_nric_check(const char *v)
{
	static const int w[7] = { 2, 7, 6, 5, 4, 3, 2 };
	int s = 0;
	for (int i = 0; i < 7; i++)
		s += (v[i + 1] - '0') * w[i];
	switch (v[0]) {
	case 'S': return "JZIHGFEDCBA"[s % 11] == v[8];
	case 'T': return "JZIHGFEDCBA"[(s + 4) % 11] == v[8];
	case 'F': return "XWUTRQPNMLK"[s % 11] == v[8];
	case 'G': return "XWUTRQPNMLK"[(s + 4) % 11] == v[8];
	case 'M': return "XWUTRQPNJLK"[(s + 3) % 11] == v[8];
	default: return 0;
	}
}

/* ============================================================ the table */

/* Labels are compared casefolded with spaces removed. */
static const char *const th_labels[] = {
	"เลขประจำตัวประชาชน", "identificationnumber", "thainationalid",
	"idcardno", NULL
};
static const char *const sg_labels[] = {
	"nric", "fin", "identitycardno", "nricno", "finno", NULL
};

/* Shared by every national ID kind: a label that says "this is an ID". */
static const char *const generic_labels[] = {
	"idno", "idnumber", "identification", "identitycard", "cardno",
	"documentno", "personalno", NULL
};

typedef struct id_kind {
	const char *name;
	const char *country;
	const char *shape;
	int (*check)(const char *v);     /* NULL: the kind has none */
	int (*plausible)(const char *v); /* dates, region codes; NULL: none */
	const char *const *labels;
	double base;      /* confidence of the bare shape */
	bool need_plausible; /* implausible and unlabelled: not this kind */
	bool national;    /* a national ID: generic labels count for it */
} id_kind;

static const id_kind id_kinds[] = {
	{ "th_id", "TH", "d{13}", th_id_check, NULL, th_labels, 0.5,
	  false, true },
	{ "sg_nric", "SG", "[STFGM]d{7}[ABCDEFGHIJKLMNPQRTUWXZ]",
	  sg_nric_check, NULL, sg_labels, 0.55, false, true },
};

/* ================================================ shapes and confusions */

/* Returns the digit c may stand for ('0'..'9'), or 0. *confused is set
 * when c is not a digit but a letter OCR commonly reads for one. */
static char digit_for(gunichar c, bool *confused)
{
	static const struct { const char *from; char to; } confusable[] = {
		{ "OoDQ", '0' }, { "Il|i!", '1' }, { "Zz", '2' }, { "Ss", '5' },
		{ "Gb", '6' },   { "T", '7' },     { "B", '8' },  { "gq", '9' },
	};
	*confused = false;
	if (c >= '0' && c <= '9')
		return (char)c;
	for (size_t i = 0; c < 128 && i < G_N_ELEMENTS(confusable); i++)
		if (strchr(confusable[i].from, (int)c)) {
			*confused = true;
			return confusable[i].to;
		}
	return 0;
}

/* Returns the letters a digit may stand for, most likely first, or "". */
static const char *letters_for(gunichar c)
{
	static const char *const by_digit[10] = {
		"OD", "IL", "Z", "", "A", "S", "G", "T", "B", ""
	};
	return c >= '0' && c <= '9' ? by_digit[c - '0'] : "";
}

typedef struct token {
	char cls;        /* 'd', 'L' or '[' */
	const char *set; /* for '[': the characters after the bracket */
	int min, max;
} token;

/* Returns the shape text after the token at p, which is parsed into t. */
static const char *token_parse(const char *p, token *t)
{
	t->cls = *p;
	t->set = NULL;
	if (*p == '[') {
		t->set = p + 1;
		p = strchr(p, ']');
	}
	p++;
	t->min = t->max = 1;
	if (*p == '{') {
		char *end;
		t->min = t->max = (int)strtol(p + 1, &end, 10);
		if (*end == ',')
			t->max = (int)strtol(end + 1, &end, 10);
		p = end + 1;
	}
	return p;
}

/* Returns true when the set of token t holds the ASCII character c. */
static bool set_has(const token *t, char c)
{
	for (const char *s = t->set; *s != ']'; s++) {
		if (s[1] == '-' && s[2] != ']') {
			if (c >= s[0] && c <= s[2])
				return true;
			s += 2;
		} else if (*s == c) {
			return true;
		}
	}
	return false;
}

/* Returns the ASCII character c stands for at token t, or 0 when it cannot
 * stand there; *confused is set when an OCR confusion was assumed. */
static char token_accept(const token *t, gunichar c, bool *confused)
{
	char up = c < 128 ? g_ascii_toupper((char)c) : 0;
	bool is_letter = c < 128 && g_ascii_isalpha((char)c);

	*confused = false;
	if (t->cls == 'd')
		return digit_for(c, confused);
	if (t->cls == 'L') {
		if (is_letter)
			return up;
		const char *l = letters_for(c);
		*confused = *l != '\0';
		return *l;
	}
	if (up && (is_letter || g_ascii_isdigit(up)) && set_has(t, up))
		return up;
	for (const char *l = letters_for(c); *l; l++)
		if (set_has(t, *l)) {
			*confused = true;
			return *l;
		}
	char d = digit_for(c, confused);
	if (d && *confused && set_has(t, d))
		return d;
	*confused = false;
	return 0;
}

/* Returns the confusions used when s[i..n) matches the shape from p up to
 * the end of its alternative, writing the normalised text to out; -1 when
 * it does not match. */
static int match_rest(const char *p, const gunichar *s, int n, int i,
		      char *out)
{
	token t;
	int confusions = 0;

	if (*p == '\0' || *p == '|')
		return i == n ? 0 : -1;
	const char *next = token_parse(p, &t);
	for (int k = 0; k <= t.max; k++) {
		if (k >= t.min) {
			int rest = match_rest(next, s, n, i + k, out);
			if (rest >= 0)
				return confusions + rest;
		}
		if (k == t.max || i + k >= n)
			break;
		bool confused;
		char v = token_accept(&t, s[i + k], &confused);
		if (!v)
			break;
		out[i + k] = v;
		confusions += confused;
	}
	return -1;
}

/* Returns the confusions used when s[0..n) matches one alternative of
 * shape, out (n + 1 bytes) getting the normalised text; -1 on no match. */
static int shape_match(const char *shape, const gunichar *s, int n, char *out)
{
	for (const char *alt = shape; alt; alt = strchr(alt, '|')) {
		if (*alt == '|')
			alt++;
		int c = match_rest(alt, s, n, 0, out);
		if (c >= 0) {
			out[n] = '\0';
			return c;
		}
	}
	return -1;
}

/* Returns the first row named kind with a check function, or NULL. */
static const id_kind *kind_row(const char *kind)
{
	for (size_t i = 0; i < G_N_ELEMENTS(id_kinds); i++)
		if (strcmp(id_kinds[i].name, kind) == 0 && id_kinds[i].check)
			return &id_kinds[i];
	return NULL;
}

/* Returns 1 when value passes the check of kind, 0 when it fails or is
 * not in the kind's shape, -1 when the kind has no check or is unknown. */
int ids_check(const char *kind, const char *value)
{
	const id_kind *row = kind_row(kind);
	if (!row || !value)
		return -1;
	glong n;
	gunichar *s = g_utf8_to_ucs4(value, -1, NULL, &n, NULL);
	char *norm = g_malloc(n + 1);
	int verdict = 0;
	if (s && shape_match(row->shape, s, (int)n, norm) == 0 &&
	    strcmp(norm, value) == 0)
		verdict = row->check(norm);
	g_free(s);
	g_free(norm);
	return verdict;
}

/* ============================================================ reading */

/* One character of a line as read. */
typedef struct cell {
	gunichar ch; /* ASCII digits for Thai/full-width ones; ' ' word gap,
		      * '\n' a gap too wide to belong to one number */
	int sym;     /* index into page->symbols, -1 for a gap */
} cell;

/* Letters and digits after normalisation form groups. */
typedef struct group {
	int first, n; /* cells[first .. first+n-1] */
	int run;      /* groups with the same run are joined by separators */
	int digits;   /* real digits in the group */
	bool digitish; /* every cell reads as a digit, at least one is one */
} group;

/* A candidate: groups g0..g1 of one run read as kind. */
typedef struct candidate {
	const id_kind *kind;
	int g0, g1;
	int check;
	double conf, score;
} candidate;

/* Everything known about the line being read. */
typedef struct line_ctx {
	const ocr_page *page;
	const kind_set *kinds;
	GArray *cells;  /* cell */
	GArray *groups; /* group */
	char *text;     /* the line, casefolded, spaces removed */
	char *above;    /* the line before, the same way */
	bool *taken;    /* per group: already part of a finding */
	bool context[G_N_ELEMENTS(id_kinds)]; /* a label of row k is near */
} line_ctx;

/* Returns the ASCII digit for a Thai (U+0E50..) or full-width digit, or c. */
static gunichar fold_digit(gunichar c)
{
	if (c >= 0x0E50 && c <= 0x0E59) /* Unicode block Thai */
		return '0' + (c - 0x0E50);
	if (c >= 0xFF10 && c <= 0xFF19) /* Halfwidth and Fullwidth Forms */
		return '0' + (c - 0xFF10);
	return c;
}

/* Returns true for the characters a group is made of. */
static bool is_alnum_cell(gunichar c)
{
	return c < 128 && g_ascii_isalnum((char)c);
}

/* Returns true for the separators OCR adds, drops or moves inside
 * numbers: they join groups into one run. */
static bool is_joiner(gunichar c)
{
	return c == ' ' || c == '-' || c == '.' || c == ',' || c == '(' ||
	       c == ')' || c == '_' || c == 0x2010 || c == 0x2013 ||
	       c == 0x2014 || c == 0x2212;
}

/* Returns the median height of the symbols of line. */
static int line_char_height(const ocr_page *page, const ocr_line *line)
{
	GArray *h = g_array_new(FALSE, FALSE, sizeof(int));
	for (guint w = line->first; w < line->first + line->n; w++) {
		const ocr_word *word = &g_array_index(page->words, ocr_word, w);
		for (guint s = word->first; s < word->first + word->n; s++)
			g_array_append_val(h, g_array_index(page->symbols,
							    ocr_symbol, s).box.h);
	}
	int median = line->box.h;
	if (h->len) {
		int *v = (int *)(void *)h->data;
		for (guint i = 1; i < h->len; i++) /* insertion sort: short */
			for (guint j = i; j > 0 && v[j - 1] > v[j]; j--) {
				int t = v[j];
				v[j] = v[j - 1];
				v[j - 1] = t;
			}
		median = v[h->len / 2];
	}
	g_array_free(h, TRUE);
	return median;
}

/* Returns the cells of line: its characters, word gaps between words. */
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
			cell c = { gap > wide ? '\n' : ' ', -1 };
			g_array_append_val(cells, c);
		}
		for (guint s = word->first; s < word->first + word->n; s++) {
			const char *t =
				g_array_index(page->symbols, ocr_symbol, s).text;
			size_t len = strnlen(t, sizeof(((ocr_symbol *)0)->text));
			if (!g_utf8_validate(t, (gssize)len, NULL))
				continue;
			for (const char *p = t; p < t + len;
			     p = g_utf8_next_char(p)) {
				cell c = { fold_digit(g_utf8_get_char(p)),
					   (int)s };
				g_array_append_val(cells, c);
			}
		}
	}
	return cells;
}

/* Returns the groups of cells, each marked with its run. */
static GArray *line_groups(GArray *cells)
{
	GArray *groups = g_array_new(FALSE, FALSE, sizeof(group));
	int run = 0;
	bool in_group = false;

	for (guint i = 0; i < cells->len; i++) {
		gunichar c = g_array_index(cells, cell, i).ch;
		if (is_alnum_cell(c)) {
			if (!in_group) {
				group g = { (int)i, 0, run, 0, true };
				g_array_append_val(groups, g);
				in_group = true;
			}
			group *g = &g_array_index(groups, group, groups->len - 1);
			bool confused;
			g->n++;
			g->digits += g_ascii_isdigit((char)c);
			if (!digit_for(c, &confused))
				g->digitish = false;
			continue;
		}
		in_group = false;
		if (!is_joiner(c))
			run++;
	}
	for (guint i = 0; i < groups->len; i++) {
		group *g = &g_array_index(groups, group, i);
		g->digitish = g->digitish && g->digits > 0;
	}
	return groups;
}

/* Returns s casefolded and normalised (NFKC) with white space removed. */
static char *squash(const char *s)
{
	char *norm = g_utf8_normalize(s, -1, G_NORMALIZE_ALL_COMPOSE);
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

/* Returns true when one of labels occurs in text. */
static bool has_label(const char *text, const char *const *labels)
{
	for (; labels && *labels; labels++) {
		char *l = squash(*labels);
		bool found = strstr(text, l) != NULL;
		g_free(l);
		if (found)
			return true;
	}
	return false;
}

/* Returns true when the line or the one above carries a label of kind. */
static bool in_context(const line_ctx *lc, const id_kind *kind)
{
	if (has_label(lc->text, kind->labels) ||
	    has_label(lc->above, kind->labels))
		return true;
	return kind->national && (has_label(lc->text, generic_labels) ||
				  has_label(lc->above, generic_labels));
}

/* Returns the characters of groups g0..g1 (no separators) in a new array,
 * *n their count. */
static gunichar *span_chars(const line_ctx *lc, int g0, int g1, int *n)
{
	int total = 0;
	for (int g = g0; g <= g1; g++)
		total += g_array_index(lc->groups, group, g).n;
	gunichar *s = g_new(gunichar, total + 1);
	int k = 0;
	for (int g = g0; g <= g1; g++) {
		const group *gr = &g_array_index(lc->groups, group, g);
		for (int i = 0; i < gr->n; i++)
			s[k++] = g_array_index(lc->cells, cell, gr->first + i).ch;
	}
	*n = total;
	return s;
}

/* Returns the padded box of the cells first..last (inclusive) of the line. */
static idr_rect cells_box(const line_ctx *lc, int first, int last)
{
	idr_rect box = { 0, 0, 0, 0 };
	int heights[64], nh = 0;
	const ocr_page *page = lc->page;

	for (int i = first; i <= last; i++) {
		int s = g_array_index(lc->cells, cell, i).sym;
		if (s < 0)
			continue;
		idr_rect b = g_array_index(page->symbols, ocr_symbol, s).box;
		box = rect_union(box, b);
		if (nh < (int)G_N_ELEMENTS(heights))
			heights[nh++] = b.h;
	}
	for (int i = 1; i < nh; i++) /* insertion sort: a handful */
		for (int j = i; j > 0 && heights[j - 1] > heights[j]; j--) {
			int t = heights[j];
			heights[j] = heights[j - 1];
			heights[j - 1] = t;
		}
	/* Margin: 0.35 of the median character height, at least 2 px, so
	 * antialiased edges and ascenders leave nothing readable. */
	int pad = nh ? MAX(2, (int)(0.35 * heights[nh / 2] + 0.5)) : 2;
	return rect_pad_clip(box, pad, page->width, page->height);
}

/* Appends a finding covering groups g0..g1 of the line. */
static void add_finding(const line_ctx *lc, GArray *found, const char *kind,
			const char *country, int g0, int g1, double conf,
			int check)
{
	const group *a = &g_array_index(lc->groups, group, g0);
	const group *b = &g_array_index(lc->groups, group, g1);
	finding f = { 0 };

	f.kind = kind;
	f.country = country;
	f.box = cells_box(lc, a->first, b->first + b->n - 1);
	f.confidence = CLAMP(conf, 0.05, 0.99);
	f.checksum = check;
	g_array_append_val(found, f);
	for (int g = g0; g <= g1; g++)
		lc->taken[g] = true;
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

/* The longest identifier a span is tried against (TD3 lines are handled
 * elsewhere); longer spans cannot match a shape. */
#define SPAN_MAX 24

/* Appends to cands every reading of a span of whole groups as a kind. */
static void span_candidates(const line_ctx *lc, GArray *cands)
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
			char value[SPAN_MAX + 1];
			for (size_t k = 0; k < G_N_ELEMENTS(id_kinds); k++) {
				const id_kind *kind = &id_kinds[k];
				if (!kind_set_has(lc->kinds, kind->name))
					continue;
				int confusions = shape_match(kind->shape, s, n,
							     value);
				/* OCR misreads a character or two, not a
				 * quarter of a number. */
				if (confusions < 0 || confusions > MAX(1, n / 4))
					continue;
				bool context = lc->context[k];
				int plausible = kind->plausible ?
					kind->plausible(value) : -1;
				if (kind->need_plausible && plausible == 0 &&
				    !context)
					continue;
				candidate c = { kind, (int)g0, (int)g1, 0, 0, 0 };
				c.check = verdict(kind, value, s);
				c.conf = kind->base +
					 (c.check == 1 ? 0.3 : c.check == 0 ? -0.1 : 0) +
					 (plausible == 1 ? 0.1 : 0) +
					 (context ? 0.25 : 0) - 0.05 * confusions;
				/* Prefer whole numbers, then longer ones. */
				c.score = c.conf +
					  (aligned(lc, (int)g0, (int)g1) ? 0.3 : 0) +
					  0.01 * n;
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

/* Appends the best non-overlapping candidates of the line to found. */
static void keep_best(const line_ctx *lc, GArray *cands, GArray *found)
{
	g_array_sort(cands, by_score);
	for (guint i = 0; i < cands->len; i++) {
		const candidate *c = &g_array_index(cands, candidate, i);
		bool free_span = true;
		for (int g = c->g0; g <= c->g1; g++)
			free_span = free_span && !lc->taken[g];
		if (free_span)
			add_finding(lc, found, c->kind->name, c->kind->country,
				    c->g0, c->g1, c->conf, c->check);
	}
}

/* Shortest digit run masked with no shape of its own and no label: the
 * shortest national ID number (VN CMND, 9 digits). */
#define LEFTOVER_MIN 9
/* With a label on the line, OCR may have dropped up to this many digits. */
#define LEFTOVER_LABELLED_MIN 6

/* Masks digit runs no candidate took: a run at least as long as an
 * identifier is one whose separators or an extra digit confused the
 * shapes. Reported as the digit kind with a checksum-passing window, or
 * else the first digit kind whose length fits. */
static void keep_leftovers(const line_ctx *lc, GArray *found)
{
	guint ng = lc->groups->len;

	for (guint g0 = 0; g0 < ng; g0++) {
		const group *a = &g_array_index(lc->groups, group, g0);
		if (lc->taken[g0] || !a->digitish)
			continue;
		guint g1 = g0;
		while (g1 + 1 < ng) {
			const group *b = &g_array_index(lc->groups, group, g1 + 1);
			if (b->run != a->run || !b->digitish || lc->taken[g1 + 1])
				break;
			g1++;
		}
		int n;
		gunichar *s = span_chars(lc, (int)g0, (int)g1, &n);

		const id_kind *best = NULL;
		int best_check = -1;
		bool labelled = false;
		for (size_t k = 0; k < G_N_ELEMENTS(id_kinds); k++) {
			const id_kind *kind = &id_kinds[k];
			if (!kind_set_has(lc->kinds, kind->name))
				continue;
			bool context = lc->context[k];
			char value[SPAN_MAX + 1];
			for (int len = 1; len <= MIN(n, SPAN_MAX); len++)
				for (int at = 0; at + len <= n; at++) {
					if (shape_match(kind->shape, s + at, len,
							value) < 0)
						continue;
					int v = kind->check ? kind->check(value) : -1;
					if (!best || (v == 1 && best_check != 1)) {
						best = kind;
						best_check = v;
					}
				}
			if (context && !labelled && n >= LEFTOVER_LABELLED_MIN &&
			    (!best || best_check != 1)) {
				best = kind;
				best_check = kind->check ? 0 : -1;
				labelled = true;
			}
		}
		if (best && (n >= LEFTOVER_MIN || labelled))
			add_finding(lc, found, best->name, best->country,
				    (int)g0, (int)g1,
				    (labelled ? 0.45 : 0.3) +
					    (best_check == 1 ? 0.1 : 0),
				    best_check);
		g_free(s);
		g0 = g1;
	}
}

/* Finds the identifiers of line i of page. */
static void line_find(const ocr_page *page, int i, const kind_set *kinds,
		      GArray *found)
{
	const ocr_line *line = &g_array_index(page->lines, ocr_line, i);
	line_ctx lc = { .page = page, .kinds = kinds };
	GArray *cands = g_array_new(FALSE, FALSE, sizeof(candidate));

	lc.cells = line_cells(page, line);
	lc.groups = line_groups(lc.cells);
	lc.text = line_text(page, i);
	lc.above = line_text(page, i - 1);
	lc.taken = g_new0(bool, lc.groups->len + 1);
	for (size_t k = 0; k < G_N_ELEMENTS(id_kinds); k++)
		lc.context[k] = in_context(&lc, &id_kinds[k]);

	span_candidates(&lc, cands);
	keep_best(&lc, cands, found);
	keep_leftovers(&lc, found);

	g_array_free(cands, TRUE);
	g_array_free(lc.cells, TRUE);
	g_array_free(lc.groups, TRUE);
	g_free(lc.text);
	g_free(lc.above);
	g_free(lc.taken);
}

/* Appends a finding for every identifier on page. */
void ids_find(const ocr_page *page, const kind_set *kinds, GArray *found)
{
	if (!page || !page->lines)
		return;
	for (guint i = 0; i < page->lines->len; i++)
		line_find(page, (int)i, kinds, found);
}
