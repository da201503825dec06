/* check_layouts.c — tests of the document layouts (filter/text/layouts.c)
 * through ids_find(): generated card fronts of each document type whose
 * name and address lines carry no label, read as OCR hands them over —
 * any character height, any line spacing a card uses, a residual tilt
 * left by a photo, the portrait's noise beside the text, rows read twice
 * — and the same lines on pages that are not that document.
 *
 * Synthetic pages: each character is one symbol h px tall and 0.6 h
 * wide, a space separates words; a line is drawn from (x, y) on the
 * card, and the card is turned by a small angle (the view is
 * axis-aligned, the card is not quite): each symbol's box is upright
 * where its corner lands.
 *
 * The seed of a run is IDR_TEST_SEED, else drawn and printed in the
 * failure message; every case reproduces from it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "internal.h"
#include "seed.h"

Suite *layouts_suite(void); /* called by the generated runner */

/* ----------------------------------------------------- synthetic pages */

/* One line as drawn; role says what the test expects of it. */
typedef enum { KEEP, NAME, ADDRESS, OTHER } role;

typedef struct drawn {
	char *text;
	double x, y, h;
	role want;
} drawn;

typedef struct card {
	GArray *lines;  /* drawn */
	double slope;
} card;

static void card_add(card *c, double x, double y, double h, role want,
		     char *text)
{
	drawn d = { text, x, y, h, want };
	g_array_append_val(c->lines, d);
}

static void card_clear(card *c)
{
	for (guint i = 0; i < c->lines->len; i++)
		g_free(g_array_index(c->lines, drawn, i).text);
	g_array_free(c->lines, TRUE);
}

/* Returns the box of character p of line d: where its corner lands
 * once the card is turned by atan(slope) about the origin and moved
 * 200 px right and down (so it stays on the page), as big as it was. */
static idr_rect char_box(const card *c, const drawn *d, int p)
{
	double w = 0.6 * d->h, x = d->x + w * p, y = d->y;
	double t = atan(c->slope);
	return (idr_rect){ (int)(200 + x * cos(t) - y * sin(t)),
			   (int)(200 + x * sin(t) + y * cos(t)), (int)w,
			   (int)d->h };
}

static ocr_page *page_new(const card *c)
{
	ocr_page *page = g_new0(ocr_page, 1);
	int right = 0, bottom = 0;

	page->symbols = g_array_new(FALSE, TRUE, sizeof(ocr_symbol));
	page->words = g_array_new(FALSE, TRUE, sizeof(ocr_word));
	page->lines = g_array_new(FALSE, TRUE, sizeof(ocr_line));
	for (guint k = 0; k < c->lines->len; k++) {
		const drawn *d = &g_array_index(c->lines, drawn, k);
		ocr_line line = { page->words->len, 0, { 0, 0, 0, 0 } };
		ocr_word *word = NULL;
		int p = 0;
		for (const char *s = d->text; *s; s = g_utf8_next_char(s), p++) {
			if (*s == ' ') {
				word = NULL;
				continue;
			}
			if (!word) {
				ocr_word w = { page->symbols->len, 0,
					       { 0, 0, 0, 0 }, 90 };
				g_array_append_val(page->words, w);
				line.n++;
				word = &g_array_index(page->words, ocr_word,
						      page->words->len - 1);
			}
			ocr_symbol sym = { { 0 }, char_box(c, d, p), 90 };
			memcpy(sym.text, s, g_utf8_next_char(s) - s);
			g_array_append_val(page->symbols, sym);
			word->n++;
			word->box = rect_union(word->box, sym.box);
			line.box = rect_union(line.box, sym.box);
		}
		right = MAX(right, line.box.x + line.box.w);
		bottom = MAX(bottom, line.box.y + line.box.h);
		g_array_append_val(page->lines, line);
	}
	page->width = right + 40;
	page->height = bottom + 40;
	return page;
}

