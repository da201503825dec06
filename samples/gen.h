/* gen.h — the pieces of the synthetic sample generator (gen-samples).
 *
 *   render.c  a document under construction: a canvas in millimetres at a
 *             chosen resolution, text, rectangles, photos and barcodes drawn
 *             on it, every drawn thing that matters recorded as a ground
 *             truth item; then skew, rotation, and the image + NAME.json
 *             written out with the boxes carried through the transforms.
 *   fake.c    fake people and fake but checksum-valid numbers. The check
 *             characters are chosen by asking the library's ids_check()
 *             (filter/text/kinds.c), so the check rules exist in one place
 *             only.
 *   docs.c    one template function per document type.
 *   gen.c     the command line, the fixed sample set and the property mode.
 *
 * Units: positions and sizes given to doc_* functions are millimetres on
 * the document; font sizes are points. Boxes in items are pixels.
 */
#ifndef GEN_H
#define GEN_H

#include <stdbool.h>

#include <glib.h>
#include <vips/vips.h>

/* ------------------------------------------------------------- render.c */

/* A box in pixels, right/bottom exclusive, the bounding box of its
 * corners qx, qy (as gt_item's: through every transform since drawn). */
typedef struct gt_box {
	double x0, y0, x1, y1;
	double qx[4], qy[4];
} gt_box;

/* The kind of the items that record text nothing needs to hide; they go
 * to NAME.json's "keep" array, not to "items". */
#define KEEP_KIND "keep"

/* One thing the redactor must find, as written to NAME.json. */
typedef struct gt_item {
	char *kind;      /* "th_id", "portrait", "qr", "mrz", "name", ... */
	char *value;     /* the value without separators, or NULL */
	char *printed;   /* as printed on the document, or NULL */
	char *payload;   /* codes: an identifier the payload contains, or NULL */
	char **lines;    /* mrz: NULL-terminated lines, or NULL */
	double x0, y0, x1, y1; /* box in pixels, right/bottom exclusive */
	/* the box's corners as drawn, through every transform since: the
	 * box above is their bounding box (a card pasted askew onto a page
	 * that is then skewed is turned twice, and the bounding box of a
	 * bounding box would hold the box of a line at a third angle) */
	double qx[4], qy[4];
	GArray *glyphs;  /* gt_box: the ink of each letter and digit of a
			  * value as printed, in order; NULL for others */
} gt_item;

/* An RGB colour. */
typedef struct rgb {
	double r, g, b;
} rgb;

/* How the photo behind a portrait was taken and printed badly: a small
 * snapshot blown up into the photo box, soft, noisy, faded (the hard
 * portraits of issue 13). Applied in that order, before the tint. */
typedef struct photo_wear {
	double face_px;   /* the face shrunk to this many pixels across
			   * first, then scaled up into the box; 0: not */
	double blur;      /* Gaussian sigma as a share of the box width */
	double noise;     /* standard deviation of added noise, grey levels */
	double contrast;  /* 1 as taken; 0.4: faded to 40 % about the mean */
} photo_wear;

/* Face photos from the faces directory, loaded once, and how this
 * document's camera and printer treat them (NULL: well). */
typedef struct face_source {
	VipsImage *astronaut;
	VipsImage *messi;
	const photo_wear *wear;
} face_source;

/* How a portrait is cut from a source photo and coloured. */
typedef enum face_pick {
	FACE_ASTRONAUT,      /* head and shoulders */
	FACE_ASTRONAUT_TIGHT,/* closer crop */
	FACE_ASTRONAUT_FLIP, /* mirrored */
	FACE_MESSI,          /* the small face in messi5.jpg */
	FACE_ASTRONAUT_FACE, /* cropped to the face: hair and chin cut */
	FACE_MESSI_FACE,     /* messi5's face, cropped close */
	FACE_ASTRONAUT_PLAIN /* head and shoulders before a plain studio
			      * backdrop, as many ID photos are taken */
} face_pick;

typedef enum face_tint {
	TINT_NONE,
	TINT_GREY,
	TINT_WARM,
	TINT_COOL
} face_tint;

/* A document being drawn. */
typedef struct doc {
	double dpi;
	double w_mm, h_mm;
	VipsImage *canvas;   /* 3-band uchar sRGB, in memory */
	GArray *items;       /* gt_item */
	const char *type;    /* "th_id_front", ... (static) */
	const face_source *faces;
} doc;

/* The surface a photographed document lies on (photo.c). */
typedef enum photo_desk {
	DESK_WOOD,   /* brown grain in long streaks */
	DESK_FABRIC, /* a dark woven cloth */
	DESK_PLAIN   /* a pale tabletop */
} photo_desk;

