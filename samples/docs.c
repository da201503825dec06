/* docs.c — one template per synthetic document (interface in gen.h).
 *
 * A template draws a fake person's document at the variant's resolution
 * and records every identifier, face, code and personal field as a
 * ground-truth item. Layouts imitate the published specimens of each card
 * (positions of number, name, portrait and ghost portrait) without
 * copying their artwork: plain gradients stand in for guilloche patterns.
 * Cards are ID-1 size, 85.6 x 54 mm (ISO/IEC 7810); the passport page is
 * ID-3, 125 x 88 mm (ICAO 9303 part 4).
 */
#include <math.h>
#include <string.h>

#include <zint.h>

#include "gen.h"

#define CARD_W 85.6
#define CARD_H 54.0

/* Abort a template on a vips failure: every template has a doc *d and an
 * out: label that frees it and returns NULL when ok is false. */
#define TRY(expr) do { if ((expr) != 0) goto fail; } while (0)

static const rgb INK = { 20, 24, 40 };
static const rgb LABEL = { 70, 75, 100 };
static const rgb BLACK = { 0, 0, 0 };

/* Font choices; a variant's font_set picks one of each list. */
static const char *const latin_fonts[] = {
	"DejaVu Sans", "Noto Sans", "DejaVu Serif", "Noto Serif",
};
static const char *const latin_bold[] = {
	"DejaVu Sans Bold", "Noto Sans Bold", "DejaVu Serif Bold",
	"Noto Serif Bold",
};
static const char *const thai_fonts[] = {
	"Loma", "Garuda", "Norasi", "Noto Sans Thai",
};
static const char *const thai_bold[] = {
	"Loma Bold", "Garuda Bold", "Norasi Bold", "Noto Sans Thai Bold",
};

#define FONT(list, v) ((list)[(v)->font_set % G_N_ELEMENTS(list)])

/* Font size scaled by the variant. */
static double pt(const variant *v, double size)
{
	return size * (v->text_scale > 0 ? v->text_scale : 1);
}

static const char *const en_months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec",
};

/* Draw text; with a kind, record it as an item whose value is value and
 * whose printed form is text. Returns 0 or -1. */
static int field(doc *d, double x, double y, const char *font, double size,
		 rgb colour, const char *text, const char *kind,
		 const char *value, double *right)
{
	return doc_text(d, x, y, font, size, colour, text, kind, value, right);
}

/* A label, then its value a little to the right on the same line, the
 * value shrunk to end before max_right mm. Returns 0 or -1. */
static int label_value(doc *d, const variant *v, double x, double y,
		       double max_right, const char *label, const char *lfont,
		       double lsize, const char *text, const char *vfont,
		       double vsize, const char *kind, const char *value)
{
	double right = x;

	if (label && doc_text(d, x, y + 0.4, lfont, pt(v, lsize), LABEL, label,
			      NULL, NULL, &right))
		return -1;
	return doc_text_fit(d, right + 1.6, y, max_right - right - 1.6, vfont,
			    pt(v, vsize), INK, text, kind, value, NULL);
}

/* =========================================================== Thailand */

static const char *const th_months[] = {
	"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.",
	"ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
};

/* Thai national ID card, front: number top, names and birth date in Thai
 * and English, portrait bottom right, chip left, faint ghost portrait
 * under the chip. */
doc *doc_th_front(GRand *rng, const face_source *f, const variant *v)
{
	person p;
	char *id = NULL, *printed = NULL, *s = NULL;
	const char *why, *title_th, *title_en;
	doc *d = NULL;
	bool ok = false;
	const char *tf = FONT(thai_fonts, v), *tb = FONT(thai_bold, v);
	const char *lf = FONT(latin_fonts, v), *lb = FONT(latin_bold, v);
	static const char *const addresses[] = {
		"99/9 หมู่ 4 ต.บางรัก อ.เมืองนนทบุรี จ.นนทบุรี",
		"12/34 ถ.สุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพมหานคร",
		"7 หมู่ 2 ต.ช้างเผือก อ.เมืองเชียงใหม่ จ.เชียงใหม่",
		"188 ถ.มิตรภาพ ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น",
	};

	person_make(rng, LOC_TH, &p);
	if (!(id = fake_value(rng, "th_id", &p, &why))) {
		vips_error("gen", "th_id: %s", why);
		goto out;
	}
	printed = fake_printed("th_id", id, NULL);
	if (!(d = doc_new("th_id_front", CARD_W, CARD_H, v->dpi,
			  (rgb) { 240, 242, 250 }, f)))
		goto out;
	TRY(doc_gradient(d, 0, 0, CARD_W, CARD_H, (rgb) { 232, 240, 252 },
			 (rgb) { 252, 236, 242 }));
	TRY(doc_rect(d, 0, 0, CARD_W, 1.2, (rgb) { 150, 170, 210 }));

	TRY(field(d, 18, 2.6, tb, pt(v, 9), INK, "บัตรประจำตัวประชาชน",
		  NULL, NULL, NULL));
	TRY(field(d, 55, 3.4, lb, pt(v, 6.5), INK, "Thai National ID Card",
		  NULL, NULL, NULL));

	/* The number beside its bilingual label. */
	TRY(field(d, 16, 9.4, tf, pt(v, 6.5), LABEL, "เลขประจำตัวประชาชน",
		  NULL, NULL, NULL));
	TRY(field(d, 16, 12.6, lf, pt(v, 5), LABEL, "Identification Number",
		  NULL, NULL, NULL));
	TRY(doc_text_fit(d, 41, 9.6, 42, lb, pt(v, 11.5), BLACK, printed,
			 "th_id", id, NULL));

	/* Names: Thai on one line, English on two. */
	title_th = p.male ? "นาย" : "นางสาว";
	title_en = p.male ? "Mr." : "Miss";
	s = g_strdup_printf("%s %s %s", title_th, p.given_local, p.family_local);
	TRY(label_value(d, v, 16, 17, 61.5, "ชื่อตัวและชื่อสกุล", tf, 6.5, s, tb,
			9.5, "name", s));
	g_free(s);
	s = g_strdup_printf("%s %s", title_en, p.given_en);
	TRY(label_value(d, v, 24, 23, 61.5, "Name", lf, 5.5, s, lb, 8.5, "name", s));
	TRY(label_value(d, v, 24, 27.4, 61.5, "Last name", lf, 5.5, p.family_en, lb,
			8.5, "name", p.family_en));

	g_free(s);
	s = g_strdup_printf("%d %s %d", p.day, th_months[p.month - 1],
			    p.year + 543); /* Buddhist era: CE + 543 */
	TRY(label_value(d, v, 24, 32, 61.5, "เกิดวันที่", tf, 6.5, s, tf, 8.5,
			"dob", s));
	g_free(s);
	s = g_strdup_printf("%d %s. %d", p.day, en_months[p.month - 1], p.year);
	TRY(label_value(d, v, 24, 36.4, 61.5, "Date of Birth", lf, 5.5, s, lf, 8,
			"dob", s));
	TRY(label_value(d, v, 24, 40.6, 61.5, "ศาสนา", tf, 6.5, "พุทธ", tf, 7.5,
			NULL, NULL));
	{
		const char *addr = pick_str(rng, addresses,
					    G_N_ELEMENTS(addresses));

		TRY(label_value(d, v, 3.5, 45.6, 83, "ที่อยู่", tf, 6.5, addr, tf,
				6.8, "address", addr));
	}
	TRY(field(d, 3.5, 50.6, tf, pt(v, 5), LABEL,
		  "วันออกบัตร 12 ก.ค. 2563   Date of Issue 12 Jul. 2020",
		  NULL, NULL, NULL));

	/* Chip, ghost under it, portrait bottom right. */
	TRY(doc_rect(d, 4.5, 18, 9, 7.5, (rgb) { 205, 172, 80 }));
	TRY(doc_rect(d, 4.9, 18.4, 8.2, 6.7, (rgb) { 225, 195, 110 }));
	TRY(doc_rect(d, 4.5, 21.5, 9, 0.3, (rgb) { 170, 140, 60 }));
	TRY(doc_photo(d, 5.2, 28, 7.4, 9.2, v->face, TINT_GREY, 0.2, "ghost"));
	TRY(doc_photo(d, 62.5, 19, 20.5, 25.5, v->face, v->tint, 1, "portrait"));
	ok = true;
	goto out;
fail:
	ok = false;
out:
	if (!ok && d) {
		doc_free(d);
		d = NULL;
	}
	g_free(id);
	g_free(printed);
	g_free(s);
	person_clear(&p);
	return d;
}

/* ========================================================== Singapore */

static const char *const sg_streets[] = {
	"ANG MO KIO AVE 3", "TAMPINES ST 21", "JURONG WEST ST 41",
	"BEDOK NORTH RD", "WOODLANDS DR 14", "TOA PAYOH LOR 1",
};

/* Singapore NRIC, front: number top, names, race, birth date, sex,
 * country of birth; portrait right, ghost below it. */