static void page_free(ocr_page *page)
{
	g_array_free(page->symbols, TRUE);
	g_array_free(page->words, TRUE);
	g_array_free(page->lines, TRUE);
	g_free(page);
}

static GArray *find_on(const card *c)
{
	kind_set *set = NULL;
	idr_error err = { 0 };
	ocr_page *page = page_new(c);
	GArray *found = findings_new();

	ck_assert_int_eq(kind_set_parse(NULL, &set, &err), IDR_OK);
	ids_find(page, set, found);
	kind_set_free(set);
	page_free(page);
	return found;
}

static bool is_field(const char *kind)
{
	return !strcmp(kind, "name") || !strcmp(kind, "address") ||
	       !strcmp(kind, "dob");
}

/* Returns the area of box a that b covers. */
static long shared_area(idr_rect a, idr_rect b)
{
	long w = MIN(a.x + a.w, b.x + b.w) - MAX(a.x, b.x);
	long h = MIN(a.y + a.h, b.y + b.h) - MAX(a.y, b.y);
	return w > 0 && h > 0 ? w * h : 0;
}

/* Returns true when some finding of kind (any field kind: NULL) covers
 * box whole (whole) or more than half of it (!whole). */
static bool under(GArray *found, const char *kind, idr_rect box, bool whole)
{
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		if (kind ? strcmp(f->kind, kind) != 0 : !is_field(f->kind))
			continue;
		long a = shared_area(f->box, box);
		if (whole ? a == (long)box.w * box.h : 2 * a > (long)box.w * box.h)
			return true;
	}
	return false;
}

/* Returns true when a field finding's centre lies on one of the glyphs
 * of line d: the finding was made of that line. */
static bool made_of(const card *c, const drawn *d, GArray *found)
{
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		int cx = f->box.x + f->box.w / 2, cy = f->box.y + f->box.h / 2;
		int p = 0;
		if (!is_field(f->kind))
			continue;
		for (const char *s = d->text; *s; s = g_utf8_next_char(s), p++) {
			idr_rect b = char_box(c, d, p);
			if (*s != ' ' && cx >= b.x && cx < b.x + b.w &&
			    cy >= b.y && cy < b.y + b.h)
				return true;
		}
	}
	return false;
}

/* Checks every line of c against found, glyph by glyph: each glyph of a
 * NAME or ADDRESS line lies whole under a finding of its kind, no glyph
 * of a KEEP line (title, fixed words, dates) lies half under a field
 * finding. On a steep card (steep) the upright boxes of its tilted lines
 * reach over their neighbours' ends whatever the layout does: there a
 * KEEP line only must not be what a field finding was made of. */
static void judge(const card *c, GArray *found, const char *what,
		  guint32 seed, int n, bool steep)
{
	for (guint k = 0; k < c->lines->len; k++) {
		const drawn *d = &g_array_index(c->lines, drawn, k);
		const char *kind = d->want == NAME ? "name" :
				   d->want == ADDRESS ? "address" : NULL;
		int p = 0;
		for (const char *s = d->text; *s; s = g_utf8_next_char(s), p++) {
			if (*s == ' ')
				continue;
			idr_rect b = char_box(c, d, p);
			if (kind)
				ck_assert_msg(under(found, kind, b, true),
					      "%s case %d: \"%s\" not masked "
					      "as %s at character %d (slope "
					      "%.3f); reproduce: IDR_TEST_SEED=%u"
					      " CK_RUN_SUITE=layouts", what, n,
					      d->text, kind, p, c->slope, seed);
			if (d->want == KEEP)
				ck_assert_msg(steep ? !made_of(c, d, found) :
					      !under(found, NULL, b, false),
					      "%s case %d: \"%s\" masked at "
					      "character %d (slope %.3f); "
					      "reproduce: IDR_TEST_SEED=%u "
					      "CK_RUN_SUITE=layouts", what, n,
					      d->text, p, c->slope, seed);
		}
	}
}

/* ----------------------------------------------------- generated cards */

#define CASES 60