/* A phone photo of the document (photo.c). */
typedef struct photo_spec {
	photo_desk desk;
	double tilt;        /* degrees clockwise in the picture plane */
	double perspective; /* each corner moved up to this share of the
			     * document's width in the photo, in x and y */
	double fill;        /* document width / photo width, before tilt */
	double blur;        /* Gaussian sigma in photo pixels, 0 for none */
	int long_side;      /* photo width in pixels (4:3 landscape) */
	int exif_orientation; /* 1: none; 3, 6, 8: pixels stored turned and
			       * the EXIF tag set so a viewer turns them back */
} photo_spec;

/* How the finished document is turned into the sample file. */
typedef struct output_spec {
	const char *name;    /* file name without extension */
	const char *format;  /* "jpg" or "png" */
	int quality;         /* JPEG quality */
	int rotate;          /* clockwise 0, 90, 180, 270 */
	double skew;         /* degrees, clockwise, applied before rotate */
	double margin_mm;    /* scanner bed around the document */
	const photo_spec *photo; /* a phone photo instead of a scan, or NULL;
				  * skew and margin_mm are then unused */
	GRand *rng;          /* draws for the photo (corner moves, noise) */
} output_spec;

/* Returns a new document with a plain background, or NULL (vips error). */
doc *doc_new(const char *type, double w_mm, double h_mm, double dpi,
	     rgb background, const face_source *faces);
void doc_free(doc *d);

/* Millimetres to pixels at the document's resolution. */
double doc_px(const doc *d, double mm);

/* Returns 0 or -1. */
int doc_rect(doc *d, double x, double y, double w, double h, rgb colour);
/* A vertical colour ramp from top to bottom over the area. Returns 0/-1. */
int doc_gradient(doc *d, double x, double y, double w, double h, rgb top,
		 rgb bottom);

/* Draw text (UTF-8, Pango markup not interpreted) with its top-left ink
 * corner at (x, y) mm. font is a Pango description without size, e.g.
 * "DejaVu Sans Bold". When kind is not NULL an item is recorded with value
 * and printed = text. *right_mm (when given) gets the right edge of the
 * ink in mm. Returns 0 or -1. */
int doc_text(doc *d, double x, double y, const char *font, double pt,
	     rgb colour, const char *text, const char *kind,
	     const char *value, double *right_mm);

/* doc_text() shrunk to fit max_w mm when wider (max_w 0: no limit). */
int doc_text_fit(doc *d, double x, double y, double max_w, const char *font,
		 double pt, rgb colour, const char *text, const char *kind,
		 const char *value, double *right_mm);

/* Draw a portrait into the box; opacity 0..1 (ghost portraits are faint).
 * Records an item of kind ("portrait" or "ghost"). Returns 0 or -1. */
int doc_photo(doc *d, double x, double y, double w, double h, face_pick pick,
	      face_tint tint, double opacity, const char *kind);

/* Draw a symbol with zint (symbology is a BARCODE_* number) with its
 * top-left at (x, y); module is the X dimension in mm, height_mm the bar
 * height of 1-D symbols (ignored for 2-D). A white quiet zone of
 * quiet modules is painted around it. Records an item of kind with
 * payload_contains = contains. *w_mm / *h_mm get the size drawn.
 * Returns 0 or -1 (the error is in the vips error buffer). */
int doc_code(doc *d, double x, double y, int symbology, const char *data,
	     double module, double height_mm, int quiet, const char *kind,
	     const char *contains, double *w_mm, double *h_mm);

/* Merge the last n items into the first of them (box union; the others'
 * fields are dropped). Returns the merged item. */
gt_item *doc_merge_last(doc *d, guint n);

/* Draw card (another document, same resolution) onto d turned clockwise
 * by angle degrees, the turned card's bounding box at (x, y) mm, white
 * in its corners; card's items are copied into d through the same turn.
 * Returns 0 or -1 (vips error). */
int doc_paste(doc *d, const doc *card, double angle, double x_mm,
	      double y_mm);

/* Record an item covering an area drawn by several calls (in mm). */
gt_item *doc_item_mm(doc *d, const char *kind, double x, double y,
		     double w, double h);

/* Skew, rotate and write OUT_DIR/NAME.EXT and OUT_DIR/NAME.json.
 * Returns 0 or -1. */
int doc_write(doc *d, const output_spec *spec, const char *out_dir,
	      unsigned seed);

/* -------------------------------------------------------------- photo.c */

/* Replace every item's box and glyph boxes by the bounding box of its
 * corners mapped by the homography h (row-major 3x3; an affine map has
 * 0 0 1 last). */
void doc_map_items(GArray *items, const double h[9]);
/* Sets it's box and its corners to the rectangle x0, y0, x1, y1. */
void item_set_rect(gt_item *it, double x0, double y0, double x1, double y1);
/* Returns the box x0, y0, x1, y1 with its corners. */
gt_box gt_rect(double x0, double y0, double x1, double y1);

