/* layouts.c — personal lines found by where they sit on a document type
 * the page is recognised as, with no label beside them: a MyKad prints
 * the holder's name and address under the number, a Korean resident
 * registration card the name between the title and the number and the
 * address under the number, an Aadhaar or a Hong Kong card the names
 * over the date of birth; the names of Chinese, Taiwanese and Japanese
 * cards over the caption of the row under them.
 *
 * A document type is one row of doc_layouts[]: the identifier kind that
 * anchors it (and the kinds its number may be mistaken for), the title
 * words that name it, the fixed words it prints
 * (which end every run and are never masked), and up to three runs of
 * lines, each starting at an anchor (the identifier's line, a line with
 * given words, or where the run before it ended) and going up or down
 * the page for at most so many rows. A run stops at a label, a title, a
 * fixed word, a line that opens with a date (issue and expiry dates stay
 * readable), or a gap wider than its limit.
 *
 * Positions are measured in character heights and across the page's
 * residual tilt (the median slope of its long lines), so a photo in
 * perspective lays out as a scan does. Only lines that overlap
 * the anchor's column count: the portrait beside the text is not a row.
 *
 * Interface (ids.h): layouts_find().
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text/ids.h"

/* Where a run starts. */
typedef enum {
	FROM_ID,       /* the identifier's line */
	FROM_WORDS,    /* the first line holding one of the run's words */
	FROM_PREVIOUS  /* the last row the run before it took (or its start) */
} run_start;

/* One run of personal lines. */
typedef struct layout_run {
	const char *kind;         /* NULL: the row has no more runs */
	run_start from;
	const char *const *words; /* FROM_WORDS */
	int dir;                  /* +1 the rows below, -1 those above */
	int max_rows;
	double max_gap;           /* centre to centre, in character heights */
	bool no_digits;           /* a row with a digit ends the run (names) */
} layout_run;

/* One document type. */
typedef struct doc_layout {
	const char *doc;
	const char *id_kind;      /* the kind of its number */
	const char *const *alike; /* kinds its number may be read as too: the
				   * same digits, another country's check or
				   * plausibility passing by chance */
	const char *const *titles;
	const char *const *fixed; /* printed on every card: end runs */
	layout_run runs[3];
} doc_layout;

/* ------------------------------------------------------------- the table */

/* MyKad, front. Jabatan Pendaftaran Negara's public description and
 * specimen of the MyKad (jpn.gov.my, "MyKad"): under the card title the
 * identity card number, then with no captions the holder's name (one or
 * two lines) and address (up to four lines), then citizenship
 * (WARGANEGARA), sex (LELAKI / PEREMPUAN) and, for Muslims, ISLAM. */
static const char *const my_titles[] = {
	"kadpengenalan", "mykad", "identitycard", NULL
};
static const char *const my_alike[] = {
	"in_aadhaar", "vn_cccd", "jp_mynumber", NULL
};
static const char *const my_fixed[] = {
	"warganegara", "lelaki", "perempuan", "islam", NULL
};

/* Korean resident registration card (주민등록증), front. The form in the
 * Enforcement Rules of the Resident Registration Act (주민등록법
 * 시행규칙, 별지 제30호서식) and the Ministry of the Interior and
 * Safety's specimen: title, the name on one line (hanja in brackets),
 * the registration number, the address (one to three lines), the issue
 * date and the issuing head of the si/gun/gu (…구청장, …시장, …군수). */
static const char *const kr_titles[] = {
	"주민등록증", "residentregistration", NULL
};
static const char *const kr_alike[] = { "th_id", NULL };
static const char *const kr_fixed[] = {
	"청장", "시장", "군수", NULL
};

/* Aadhaar letter and card, front. UIDAI's sample Aadhaar (uidai.gov.in,
 * "About your Aadhaar"): under "भारत सरकार / Government of India" the
 * name (in the local script and in English) over the date of birth
 * (labelled DOB / जन्म तिथि, or Year of Birth) and sex; the number below
 * them. The name carries no label: it is the line(s) over the DOB. */
static const char *const in_titles[] = {
	"governmentofindia", "भारतसरकार", "aadhaar", "आधार", NULL
};
static const char *const in_dob_words[] = {
	"dob", "yearofbirth", "dateofbirth", "जन्मतिथि", NULL
};
static const char *const in_alike[] = {
	"jp_mynumber", "my_nric", "vn_cccd", NULL
};
static const char *const in_fixed[] = {
	"male", "female", "पुरुष", "महिला", NULL
};