static const char *pick(GRand *rng, const char *const *list, int n)
{
	return list[g_rand_int_range(rng, 0, n)];
}
#define PICK(rng, list) pick((rng), (list), (int)G_N_ELEMENTS(list))

/* Returns digits of a number of kind whose check holds (or that has
 * none): prefix, then random digits to length n. */
static char *valid_number(GRand *rng, const char *kind, const char *prefix,
			  int n)
{
	char *v = g_malloc0((gsize)n + 1);
	do {
		strcpy(v, prefix);
		for (int i = (int)strlen(prefix); i < n; i++)
			v[i] = (char)('0' + g_rand_int_range(rng, 0, 10));
	} while (ids_check(kind, v) == 0);
	return v;
}

/* The layout of one card being drawn: where the next line goes. */
typedef struct pen {
	GRand *rng;
	card *c;
	double x, y, h, spacing; /* spacing: centre to centre, in h */
} pen;

/* Draws text as the next line at size h (scaled by the pen's). */
static void next_line(pen *p, double size, role want, char *text)
{
	double h = p->h * size;
	card_add(p->c, p->x, p->y, h, want, text);
	p->y += p->spacing * h;
	/* OCR now and then reads a row twice (two views) */
	if (g_rand_int_range(p->rng, 0, 6) == 0) {
		drawn d = g_array_index(p->c->lines, drawn,
					p->c->lines->len - 1);
		card_add(p->c, d.x + 1, d.y + 1, d.h, want == KEEP ? KEEP : OTHER,
			 g_strdup(d.text));
	}
}

/* A new card: its pen, tilt and sizes drawn from rng. The tilt is up
 * to 3.4° either way (what a deskewed photo in perspective keeps), or
 * between 6.8° and 10° on a steep card (the most layouts.c takes). */
static pen pen_new(GRand *rng, card *c, bool steep)
{
	c->lines = g_array_new(FALSE, FALSE, sizeof(drawn));
	c->slope = steep ? (g_rand_boolean(rng) ? 1 : -1) *
			   g_rand_double_range(rng, 0.12, 0.18) :
			   g_rand_double_range(rng, -0.06, 0.06);
	pen p = { rng, c, g_rand_double_range(rng, 200, 400),
		  g_rand_double_range(rng, 40, 120),
		  g_rand_double_range(rng, 14, 40),
		  g_rand_double_range(rng, 1.8, 2.6) };
	return p;
}

/* Portrait noise: what OCR read in the portrait left of the text
 * column (on our samples), on half the rows drawn since line first. */
static void portrait_noise(pen *p, guint first)
{
	static const char *const noise[] = { "~ #", "| 4", "ศ # 7", "%", "1I" };
	for (guint k = first, n = p->c->lines->len; k < n; k++) {
		drawn d = g_array_index(p->c->lines, drawn, k);
		if (g_rand_boolean(p->rng))
			card_add(p->c, p->x - 9 * p->h, d.y, d.h, OTHER,
				 g_strdup(PICK(p->rng, noise)));
	}
}

/* Half the time: text of the page the card lies on, in the card's
 * column well above (top: the card's first line) and below it. */
static void far_text(pen *p, double top)
{
	if (g_rand_boolean(p->rng))
		return;
	card_add(p->c, p->x, top - g_rand_double_range(p->rng, 5, 8) * p->h,
		 p->h, KEEP, g_strdup("Copy for account opening only"));
	card_add(p->c, p->x, p->y + g_rand_double_range(p->rng, 4, 6) * p->h,
		 p->h, KEEP, g_strdup("Received by counter staff"));
}