doc *doc_sg_front(GRand *rng, const face_source *f, const variant *v)
{
	person p;
	char *id = NULL, *s = NULL;
	const char *why;
	doc *d = NULL;
	bool ok = false;
	const char *lf = FONT(latin_fonts, v), *lb = FONT(latin_bold, v);

	person_make(rng, LOC_SG, &p);
	if (!(id = fake_value(rng, "sg_nric", &p, &why))) {
		vips_error("gen", "sg_nric: %s", why);
		goto out;
	}
	if (!(d = doc_new("sg_nric_front", CARD_W, CARD_H, v->dpi,
			  (rgb) { 236, 240, 248 }, f)))
		goto out;
	TRY(doc_gradient(d, 0, 0, CARD_W, CARD_H, (rgb) { 226, 236, 250 },
			 (rgb) { 250, 230, 236 }));
	TRY(field(d, 4, 3, lb, pt(v, 9), (rgb) { 190, 30, 45 },
		  "REPUBLIC OF SINGAPORE", NULL, NULL, NULL));
	TRY(label_value(d, v, 4, 9.5, 58, "IDENTITY CARD No.", lf, 6, id, lb, 11,
			"sg_nric", id));

	s = g_ascii_strup(p.family_en, -1);
	{
		char *given = g_ascii_strup(p.given_en, -1);
		char *full = g_strdup_printf("%s %s", s, given);

		TRY(field(d, 4, 16, lf, pt(v, 5.5), LABEL, "Name", NULL, NULL,
			  NULL));
		TRY(field(d, 4, 18.6, lb, pt(v, 8.5), INK, full, "name", full,
			  NULL));
		g_free(full);
		full = g_strdup_printf("%s%s", p.family_local, p.given_local);
		TRY(field(d, 4, 23, "Noto Sans CJK SC", pt(v, 8), INK, full,
			  "name", full, NULL));
		g_free(full);
		g_free(given);
	}
	TRY(field(d, 4, 28.5, lf, pt(v, 5.5), LABEL, "Race", NULL, NULL, NULL));
	TRY(field(d, 4, 31, lb, pt(v, 7.5), INK, "CHINESE", NULL, NULL, NULL));
	g_free(s);
	s = g_strdup_printf("%02d-%02d-%d", p.day, p.month, p.year);
	TRY(field(d, 4, 36, lf, pt(v, 5.5), LABEL, "Date of birth", NULL, NULL,
		  NULL));
	TRY(field(d, 4, 38.6, lb, pt(v, 7.5), INK, s, "dob", s, NULL));
	TRY(field(d, 36, 36, lf, pt(v, 5.5), LABEL, "Sex", NULL, NULL, NULL));
	TRY(field(d, 36, 38.6, lb, pt(v, 7.5), INK, p.male ? "M" : "F", NULL,
		  NULL, NULL));
	TRY(field(d, 4, 44, lf, pt(v, 5.5), LABEL, "Country/Place of birth",
		  NULL, NULL, NULL));
	TRY(field(d, 4, 46.6, lb, pt(v, 7.5), INK, "SINGAPORE", NULL, NULL,
		  NULL));

	TRY(doc_photo(d, 60, 9, 22, 28, v->face, v->tint, 1, "portrait"));
	TRY(doc_photo(d, 66, 40.5, 9, 11, v->face, TINT_GREY, 0.18, "ghost"));
	ok = true;
	goto out;
fail:
	ok = false;
out:
	if (!ok && d) {
		doc_free(d);
		d = NULL;
	}
	g_free(id);
	g_free(s);
	person_clear(&p);
	return d;
}

/* Singapore NRIC, back: a 1-D barcode of the number (Code 128, or Code
 * 39 on odd font sets), date of issue and address. */
doc *doc_sg_back(GRand *rng, const face_source *f, const variant *v)
{
	person p;
	char *id = NULL, *s = NULL;
	const char *why;
	doc *d = NULL;
	bool ok = false;
	const char *lf = FONT(latin_fonts, v), *lb = FONT(latin_bold, v);
	bool code39 = v->font_set % 2 == 1;

	person_make(rng, LOC_SG, &p);
	if (!(id = fake_value(rng, "sg_nric", &p, &why))) {
		vips_error("gen", "sg_nric: %s", why);
		goto out;
	}
	if (!(d = doc_new("sg_nric_back", CARD_W, CARD_H, v->dpi,
			  (rgb) { 238, 240, 246 }, f)))
		goto out;
	TRY(doc_gradient(d, 0, 0, CARD_W, CARD_H, (rgb) { 240, 236, 246 },
			 (rgb) { 228, 238, 248 }));
	TRY(doc_code(d, 6, 5, code39 ? BARCODE_CODE39 : BARCODE_CODE128, id,
		     code39 ? 0.22 : 0.3, 9, 10, "barcode", id, NULL, NULL));
	TRY(field(d, 6, 18, lf, pt(v, 5.5), LABEL, "Date of issue", NULL, NULL,
		  NULL));
	TRY(field(d, 6, 20.6, lb, pt(v, 7.5), INK, "14-08-2019", NULL, NULL,
		  NULL));
	TRY(field(d, 6, 26, lf, pt(v, 5.5), LABEL, "Address", NULL, NULL, NULL));
	s = g_strdup_printf("BLK %d %s", rnd(rng, 100, 899),
			    pick_str(rng, sg_streets, G_N_ELEMENTS(sg_streets)));
	TRY(field(d, 6, 28.8, lb, pt(v, 7.5), INK, s, "address", s, NULL));
	g_free(s);
	s = g_strdup_printf("#%02d-%02d SINGAPORE %06d", rnd(rng, 2, 20),
			    rnd(rng, 10, 99), rnd(rng, 100000, 829999));
	TRY(field(d, 6, 32.6, lb, pt(v, 7.5), INK, s, "address", s, NULL));
	/* A thumbprint box stands in for the fingerprint. */
	TRY(doc_rect(d, 64, 28, 16, 20, (rgb) { 215, 215, 222 }));
	TRY(doc_rect(d, 66, 30, 12, 16, (rgb) { 236, 236, 240 }));
	ok = true;
	goto out;
fail:
	ok = false;
out:
	if (!ok && d) {
		doc_free(d);
		d = NULL;
	}
	(void) rng;
	g_free(id);
	g_free(s);
	person_clear(&p);
	return d;
}

/* ======================================================= property test */

/* Property pages are A5 landscape with two columns of PROPERTY_ROWS
 * slots: 24 values a page, so a test knows how many pages it needs for a
 * number of values (samples/README.md). */
#define PROPERTY_ROWS 12

/* A page with 2 * PROPERTY_ROWS values of one kind, each in a
 * random font, size and grouping (the kind's usual separators, spaces,
 * dashes or none), under a random context label placed left of the value,
 * above it, or not at all. *why is set when kind cannot be generated. */
doc *doc_property_page(GRand *rng, const char *kind, double dpi,
		       const char **why)
{
	static const char *const fonts[] = {
		"DejaVu Sans", "DejaVu Sans Bold", "DejaVu Serif",
		"DejaVu Sans Mono", "Noto Sans", "Noto Sans Bold",
		"Noto Serif", "Loma", "Garuda Bold", "NanumGothic",
	};
	static const char *const labels[] = {
		"ID No.", "Number:", "No.", "เลขประจำตัว", "Identification Number",
		"Card No:", "Ref", "번호", "Số:", "",
	};
	static const char *const seps[] = { NULL, " ", "-", "" };
	const double page_w = 210, page_h = 148, margin = 6, gutter = 6;
	const double col_w = (page_w - 2 * margin - gutter) / 2;
	const double slot = (page_h - 2 * margin) / PROPERTY_ROWS;
	doc *d = NULL;
	char *value = NULL, *printed = NULL;

	*why = NULL;
	if (!(d = doc_new("property", page_w, page_h, dpi,
			  (rgb) { 252, 252, 250 }, NULL)))
		return NULL;
	for (int i = 0; i < 2 * PROPERTY_ROWS; i++) {
		const char *font = pick_str(rng, fonts, G_N_ELEMENTS(fonts));
		const char *label = pick_str(rng, labels, G_N_ELEMENTS(labels));
		double size = rnd(rng, 80, 140) / 10.0;
		double x = margin + (i / PROPERTY_ROWS) * (col_w + gutter);
		double end = x + col_w;
		double y = margin + (i % PROPERTY_ROWS) * slot +
			   rnd(rng, 0, 10) / 10.0;
		bool above = rnd(rng, 0, 1);
		double right = x - 3;

		if (!(value = fake_value(rng, kind, NULL, why)))
			goto fail;
		printed = fake_printed(kind, value,
				       seps[rnd(rng, 0, G_N_ELEMENTS(seps) - 1)]);
		/* A 7 pt label is about 2.5 mm of ink; a slot holds it
		 * above a 14 pt value with room to spare. */
		if (*label && doc_text(d, x, y, "DejaVu Sans", 7, LABEL, label,
				       NULL, NULL, &right))
			goto fail;
		if (*label && above) {
			right = x - 3;
			y += 3.4;
		}
		/* Shrunk when label and value would not fit the column. */
		if (doc_text_fit(d, right + 3, y, end - right - 3, font, size,
				 INK, printed, kind, value, NULL))
			goto fail;
		g_free(value); value = NULL;
		g_free(printed); printed = NULL;
	}
	return d;
fail:
	g_free(value);
	g_free(printed);
	doc_free(d);
	return NULL;
}

/* ====================================================== generic cards */

/* One line of a card: an optional caption above a value. */
typedef struct card_row {
	const char *label;  /* caption, or NULL */
	char *text;         /* printed value (owned) */
	const char *kind;   /* item kind, or NULL */
	char *value;        /* item value (owned); NULL: the text */
	const char *font;   /* NULL: the card's value font */
	double size;        /* pt */
} card_row;

#define MAX_ROWS 10

/* A card as data: colours, header, which side the portrait is on, rows
 * top to bottom. draw_card() lays it out. */
typedef struct card_spec {
	const char *type;
	rgb top, bottom, accent;
	const char *title, *subtitle;
	const char *title_font, *label_font, *font;
	bool photo_left;
	card_row rows[MAX_ROWS];
	int n;
} card_spec;