/* Hong Kong smart identity card, front. The Immigration Department's
 * description of the card face (immd.gov.hk, "Smart Identity Card"):
 * under the title the holder's Chinese name, English name and Chinese
 * commercial code, with no captions, over the date of birth (captioned
 * "Date of Birth"), sex, symbols, dates of registration and issue and
 * the number. The names are the rows over the date of birth. */
static const char *const hk_titles[] = {
	"香港永久性居民身份證", "香港居民身份證", "hongkongpermanentidentitycard",
	"hongkongidentitycard", NULL
};
static const char *const hk_dob_words[] = {
	"dateofbirth", "出生日期", NULL
};

/* Cards whose name caption is printed small over or beside a name
 * printed large: OCR reads the name, or the two as one line, but not
 * the caption (measured on the samples' chi_sim, chi_tra and jpn
 * readings: "李伟" with no "姓名", "山本 太郎" with no "氏名"). The
 * name is the top row of the card face, over the row captioned with
 * the next field, and that caption is read; the run goes up from it.
 *
 * PRC resident identity card, second generation (GB 19104; the Ministry
 * of Public Security's description of the card face): 姓名, then 性别
 * and 民族 on one row, 出生, 住址, 公民身份号码. */
static const char *const cn_titles[] = {
	"中华人民共和国居民身份证", "居民身份证", "residentidentitycard", NULL
};
static const char *const cn_under_name[] = { "性别", "民族", "出生", NULL };

/* ROC (Taiwan) national identification card (國民身分證), front, as
 * the Ministry of the Interior's Department of Household Registration
 * describes it: 姓名, then 出生年月日, 性別, 統一編號 and the issue
 * date. */
static const char *const tw_titles[] = {
	"中華民國國民身分證", "國民身分證", NULL
};
static const char *const tw_under_name[] = { "出生年月日", "出生", NULL };

/* Japan's Individual Number Card (個人番号カード), front, as J-LIS
 * (Japan Agency for Local Authority Information Systems) shows it:
 * 氏名, then 住所, 生年月日 and sex. */
static const char *const jp_titles[] = {
	"個人番号カード", "individualnumbercard", NULL
};
static const char *const jp_under_name[] = { "住所", "生年月日", NULL };

static const doc_layout doc_layouts[] = {
	{ "my_mykad", "my_nric", my_alike, my_titles, my_fixed, {
		{ "name", FROM_ID, NULL, +1, 2, 3.5, true },
		{ "address", FROM_PREVIOUS, NULL, +1, 4, 3.5, false },
	} },
	{ "kr_rrn_card", "kr_rrn", kr_alike, kr_titles, kr_fixed, {
		{ "name", FROM_ID, NULL, -1, 1, 3.5, false },
		{ "address", FROM_ID, NULL, +1, 3, 3.5, false },
	} },
	{ "in_aadhaar_card", "in_aadhaar", in_alike, in_titles, in_fixed, {
		{ "name", FROM_WORDS, in_dob_words, -1, 2, 3.5, false },
	} },
	{ "hk_id_card", "hk_id", NULL, hk_titles, NULL, {
		{ "name", FROM_WORDS, hk_dob_words, -1, 3, 3.5, false },
	} },
	{ "cn_ric_card", "cn_ric", NULL, cn_titles, NULL, {
		{ "name", FROM_WORDS, cn_under_name, -1, 1, 3.5, true },
	} },
	{ "tw_id_card", "tw_id", NULL, tw_titles, NULL, {
		{ "name", FROM_WORDS, tw_under_name, -1, 1, 3.5, true },
	} },
	{ "jp_mynumber_card", "jp_mynumber", NULL, jp_titles, NULL, {
		{ "name", FROM_WORDS, jp_under_name, -1, 1, 3.5, true },
	} },
};

/* ------------------------------------------------------- the page placed */

/* A line of the page as the runs measure it: across the residual tilt,
 * u along the lines and v across them, in pixels. */
typedef struct placed {
	double u0, u1; /* extent along the line */
	double v;      /* centre across */
	double h;      /* median character height */
	char *text;    /* squashed (see squash()) */
	bool label;    /* carries a field label */
} placed;

/* Everything a run reads. */
typedef struct page_places {
	const ocr_page *page;
	const kind_set *kinds;
	const char *countries;
	placed *lines;
	guint n;
} page_places;