static const char *const latin_given[] = {
	"NURUL", "AISHA", "RAHUL", "SITI", "AHMAD FAUZI", "MUHAMMAD HAFIZ",
	"TAN", "LIM", "WONG", "KUMAR", "DEVI", "SURAYA"
};
static const char *const latin_family[] = {
	"BINTI ABDULLAH", "BIN ISMAIL", "REYES", "A/L MUTHU", "A/P RAMASAMY",
	"AH KOW", "MEI LING", "HASSAN"
};
static const char *const my_streets[] = {
	"JALAN MAWAR", "JALAN SS 2/24", "LORONG MELUR", "JALAN TUN RAZAK",
	"PERSIARAN BUKIT"
};
static const char *const my_areas[] = {
	"TAMAN BUNGA", "KAMPUNG BARU", "TAMAN SRI MUDA", "BANDAR BARU BANGI"
};
static const char *const my_towns[] = {
	"43000 KAJANG, SELANGOR", "50450 KUALA LUMPUR",
	"81200 JOHOR BAHRU, JOHOR", "10200 PULAU PINANG"
};

/* MyKad: number, name (1-2 lines), address (2-4), citizenship, sex;
 * with the title read or not. form: the number quoted after a caption
 * with no title (a form, not a card): nothing is the card's. */
static void draw_mykad(GRand *rng, card *c, bool steep, bool title,
		       bool form)
{
	pen p = pen_new(rng, c, steep);
	static const int pb[] = { 1, 5, 10, 14, 21, 59, 71, 82 };
	char prefix[16];
	role name = form ? KEEP : NAME, address = form ? KEEP : ADDRESS;

	g_snprintf(prefix, sizeof prefix, "%02d%02d%02d%02d",
		   g_rand_int_range(rng, 40, 99), g_rand_int_range(rng, 1, 13),
		   g_rand_int_range(rng, 1, 29),
		   pb[g_rand_int_range(rng, 0, G_N_ELEMENTS(pb))]);
	char *id = valid_number(rng, "my_nric", prefix, 12);
	double first = p.y;
	if (title) {
		next_line(&p, 1.1, KEEP, g_strdup("KAD PENGENALAN MALAYSIA"));
		next_line(&p, 0.7, KEEP, g_strdup("MyKad IDENTITY CARD"));
		p.y += p.h;
	}
	guint rows = c->lines->len;
	next_line(&p, 1.3, OTHER, g_strdup_printf("%s%.6s-%.2s-%s",
		  form ? "No. KP " : "", id, id + 6, id + 8));
	g_free(id);
	next_line(&p, 1, name, g_strdup(PICK(rng, latin_given)));
	if (g_rand_boolean(rng))
		next_line(&p, 1, name, g_strdup(PICK(rng, latin_family)));
	int n = g_rand_int_range(rng, 2, 5);
	next_line(&p, 0.85, address, g_strdup_printf("NO %d %s %d",
		  g_rand_int_range(rng, 1, 300), PICK(rng, my_streets),
		  g_rand_int_range(rng, 1, 9)));
	for (int i = 1; i < n - 1; i++)
		next_line(&p, 0.85, address, g_strdup(PICK(rng, my_areas)));
	next_line(&p, 0.85, address, g_strdup(PICK(rng, my_towns)));
	next_line(&p, 0.85, KEEP, g_strdup_printf("WARGANEGARA   %s",
		  g_rand_boolean(rng) ? "LELAKI" : "PEREMPUAN"));
	if (g_rand_boolean(rng))
		next_line(&p, 0.85, KEEP, g_strdup("ISLAM"));
	portrait_noise(&p, rows);
	far_text(&p, first);
}

static const char *const kr_names[] = {
	"홍길동 (洪吉童)", "김민준 (金旻俊)", "이서연 (Lee Seo-yeon)",
	"박민준 (Park Min-jun)", "최도윤(崔道允)", "정서연 (Jung Seo-yeon)"
};
static const char *const kr_streets[] = {
	"서울특별시 강남구 테헤란로", "부산광역시 해운대구 해운대로",
	"경기도 수원시 팔달구 인계로"
};
static const char *const kr_buildings[] = {
	"(역삼동, 한빛아파트)", "(우동) 대우마리나", "(인계동)"
};
static const char *const kr_issuers[] = {
	"서울특별시 강남구청장", "수원시장", "양평군수"
};

/* Korean resident card: title, name, number, address (1-3 lines), issue
 * date and issuer; the title read, or only noise where it is. */
