/* overlay.c — the review picture (idr_options_set_overlay()): the input
 * as decoded and oriented, on the output's pixel grid and NOT redacted,
 * with every finding outlined in its group's colour and labelled with
 * kind, country and confidence (never the value), each text block the
 * page held at an angle of its own outlined with its turn and skew, and
 * a header with the turn and skew the text stage read the page at.
 * Interface (internal.h): overlay_draw().
 *
 * It shows everything the redacted output hides, so it is only made on
 * request and whoever keeps it must keep it like the original.
 *
 * Drawn with libvips' draw operations on a private memory copy, labels
 * rendered by vips_text() (Pango through fontconfig: DejaVu Sans, from
 * fonts-dejavu-core, or fontconfig's nearest sans). Order matters: the
 * header and the labels first, the outlines last, so no label ever
 * hides a box edge (a reviewer reads the boxes; labels only name them).
 * Outlines are drawn inside the box, so the box's own edge pixels are
 * always the outline and the picture keeps the input's size.
 *
 * Cost: one memory copy of the image, one vips_text() per label (about a
 * millisecond each once fontconfig has started; its first start in a
 * process reads the font cache, tens of milliseconds).
 */
#include <math.h>
#include <string.h>

#include "internal.h"

/* Colour per kind group, from Okabe and Ito's palette for colour-blind
 * readers ("Color Universal Design", J*FLY, 2008): told apart with any
 * of the common colour deficiencies. text is the label's letter colour,
 * black or white, whichever reads better on the fill. */
static const struct group_colour {
	const char *group; /* as kind_set_parse() takes it */
	double fill[3];
	double text[3];
} group_colours[] = {
	{ "ids",     { 213,  94,   0 }, { 255, 255, 255 } }, /* vermillion */
	{ "telecom", { 230, 159,   0 }, {   0,   0,   0 } }, /* orange */
	{ "mrz",     { 204, 121, 167 }, {   0,   0,   0 } }, /* reddish purple */
	{ "fields",  {   0, 114, 178 }, { 255, 255, 255 } }, /* blue */
	{ "codes",   {   0, 158, 115 }, { 255, 255, 255 } }, /* bluish green */
	{ "faces",   {  86, 180, 233 }, {   0,   0,   0 } }, /* sky blue */
};
/* A kind in no group above (a kind added later): yellow. */
static const struct group_colour other_colour = {
	"other", { 240, 228, 66 }, { 0, 0, 0 }
};
/* Text blocks read at their own angle: a dark grey edge and plate with
 * white letters; the header's letters are white too. */
static const double block_ink[3] = { 64, 64, 64 };
static const double white[3] = { 255, 255, 255 };

/* Labels are set in this face at LABEL_PT points; the size in pixels
 * comes from the dpi handed to vips_text(). */
#define LABEL_FONT "DejaVu Sans Bold 10"
#define LABEL_PT 10

/* Returns the colour of kind's group. Group membership is asked of
 * kind_set, which knows it (ids.c): a known kind is in exactly one
 * group, while a kind the table does not know answers yes to every
 * group (kind_set_has() keeps what it cannot name), so it gets
 * other_colour. */
static const struct group_colour *kind_colour(const char *kind)
{
	const struct group_colour *found = NULL;
	int hits = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(group_colours); i++) {
		kind_set *set = NULL;
		if (kind_set_parse(group_colours[i].group, &set, NULL))
			continue;
		if (kind_set_has(set, kind)) {
			found = &group_colours[i];
			hits++;
		}
		kind_set_free(set);
	}
	return hits == 1 ? found : &other_colour;
}

/* The sizes everything is drawn at, from the image's shorter side: a
 * card scanned at 300 dpi (about 640 px high) gets 2-px outlines and
 * 11-px letters; an A4 page at 200 dpi (1654 px wide) 5-px outlines and
 * 30-px letters: readable on a thumbnail of either. */
typedef struct scale {
	int line;  /* outline thickness */
	int text;  /* letter height (em), pixels */
	int pad;   /* around a label's text */
} scale;

static scale scale_for(const VipsImage *img)
{
	int side = MIN(img->Xsize, img->Ysize);
	scale s;

	s.line = MAX(2, side / 300);
	s.text = CLAMP(side / 55, 11, 96);
	s.pad = MAX(2, s.text / 5);
	return s;
}

/* Returns 0 with *mask the one-band antialiased rendering of text (plain
 * text, not markup) with letters px pixels high, lines wrapped at width
 * pixels (0: never); -1 with vips' error. */