static void add_row(card_spec *c, const char *label, char *text,
		    const char *kind, char *value, const char *font,
		    double size)
{
	g_assert(c->n < MAX_ROWS);
	c->rows[c->n++] = (card_row) { label, text, kind, value, font, size };
}

static void card_spec_clear(card_spec *c)
{
	for (int i = 0; i < c->n; i++) {
		g_free(c->rows[i].text);
		g_free(c->rows[i].value);
	}
}

/* Returns the drawn card, or NULL (vips error). The rows are shrunk
 * together when they would not fit between header and bottom edge. */
static doc *draw_card(const card_spec *c, const face_source *f,
		      const variant *v)
{
	const double top = 11.5, bottom = 52.5, label_h = 2.7, gap = 0.9;
	double x = c->photo_left ? 26 : 4;
	double max_right = c->photo_left ? 83.5 : 61;
	double px = c->photo_left ? 3.5 : 62.5;
	double need = 0, shrink = 1, y = top;
	doc *d;

	if (!(d = doc_new(c->type, CARD_W, CARD_H, v->dpi, c->top, f)))
		return NULL;
	TRY(doc_gradient(d, 0, 0, CARD_W, CARD_H, c->top, c->bottom));
	TRY(doc_rect(d, 0, 0, CARD_W, 9.5, c->accent));
	TRY(doc_text_fit(d, 3.5, 1.4, 78, c->title_font, pt(v, 8.5),
			 (rgb) { 255, 255, 255 }, c->title, NULL, NULL, NULL));
	if (c->subtitle)
		TRY(doc_text_fit(d, 3.5, 5.6, 78, c->label_font, pt(v, 5.5),
				 (rgb) { 240, 240, 250 }, c->subtitle, NULL,
				 NULL, NULL));

	/* 1 pt is 0.3528 mm; a line is about 1.3 times its size. */
	for (int i = 0; i < c->n; i++)
		need += (c->rows[i].label ? label_h : 0) +
			pt(v, c->rows[i].size) * 0.3528 * 1.3 + gap;
	if (need > bottom - top)
		shrink = (bottom - top) / need;

	for (int i = 0; i < c->n; i++) {
		const card_row *r = &c->rows[i];
		double size = pt(v, r->size) * shrink;

		if (r->label) {
			TRY(doc_text_fit(d, x, y, max_right - x, c->label_font,
					 pt(v, 5.2) * shrink, LABEL, r->label,
					 NULL, NULL, NULL));
			y += label_h * shrink;
		}
		TRY(doc_text_fit(d, x, y, max_right - x,
				 r->font ? r->font : c->font, size, INK,
				 r->text, r->kind,
				 r->value ? r->value : r->text, NULL));
		y += size * 0.3528 * 1.3 + gap * shrink;
	}
	TRY(doc_photo(d, px, 12.5, 20, 25, v->face, v->tint, 1, "portrait"));
	TRY(doc_photo(d, px + 5.5, 40.5, 8.5, 10.5, v->face, TINT_GREY, 0.22,
		      "ghost"));
	return d;
fail:
	doc_free(d);
	return NULL;
}

/* Returns a fake value of kind or NULL after setting the vips error. */
static char *value_or_error(GRand *rng, const char *kind, const person *p)
{
	const char *why;
	char *v = fake_value(rng, kind, p, &why);

	if (!v)
		vips_error("gen", "%s: %s", kind, why);
	return v;
}

/* Signature shared by the country fillers below: fill c for person p
 * (ids drawn from rng); returns false after setting the vips error. */
typedef bool (*card_fill)(GRand *rng, const person *p, const variant *v,
			  card_spec *c);

#define ID_ROW(c, label, kind, value, font, size) \
	add_row((c), (label), fake_printed((kind), (value), NULL), (kind), \
		(value), (font), (size))

static bool fill_kr(GRand *rng, const person *p, const variant *v,
		    card_spec *c)
{
	char *id = value_or_error(rng, "kr_rrn", p);

	if (!id)
		return false;
	*c = (card_spec) { .type = "kr_rrn_card", .top = { 236, 244, 250 },
		.bottom = { 246, 240, 232 }, .accent = { 40, 90, 150 },
		.title = "주민등록증", .subtitle = "Resident Registration Card",
		.title_font = "NanumGothic Bold", .label_font = "NanumGothic",
		.font = v->font_set % 2 ? "Noto Sans CJK KR" : "NanumGothic" };
	add_row(c, NULL, g_strdup_printf("%s%s (%s %s)", p->family_local,
		p->given_local, p->family_en, p->given_en), "name", NULL,
		"NanumGothic Bold", 9);
	ID_ROW(c, NULL, "kr_rrn", id, "NanumGothic Bold", 10.5);
	add_row(c, NULL, g_strdup_printf("서울특별시 강남구 테헤란로 %d길 %d",
		rnd(rng, 101, 499), rnd(rng, 1, 99)), "address", NULL, NULL, 7);
	add_row(c, NULL, g_strdup("2016. 3. 2.  서울특별시 강남구청장"), NULL,
		NULL, NULL, 6.5);
	return true;
}

static bool fill_my(GRand *rng, const person *p, const variant *v,
		    card_spec *c)
{
	char *id = value_or_error(rng, "my_nric", p);

	(void) v;
	if (!id)
		return false;
	*c = (card_spec) { .type = "my_mykad", .top = { 230, 240, 252 },
		.bottom = { 250, 246, 230 }, .accent = { 20, 60, 140 },
		.title = "KAD PENGENALAN MALAYSIA", .subtitle = "MyKad  IDENTITY CARD",
		.title_font = "DejaVu Sans Bold", .label_font = "DejaVu Sans",
		.font = FONT(latin_bold, v), .photo_left = true };
	ID_ROW(c, NULL, "my_nric", id, FONT(latin_bold, v), 10.5);
	add_row(c, NULL, g_ascii_strup(p->given_en, -1), "name", NULL, NULL, 8);
	add_row(c, NULL, g_ascii_strup(p->family_en, -1), "name", NULL, NULL, 8);
	add_row(c, NULL, g_strdup_printf("NO %d JALAN MAWAR %d, TAMAN BUNGA",
		rnd(rng, 1, 99), rnd(rng, 1, 9)), "address", NULL, NULL, 6.5);
	add_row(c, NULL, g_strdup("43000 KAJANG, SELANGOR"), "address", NULL,
		NULL, 6.5);
	add_row(c, NULL, g_strdup_printf("WARGANEGARA   %s",
		p->male ? "LELAKI" : "PEREMPUAN"), NULL, NULL, NULL, 6.5);
	return true;
}

static bool fill_id(GRand *rng, const person *p, const variant *v,
		    card_spec *c)
{
	char *id = value_or_error(rng, "id_nik", p);

	if (!id)
		return false;
	*c = (card_spec) { .type = "id_ktp", .top = { 200, 225, 245 },
		.bottom = { 170, 205, 235 }, .accent = { 30, 90, 160 },
		.title = "PROVINSI DKI JAKARTA", .subtitle = "KOTA JAKARTA SELATAN",
		.title_font = "DejaVu Sans Bold", .label_font = FONT(latin_fonts, v),
		.font = FONT(latin_fonts, v) };
	ID_ROW(c, "NIK", "id_nik", id, "DejaVu Sans Mono Bold", 10);
	add_row(c, "Nama", g_ascii_strup(p->given_en, -1), "name", NULL, NULL, 7);
	add_row(c, "Tempat/Tgl Lahir", g_strdup_printf("JAKARTA, %02d-%02d-%d",
		p->day, p->month, p->year), "dob", NULL, NULL, 7);
	add_row(c, "Jenis Kelamin", g_strdup(p->male ? "LAKI-LAKI" : "PEREMPUAN"),
		NULL, NULL, NULL, 7);
	add_row(c, "Alamat", g_strdup_printf("JL. MELATI NO. %d RT %03d/RW %03d",
		rnd(rng, 1, 150), rnd(rng, 1, 20), rnd(rng, 1, 15)), "address",
		NULL, NULL, 7);
	return true;
}

static bool fill_hk(GRand *rng, const person *p, const variant *v,
		    card_spec *c)
{
	char *id = value_or_error(rng, "hk_id", p);

	if (!id)
		return false;
	*c = (card_spec) { .type = "hk_id_card", .top = { 240, 236, 250 },
		.bottom = { 232, 246, 240 }, .accent = { 120, 40, 100 },
		.title = "香港永久性居民身份證",
		.subtitle = "HONG KONG PERMANENT IDENTITY CARD",
		.title_font = "Noto Sans CJK TC Bold", .label_font = "DejaVu Sans",
		.font = FONT(latin_fonts, v) };
	add_row(c, NULL, g_strdup_printf("%s%s", p->family_local,
		p->given_local), "name", NULL, "Noto Sans CJK TC", 9);
	{
		char *family = g_ascii_strup(p->family_en, -1);

		add_row(c, NULL, g_strdup_printf("%s, %s", family, p->given_en),
			"name", NULL, NULL, 8);
		g_free(family);
	}
	add_row(c, "Date of Birth", g_strdup_printf("%02d-%02d-%d", p->day,
		p->month, p->year), "dob", NULL, NULL, 7.5);
	add_row(c, NULL, g_strdup("***AZ   01-15"), NULL, NULL, NULL, 7);
	ID_ROW(c, NULL, "hk_id", id, FONT(latin_bold, v), 11);
	return true;
}