static void draw_kr(GRand *rng, card *c, bool steep, bool title)
{
	pen p = pen_new(rng, c, steep);
	char prefix[16];

	g_snprintf(prefix, sizeof prefix, "%02d%02d%02d%d",
		   g_rand_int_range(rng, 40, 99), g_rand_int_range(rng, 1, 13),
		   g_rand_int_range(rng, 1, 29), g_rand_int_range(rng, 1, 5));
	char *id = valid_number(rng, "kr_rrn", prefix, 13);
	double top = p.y;
	next_line(&p, 1.2, title ? KEEP : OTHER,
		  g_strdup(title ? "주민등록증" : "= ๓ |!="));
	p.y += p.h;
	next_line(&p, 1.1, NAME, g_strdup(PICK(rng, kr_names)));
	next_line(&p, 1.3, OTHER, g_strdup_printf("%.6s-%s", id, id + 6));
	g_free(id);
	next_line(&p, 0.85, ADDRESS, g_strdup_printf("%s %d길 %d",
		  PICK(rng, kr_streets), g_rand_int_range(rng, 1, 500),
		  g_rand_int_range(rng, 1, 99)));
	for (int n = g_rand_int_range(rng, 0, 3); n > 0; n--)
		next_line(&p, 0.85, ADDRESS, n == 1 ?
			  g_strdup(PICK(rng, kr_buildings)) :
			  g_strdup_printf("%d동 %d호",
					  g_rand_int_range(rng, 101, 999),
					  g_rand_int_range(rng, 101, 1999)));
	/* the issuer as printed, as OCR without Korean reads it, or on a
	 * line of its own to the right */
	static const char *const kr_issuers_read[] = {
		"HSSHA| thas", "MBSSA] Ae paar", ""
	};
	bool korean = g_rand_boolean(rng);
	next_line(&p, 0.8, KEEP, g_strdup_printf("20%02d. %d. %d.  %s",
		  g_rand_int_range(rng, 5, 25), g_rand_int_range(rng, 1, 13),
		  g_rand_int_range(rng, 1, 29), korean ? PICK(rng, kr_issuers) :
		  PICK(rng, kr_issuers_read)));
	far_text(&p, top);
}

static const char *const in_local[] = {
	"मारिया डेला क्रूज़", "राहुल शर्मा", "प्रिया देवी"
};
static const char *const in_english[] = {
	"Maria Dela Cruz", "Rahul Sharma", "Priya Devi", "Mohammed Irfan Khan"
};

/* Aadhaar: title, name (local script and/or English), DOB, sex, then
 * the number below a gap. */
static void draw_aadhaar(GRand *rng, card *c, bool steep, bool title)
{
	pen p = pen_new(rng, c, steep);
	char digit[2] = { (char)('2' + g_rand_int_range(rng, 0, 8)), 0 };
	char *id = valid_number(rng, "in_aadhaar", digit, 12);
	double first = p.y;

	if (title) {
		next_line(&p, 1.1, KEEP,
			  g_strdup("भारत सरकार Government of India"));
		p.y += p.h;
	}
	guint rows = c->lines->len;
	int names = g_rand_int_range(rng, 1, 4); /* 1 local, 2 English, 3 both */
	if (names & 1)
		next_line(&p, 1, NAME, g_strdup(PICK(rng, in_local)));
	if (names & 2)
		next_line(&p, 1, NAME, g_strdup(PICK(rng, in_english)));
	next_line(&p, 0.9, OTHER, g_strdup_printf("DOB: %02d/%02d/%d",
		  g_rand_int_range(rng, 1, 29), g_rand_int_range(rng, 1, 13),
		  g_rand_int_range(rng, 1940, 2010)));
	next_line(&p, 0.85, KEEP, g_strdup(g_rand_boolean(rng) ?
		  "पुरुष / MALE" : "महिला / FEMALE"));
	p.y += 2 * p.h;
	next_line(&p, 1.4, OTHER, g_strdup_printf("%.4s %.4s %s", id, id + 4,
		  id + 8));
	g_free(id);
	portrait_noise(&p, rows);
	far_text(&p, first);
}