static gint by_value(gconstpointer a, gconstpointer b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Returns true when line is long enough (four character heights h
 * between its first and last symbols) to tell its slope (dy/dx, from
 * those symbols' centres), put in *slope. */
static bool line_slope(const ocr_page *page, const ocr_line *line, double h,
		       double *slope)
{
	if (!line->n)
		return false;
	const ocr_word *w0 = &g_array_index(page->words, ocr_word, line->first);
	const ocr_word *w1 = &g_array_index(page->words, ocr_word,
					    line->first + line->n - 1);
	if (!w0->n || !w1->n)
		return false;
	idr_rect a = g_array_index(page->symbols, ocr_symbol, w0->first).box;
	idr_rect z = g_array_index(page->symbols, ocr_symbol,
				   w1->first + w1->n - 1).box;
	double dx = (z.x + z.w / 2.0) - (a.x + a.w / 2.0);
	double dy = (z.y + z.h / 2.0) - (a.y + a.h / 2.0);
	if (dx < 4 * h)
		return false;
	*slope = dy / dx;
	return true;
}

/* Returns the page's residual tilt: the median slope of its lines long
 * enough to tell, bounded to 10 degrees (the view was deskewed, what is
 * left is perspective); 0 when no line tells. */
static double page_slope(const page_places *pp)
{
	GArray *slopes = g_array_new(FALSE, FALSE, sizeof(double));
	double median = 0;

	for (guint i = 0; i < pp->n; i++) {
		double s;
		if (line_slope(pp->page, &g_array_index(pp->page->lines,
							ocr_line, i),
			       pp->lines[i].h, &s))
			g_array_append_val(slopes, s);
	}
	if (slopes->len) {
		g_array_sort(slopes, by_value);
		median = g_array_index(slopes, double, slopes->len / 2);
	}
	g_array_free(slopes, TRUE);
	return CLAMP(median, -0.18, 0.18); /* tan 10° */
}

/* Places every line of pp->page across slope. */
static void place_lines(page_places *pp, double slope)
{
	for (guint i = 0; i < pp->n; i++) {
		const ocr_line *l = &g_array_index(pp->page->lines, ocr_line, i);
		double cx = l->box.x + l->box.w / 2.0;
		double cy = l->box.y + l->box.h / 2.0;
		placed *p = &pp->lines[i];
		/* a turn by -atan(slope), small enough to take linearly */
		p->v = cy - slope * cx;
		p->u0 = l->box.x + slope * cy;
		p->u1 = l->box.x + l->box.w + slope * cy;
	}
}

/* Returns the index of the line whose box shares the most area with box,
 * or -1. */
static int line_under(const ocr_page *page, idr_rect box)
{
	int best = -1;
	long most = 0;

	for (guint i = 0; i < page->lines->len; i++) {
		idr_rect b = g_array_index(page->lines, ocr_line, i).box;
		long w = MIN(b.x + b.w, box.x + box.w) - MAX(b.x, box.x);
		long h = MIN(b.y + b.h, box.y + box.h) - MAX(b.y, box.y);
		if (w > 0 && h > 0 && w * h > most) {
			most = w * h;
			best = (int)i;
		}
	}
	return best;
}

/* Returns true when line holds nothing but what box covers (one stray
 * mark allowed): the number printed alone on its line, as the card
 * prints it, not quoted inside a form's sentence. */
static bool alone_on_line(const ocr_page *page, int line, idr_rect box)
{
	const ocr_line *l = &g_array_index(page->lines, ocr_line, line);
	int outside = 0;

	for (guint w = l->first; w < l->first + l->n; w++) {
		const ocr_word *word = &g_array_index(page->words, ocr_word, w);
		for (guint s = word->first; s < word->first + word->n; s++) {
			idr_rect b = g_array_index(page->symbols, ocr_symbol,
						   s).box;
			int cx = b.x + b.w / 2, cy = b.y + b.h / 2;
			if (cx < box.x || cx >= box.x + box.w || cy < box.y ||
			    cy >= box.y + box.h)
				outside++;
		}
	}
	return outside <= 1;
}

/* Returns true when text (squashed) opens with a date: "2016. 3. 2.",
 * "12.03.2016", "2016-03-02". Issue and expiry dates are not personal
 * and the reviewer needs them; a run never takes or passes one. */
static bool opens_with_date(const char *text)
{
	static GRegex *date;

	if (g_once_init_enter(&date)) {
		GRegex *re = g_regex_new(
			"^((19|20)\\d\\d[./\\-년]|\\d{1,2}[./\\-]\\d{1,2}[./\\-]\\d)",
			G_REGEX_OPTIMIZE, 0, NULL);
		g_once_init_leave(&date, re);
	}
	return g_regex_match(date, text, 0, NULL);
}

/* Returns true when the line ends every run of layout: a label, the
 * title, a word the card prints for everyone, or a date. */
static bool ends_runs(const doc_layout *layout, const placed *p)
{
	return p->label || has_label(p->text, layout->titles) ||
	       has_label(p->text, layout->fixed) || opens_with_date(p->text);
}

/* Returns true when text holds an ASCII or other decimal digit. */
static bool has_digit(const char *text)
{
	for (const char *c = text; *c; c = g_utf8_next_char(c))
		if (g_unichar_isdigit(g_utf8_get_char(c)))
			return true;
	return false;
}

/* Appends a finding of kind over the whole of line i. */
static void mask_line(const page_places *pp, int i, const char *kind,
		      GArray *found)
{
	line_ctx lc;

	line_open(&lc, pp->page, i, pp->kinds, pp->countries);
	if (lc.cells->len) {
		finding f = { 0 };
		f.kind = kind;
		f.country = "";
		f.box = cells_box(&lc, 0, (int)lc.cells->len - 1);
		f.confidence = 0.4;
		f.checksum = -1;
		g_array_append_val(found, f);
	}
	line_close(&lc);
}

/* Orders line indices by how far they lie from the anchor along the
 * run's direction (a GCompareDataFunc over the placed lines and dir). */
typedef struct run_order {
	const placed *lines;
	int dir;
} run_order;

static gint by_distance(gconstpointer a, gconstpointer b, gpointer data)
{
	const run_order *o = data;
	double va = o->dir * o->lines[*(const int *)a].v;
	double vb = o->dir * o->lines[*(const int *)b].v;
	return (va > vb) - (va < vb);
}

/* Walks run from the line anchor (its column u0..u1, across at v0, unit
 * h): masks the lines of each row it takes. Returns where the last row
 * it took lies across (v0 when none), for a run that goes on from it. */
static double walk_run(const page_places *pp, const doc_layout *layout,
		       const layout_run *run, int anchor,
		       double v0, GArray *found)
{
	const placed *a = &pp->lines[anchor];
	double h = a->h, last = v0;
	GArray *near = g_array_new(FALSE, FALSE, sizeof(int));

	/* the lines of the anchor's column on the run's side of it */
	for (guint i = 0; i < pp->n; i++) {
		const placed *p = &pp->lines[i];
		/* the column reaches a character height past the anchor's
		 * ends: an anchor of two characters (a caption "住所") is
		 * about as wide as the jitter of a tilted card's line ends */
		double overlap = MIN(p->u1, a->u1 + h) - MAX(p->u0, a->u0 - h);
		/* a short line (a three-letter name) needs only half its
		 * width under the column */
		if ((int)i == anchor ||
		    overlap < MIN(h, 0.5 * (p->u1 - p->u0)) ||
		    run->dir * (p->v - v0) < 0.5 * h)
			continue;
		int k = (int)i;
		g_array_append_val(near, k);
	}
	run_order order = { pp->lines, run->dir };
	g_array_sort_with_data(near, by_distance, &order);

	/* rows: lines within half a character height across of the row's
	 * first line (OCR reads a row twice, or in pieces); gaps measured
	 * in the taller of the two rows' character heights (a caption is
	 * small, the name over it large) */
	int rows = 0;
	double last_h = h;
	for (guint i = 0; i < near->len && rows < run->max_rows;) {
		const placed *first = &pp->lines[g_array_index(near, int, i)];
		double v = first->v, row_h = first->h;
		guint end = i + 1;
		while (end < near->len &&
		       fabs(pp->lines[g_array_index(near, int, end)].v - v) <=
			       0.5 * first->h) {
			row_h = MAX(row_h,
				    pp->lines[g_array_index(near, int, end)].h);
			end++;
		}
		if (fabs(v - last) > run->max_gap * MAX(last_h, row_h))
			break;
		bool stop = false, digit = false;
		for (guint j = i; j < end; j++) {
			int k = g_array_index(near, int, j);
			stop = stop || ends_runs(layout, &pp->lines[k]);
			digit = digit || has_digit(pp->lines[k].text);
		}
		if (stop || (run->no_digits && digit))
			break;
		for (guint j = i; j < end; j++)
			mask_line(pp, g_array_index(near, int, j), run->kind,
				  found);
		last = v;
		last_h = row_h;
		rows++;
		i = end;
	}
	g_array_free(near, TRUE);
	return last;
}

/* Returns the first line holding one of words, or -1. */
static int line_with(const page_places *pp, const char *const *words)
{
	for (guint i = 0; i < pp->n; i++)
		if (has_label(pp->lines[i].text, words))
			return (int)i;
	return -1;
}

/* Returns true when word is one of list. */
static bool in_list(const char *const *list, const char *word)
{
	for (; list && *list; list++)
		if (strcmp(*list, word) == 0)
			return true;
	return false;
}

/* Returns true when the page names countries (countries, from
 * page_countries()) and not the one whose identifier kind is kind: a
 * page headed "บัตรประจำตัวประชาชน" is a Thai card, whatever number a
 * misread of its title looks like (a Thai title re-read in English made
 * an hk_id standing alone on its line, and the Hong Kong layout then
 * masked the Thai birth-date row, caption and all, as a name). */
static bool names_other_country(const char *countries, const char *kind)
{
	for (size_t i = 0; i < id_kinds_n; i++)
		if (strcmp(id_kinds[i].name, kind) == 0)
			return country_context(&id_kinds[i], countries) < 0;
	return false;
}

/* Reads the page as layout with the identifier finding id. */
static void read_layout(page_places *pp, const doc_layout *layout,
			const finding *id, GArray *found)
{
	const ocr_page *page = pp->page;
	int id_line = line_under(page, id->box);

	if (id_line < 0)
		return;
	/* Recognised: the title was read (titles are often printed over a
	 * pattern OCR cannot read), or the number stands alone on its line
	 * as the card prints it and either is of the card's own kind or a
	 * word the card prints for everyone was read, on a page that does
	 * not say it is another country's. */
	if (line_with(pp, layout->titles) < 0 &&
	    !(alone_on_line(page, id_line, id->box) &&
	      (strcmp(id->kind, layout->id_kind) == 0 ||
	       line_with(pp, layout->fixed) >= 0) &&
	      !names_other_country(pp->countries, layout->id_kind)))
		return;
	place_lines(pp, page_slope(pp));

	int anchor = id_line;
	double v = pp->lines[id_line].v;
	for (size_t r = 0; r < G_N_ELEMENTS(layout->runs); r++) {
		const layout_run *run = &layout->runs[r];
		if (!run->kind)
			break;
		if (run->from == FROM_ID) {
			anchor = id_line;
			v = pp->lines[id_line].v;
		} else if (run->from == FROM_WORDS) {
			anchor = line_with(pp, run->words);
			if (anchor < 0)
				continue;
			v = pp->lines[anchor].v;
		}
		if (!kind_set_has(pp->kinds, run->kind))
			continue;
		v = walk_run(pp, layout, run, anchor, v, found);
	}
}

/* Masks the personal lines of every document type the page is
 * recognised as (see the table above). found: the findings so far, which
 * the identifier anchors are taken from; new ones are appended. */
void layouts_find(const ocr_page *page, const kind_set *kinds,
		  const char *countries, GArray *found)
{
	page_places pp = { page, kinds, countries, NULL, page->lines->len };
	guint had = found->len;

	pp.lines = g_new0(placed, pp.n);
	for (guint i = 0; i < pp.n; i++) {
		const ocr_line *l = &g_array_index(page->lines, ocr_line, i);
		line_ctx lc;
		line_open(&lc, page, (int)i, kinds, countries);
		pp.lines[i].text = g_strdup(lc.text);
		pp.lines[i].label = has_field_label(&lc);
		pp.lines[i].h = MAX(1, line_char_height(page, l));
		line_close(&lc);
	}
	for (size_t d = 0; d < G_N_ELEMENTS(doc_layouts); d++) {
		const doc_layout *layout = &doc_layouts[d];
		/* the number: of the card's own kind before one alike, alone
		 * on its line before one in a line of other text (a false
		 * reading of the symbols line) */
		int best = -1, best_score = -1;
		for (guint f = 0; f < had; f++) {
			const finding *id = &g_array_index(found, finding, f);
			bool own = strcmp(id->kind, layout->id_kind) == 0;
			if (!own && !in_list(layout->alike, id->kind))
				continue;
			int line = line_under(page, id->box);
			int score = 2 * own + (line >= 0 &&
					       alone_on_line(page, line, id->box));
			if (score > best_score) {
				best = (int)f;
				best_score = score;
			}
		}
		if (best >= 0) {
			/* a copy: read_layout() appends to found */
			finding id = g_array_index(found, finding, best);
			read_layout(&pp, layout, &id, found);
		}
	}
	for (guint i = 0; i < pp.n; i++)
		g_free(pp.lines[i].text);
	g_free(pp.lines);
}
