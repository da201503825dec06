/* text.h — the text stage's own interfaces: page geometry (layout.c),
 * which way up (orient.c) and the views OCR reads (view.c). read.c puts
 * them together in text_find() (declared in internal.h for pipeline.c).
 * Nothing here is exported from the library.
 *
 * Angles: degrees, measured from +x towards +y on the image grid (x
 * right, y down), so a positive angle is clockwise as seen. A text line's
 * direction is in [0, 180): 0 for upright or upside-down lines, 90 for
 * lines running down or up the page.
 */
#ifndef IDR_TEXT_H
#define IDR_TEXT_H

#include "internal.h"

/* ------------------------------------------------------------ layout.c */

/* text_line (one line of characters) is in internal.h: the stages after
 * the text stage read the lines too. */

/* Lines that share a direction: the whole page, or a block turned
 * against it (a card lying askew on a scanned page, an MRZ printed
 * along the edge of a booklet). */
typedef struct text_block {
	double angle;     /* direction of its lines, [0, 180) */
	double skew;      /* the same, less the nearest quarter turn: (-45, 45] */
	bool vertical;    /* lines run down/up the page (angle near 90) */
	bool axis_sure;   /* the direction stands well clear of the one
			   * across it (else both axes are read) */
	idr_rect region;  /* bounding box of its lines, padded; in pixels */
	double char_px;   /* median character height of its lines */
	GArray *lines;    /* text_line */
} text_block;

/* What layout_find() saw. */
typedef struct page_layout {
	GArray *blocks;   /* text_block; blocks[0] the page's main direction */
	int components;   /* character-like components kept */
	int width, height; /* of the analysed image */
	double ms;        /* time taken */
} page_layout;

/* Find text lines on img (any size; sRGB or grey, 8-bit) and group them
 * into blocks by direction. Returns IDR_OK with *out set (no blocks when
 * no text lines were found), or IDR_ERR_INTERNAL. */
idr_status layout_find(VipsImage *img, page_layout **out, idr_error *err);
void page_layout_free(page_layout *layout);

/* -------------------------------------------------------------- read.c */

/* Room around a block's lines, in their character heights, for a
 * character the layout missed at either end (a check digit set apart, a
 * bracket, the end of a number another block's line took). */
#define LINE_REACH 4.0
/* How far past a line, in its character heights, painting it reaches. */
#define LINE_ERASE_PAD 0.5
/* A line of this many characters or fewer is weak evidence of a
 * direction: not painted out where it lies in the block being read. */
#define WEAK_LINE_CHARS 3

/* Returns a copy of grey (one band, in memory) with the lines of every
 * block of layout but block i painted white, except where they fall on
 * block i's own lines or within LINE_REACH past their ends, and except
 * lines of WEAK_LINE_CHARS characters or fewer whose middle lies in
 * block i's region; NULL on a vips error. */
VipsImage *without_other_blocks(VipsImage *grey, const page_layout *layout,
				guint i);

/* -------------------------------------------------------------- view.c */

/* What OCR reads: a one-band 8-bit image cut from the input, scaled,
 * deskewed and turned, and the map from its pixels back to the input's. */
typedef struct text_view {
	VipsImage *grey;  /* in memory */
	affine to_image;  /* view pixels -> input pixels */
	int turn;         /* clockwise quarter turn applied after deskew */
	double skew;      /* degrees undone (the view was turned by -skew) */
	double scale;     /* view pixels per input pixel */
} text_view;

/* The scale that brings block's characters to the height OCR reads best,
 * bounded so a view of region stays within a size limit. */
double view_scale(const text_block *b, idr_rect region);

/* Cut region out of grey (the input as one 8-bit band), scale it by
 * scale, turn it by -skew degrees, then by turn clockwise (0, 90, 180,
 * 270). Returns IDR_OK or IDR_ERR_INTERNAL. */
idr_status view_make(VipsImage *grey, idr_rect region, double scale,
		     double skew, int turn, text_view *out, idr_error *err);
/* The same view turned half a turn more. */
idr_status view_half_turn(const text_view *in, text_view *out,
			  idr_error *err);
void view_clear(text_view *view);

/* An 8-bit leptonica copy of a one-band uchar image (pixDestroy() it),
 * or NULL when out of memory. */
struct Pix *pix_from_grey(VipsImage *grey);

/* ------------------------------------------------------------ orient.c */

/* The most sample lines orient_decide() reads. */
#define ORIENT_SAMPLES 6

/* Which way up a block reads, from independent signals. */
typedef struct updown {
	int turns[2];     /* turns to read, surest first */
	int n;            /* 1, or 2 when the signals are weak or disagree */
	float lines_conf; /* mean word confidence of the sample lines read
			   * as the view stands, minus read half a turn
			   * round (weighted by characters) */
	int lines_read;   /* sample lines read */
	/* Each sample line read: its box on the view as it stands, its
	 * English readings' word confidence as it stands and half a turn
	 * round, and whether they showed an MRZ's fillers either way. */
	struct {
		idr_rect box;
		float up, down;
		bool mrz;
	} sample[ORIENT_SAMPLES];
	int votes_up, votes_down; /* lines clearly for the view as it
			   * stands / for half a turn round */
	float strongest;  /* the widest margin of a voting line */
	float weakest;    /* the narrowest */
	float shape_conf; /* leptonica's ascender/descender confidence that
			   * the first turn is upright (> 0) */
	const char *why;  /* how it was decided (static) */
} updown;