static const char *const hk_chinese[] = { "陳大文", "林敏", "張偉", "黃芳" };
static const char *const hk_english[] = {
	"CHAN, Tai Man", "LIN, Min", "ZHANG, Wei", "WONG, Fang Yee"
};

/* Hong Kong card: title, Chinese name, English name, now and then the
 * Chinese commercial code, "Date of Birth" over the date, symbols, the
 * number. */
static void draw_hk(GRand *rng, card *c, bool steep, bool title)
{
	pen p = pen_new(rng, c, steep);
	char id[16];

	do { /* a letter, six digits and the check character */
		g_snprintf(id, sizeof id, "%c%06d%c",
			   'A' + g_rand_int_range(rng, 0, 26),
			   g_rand_int_range(rng, 0, 1000000),
			   "0123456789A"[g_rand_int_range(rng, 0, 11)]);
	} while (ids_check("hk_id", id) != 1);
	double first = p.y;
	next_line(&p, 1.1, title ? KEEP : OTHER, g_strdup(title ?
		  "香港永久性居民身份證" : "BAKALEBES (tee"));
	next_line(&p, 0.6, title ? KEEP : OTHER, g_strdup(title ?
		  "HONG KONG PERMANENT IDENTITY CARD" : "~"));
	p.y += p.h;
	next_line(&p, 1.1, NAME, g_strdup(PICK(rng, hk_chinese)));
	next_line(&p, 1, NAME, g_strdup(PICK(rng, hk_english)));
	if (g_rand_boolean(rng))
		next_line(&p, 0.9, NAME, g_strdup_printf("%04d %04d",
			  g_rand_int_range(rng, 0, 10000),
			  g_rand_int_range(rng, 0, 10000)));
	next_line(&p, 0.6, KEEP, g_strdup("Date of Birth"));
	next_line(&p, 0.9, OTHER, g_strdup_printf("%02d-%02d-%d",
		  g_rand_int_range(rng, 1, 29), g_rand_int_range(rng, 1, 13),
		  g_rand_int_range(rng, 1940, 2010)));
	next_line(&p, 0.9, KEEP, g_strdup("***AZ   01-15"));
	next_line(&p, 1.3, OTHER, g_strdup_printf("%.7s(%c)", id, id[7]));
	far_text(&p, first);
}

/* Chinese, Taiwanese and Japanese cards as read in their own language:
 * the name's small caption over it is not read (tesseract takes it into
 * the name's line, or drops it) or, now and then, read as a line of its
 * own; the captions of the rows under the name are read. */
typedef enum { CN, TW, JP } cjk_card;

static const char *const cjk_names[3][4] = {
	{ "李伟", "王芳", "张丽娟", "刘洋" },
	{ "黃磊", "陳美玲", "林志明", "劉偉" },
	{ "山本 太郎", "高橋 翔", "佐藤 花子", "田中 一郎" },
};