static bool fill_tw(GRand *rng, const person *p, const variant *v,
		    card_spec *c)
{
	char *id = value_or_error(rng, "tw_id", p);

	(void) v;
	if (!id)
		return false;
	*c = (card_spec) { .type = "tw_id_card", .top = { 236, 246, 240 },
		.bottom = { 250, 240, 236 }, .accent = { 30, 110, 80 },
		.title = "中華民國國民身分證", .subtitle = "REPUBLIC OF CHINA (TAIWAN)",
		.title_font = "Noto Sans CJK TC Bold",
		.label_font = "Noto Sans CJK TC", .font = "Noto Sans CJK TC" };
	add_row(c, "姓名", g_strdup_printf("%s%s", p->family_local,
		p->given_local), "name", NULL, NULL, 9);
	add_row(c, "出生年月日", g_strdup_printf("民國%d年%d月%d日",
		p->year - 1911, p->month, p->day), "dob", NULL, NULL, 7.5);
	add_row(c, "性別", g_strdup(p->male ? "男" : "女"), NULL, NULL, NULL, 7.5);
	ID_ROW(c, "統一編號", "tw_id", id, "DejaVu Sans Bold", 10.5);
	return true;
}

static bool fill_cn(GRand *rng, const person *p, const variant *v,
		    card_spec *c)
{
	char *id = value_or_error(rng, "cn_ric", p);

	(void) v;
	if (!id)
		return false;
	*c = (card_spec) { .type = "cn_ric_card", .top = { 246, 242, 232 },
		.bottom = { 236, 242, 250 }, .accent = { 170, 40, 40 },
		.title = "中华人民共和国居民身份证",
		.subtitle = "Resident Identity Card",
		.title_font = "Noto Sans CJK SC Bold",
		.label_font = "Noto Sans CJK SC", .font = "Noto Sans CJK SC" };
	add_row(c, "姓名", g_strdup_printf("%s%s", p->family_local,
		p->given_local), "name", NULL, NULL, 8.5);
	add_row(c, "出生", g_strdup_printf("%d年%d月%d日", p->year, p->month,
		p->day), "dob", NULL, NULL, 7.5);
	add_row(c, "住址", g_strdup_printf("北京市朝阳区建国路%d号院%d号楼",
		rnd(rng, 1, 199), rnd(rng, 1, 30)), "address", NULL, NULL, 7);
	ID_ROW(c, "公民身份号码", "cn_ric", id, "DejaVu Sans Mono Bold", 10);
	return true;
}

static bool fill_jp(GRand *rng, const person *p, const variant *v,
		    card_spec *c)
{
	char *id = value_or_error(rng, "jp_mynumber", p);

	(void) v;
	if (!id)
		return false;
	*c = (card_spec) { .type = "jp_mynumber_card", .top = { 244, 248, 252 },
		.bottom = { 232, 240, 250 }, .accent = { 60, 80, 160 },
		.title = "個人番号カード", .subtitle = "Individual Number Card",
		.title_font = "Noto Sans CJK JP Bold",
		.label_font = "Noto Sans CJK JP", .font = "Noto Sans CJK JP" };
	add_row(c, "氏名", g_strdup_printf("%s %s", p->family_local,
		p->given_local), "name", NULL, NULL, 8.5);
	add_row(c, "住所", g_strdup_printf("東京都千代田区霞が関%d丁目%d番",
		rnd(rng, 1, 3), rnd(rng, 1, 9)), "address", NULL, NULL, 7);
	add_row(c, "生年月日", g_strdup_printf("%d年%d月%d日生", p->year,
		p->month, p->day), "dob", NULL, NULL, 7);
	ID_ROW(c, "個人番号", "jp_mynumber", id, "DejaVu Sans Bold", 10.5);
	return true;
}

static bool fill_in(GRand *rng, const person *p, const variant *v,
		    card_spec *c)
{
	char *id = value_or_error(rng, "in_aadhaar", p);

	if (!id)
		return false;
	*c = (card_spec) { .type = "in_aadhaar_card", .top = { 252, 250, 244 },
		.bottom = { 244, 250, 240 }, .accent = { 230, 120, 30 },
		.title = "भारत सरकार  Government of India", .subtitle = NULL,
		.title_font = "Noto Sans Devanagari Bold",
		.label_font = "DejaVu Sans", .font = FONT(latin_fonts, v),
		.photo_left = true };
	add_row(c, NULL, g_strdup_printf("%s %s", p->given_en, p->family_en),
		"name", NULL, NULL, 8.5);
	add_row(c, NULL, g_strdup_printf("DOB: %02d/%02d/%d", p->day, p->month,
		p->year), "dob", NULL, NULL, 7.5);
	add_row(c, NULL, g_strdup(p->male ? "पुरुष / MALE" : "महिला / FEMALE"),
		NULL, NULL, "Noto Sans Devanagari", 7);
	ID_ROW(c, NULL, "in_aadhaar", id, FONT(latin_bold, v), 12);
	return true;
}

static bool fill_ph(GRand *rng, const person *p, const variant *v,
		    card_spec *c)
{
	char *id = value_or_error(rng, "ph_philsys", p);
	char *s;

	if (!id)
		return false;
	*c = (card_spec) { .type = "ph_philid", .top = { 240, 244, 252 },
		.bottom = { 250, 248, 236 }, .accent = { 20, 50, 120 },
		.title = "REPUBLIKA NG PILIPINAS",
		.subtitle = "Republic of the Philippines  PHILIPPINE IDENTIFICATION CARD",
		.title_font = "DejaVu Serif Bold", .label_font = "DejaVu Sans",
		.font = FONT(latin_bold, v), .photo_left = true };
	ID_ROW(c, "PCN", "ph_philsys", id, "DejaVu Sans Mono Bold", 9.5);
	add_row(c, "Apelyido/Last Name", g_ascii_strup(p->family_en, -1),
		"name", NULL, NULL, 7.5);
	add_row(c, "Mga Pangalan/Given Names", g_ascii_strup(p->given_en, -1),
		"name", NULL, NULL, 7.5);
	s = g_ascii_strup(en_months[p->month - 1], -1);
	add_row(c, "Petsa ng Kapanganakan/Date of Birth",
		g_strdup_printf("%s %02d, %d", s, p->day, p->year), "dob", NULL,
		NULL, 7.5);
	g_free(s);
	add_row(c, "Tirahan/Address", g_strdup_printf(
		"%d RIZAL ST, BRGY %d, QUEZON CITY", rnd(rng, 1, 999),
		rnd(rng, 1, 200)), "address", NULL, NULL, 6.5);
	return true;
}

/* Draws the card fill describes for a fake person of loc. */
static doc *country_card(GRand *rng, const face_source *f, const variant *v,
			 locale_id loc, card_fill fill)
{
	person p;
	card_spec c = { 0 };
	doc *d = NULL;

	person_make(rng, loc, &p);
	if (fill(rng, &p, v, &c))
		d = draw_card(&c, f, v);
	card_spec_clear(&c);
	person_clear(&p);
	return d;
}

doc *doc_kr_card(GRand *rng, const face_source *f, const variant *v)
{
	return country_card(rng, f, v, LOC_KR, fill_kr);
}

doc *doc_my_card(GRand *rng, const face_source *f, const variant *v)
{
	return country_card(rng, f, v, LOC_MY, fill_my);
}

doc *doc_id_card(GRand *rng, const face_source *f, const variant *v)
{
	return country_card(rng, f, v, LOC_ID, fill_id);
}

doc *doc_hk_card(GRand *rng, const face_source *f, const variant *v)
{
	return country_card(rng, f, v, LOC_HK, fill_hk);
}

doc *doc_tw_card(GRand *rng, const face_source *f, const variant *v)
{
	return country_card(rng, f, v, LOC_TW, fill_tw);
}

doc *doc_cn_card(GRand *rng, const face_source *f, const variant *v)
{
	return country_card(rng, f, v, LOC_CN, fill_cn);
}

doc *doc_jp_card(GRand *rng, const face_source *f, const variant *v)
{
	return country_card(rng, f, v, LOC_JP, fill_jp);
}

doc *doc_in_card(GRand *rng, const face_source *f, const variant *v)
{
	return country_card(rng, f, v, LOC_IN, fill_in);
}

doc *doc_ph_card(GRand *rng, const face_source *f, const variant *v)
{
	return country_card(rng, f, v, LOC_PH, fill_ph);
}

/* ============================================================ Vietnam */

/* Vietnamese chip CCCD, front: QR top right holding the record
 * "CCCD|CMND|name|DDMMYYYY|sex|address|issue DDMMYYYY" (the layout the
 * cards' QR codes use), portrait left, 12-digit number. */
