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

/* A plain page with several values of one kind, each in a random font,
 * size and grouping (the kind's usual separators, spaces, dashes or
 * none), under a random context label. *why is set when kind cannot be
 * generated. */
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
	doc *d = NULL;
	char *value = NULL, *printed = NULL;
	int rows = rnd(rng, 3, 6);
	double y = 8;

	*why = NULL;
	if (!(d = doc_new("property", 148, 105, dpi, (rgb) { 252, 252, 250 },
			  NULL)))
		return NULL;
	for (int i = 0; i < rows; i++) {
		const char *font = pick_str(rng, fonts, G_N_ELEMENTS(fonts));
		const char *label = pick_str(rng, labels, G_N_ELEMENTS(labels));
		double size = rnd(rng, 80, 140) / 10.0;
		double right = 6;

		if (!(value = fake_value(rng, kind, NULL, why)))
			goto fail;
		printed = fake_printed(kind, value,
				       seps[rnd(rng, 0, G_N_ELEMENTS(seps) - 1)]);
		if (*label && doc_text(d, 6, y, "DejaVu Sans", 7, LABEL, label,
				       NULL, NULL, &right))
			goto fail;
		if (doc_text(d, right + 3, y, font, size, INK, printed, kind,
			     value, NULL))
			goto fail;
		y += 6 + size * 0.55;
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