static void draw_cjk(GRand *rng, card *c, bool steep, cjk_card which,
		     bool title)
{
	static const char *const titles[3][2] = {
		{ "中华人民共和国居民身份证", "Resident Identity Card" },
		{ "中華民國國民身分證", "REPUBLIC OF CHINA (TAIWAN)" },
		{ "個人番号カード", "Individual Number Card" },
	};
	static const char *const name_caption[3] = { "姓名", "姓名", "氏名" };
	pen p = pen_new(rng, c, steep);
	int year = g_rand_int_range(rng, 1940, 2010);
	int month = g_rand_int_range(rng, 1, 13), day = g_rand_int_range(rng, 1, 29);
	double first = p.y;

	next_line(&p, 1.1, title ? KEEP : OTHER, g_strdup(title ?
		  titles[which][0] : "HE RRABER Sik"));
	next_line(&p, 0.6, KEEP, g_strdup(titles[which][1]));
	p.y += p.h;
	if (g_rand_int_range(rng, 0, 4) == 0)
		next_line(&p, 0.6, KEEP, g_strdup(name_caption[which]));
	next_line(&p, 1.2, NAME, g_strdup(cjk_names[which][
		  g_rand_int_range(rng, 0, 4)]));
	if (which == CN) {
		char *born = g_strdup_printf("%04d%02d%02d", year, month, day);
		char *prefix = g_strconcat("110101", born, NULL);
		if (g_rand_boolean(rng))
			next_line(&p, 0.6, KEEP, g_strdup("性别 男 民族 汉"));
		next_line(&p, 0.6, KEEP, g_strdup("出生"));
		next_line(&p, 0.9, OTHER, g_strdup_printf("%d年%d月%d日", year,
			  month, day));
		next_line(&p, 0.6, KEEP, g_strdup("住址"));
		next_line(&p, 0.8, OTHER, g_strdup_printf(
			  "北京市朝阳区建国路%d号", g_rand_int_range(rng, 1, 200)));
		next_line(&p, 0.6, KEEP, g_strdup("公民身份号码"));
		next_line(&p, 1.1, OTHER, valid_number(rng, "cn_ric", prefix, 18));
		g_free(prefix);
		g_free(born);
	} else if (which == TW) {
		char letter[3] = { (char)('A' + g_rand_int_range(rng, 0, 26)),
				   g_rand_boolean(rng) ? '1' : '2', 0 };
		next_line(&p, 0.6, KEEP, g_strdup("出生年月日"));
		next_line(&p, 0.9, OTHER, g_strdup_printf("民國%d年%d月%d日",
			  year - 1911, month, day));
		next_line(&p, 0.6, KEEP, g_strdup("性別"));
		next_line(&p, 0.9, OTHER, g_strdup("男"));
		next_line(&p, 0.6, KEEP, g_strdup("統一編號"));
		next_line(&p, 1.1, OTHER, valid_number(rng, "tw_id", letter, 10));
	} else {
		char *n = valid_number(rng, "jp_mynumber", "5", 12);
		next_line(&p, 0.6, KEEP, g_strdup("住所"));
		next_line(&p, 0.8, OTHER, g_strdup_printf(
			  "東京都千代田区霞が関%d丁目%d番",
			  g_rand_int_range(rng, 1, 4), g_rand_int_range(rng, 1, 10)));
		next_line(&p, 0.6, KEEP, g_strdup("生年月日"));
		next_line(&p, 0.9, OTHER, g_strdup_printf("%d年%d月%d日生", year,
			  month, day));
		next_line(&p, 0.6, KEEP, g_strdup("個人番号"));
		next_line(&p, 1.1, OTHER, g_strdup_printf("%.4s %.4s %.4s", n,
			  n + 4, n + 8));
		g_free(n);
	}
	far_text(&p, first);
}

/* A page that says it is another country's card, on which a number of a
 * layout's kind stands alone on a line (th_card_01: its Thai title
 * re-read in English made an hk_id): the layout is not taken, and the
 * rows over the birth date stay. */
static void draw_other_country(GRand *rng, card *c, bool steep)
{
	pen p = pen_new(rng, c, steep);
	char id[16];
	double first = p.y;

	do {
		g_snprintf(id, sizeof id, "%c%06d%c",
			   'A' + g_rand_int_range(rng, 0, 26),
			   g_rand_int_range(rng, 0, 1000000),
			   "0123456789A"[g_rand_int_range(rng, 0, 11)]);
	} while (ids_check("hk_id", id) != 1);
	next_line(&p, 1.1, KEEP, g_strdup("บัตรประจำตัวประชาชน"));
	next_line(&p, 1.1, OTHER, g_strdup_printf("%.7s(%c)", id, id[7]));
	next_line(&p, 0.8, KEEP, g_strdup("Thai National ID Card"));
	next_line(&p, 0.9, KEEP, g_strdup("สำนักทะเบียนกลาง"));
	next_line(&p, 0.9, KEEP, g_strdup("กรมการปกครอง"));
	next_line(&p, 0.9, OTHER, g_strdup_printf("Date of Birth %d Apr. %d",
		  g_rand_int_range(rng, 1, 29), g_rand_int_range(rng, 1940, 2010)));
	far_text(&p, first);
}