doc *doc_vn_cccd(GRand *rng, const face_source *f, const variant *v)
{
	person p;
	char *id = NULL, *cmnd = NULL, *name = NULL, *addr = NULL, *dob = NULL;
	char *qr = NULL;
	doc *d = NULL;
	const char *lf = FONT(latin_fonts, v), *lb = FONT(latin_bold, v);
	const rgb red = { 190, 30, 30 };
	double qw;

	person_make(rng, LOC_VN, &p);
	if (!(id = value_or_error(rng, "vn_cccd", &p)) ||
	    !(cmnd = value_or_error(rng, "vn_cmnd", &p)))
		goto out;
	name = g_utf8_strup(p.family_local, -1);
	{
		char *given = g_utf8_strup(p.given_local, -1);
		char *full = g_strdup_printf("%s %s", name, given);

		g_free(name);
		g_free(given);
		name = full;
	}
	addr = g_strdup_printf("%d Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
			       rnd(rng, 1, 300));
	dob = g_strdup_printf("%02d/%02d/%d", p.day, p.month, p.year);
	qr = g_strdup_printf("%s|%s|%s|%02d%02d%d|%s|%s|%02d%02d%d", id, cmnd,
			     name, p.day, p.month, p.year,
			     p.male ? "Nam" : "Nữ", addr, rnd(rng, 1, 28),
			     rnd(rng, 1, 12), rnd(rng, 2021, 2023));
	if (!(d = doc_new("vn_cccd_front", CARD_W, CARD_H, v->dpi,
			  (rgb) { 246, 242, 230 }, f)))
		goto out;
	TRY(doc_gradient(d, 0, 0, CARD_W, CARD_H, (rgb) { 248, 240, 226 },
			 (rgb) { 232, 240, 248 }));
	TRY(doc_code(d, 69.5, 2.5, BARCODE_QRCODE, qr, 0.3, 0, 2, "qr", id,
		     &qw, NULL));
	TRY(doc_text_fit(d, 14, 2.4, 52, lb, pt(v, 6.2), INK,
			 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", NULL, NULL,
			 NULL));
	TRY(doc_text_fit(d, 24, 5.8, 40, lf, pt(v, 5.8), INK,
			 "Độc lập - Tự do - Hạnh phúc", NULL, NULL, NULL));
	TRY(doc_text_fit(d, 20, 10, 46, lb, pt(v, 9.5), red,
			 "CĂN CƯỚC CÔNG DÂN", NULL, NULL, NULL));
	TRY(doc_text(d, 27, 14.6, lf, pt(v, 5.2), INK, "Citizen Identity Card",
		     NULL, NULL, NULL));
	TRY(label_value(d, v, 25, 19.5, 84, "Số / No.:", lf, 6, id, lb, 11,
			"vn_cccd", id));
	TRY(doc_text(d, 25, 25, lf, pt(v, 5.2), LABEL, "Họ và tên / Full name:",
		     NULL, NULL, NULL));
	TRY(doc_text_fit(d, 25, 27.8, 58, lb, pt(v, 8), INK, name, "name",
			 name, NULL));
	TRY(label_value(d, v, 25, 32.6, 84, "Ngày sinh / Date of birth:", lf,
			5.2, dob, lf, 7, "dob", dob));
	TRY(label_value(d, v, 25, 36.6, 84, "Giới tính / Sex:", lf, 5.2,
			p.male ? "Nam" : "Nữ", lf, 7, NULL, NULL));
	TRY(doc_text(d, 25, 40.6, lf, pt(v, 5.2), LABEL,
		     "Nơi thường trú / Place of residence:", NULL, NULL, NULL));
	TRY(doc_text_fit(d, 25, 43.8, 58, lf, pt(v, 6.5), INK, addr,
			 "address", addr, NULL));
	TRY(doc_photo(d, 3.5, 18, 19, 25, v->face, v->tint, 1, "portrait"));
	goto out;
fail:
	doc_free(d);
	d = NULL;
out:
	(void) qw;
	g_free(id);
	g_free(cmnd);
	g_free(name);
	g_free(addr);
	g_free(dob);
	g_free(qr);
	person_clear(&p);
	return d;
}

/* =========================================================== passport */

/* Writes an MRZ name field: SURNAME<<GIVEN<NAMES, '<' for spaces and
 * hyphens, padded or cut to width (ICAO 9303 part 4, 4.6). */
static void mrz_name(GString *out, const char *family, const char *given,
		     size_t width)
{
	size_t start = out->len;

	for (const char *s = family; *s; s++)
		g_string_append_c(out, g_ascii_isalpha(*s) ?
				  g_ascii_toupper(*s) : '<');
	g_string_append(out, "<<");
	for (const char *s = given; *s; s++)
		g_string_append_c(out, g_ascii_isalpha(*s) ?
				  g_ascii_toupper(*s) : '<');
	while (out->len - start < width)
		g_string_append_c(out, '<');
	g_string_truncate(out, start + width);
}

/* Appends field (unless only_digit) and its check digit to line, and
 * both to composite when given; returns false when ids_check() accepted
 * no digit. */
static bool mrz_field(GString *line, GString *composite, const char *field,
		      bool only_digit)
{
	char cd = mrz_check_digit(field);

	if (!cd) {
		vips_error("gen", "ids_check(\"mrz_check\") accepts no digit "
			   "for %s", field);
		return false;
	}
	if (!only_digit)
		g_string_append(line, field);
	g_string_append_c(line, cd);
	if (composite) {
		g_string_append(composite, field);
		g_string_append_c(composite, cd);
	}
	return true;
}

/* Passport data page (TD3): portrait left, visual zone fields with the
 * passport number and the Thai ID as personal number, ghost portrait
 * right, two 44-character MRZ lines in a monospace font at the ICAO
 * pitch of about 2.54 mm. */
doc *doc_passport(GRand *rng, const face_source *f, const variant *v)
{
	person p;
	char *pno = NULL, *thid = NULL, *thprinted = NULL, *s = NULL;
	GString *l1 = g_string_new("P<THA"), *l2 = g_string_new(NULL);
	GString *comp = g_string_new(NULL);
	doc *d = NULL;
	const char *lf = FONT(latin_fonts, v), *lb = FONT(latin_bold, v);
	char dob[16], expiry[16], personal[16];
	int exp_year = rnd(rng, 2026, 2032);
	static const struct {
		double x, y;
		const char *label;
	} col[] = {
		{ 42, 14, "Type / ประเภท" }, { 62, 14, "Country code / รหัสประเทศ" },
		{ 92, 14, "Passport No. / หนังสือเดินทางเลขที่" },
	};
	gt_item *mrz;
	char *lines[3];

	person_make(rng, LOC_TH, &p);
	if (!(pno = value_or_error(rng, "passport", &p)) ||
	    !(thid = value_or_error(rng, "th_id", &p)))
		goto out;
	thprinted = fake_printed("th_id", thid, NULL);
	snprintf(dob, sizeof dob, "%02d%02d%02d", p.year % 100, p.month, p.day);
	snprintf(expiry, sizeof expiry, "%02d%02d%02d", exp_year % 100,
		 p.month, p.day);
	snprintf(personal, sizeof personal, "%s<", thid);

	/* ICAO 9303 part 4, 4.2.2: line 2 of TD3. */
	mrz_name(l1, p.family_en, p.given_en, 39);
	if (!mrz_field(l2, comp, pno, false))
		goto fail_early;
	g_string_append(l2, "THA");
	if (!mrz_field(l2, comp, dob, false))
		goto fail_early;
	g_string_append_c(l2, p.male ? 'M' : 'F');
	/* The last digit checks positions 1-10, 14-20 and 22-43. */
	if (!mrz_field(l2, comp, expiry, false) ||
	    !mrz_field(l2, comp, personal, false) ||
	    !mrz_field(l2, NULL, comp->str, true))
		goto fail_early;

	if (!(d = doc_new("passport_td3", 125, 88, v->dpi,
			  (rgb) { 244, 240, 250 }, f)))
		goto out;
	TRY(doc_gradient(d, 0, 0, 125, 88, (rgb) { 238, 234, 250 },
			 (rgb) { 250, 246, 236 }));
	TRY(doc_text(d, 6, 3, lb, pt(v, 8), INK, "PASSPORT", NULL, NULL, NULL));
	TRY(doc_text(d, 30, 3, FONT(thai_bold, v), pt(v, 8), INK,
		     "หนังสือเดินทาง", NULL, NULL, NULL));
	TRY(doc_text(d, 66, 3.4, lf, pt(v, 6.5), INK,
		     "KINGDOM OF THAILAND", NULL, NULL, NULL));
	for (size_t i = 0; i < G_N_ELEMENTS(col); i++)
		TRY(doc_text_fit(d, col[i].x, col[i].y, 30, lf, pt(v, 4.5),
				 LABEL, col[i].label, NULL, NULL, NULL));
	TRY(doc_text(d, 42, 16.6, lb, pt(v, 8), INK, "P", NULL, NULL, NULL));
	TRY(doc_text(d, 62, 16.6, lb, pt(v, 8), INK, "THA", NULL, NULL, NULL));
	TRY(doc_text(d, 92, 16.6, lb, pt(v, 9.5), (rgb) { 150, 20, 40 }, pno,
		     "passport", pno, NULL));

	s = g_ascii_strup(p.family_en, -1);
	TRY(doc_text(d, 42, 22.5, lf, pt(v, 4.5), LABEL, "Surname / ชื่อสกุล",
		     NULL, NULL, NULL));
	TRY(doc_text(d, 42, 25, lb, pt(v, 8), INK, s, "name", s, NULL));
	g_free(s);
	s = g_ascii_strup(p.given_en, -1);
	TRY(doc_text(d, 42, 30.5, lf, pt(v, 4.5), LABEL, "Given name / ชื่อ",
		     NULL, NULL, NULL));
	TRY(doc_text(d, 42, 33, lb, pt(v, 8), INK, s, "name", s, NULL));
	g_free(s);
	s = g_strdup_printf("%s %s", p.given_local, p.family_local);
	TRY(doc_text(d, 80, 33, FONT(thai_fonts, v), pt(v, 8), INK, s, "name",
		     s, NULL));
	g_free(s);
	TRY(doc_text(d, 42, 38.5, lf, pt(v, 4.5), LABEL,
		     "Personal No. / เลขประจำตัวประชาชน", NULL, NULL, NULL));
	TRY(doc_text(d, 42, 41, lb, pt(v, 8), INK, thprinted, "th_id", thid,
		     NULL));
	s = g_strdup_printf("%02d %s %d", p.day, en_months[p.month - 1], p.year);
	{
		char *up = g_ascii_strup(s, -1);

		TRY(doc_text(d, 42, 46.5, lf, pt(v, 4.5), LABEL,
			     "Date of birth / วันเกิด", NULL, NULL, NULL));
		TRY(doc_text(d, 42, 49, lb, pt(v, 8), INK, up, "dob", up, NULL));
		g_free(up);
	}
	TRY(doc_text(d, 80, 46.5, lf, pt(v, 4.5), LABEL, "Sex / เพศ", NULL,
		     NULL, NULL));
	TRY(doc_text(d, 80, 49, lb, pt(v, 8), INK, p.male ? "M" : "F", NULL,
		     NULL, NULL));
	TRY(doc_text(d, 42, 54.5, lf, pt(v, 4.5), LABEL,
		     "Date of expiry / วันหมดอายุ", NULL, NULL, NULL));
	g_free(s);
	s = g_strdup_printf("%02d %s %d", p.day, en_months[p.month - 1],
			    exp_year);
	TRY(doc_text(d, 42, 57, lb, pt(v, 8), INK, s, NULL, NULL, NULL));

	TRY(doc_photo(d, 6, 13, 31, 40, v->face, v->tint, 1, "portrait"));
	TRY(doc_photo(d, 100, 42, 14, 18, v->face, TINT_GREY, 0.18, "ghost"));

	/* MRZ: DejaVu Sans Mono advances 0.602 em, so 11.9 pt gives the
	 * 2.54 mm pitch of OCR-B in ICAO 9303 part 3. */
	TRY(doc_rect(d, 0, 66, 125, 22, (rgb) { 252, 252, 252 }));
	TRY(doc_text(d, 6.5, 71, "DejaVu Sans Mono", 11.9, BLACK, l1->str,
		     "mrz", NULL, NULL));
	TRY(doc_text(d, 6.5, 79, "DejaVu Sans Mono", 11.9, BLACK, l2->str,
		     "mrz", NULL, NULL));
	mrz = doc_merge_last(d, 2);
	g_clear_pointer(&mrz->printed, g_free);
	lines[0] = l1->str;
	lines[1] = l2->str;
	lines[2] = NULL;
	mrz->lines = g_strdupv(lines);
	goto out;
fail:
	doc_free(d);
	d = NULL;
	goto out;
fail_early:
	d = NULL;
out:
	g_free(pno);
	g_free(thid);
	g_free(thprinted);
	g_free(s);
	g_string_free(l1, TRUE);
	g_string_free(l2, TRUE);
	g_string_free(comp, TRUE);
	person_clear(&p);
	return d;
}