/* g_array_sort() order of text_line: most characters first (orient.c
 * samples lines in it; read.c's Thai check goes on past them in it). */
gint text_line_by_chars_desc(gconstpointer a, gconstpointer b);

/* Returns the box of line l in v's pixels, padded: its rectangle on the
 * input, mapped through the inverse of v's map; the middle of a long
 * line only, some SAMPLE_CHARS (orient.c) characters, cut between
 * words where it can. */
idr_rect orient_line_box(const text_line *l, const text_view *v);

/* Decide which way up block reads in view (its lines already level:
 * view.turn is one of the two candidates). Returns IDR_OK or
 * IDR_ERR_INTERNAL. */
idr_status orient_decide(ocr_engine *ocr, const text_block *block,
			 const text_view *view, updown *out, idr_error *err);

/* --------------------------------------------------------------- ink.c */

/* Grow each identifier and MRZ finding in found (boxes in grey's pixels,
 * as read on page) over ink beside it on its rows that no word of page
 * covers and that ends within a few characters (an MRZ: within
 * MRZ_INK_REACH): characters OCR never returned. */
void ink_grow(const ocr_page *page, VipsImage *grey, GArray *found);

/* Trim each finding's box in found (in grey's pixels, as read on page) to
 * the ink in it and the glyphs of page centred in it, with a narrow
 * margin: never past the box as it was. Boxes whose pixels hold too
 * little contrast to tell ink from background stay as they are. */
void ink_trim(const ocr_page *page, VipsImage *grey, GArray *found);

/* Appends to boxes (idr_rect, view pixels) the lines of block b, read on
 * view into page, that OCR returned (almost) nothing of: lines of at
 * least UNREAD_MIN_HEIGHTS character heights with fewer of page's
 * symbols centred on them than UNREAD_SHARE of their characters; each
 * box is the line a character longer at both ends and half a character
 * wider. read.c reads each again alone. Exposed for the tests. */
void unread_line_boxes(const text_view *view, const text_block *b,
		       const ocr_page *page, GArray *boxes);
/* Appends to boxes (idr_rect, view pixels) the box of each line of block
 * b, mapped into view, that OCR read only partly (its read symbols
 * spanning under UNREAD_COVER of its length) and on which an identifier
 * of found lies (the finding's centre on the line) or PARTLY_DIGITS
 * digits or more were read with an end of the line left unread, as
 * unread_line_boxes() makes them. Exposed for the tests. */
void partly_read_boxes(const text_view *view, const text_block *b,
		       const ocr_page *page, const GArray *found,
		       GArray *boxes);

/* A line of a block that OCR did not read whole on a view levelled at
 * the block's skew, and that runs off level on it: its box on the view
 * (the line a character longer at both ends, half a character wider)
 * and the degrees it leans there (clockwise, as a view's skew). */
typedef struct askew_line {
	idr_rect box;
	double skew;
} askew_line;

/* Appends to out (askew_line) each line of block b of ASKEW_CHARS
 * characters or more that climbs or falls ASKEW_DRIFT of its character
 * height or more along its length on view, and of which page holds
 * fewer symbols read at SURE_READ or more than it has glyphs; read.c
 * reads each again on a view levelled at its own angle. Exposed for
 * the tests. */
void askew_lines(const text_view *view, const text_block *b,
		 const ocr_page *page, GArray *out);

/* Returns true when the page pass (page, read on view) buried a line of
 * block b under its threshold: a line of BURIED_CHARS glyphs or more
 * that page->binary makes black along BURIED_RUN of its heights, or
 * washes out (under BLANK_SHARE of it black), with fewer symbols read
 * at SURE_READ or more on it than it has glyphs.
 * read.c then reads the view again thresholded by neighbourhood. Exposed
 * for the tests. */
bool buried_lines(const text_view *view, const text_block *b,
		  const ocr_page *page);

/* Of a block read both ways (findings of the first reading in
 * found[from[0], from[1]), of the other in [from[1], from[2]), the
 * readings' confidences conf[0], conf[1]), drops the findings of the
 * reading in which no identifier passed its check when one did in the
 * other and OCR read that other no less surely. Exposed for the
 * tests. */
void drop_unverified_half(GArray *found, const guint from[3],
			  const double conf[2]);

/* The rows and height of the text inside box: the span of page's
 * symbols whose centre lies in it and their median height. Returns false
 * when there are none. */
bool text_rows(const ocr_page *page, idr_rect box, int *top, int *bottom,
	       int *height);

/* Lengthens each identifier or MRZ finding of found (on view, whose
 * reading is page) at both ends by SHEAR_SLACK of one line's height, up
 * to LEAN_BLANK short of the next word of page on its rows, when view is
 * levelled by LEAN_SKEW degrees or more: a photo's perspective shears
 * glyphs past a box cut square across the line. Exposed for the
 * tests. */
void lean_past_ends(const ocr_page *page, const text_view *view,
		    GArray *found);

/* Moves finding f, found on view, into the input's pixels (width x
 * height): its box, and on a levelled view the turned rectangle it masks
 * (f->quad, f->tilted), padded across by LEVEL_SLACK of its length for
 * the skew's error. Exposed for the tests. */
void finding_to_input(const text_view *view, finding *f, int width,
		      int height);

#endif /* IDR_TEXT_H */