/* The classes: a document type with its title read or not, pages that
 * quote the number without being the card, and another country's card
 * with such a number read on it. */
typedef enum {
	MYKAD, MYKAD_UNTITLED, MYKAD_FORM, KR, KR_UNTITLED, AADHAAR,
	AADHAAR_UNTITLED, HK, HK_UNTITLED, CN_CARD, CN_UNTITLED, TW_CARD,
	TW_UNTITLED, JP_CARD, JP_UNTITLED, OTHER_COUNTRY, N_CLASSES
} card_class;

static const char *const class_names[] = {
	"mykad", "mykad, title unread", "mykad number on a form",
	"kr resident card", "kr, title unread", "aadhaar",
	"aadhaar, title unread", "hk card", "hk card, title unread",
	"cn resident card", "cn, title unread", "tw card",
	"tw, title unread", "jp number card", "jp, title unread",
	"hk number on a thai card"
};

static void draw(GRand *rng, card_class k, bool steep, card *c)
{
	switch (k) {
	case MYKAD: draw_mykad(rng, c, steep, true, false); break;
	case MYKAD_UNTITLED: draw_mykad(rng, c, steep, false, false); break;
	case MYKAD_FORM: draw_mykad(rng, c, steep, false, true); break;
	case KR: draw_kr(rng, c, steep, true); break;
	case KR_UNTITLED: draw_kr(rng, c, steep, false); break;
	case AADHAAR: draw_aadhaar(rng, c, steep, true); break;
	case AADHAAR_UNTITLED: draw_aadhaar(rng, c, steep, false); break;
	case HK: draw_hk(rng, c, steep, true); break;
	case HK_UNTITLED: draw_hk(rng, c, steep, false); break;
	case CN_CARD: draw_cjk(rng, c, steep, CN, true); break;
	case CN_UNTITLED: draw_cjk(rng, c, steep, CN, false); break;
	case TW_CARD: draw_cjk(rng, c, steep, TW, true); break;
	case TW_UNTITLED: draw_cjk(rng, c, steep, TW, false); break;
	case JP_CARD: draw_cjk(rng, c, steep, JP, true); break;
	case JP_UNTITLED: draw_cjk(rng, c, steep, JP, false); break;
	default: draw_other_country(rng, c, steep); break;
	}
}

/* CASES cards of class k: every name and address line masked whole as
 * its kind, no title, fixed word or issue date touched. */
static void run_class(card_class k, bool steep)
{
	guint32 seed = class_seed();
	GRand *rng = g_rand_new_with_seed(seed + (guint32)k);

	for (int n = 0; n < CASES; n++) {
		card c;
		draw(rng, k, steep, &c);
		GArray *found = find_on(&c);
		judge(&c, found, class_names[k], seed, n, steep);
		g_array_free(found, TRUE);
		card_clear(&c);
	}
	g_rand_free(rng);
}

START_TEST(test_layout_class)
{
	run_class((card_class)_i, false);
}
END_TEST

/* The same classes on steep cards: the rows are told apart across the
 * tilt (the anchor line's slope), not along the page's y. */
START_TEST(test_layout_class_steep)
{
	run_class((card_class)_i, true);
}
END_TEST

Suite *layouts_suite(void)
{
	Suite *s = suite_create("layouts");
	TCase *tc = tcase_create("generated cards");
	tcase_add_loop_test(tc, test_layout_class, 0, N_CLASSES);
	tcase_add_loop_test(tc, test_layout_class_steep, 0, N_CLASSES);
	tcase_set_timeout(tc, 60); /* a second a class alone; the machine is shared */
	suite_add_tcase(s, tc);
	return s;
}