/* ========================================================= TD1 card */

/* Month names as bilingual ICAO pages print them (English / French,
 * ICAO 9303 part 3 lets the visual zone add a second language). */
static const char *const fr_months[] = {
	"JANV", "FÉVR", "MARS", "AVR", "MAI", "JUIN", "JUIL", "AOÛT", "SEPT",
	"OCT", "NOV", "DÉC",
};

/* A date as a TD1 card prints it in form 0-3 (one form per card, the
 * variant's font set picks it): 12 MAR/MARS 85, 12 MAR/MARS 1985,
 * 12 03 1985 or 12.03.1985. */
static char *td1_date(int form, int day, int month, int year)
{
	char *en = g_ascii_strup(en_months[month - 1], -1);
	char *s;

	switch (form) {
	case 0:
		s = g_strdup_printf("%02d %s/%s %02d", day, en,
				    fr_months[month - 1], year % 100);
		break;
	case 1:
		s = g_strdup_printf("%02d %s/%s %d", day, en,
				    fr_months[month - 1], year);
		break;
	case 2:
		s = g_strdup_printf("%02d %02d %d", day, month, year);
		break;
	default:
		s = g_strdup_printf("%02d.%02d.%d", day, month, year);
		break;
	}
	g_free(en);
	return s;
}

/* A caption and its value under it, the value recorded as kind (when
 * not NULL) with itself as value. Returns 0 or -1. */
static int td1_field(doc *d, const variant *v, double x, double y,
		     double max_w, const char *label, const char *text,
		     const char *kind, const char *value)
{
	if (doc_text_fit(d, x, y, max_w, FONT(latin_fonts, v), pt(v, 4.6),
			 LABEL, label, NULL, NULL, NULL))
		return -1;
	return doc_text_fit(d, x, y + 2.4, max_w, FONT(latin_bold, v),
			    pt(v, 7.5), INK, text, kind,
			    value ? value : text, NULL);
}

/* An ICAO TD1 identity card of Utopia (the state ICAO 9303 invents for
 * its specimens), both sides copied side by side on one sheet: the front
 * with bilingual English/French captions as ICAO pages print them
 * (surname, given names, sex, nationality, birth date, document number,
 * expiry), portrait and ghost; the back with issue date, issuing
 * authority and the 3 x 30 MRZ (ICAO 9303 part 5, 4.2.2):
 *   I<UTO + document number + check + optional data
 *   birth + check, sex, expiry + check, nationality, optional, composite
 *   SURNAME<<GIVEN<NAMES
 * Truth: both names, the birth date, the document number as printed
 * (kind "mrz": the zone carries it) and the zone with its lines. */
doc *doc_td1_card(GRand *rng, const face_source *f, const variant *v)
{
	static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
	const double fx = 4, fy = 4, bx = fx + CARD_W + 6, by = fy;
	const rgb top = { 236, 242, 236 }, bottom = { 250, 246, 232 };
	const rgb accent = { 30, 90, 70 }, white = { 255, 255, 255 };
	person p;
	doc *d = NULL;
	GString *l1 = g_string_new("I<UTO"), *l2 = g_string_new(NULL);
	GString *l3 = g_string_new(NULL), *comp = g_string_new(NULL);
	char docno[10], dob[8], expiry[8];
	char *surname = NULL, *given = NULL, *s = NULL;
	int form = v->font_set % 4; /* each sample of the set a form */
	int issue_year = rnd(rng, 2016, 2023), issue_month = rnd(rng, 1, 12);
	int issue_day = rnd(rng, 1, 28);
	gt_item *mrz;
	char *lines[4];

	person_make(rng, LOC_PH, &p);
	docno[0] = letters[rnd(rng, 0, (int)sizeof letters - 2)];
	for (int i = 1; i < 9; i++)
		docno[i] = (char)('0' + rnd(rng, 0, 9));
	docno[9] = '\0';
	snprintf(dob, sizeof dob, "%02d%02d%02d", p.year % 100, p.month, p.day);
	snprintf(expiry, sizeof expiry, "%02d%02d%02d", (issue_year + 10) % 100,
		 issue_month, issue_day);

	/* Line 1: positions 6-14 the number, 15 its check digit, 16-30
	 * optional data; line 2: the composite at 30 checks line 1's 6-30
	 * and line 2's 1-7, 9-15 and 19-29. */
	if (!mrz_field(l1, comp, docno, false))
		goto fail_early;
	g_string_append(l1, "<<<<<<<<<<<<<<<");
	g_string_append(comp, "<<<<<<<<<<<<<<<");
	if (!mrz_field(l2, comp, dob, false))
		goto fail_early;
	g_string_append_c(l2, p.male ? 'M' : 'F');
	if (!mrz_field(l2, comp, expiry, false))
		goto fail_early;
	g_string_append(l2, "UTO<<<<<<<<<<<");
	g_string_append(comp, "<<<<<<<<<<<");
	if (!mrz_field(l2, NULL, comp->str, true))
		goto fail_early;
	mrz_name(l3, p.family_en, p.given_en, 30);

	if (!(d = doc_new("id_td1", 2 * CARD_W + 14, CARD_H + 8, v->dpi,
			  white, f)))
		goto out;

	/* Front. */
	TRY(doc_gradient(d, fx, fy, CARD_W, CARD_H, top, bottom));
	TRY(doc_rect(d, fx, fy, CARD_W, 8, accent));
	TRY(doc_text(d, fx + 3.5, fy + 1.3, FONT(latin_bold, v), pt(v, 8),
		     white, "UTOPIA", NULL, NULL, NULL));
	TRY(doc_text_fit(d, fx + 30, fy + 2.2, 52, FONT(latin_fonts, v),
			 pt(v, 5.5), white, "IDENTITY CARD / CARTE D'IDENTITÉ",
			 NULL, NULL, NULL));
	surname = g_ascii_strup(p.family_en, -1);
	given = g_ascii_strup(p.given_en, -1);
	TRY(td1_field(d, v, fx + 27, fy + 10, 55, "Surname / Nom", surname,
		      "name", NULL));
	TRY(td1_field(d, v, fx + 27, fy + 16.8, 55, "Given names / Prénoms",
		      given, "name", NULL));
	TRY(td1_field(d, v, fx + 27, fy + 23.6, 14, "Sex / Sexe",
		      p.male ? "M" : "F", NULL, NULL));
	TRY(td1_field(d, v, fx + 45, fy + 23.6, 37,
		      "Nationality / Nationalité", "UTO", NULL, NULL));
	s = td1_date(form, p.day, p.month, p.year);
	TRY(td1_field(d, v, fx + 27, fy + 30.4, 55,
		      "Date of birth / Date de naissance", s, "dob", NULL));
	g_free(s);
	s = NULL;
	TRY(td1_field(d, v, fx + 27, fy + 37.2, 40,
		      "Document No. / N° du document", docno, "mrz", NULL));
	s = td1_date(form, issue_day, issue_month, issue_year + 10);
	TRY(td1_field(d, v, fx + 27, fy + 44, 40,
		      "Date of expiry / Date d'expiration", s, NULL, NULL));
	g_free(s);
	s = NULL;
	TRY(doc_photo(d, fx + 3.5, fy + 11, 21, 27, v->face, v->tint, 1,
		      "portrait"));
	TRY(doc_photo(d, fx + 70, fy + 40, 9, 11, v->face, TINT_GREY, 0.2,
		      "ghost"));

	/* Back. */
	TRY(doc_gradient(d, bx, by, CARD_W, CARD_H, top, bottom));
	s = td1_date(form, issue_day, issue_month, issue_year);
	TRY(td1_field(d, v, bx + 4, by + 4, 60,
		      "Date of issue / Date de délivrance", s, NULL, NULL));
	g_free(s);
	s = NULL;
	TRY(td1_field(d, v, bx + 4, by + 11, 76,
		      "Authority / Autorité", "MINISTRY OF THE INTERIOR, UTOPIA",
		      NULL, NULL));
	/* DejaVu Sans Mono at 11.9 pt: the 2.54 mm pitch of OCR-B
	 * (ICAO 9303 part 3), 30 characters in 76.2 mm. */
	TRY(doc_rect(d, bx, by + 33, CARD_W, CARD_H - 33, (rgb) { 252, 252, 252 }));
	TRY(doc_text(d, bx + 4.7, by + 36.5, "DejaVu Sans Mono", 11.9, BLACK,
		     l1->str, "mrz", NULL, NULL));
	TRY(doc_text(d, bx + 4.7, by + 41.5, "DejaVu Sans Mono", 11.9, BLACK,
		     l2->str, "mrz", NULL, NULL));
	TRY(doc_text(d, bx + 4.7, by + 46.5, "DejaVu Sans Mono", 11.9, BLACK,
		     l3->str, "mrz", NULL, NULL));
	mrz = doc_merge_last(d, 3);
	g_clear_pointer(&mrz->printed, g_free);
	g_clear_pointer(&mrz->value, g_free);
	lines[0] = l1->str;
	lines[1] = l2->str;
	lines[2] = l3->str;
	lines[3] = NULL;
	mrz->lines = g_strdupv(lines);
	goto out;
fail:
	doc_free(d);
	d = NULL;
	goto out;
fail_early:
	d = NULL;
out:
	g_free(surname);
	g_free(given);
	g_free(s);
	g_string_free(l1, TRUE);
	g_string_free(l2, TRUE);
	g_string_free(l3, TRUE);
	g_string_free(comp, TRUE);
	person_clear(&p);
	return d;
}