/* Replace *img (the drawn document) by a photo of it lying on a desk as
 * p says, and carry d's item boxes through the same warp. corners gets
 * where the document's corners (top-left, top-right, bottom-right,
 * bottom-left) landed in the photo. Returns 0 or -1 (vips error). */
int photo_place(doc *d, VipsImage **img, const photo_spec *p, GRand *rng,
		double corners[4][2]);

/* --------------------------------------------------------------- fake.c */

typedef struct person {
	char *given_en, *family_en;   /* Latin script */
	char *given_local, *family_local; /* local script, or same as en */
	int year, month, day;         /* date of birth */
	bool male;
} person;

typedef enum locale_id {
	LOC_TH, LOC_SG, LOC_VN, LOC_KR, LOC_MY, LOC_ID, LOC_HK, LOC_TW,
	LOC_CN, LOC_JP, LOC_IN, LOC_PH
} locale_id;

/* A fake person with names from loc's lists (g_free with person_clear). */
void person_make(GRand *rng, locale_id loc, person *p);
void person_clear(person *p);

/* A fake value of kind (no separators), checksum-valid where the kind has
 * a check (asked of ids_check()); dates inside it follow p when given.
 * Returns a g_malloc'ed string, or NULL when kind is unknown here or
 * ids_check() accepts no candidate (message in *why, static). */
char *fake_value(GRand *rng, const char *kind, const person *p,
		 const char **why);

/* value laid out as the document prints it: sep replaces the separators
 * of the kind's usual layout (" " or "-" or "" ; NULL keeps the usual
 * ones). g_malloc'ed. */
char *fake_printed(const char *kind, const char *value, const char *sep);

/* Kinds fake_value() knows, NULL-terminated (static). */
const char *const *fake_kinds(void);

/* The ICAO 9303 check digit of an MRZ field, from ids_check("mrz_check").
 * Returns '0'..'9', or 0 when ids_check() accepts none. */
char mrz_check_digit(const char *field);

/* Random helpers on the one seeded generator. */
int rnd(GRand *rng, int lo, int hi_inclusive);
const char *pick_str(GRand *rng, const char *const *list, int n);

/* --------------------------------------------------------------- docs.c */

/* A variant of a document: resolution, fonts and photo choice. */
typedef struct variant {
	double dpi;
	int font_set;     /* index into the template's font choices */
	face_pick face;
	face_tint tint;
	double text_scale; /* 0.9..1.15 multiplies font sizes */
} variant;

typedef doc *(*doc_template)(GRand *rng, const face_source *faces,
			     const variant *v);

/* Every template returns a drawn document or NULL (vips error). */
doc *doc_th_front(GRand *rng, const face_source *f, const variant *v);
doc *doc_sg_front(GRand *rng, const face_source *f, const variant *v);
doc *doc_sg_back(GRand *rng, const face_source *f, const variant *v);
doc *doc_vn_cccd(GRand *rng, const face_source *f, const variant *v);
doc *doc_sim_form(GRand *rng, const face_source *f, const variant *v);
doc *doc_passport(GRand *rng, const face_source *f, const variant *v);
doc *doc_pdf417_form(GRand *rng, const face_source *f, const variant *v);
doc *doc_kr_card(GRand *rng, const face_source *f, const variant *v);
doc *doc_my_card(GRand *rng, const face_source *f, const variant *v);
doc *doc_id_card(GRand *rng, const face_source *f, const variant *v);
doc *doc_hk_card(GRand *rng, const face_source *f, const variant *v);
doc *doc_tw_card(GRand *rng, const face_source *f, const variant *v);
doc *doc_cn_card(GRand *rng, const face_source *f, const variant *v);
doc *doc_jp_card(GRand *rng, const face_source *f, const variant *v);
doc *doc_in_card(GRand *rng, const face_source *f, const variant *v);
doc *doc_ph_card(GRand *rng, const face_source *f, const variant *v);
/* An A4 page scanned with a card lying askew on it: form text level, the
 * card (a Singapore NRIC) turned 12-35 degrees either way. */
doc *doc_card_on_page(GRand *rng, const face_source *f, const variant *v);

/* The property-test page: 24 values of kind in varied fonts, sizes,
 * groupings and label placements (A5 landscape, two columns). */
doc *doc_property_page(GRand *rng, const char *kind, double dpi,
		       const char **why);
/* The property-test page of kind "mrz": 12 TD3 zones (24 lines) in
 * varied monospace fonts and sizes. */
doc *doc_property_mrz_page(GRand *rng, double dpi);

#endif /* GEN_H */