static int text_mask(const char *text, int px, int width, VipsImage **mask)
{
	/* vips_text() reads Pango markup: '<' and '&' must be escaped. */
	char *plain = g_markup_escape_text(text, -1);
	int r = width > 0
		? vips_text(mask, plain, "font", LABEL_FONT, "dpi",
			    MAX(1, px * 72 / LABEL_PT), "width", width, NULL)
		: vips_text(mask, plain, "font", LABEL_FONT, "dpi",
			    MAX(1, px * 72 / LABEL_PT), NULL);

	g_free(plain);
	return r;
}

/* Returns 0 after drawing r's outline, thick pixels wide, inside r. */
static int draw_outline(VipsImage *canvas, idr_rect r, const double ink[3],
			int thick)
{
	for (int i = 0; i < thick && r.w - 2 * i > 0 && r.h - 2 * i > 0; i++)
		if (vips_draw_rect(canvas, (double *)ink, 3, r.x + i, r.y + i,
				   r.w - 2 * i, r.h - 2 * i, "fill", FALSE, NULL))
			return -1;
	return 0;
}

/* Returns true when a and b share a pixel. */
static bool rects_meet(idr_rect a, idr_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w &&
	       a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Returns where a w x h label of box r goes: the first of above its
 * top-left corner, inside it there, below its bottom-left corner, above
 * its top-right corner that lies on the canvas and meets no label
 * placed before (placed, idr_rect), else the first on the canvas. */
static idr_rect label_place(const VipsImage *canvas, idr_rect r, int w, int h,
			    const GArray *placed)
{
	const idr_rect spots[] = {
		{ r.x, r.y - h, w, h },
		{ r.x, r.y, w, h },
		{ r.x, r.y + r.h, w, h },
		{ r.x + r.w - w, r.y - h, w, h },
	};
	idr_rect first = { -1, -1, w, h };

	for (size_t i = 0; i < G_N_ELEMENTS(spots); i++) {
		idr_rect p = spots[i];
		/* Sideways, a label slides back onto the canvas. */
		p.x = MAX(0, MIN(p.x, canvas->Xsize - w));
		if (p.y < 0 || p.y + h > canvas->Ysize)
			continue;
		if (first.x < 0)
			first = p;
		bool free_spot = true;
		for (guint k = 0; k < placed->len && free_spot; k++)
			free_spot = !rects_meet(p, g_array_index(placed, idr_rect, k));
		if (free_spot)
			return p;
	}
	if (first.x < 0)
		first = (idr_rect){ MAX(0, MIN(r.x, canvas->Xsize - w)),
				    MAX(0, r.y), w, h };
	return first;
}

/* Returns 0 after drawing text on a fill-coloured plate beside box r
 * (label_place()) and adding the plate to placed. */
static int draw_label(VipsImage *canvas, idr_rect r, const char *text,
		      const double fill[3], const double ink[3], const scale *s,
		      GArray *placed)
{
	VipsImage *mask = NULL;
	int ret = -1;

	if (text_mask(text, s->text, 0, &mask))
		return -1;
	idr_rect p = label_place(canvas, r, mask->Xsize + 2 * s->pad,
				 mask->Ysize + 2 * s->pad, placed);
	g_array_append_val(placed, p);
	int x = p.x, y = p.y, w = p.w, h = p.h;
	if (vips_draw_rect(canvas, (double *)fill, 3, x, y, w, h, "fill", TRUE,
			   NULL) ||
	    vips_draw_mask(canvas, (double *)ink, 3, mask, x + s->pad,
			   y + s->pad, NULL))
		goto out;
	ret = 0;
out:
	IDR_UNREF(mask);
	return ret;
}

/* Returns 0 after writing the header over the top-left corner: a
 * warning that the picture is the unredacted input, and the geometry
 * the text was read at, white on the darkened image; its area is added
 * to placed. */
static int draw_header(VipsImage *canvas, const page_geometry *geo,
		       guint findings, const scale *s, GArray *placed)
{
	VipsImage *mask = NULL, *area = NULL, *dark = NULL;
	char *text;
	int ret = -1;

	text = g_strdup_printf(
		"UNREDACTED INPUT: keep it like the original\n"
		"text read turned %d\u00b0 clockwise, skew %+.1f\u00b0 (%s); "
		"%d block%s, %d reading%s; %u finding%s",
		geo->turn, geo->skew, geo->source ? geo->source : "no text",
		geo->blocks, geo->blocks == 1 ? "" : "s", geo->readings,
		geo->readings == 1 ? "" : "s", findings, findings == 1 ? "" : "s");
	if (text_mask(text, s->text, MAX(1, canvas->Xsize - 2 * s->pad), &mask))
		goto out;
	int w = MIN(canvas->Xsize, mask->Xsize + 2 * s->pad);
	int h = MIN(canvas->Ysize, mask->Ysize + 2 * s->pad);
	idr_rect area_rect = { 0, 0, w, h };
	g_array_append_val(placed, area_rect);
	/* A third of the image's own light stays, so what lies under the
	 * header is still seen. */
	if (vips_extract_area(canvas, &area, 0, 0, w, h, NULL) ||
	    vips_linear1(area, &dark, 0.35, 0, "uchar", TRUE, NULL) ||
	    vips_draw_image(canvas, dark, 0, 0, NULL) ||
	    vips_draw_mask(canvas, (double *)white, 3, mask, s->pad,
			   s->pad, NULL))
		goto out;
	ret = 0;
out:
	g_free(text);
	IDR_UNREF(dark);
	IDR_UNREF(area);
	IDR_UNREF(mask);
	return ret;
}

/* Returns the label of finding f: kind, country, confidence. Never its
 * value, nor the tail the report may carry. */
static char *finding_label(const finding *f)
{
	return g_strdup_printf("%s%s%s %.2f", f->kind,
			       f->country && *f->country ? " " : "",
			       f->country ? f->country : "", f->confidence);
}

/* Returns img flattened onto white, as 8-bit sRGB in memory (grey and
 * alpha inputs too: the colours must show), or NULL with vips' error. */
static VipsImage *canvas_of(VipsImage *img)
{
	VipsImage *t[3] = { NULL, NULL, NULL }, *canvas = NULL;
	double paper[1] = { 255 };

	if (vips_image_hasalpha(img)) {
		VipsArrayDouble *bg = vips_array_double_new(paper, 1);
		int r = vips_flatten(img, &t[0], "background", bg, NULL);
		vips_area_unref(VIPS_AREA(bg));
		if (r)
			goto out;
	} else {
		t[0] = img;
		g_object_ref(img);
	}
	if (vips_colourspace(t[0], &t[1], VIPS_INTERPRETATION_sRGB, NULL) ||
	    vips_cast_uchar(t[1], &t[2], NULL))
		goto out;
	canvas = vips_image_copy_memory(t[2]);
out:
	for (int i = 0; i < 3; i++)
		IDR_UNREF(t[i]);
	return canvas;
}

idr_status overlay_draw(VipsImage *img, const GArray *found,
			const page_geometry *geo, VipsImage **out,
			idr_error *err)
{
	VipsImage *canvas = canvas_of(img);
	GArray *placed = g_array_new(FALSE, FALSE, sizeof(idr_rect));
	scale s;
	idr_status st = IDR_OK;

	*out = NULL;
	if (!canvas)
		goto failed;
	s = scale_for(canvas);
	if (draw_header(canvas, geo, found->len, &s, placed))
		goto failed;
	/* Blocks read at their own angle (a card askew on a scanned page):
	 * the region, thinly, and the turn and skew it was read at. */
	for (int i = 0; i < geo->blocks - 1 && i < (int)G_N_ELEMENTS(geo->other);
	     i++) {
		idr_rect r = rect_pad_clip(geo->other[i].region, 0,
					   canvas->Xsize, canvas->Ysize);
		char *text = g_strdup_printf("text block: turned %d\u00b0, skew %+.1f\u00b0",
					     geo->other[i].turn, geo->other[i].skew);
		int bad = r.w <= 0 || r.h <= 0 ? 0 :
			  draw_label(canvas, r, text, block_ink, white, &s,
				     placed) ||
			  draw_outline(canvas, r, block_ink, MAX(1, s.line / 2));
		g_free(text);
		if (bad)
			goto failed;
	}
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		idr_rect r = rect_pad_clip(f->box, 0, canvas->Xsize, canvas->Ysize);
		const struct group_colour *c = kind_colour(f->kind);
		char *text = finding_label(f);
		int bad = r.w > 0 && r.h > 0 &&
			  draw_label(canvas, r, text, c->fill, c->text, &s,
				     placed);
		g_free(text);
		if (bad)
			goto failed;
	}
	for (guint i = 0; i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		idr_rect r = rect_pad_clip(f->box, 0, canvas->Xsize, canvas->Ysize);
		if (draw_outline(canvas, r, kind_colour(f->kind)->fill, s.line))
			goto failed;
	}
	*out = canvas;
	canvas = NULL;
	goto out;
failed:
	st = idr_fail(err, IDR_ERR_INTERNAL, "overlay: %s", vips_error_buffer());
	vips_error_clear();
out:
	g_array_free(placed, TRUE);
	IDR_UNREF(canvas);
	return st;
}