/* One random TD3 MRZ into l1 and l2 (ICAO 9303 part 4, 4.2.2: document
 * number, nationality, birth date, sex, expiry, optional data, each with
 * its check digit, then the composite). Returns false (vips error) when
 * ids_check() accepted no check digit. */
static bool property_td3(GRand *rng, GString *l1, GString *l2)
{
	static const char *const states[] = {
		"THA", "SGP", "MYS", "IDN", "PHL", "VNM", "KOR", "JPN", "CHN",
		"IND",
	};
	const char *state = pick_str(rng, states, G_N_ELEMENTS(states));
	GString *comp = g_string_new(NULL);
	char dob[8], expiry[8], personal[16];
	char *pno = NULL;
	const char *why;
	person p;
	bool ok = false;

	person_make(rng, (locale_id) rnd(rng, LOC_TH, LOC_PH), &p);
	if (!(pno = fake_value(rng, "passport", &p, &why))) {
		vips_error("gen", "passport: %s", why);
		goto out;
	}
	snprintf(dob, sizeof dob, "%02d%02d%02d", p.year % 100, p.month, p.day);
	snprintf(expiry, sizeof expiry, "%02d%02d%02d", rnd(rng, 26, 35),
		 rnd(rng, 1, 12), rnd(rng, 1, 28));
	/* The optional data (14 characters): digits, or all filler. */
	if (g_rand_boolean(rng))
		snprintf(personal, sizeof personal, "%07d%07d",
			 rnd(rng, 0, 9999999), rnd(rng, 0, 9999999));
	else
		snprintf(personal, sizeof personal, "%s", "<<<<<<<<<<<<<<");
	g_string_assign(l1, "P<");
	g_string_append(l1, state);
	mrz_name(l1, p.family_en, p.given_en, 39);
	g_string_truncate(l2, 0);
	if (!mrz_field(l2, comp, pno, false))
		goto out;
	g_string_append(l2, state);
	if (!mrz_field(l2, comp, dob, false))
		goto out;
	g_string_append_c(l2, p.male ? 'M' : 'F');
	ok = mrz_field(l2, comp, expiry, false) &&
	     mrz_field(l2, comp, personal, false) &&
	     mrz_field(l2, NULL, comp->str, true);
out:
	g_free(pno);
	g_string_free(comp, TRUE);
	person_clear(&p);
	return ok;
}

/* The property page of kind "mrz": PROPERTY_ROWS TD3 zones of two
 * 44-character lines, one column, in a random monospace font at 10-13 pt
 * (11.9 pt of DejaVu Sans Mono is the 2.54 mm ICAO pitch), some under a
 * label. Each zone is one "mrz" item with its lines. Returns NULL after
 * setting the vips error. */
doc *doc_property_mrz_page(GRand *rng, double dpi)
{
	static const char *const fonts[] = {
		"DejaVu Sans Mono", "Noto Sans Mono CJK JP", "Tlwg Mono",
	};
	const double page_w = 210, page_h = 148, margin = 6;
	const double slot = (page_h - 2 * margin) / PROPERTY_ROWS;
	GString *l1 = g_string_new(NULL), *l2 = g_string_new(NULL);
	doc *d;
	bool ok = false;

	if (!(d = doc_new("property", page_w, page_h, dpi,
			  (rgb) { 252, 252, 250 }, NULL)))
		goto out;
	for (int i = 0; i < PROPERTY_ROWS; i++) {
		const char *font = pick_str(rng, fonts, G_N_ELEMENTS(fonts));
		double size = rnd(rng, 100, 130) / 10.0;
		double x = margin + (g_rand_boolean(rng) ? 0 : 22);
		double y = margin + i * slot + rnd(rng, 0, 5) / 10.0;
		/* 1 pt is 0.3528 mm; the lines sit 1.25 sizes apart. */
		double pitch = size * 0.3528 * 1.25;
		gt_item *mrz;
		char *lines[3];

		if (!property_td3(rng, l1, l2))
			goto out;
		if (x > margin && doc_text(d, margin, y, "DejaVu Sans", 7,
					   LABEL, "MRZ", NULL, NULL, NULL))
			goto out;
		if (doc_text_fit(d, x, y, page_w - margin - x, font, size,
				 BLACK, l1->str, "mrz", NULL, NULL) ||
		    doc_text_fit(d, x, y + pitch, page_w - margin - x, font,
				 size, BLACK, l2->str, "mrz", NULL, NULL))
			goto out;
		mrz = doc_merge_last(d, 2);
		g_clear_pointer(&mrz->printed, g_free);
		g_clear_pointer(&mrz->value, g_free);
		lines[0] = l1->str;
		lines[1] = l2->str;
		lines[2] = NULL;
		mrz->lines = g_strdupv(lines);
	}
	ok = true;
out:
	if (!ok && d) {
		doc_free(d);
		d = NULL;
	}
	g_string_free(l1, TRUE);
	g_string_free(l2, TRUE);
	return d;
}

/* ============================================================== forms */

/* An outlined box (four thin rectangles), in mm. Returns 0 or -1. */
static int outline(doc *d, double x, double y, double w, double h)
{
	const rgb line = { 120, 120, 130 };
	const double t = 0.25;

	return doc_rect(d, x, y, w, t, line) || doc_rect(d, x, y + h - t, w, t, line) ||
		doc_rect(d, x, y, t, h, line) || doc_rect(d, x + w - t, y, t, h, line) ?
		-1 : 0;
}

/* One form field: bilingual label, boxed value. */
typedef struct form_field {
	const char *label;
	char *text;        /* printed (owned) */
	const char *kind;  /* item kind or NULL */
	char *value;       /* item value (owned), NULL: text */
} form_field;

/* Draws fields top to bottom from y in a column of width w; returns the
 * y below the last one, or -1. */
static double draw_fields(doc *d, const variant *v, double x, double y,
			  double w, const form_field *fields, int n,
			  const char *lfont, const char *vfont)
{
	for (int i = 0; i < n; i++) {
		const form_field *ff = &fields[i];

		if (doc_text_fit(d, x, y, w, lfont, pt(v, 8.5), LABEL, ff->label,
				 NULL, NULL, NULL) ||
		    outline(d, x, y + 5, w, 10) ||
		    doc_text_fit(d, x + 2.5, y + 7.5, w - 5, vfont, pt(v, 11),
				 INK, ff->text, ff->kind,
				 ff->value ? ff->value : ff->text, NULL))
			return -1;
		y += 19;
	}
	return y;
}

static void form_fields_clear(form_field *fields, int n)
{
	for (int i = 0; i < n; i++) {
		g_free(fields[i].text);
		g_free(fields[i].value);
	}
}

/* A4 SIM registration form: the subscriber's Thai ID number (printed
 * with dashes), phone number, and the SIM's ICCID and IMSI and the
 * handset's IMEI, with Thai and English labels. */
doc *doc_sim_form(GRand *rng, const face_source *f, const variant *v)
{
	person p;
	form_field ff[9] = { 0 };
	char *val[6] = { 0 };
	static const char *const kinds[6] = {
		"th_id", "phone", "iccid", "imsi", "imei", NULL,
	};
	const char *tf = FONT(thai_fonts, v), *tb = FONT(thai_bold, v);
	doc *d = NULL;
	int n = 0;
	double y;

	person_make(rng, LOC_TH, &p);
	for (int i = 0; kinds[i]; i++)
		if (!(val[i] = value_or_error(rng, kinds[i], &p)))
			goto out;
	ff[n++] = (form_field) { "ชื่อ-นามสกุล / Full name",
		g_strdup_printf("%s %s  (%s %s)", p.given_local, p.family_local,
				p.given_en, p.family_en), "name", NULL };
	ff[n++] = (form_field) { "เลขประจำตัวประชาชน / ID card number",
		fake_printed("th_id", val[0], "-"), "th_id", g_strdup(val[0]) };
	ff[n++] = (form_field) { "วันเกิด / Date of birth",
		g_strdup_printf("%02d/%02d/%d", p.day, p.month, p.year), "dob",
		NULL };
	ff[n++] = (form_field) { "ที่อยู่ / Address",
		g_strdup_printf("%d/%d ถ.พหลโยธิน แขวงจตุจักร เขตจตุจักร กรุงเทพฯ 10900",
				rnd(rng, 1, 300), rnd(rng, 1, 99)), "address", NULL };
	ff[n++] = (form_field) { "หมายเลขโทรศัพท์ / Mobile number",
		fake_printed("phone", val[1], NULL), "phone", g_strdup(val[1]) };
	ff[n++] = (form_field) { "หมายเลขซิม / SIM serial number (ICCID)",
		fake_printed("iccid", val[2], NULL), "iccid", g_strdup(val[2]) };
	ff[n++] = (form_field) { "IMSI", g_strdup(val[3]), "imsi",
		g_strdup(val[3]) };
	ff[n++] = (form_field) { "หมายเลขเครื่อง / Handset IMEI",
		fake_printed("imei", val[4], NULL), "imei", g_strdup(val[4]) };

	if (!(d = doc_new("sim_registration_form", 210, 297, v->dpi,
			  (rgb) { 255, 255, 255 }, f)))
		goto out;
	TRY(doc_rect(d, 15, 12, 180, 16, (rgb) { 235, 240, 250 }));
	TRY(doc_text(d, 20, 14, FONT(latin_bold, v), pt(v, 15), INK,
		     "SIM Card Registration Form", NULL, NULL, NULL));
	TRY(doc_text(d, 20, 21.5, tb, pt(v, 11), INK,
		     "แบบฟอร์มลงทะเบียนผู้ใช้บริการซิมการ์ด", NULL, NULL, NULL));
	TRY(doc_text(d, 140, 22, "DejaVu Sans", pt(v, 7), LABEL,
		     "Form SR-01 (specimen)", NULL, NULL, NULL));
	y = draw_fields(d, v, 20, 36, 135, ff, n, tf, FONT(latin_fonts, v));
	TRY(y < 0);
	/* A photo of the subscriber, as the shop attaches one. */
	TRY(doc_text(d, 162, 36, tf, pt(v, 8.5), LABEL, "รูปถ่าย / Photo",
		     NULL, NULL, NULL));
	TRY(doc_photo(d, 162, 41, 30, 38, v->face, v->tint, 1, "portrait"));
	TRY(doc_text(d, 20, y + 6, tf, pt(v, 9), LABEL,
		     "ลายมือชื่อผู้ขอใช้บริการ / Subscriber signature", NULL,
		     NULL, NULL));
	TRY(doc_rect(d, 20, y + 22, 80, 0.3, LABEL));
	TRY(doc_text(d, 120, y + 6, tf, pt(v, 9), LABEL, "วันที่ / Date",
		     NULL, NULL, NULL));
	TRY(doc_text(d, 120, y + 14, FONT(latin_fonts, v), pt(v, 11), INK,
		     "15/06/2023", NULL, NULL, NULL));
	goto out;
fail:
	doc_free(d);
	d = NULL;
out:
	form_fields_clear(ff, n);
	for (size_t i = 0; i < G_N_ELEMENTS(val); i++)
		g_free(val[i]);
	person_clear(&p);
	return d;
}

/* A5 landscape parcel-collection slip with a PDF417 symbol holding the
 * collector's MyKad number, name and phone, the number also printed. */
doc *doc_pdf417_form(GRand *rng, const face_source *f, const variant *v)
{
	person p;
	char *id = NULL, *phone = NULL, *printed = NULL, *payload = NULL;
	char *name = NULL;
	doc *d = NULL;
	const char *lf = FONT(latin_fonts, v), *lb = FONT(latin_bold, v);

	person_make(rng, LOC_MY, &p);
	if (!(id = value_or_error(rng, "my_nric", &p)) ||
	    !(phone = value_or_error(rng, "phone", &p)))
		goto out;
	printed = fake_printed("my_nric", id, NULL);
	name = g_ascii_strup(p.given_en, -1);
	{
		char *family = g_ascii_strup(p.family_en, -1);
		char *full = g_strdup_printf("%s %s", name, family);

		g_free(name);
		g_free(family);
		name = full;
	}
	payload = g_strdup_printf("SLIP:%06d|NRIC:%s|NAME:%s|TEL:%s",
				  rnd(rng, 100000, 999999), id, name, phone);
	if (!(d = doc_new("pdf417_slip", 210, 148, v->dpi,
			  (rgb) { 253, 252, 248 }, f)))
		goto out;
	TRY(doc_rect(d, 0, 0, 210, 14, (rgb) { 40, 60, 110 }));
	TRY(doc_text(d, 10, 3.5, lb, pt(v, 14), (rgb) { 255, 255, 255 },
		     "PARCEL COLLECTION SLIP", NULL, NULL, NULL));
	TRY(label_value(d, v, 10, 24, 120, "Collector name:", lf, 9, name, lb,
			11, "name", name));
	TRY(label_value(d, v, 10, 34, 120, "NRIC / MyKad No.:", lf, 9, printed,
			lb, 12, "my_nric", id));
	{
		char *ph = fake_printed("phone", phone, NULL);

		TRY(label_value(d, v, 10, 45, 120, "Contact no.:", lf, 9, ph, lb,
				11, "phone", phone));
		g_free(ph);
	}
	TRY(doc_text(d, 10, 58, lf, pt(v, 8), LABEL,
		     "Present this slip and your MyKad at the counter.", NULL,
		     NULL, NULL));
	TRY(doc_code(d, 20, 74, BARCODE_PDF417, payload, 0.3, 0, 2, "pdf417",
		     id, NULL, NULL));
	goto out;
fail:
	doc_free(d);
	d = NULL;
out:
	g_free(id);
	g_free(phone);
	g_free(printed);
	g_free(payload);
	g_free(name);
	person_clear(&p);
	return d;
}

/* ======================================================= card on a scan */

/* An A4 page of a shop's "copy of identity document" form, scanned with
 * the customer's card lying askew on it: the form's text runs level, the
 * card's at 12-35 degrees either way, so the two need reading at angles
 * of their own. The card is a Singapore NRIC front (Latin text only);
 * its items come over into the page's truth through the same turn. */
doc *doc_card_on_page(GRand *rng, const face_source *f, const variant *v)
{
	doc *d = NULL, *card = NULL;
	person p;
	char *line = NULL;
	double right = 0;
	const char *lf = FONT(latin_fonts, v), *lb = FONT(latin_bold, v);
	double angle = g_rand_double_range(rng, 12, 35) *
		       (g_rand_boolean(rng) ? 1 : -1);

	person_make(rng, LOC_SG, &p);
	if (!(d = doc_new("card_on_page", 210, 297, v->dpi,
			  (rgb) { 255, 255, 255 }, f)))
		goto out;
	TRY(doc_text(d, 20, 15, lb, pt(v, 15), INK,
		     "Copy of Identity Document", NULL, NULL, NULL));
	TRY(doc_text(d, 20, 24, lf, pt(v, 9), LABEL,
		     "Attach or place the customer's card below and scan this "
		     "page in colour.", NULL, NULL, NULL));
	/* The caption is not the name: it stays readable. */
	TRY(doc_text(d, 20, 34, lf, pt(v, 11), INK, "Customer:", NULL, NULL,
		     &right));
	line = g_strdup_printf("%s %s", p.family_en, p.given_en);
	TRY(doc_text(d, right + 2, 34, lf, pt(v, 11), INK, line, "name", line,
		     NULL));
	TRY(doc_text(d, 20, 42, lf, pt(v, 11), INK,
		     "Service: prepaid mobile line, new subscription", NULL,
		     NULL, NULL));
	TRY(doc_text(d, 20, 50, lf, pt(v, 11), INK,
		     "Checked by: counter staff 0417, outlet Tampines", NULL,
		     NULL, NULL));
	TRY(doc_text(d, 20, 250, lf, pt(v, 9), LABEL,
		     "I confirm that this copy is used for registration only.",
		     NULL, NULL, NULL));
	TRY(doc_rect(d, 20, 272, 70, 0.3, LABEL));
	TRY(doc_text(d, 20, 275, lf, pt(v, 8), LABEL, "Customer signature",
		     NULL, NULL, NULL));
	/* The card, drawn at the page's resolution, placed in the empty
	 * middle of the page. */
	if (!(card = doc_sg_front(rng, f, v)))
		goto fail;
	TRY(doc_paste(d, card, angle, 40, 85));
	goto out;
fail:
	doc_free(d);
	d = NULL;
out:
	doc_free(card);
	g_free(line);
	person_clear(&p);
	return d;
}
