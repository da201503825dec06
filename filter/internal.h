/* internal.h — types shared by the stages of the pipeline and the
 * interface each stage offers. Nothing here is exported from the library
 * (built with -fvisibility=hidden; only IDR_API symbols are public).
 *
 * Coordinates: every box is in pixels of the image as it stands after
 * EXIF orientation was applied (the output's pixel grid), x right, y down.
 */
#ifndef IDR_INTERNAL_H
#define IDR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>
#include <vips/vips.h>

#include "idredact.h"

/* Free and NULL, in the manner of VIPS_FREE / VIPS_UNREF. */
#define IDR_FREE(p) do { g_free(p); (p) = NULL; } while (0)
#define IDR_UNREF(p) do { if (p) g_object_unref(p); (p) = NULL; } while (0)

/* Fill err (when given) and return status; printf-checked. */
idr_status idr_fail(idr_error *err, idr_status status, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);
/* Returns 0 after fsync'ing the directory at path (so that a file
 * renamed or created in it lasts), or -1 with errno set. */
int fsync_dir(const char *path);

typedef struct idr_rect {
	int x, y, w, h;
} idr_rect;

idr_rect rect_union(idr_rect a, idr_rect b);
/* Grow by pad on every side and clip to width x height. */
idr_rect rect_pad_clip(idr_rect r, int pad, int width, int height);
/* Map a box found in an image rotated clockwise by angle (0, 90, 180, 270)
 * back to the unrotated image of size width x height. */
idr_rect rect_unrotate(idr_rect r, int angle, int width, int height);
/* Scale every coordinate by s (for boxes found on a scaled copy). */
idr_rect rect_scale(idr_rect r, double s);
/* The part of a inside b; width and height 0 when they do not meet. */
idr_rect rect_intersect(idr_rect a, idr_rect b);
/* Whether the centre of a (rounded down) lies inside b. */
bool rect_centre_in(idr_rect a, idr_rect b);
/* The grey levels at or under which shares lo_share and hi_share of the
 * pixels in box of grey (one band of uchar, in memory) lie: *lo, *hi. */
void grey_levels(VipsImage *grey, idr_rect box, double lo_share,
		 double hi_share, int *lo, int *hi);
/* The bounding box of the pixels in box of grey (one band of uchar, in
 * memory) darker than below; width 0 when there are none. */
idr_rect dark_extent(VipsImage *grey, idr_rect box, int below);

/* ----------------------------------------------------------- geometry.c */

/* An affine map between a copy's pixels and the image's:
 * x' = a x + b y + c, y' = d x + e y + f. */
typedef struct affine {
	double a, b, c, d, e, f;
} affine;

affine affine_compose(affine outer, affine inner); /* outer after inner */
affine affine_invert(affine m);
void affine_apply(affine m, double x, double y, double *ox, double *oy);
/* Bounding box of r's corners under m. */
idr_rect affine_rect(affine m, idr_rect r);

/* Turn in by -skew degrees (so lines leaning skew degrees clockwise run
 * level) and scale it by scale, in one resampling, into an image just
 * holding it, white outside; *out is in memory, *to_in maps its pixels
 * back to in's. Returns IDR_OK or IDR_ERR_INTERNAL. */
idr_status image_level(VipsImage *in, double skew, double scale,
		       VipsImage **out, affine *to_in, idr_error *err);

/* One thing to mask. kind and country point at static strings. */
typedef struct finding {
	const char *kind;
	const char *country;
	idr_rect box;      /* already padded; clipped to the image */
	/* A turned rectangle (text read on a view deskewed from a tilted
	 * page): its corners in the image's pixels, in the order (x0,y0),
	 * (x1,y0), (x0,y1), (x1,y1) of the rectangle as read; box is their
	 * bounding box, and the mask is the quad (mask.c). */
	bool tilted;
	double quad[4][2];
	double confidence; /* 0..1 */
	int checksum;      /* 1 passed, 0 failed, -1 the kind has none */
	bool decoded;      /* codes only */
	char tail[3];      /* at most the last 2 characters of the value */
} finding;

/* GArray of finding. */
GArray *findings_new(void);

/* ------------------------------------------------------------- decode.c */

/* Decode an image held in memory. Refuses more than max_pixels (every
 * page counted) and images that are not document images (decode.c says
 * what those are) from the header, before any pixel is decoded. The
 * result has the EXIF orientation applied, is 8-bit sRGB or grey (alpha
 * kept), and is in memory; several pages or frames are stacked top to
 * bottom with "page-height" set (vips_image_get_page_height()), and an
 * animation keeps its "delay" and "loop" fields.
 * *format gets "jpeg", "png", "webp", "tiff", "heif" or "gif" (static).
 * Returns IDR_OK, IDR_ERR_DATA or IDR_ERR_LIMIT. */
idr_status decode_image(const void *data, size_t size, uint64_t max_pixels,
			VipsImage **out, const char **format, idr_error *err);

/* ------------------------------------------------------------- encode.c */

/* Encode img as format ("jpeg", "png", "webp", "tiff" or "gif") with
 * every piece of metadata stripped; pages stacked in img (page-height)
 * become pages or frames of a TIFF, WebP or GIF. *out is g_malloc'ed.
 * Returns IDR_OK or IDR_ERR_INTERNAL. */
idr_status encode_image(VipsImage *img, const char *format, void **out,
			size_t *size, idr_error *err);

/* ------------------------------------------------------------- models.c */

/* Returns IDR_OK when the model file at path exists and, if it is listed
 * in the models/ manifests, matches its SHA-256; else IDR_ERR_MODEL. */
idr_status models_verify(const char *path, idr_error *err);

/* ----------------------------------------------------------- text/ocr.c */

/* What OCR saw, as symbols grouped into words and lines. Boxes are in
 * the coordinates of the image handed to OCR (see ocr_read()). */
typedef struct ocr_symbol {
	char text[8];   /* one UTF-8 character as read (a grapheme at most) */
	idr_rect box;
	float conf;     /* 0..100 */
} ocr_symbol;

typedef struct ocr_word {
	guint first, n; /* symbols[first .. first+n-1] */
	idr_rect box;
	float conf;
} ocr_word;

typedef struct ocr_line {
	guint first, n; /* words[first .. first+n-1] */
	idr_rect box;
} ocr_line;

struct Pix;

typedef struct ocr_page {
	GArray *symbols; /* ocr_symbol */
	GArray *words;   /* ocr_word */
	GArray *lines;   /* ocr_line */
	int width, height; /* of the image the boxes refer to */
	/* The black and white image tesseract read a whole page from (its
	 * own thresholding of it), or NULL; see ocr_dark_run(). */
	struct Pix *binary;
} ocr_page;

/* Returns an empty page of boxes in a width x height image. */
ocr_page *ocr_page_new(int width, int height);
void ocr_page_free(ocr_page *page);
/* Appends every line of src (boxes in the same image) to dst. */
void ocr_page_append(ocr_page *dst, const ocr_page *src);

typedef struct ocr_engine ocr_engine;

/* What an OCR pass was for, to account for its time (--timings). */
typedef enum ocr_pass_kind {
	OCR_PASS_PAGE,     /* a view read whole (ocr_read()) */
	OCR_PASS_LINES,    /* its Thai or doubtful lines read again in English */
	OCR_PASS_UNREAD,   /* layout lines OCR left out (ocr_read_boxes()) */
	OCR_PASS_ORIENT,   /* sample lines for which way up (ocr_read_line()) */
	OCR_PASS_LANGUAGE, /* a card's own script (ocr_read_as()) */
	OCR_PASS_OSD,      /* tesseract's orientation detector */
	OCR_PASS_THAI,     /* lines read in eng+tha: is the page in Thai? */
	OCR_PASS_KINDS
} ocr_pass_kind;

/* Copies to ms the milliseconds the engine spent in each kind of pass
 * since the last call, and starts the account again. */
void ocr_spent_take(ocr_engine *eng, double ms[OCR_PASS_KINDS]);

/* Returns IDR_OK or IDR_ERR_MODEL. */
idr_status ocr_engine_new(const char *tessdata, const char *lang,
			  ocr_engine **out, idr_error *err);
void ocr_engine_free(ocr_engine *eng);

/* *turn gets the clockwise rotation (0, 90, 180, 270) that tesseract's
 * orientation detector says makes the text of grey upright, *confidence
 * its confidence (0 when it could not tell). The detector's model is
 * checked and loaded on the first call. Returns IDR_OK or IDR_ERR_MODEL. */
idr_status ocr_orientation(ocr_engine *eng, VipsImage *grey, int *turn,
			   float *confidence, idr_error *err);

/* OCR an upright 8-bit one-band image in the configured languages, or
 * with latin in English alone where those are eng and tha (a page
 * without Thai reads as well in English at some half the cost;
 * text/read.c read_page()). Boxes come back in grey's pixels.
 * The page is made black and white at one threshold (Otsu's), or with
 * local set at a threshold for each neighbourhood (Sauvola's): for a page
 * lit unevenly, see read.c buried_lines(). Returns IDR_OK,
 * IDR_ERR_INTERNAL, or IDR_ERR_TIMEOUT when the deadline
 * (ocr_set_deadline) passed: tesseract stops there and what it read so
 * far is not returned. */
idr_status ocr_read(ocr_engine *eng, VipsImage *grey, bool local, bool latin,
		    ocr_page **out, idr_error *err);

/* Returns how far, in multiples of box's height, the longest stretch of
 * box runs that the thresholding of page's reading (page->binary) made
 * (almost) wholly black; 0 when page has no such image. */
double ocr_dark_run(const ocr_page *page, idr_rect box);
/* Returns the share of box (in the coordinates of page) that is black in
 * the black and white image the page was read from, or -1 when page has
 * no such image. */
double ocr_black_share(const ocr_page *page, idr_rect box);
/* Returns true when line i of page is doubtful, read again in English
 * (ocr.c: few sure words with digits, or noise). */
bool ocr_line_doubtful(const ocr_page *page, guint i);
/* How many 8-connected black parts of the page pass's image within box
 * are side pixels or less across both ways. */
int ocr_specks(const ocr_page *page, idr_rect box, int side);

/* As ocr_read(), in the one language lang ("jpn") alone, with no
 * re-read of lines; the model is checked and loaded on the first call
 * for each language. Also IDR_ERR_MODEL when it is missing or differs
 * from its manifest checksum. */
idr_status ocr_read_as(ocr_engine *eng, VipsImage *grey, const char *lang,
		       ocr_page **out, idr_error *err);

/* Removes from the lines from index first on (an English re-read of the
 * line thai_line, which came back with Thai in it; the last lines of
 * page) the words that are a reading of Thai glyphs, not of Latin text
 * the Thai model claimed: tesseract's confidence under min_conf, or over
 * Thai it was sure of with no digits under them; a line left empty goes
 * too.
 * Exposed for the tests. */
void drop_thai_glyph_words(ocr_page *page, guint thai_line, guint first,
			   float min_conf);

/* Sets *box to the run of words of line (a line with Thai in it) that
 * holds its numbers: from its first word of two digits or more to its
 * last, grown by the words on either side as tall as them (within
 * NUMBER_HEIGHT of the tallest); returns false when the line has no such
 * word or the run is the whole line (read again whole already). Exposed
 * for the tests. */
bool ocr_number_run(const ocr_page *page, guint line, idr_rect *box);

/* Joins each line of page to the one read before it, or up to two lines
 * before it, where the two are one line of print split by tesseract's
 * layout (the second's first word starting where the first's last word
 * ends, on the same row). Exposed for the tests. */
void join_split_lines(ocr_page *page);

/* Recognition stops at deadline (g_get_monotonic_time() microseconds;
 * 0: never) until set again. */
void ocr_set_deadline(ocr_engine *eng, gint64 deadline);
/* Returns the mean word confidence of page (0..100), weighted by length,
 * over words of two characters or more (single marks are noise either
 * way up); 0 for an empty reading. Words read upside down score far
 * lower than the same words the right way up. */
double ocr_page_confidence(const ocr_page *page);

/* OCR each of boxes[0..n-1] (grey's pixels) alone as one line of text,
 * with the English reader where there is one, and append what it reads
 * to page as lines of their own. With scale other than 1, each box is
 * cut out and enlarged by scale first (a line tesseract reads as noise
 * at some 30 px a character may read right at twice that), the boxes
 * read mapped back to grey's pixels. Stops at the deadline. */
void ocr_read_boxes(ocr_engine *eng, VipsImage *grey, const idr_rect *boxes,
		    int n, double scale, ocr_page *page);

/* Returns true when ocr_read() with latin reads in English alone (the
 * languages are eng and tha). */
bool ocr_latin_pages(const ocr_engine *eng);
/* Returns the languages ocr_read() reads in, with latin or without
 * ("eng", "eng+tha"). */
const char *ocr_languages(const ocr_engine *eng, bool latin);

/* Returns true when one of boxes[0..n-1] (grey's pixels), each read
 * alone as one line by the page reader (eng+tha), comes back with Thai
 * in it, or cannot be read; stops at the first that does. False when
 * the languages are not eng and tha (English alone never reads a page
 * then). */
bool ocr_boxes_thai(ocr_engine *eng, VipsImage *grey, const idr_rect *boxes,
		    int n);

/* What ocr_read_line() read on a line. */
typedef struct ocr_line_read {
	float conf;  /* mean confidence of its words weighted by length */
	int chars;   /* characters read */
	int fillers; /* of them an MRZ's filler, upright (is_chevron()) */
	int turned;  /* of them the filler upside down (is_chevron_turned()) */
} ocr_line_read;

/* OCR grey as one line of text into *out. Returns IDR_OK or
 * IDR_ERR_INTERNAL, or IDR_ERR_TIMEOUT past the deadline (a line is
 * short: it is not cut, only not started). */
idr_status ocr_read_line(ocr_engine *eng, VipsImage *grey, ocr_line_read *out,
			 idr_error *err);

/* -------------------------------------------- text/ids.c, text/kinds.c */

/* Which kinds are on: a set of kind names (see text/kinds.c). */
typedef struct kind_set kind_set;
/* Parse a comma-separated list of kind names and groups ("all", "ids",
 * "telecom", "fields", "codes", "faces", or single kinds). NULL means all.
 * Returns IDR_OK or IDR_ERR_USAGE naming the unknown kind. */
idr_status kind_set_parse(const char *list, kind_set **out, idr_error *err);
void kind_set_free(kind_set *set);
bool kind_set_has(const kind_set *set, const char *kind);
/* True when set holds a kind found in the text (not only codes and
 * pictures). */
bool kind_set_wants_text(const kind_set *set);
/* True for the kinds codes_find() reports (qr, barcode, pdf417, ...). */
bool kind_is_code(const char *kind);
/* Every name kind_set_parse() accepts, comma-separated (static). */
const char *kind_names(void);

/* The check verdict for a value of kind written without separators:
 * 1 passes, 0 fails, -1 the kind has no check or is unknown. The sample
 * generator uses it to make checksum-valid fake numbers. */
int ids_check(const char *kind, const char *value);

/* True for the characters tesseract reads an MRZ's '<' filler as
 * (text/mrz.c), and for those it reads one turned half a turn as. */
bool is_chevron(gunichar c);
bool is_chevron_turned(gunichar c);

/* Find every identifier on page and append one finding each to found
 * (boxes in page coordinates, padded in proportion to the text height). */
void ids_find(const ocr_page *page, const kind_set *kinds, GArray *found);

/* ---------------------------------------------------------- text/read.c */

/* One text line (text/layout.c): characters (connected components)
 * chained by their nearest neighbours along one direction. Coordinates
 * are the oriented input's pixels; angles as in text/text.h (degrees,
 * clockwise as seen, a direction in [0, 180)). */
typedef struct text_line {
	double angle;     /* direction in [0, 180) */
	double cx, cy;    /* centre */
	double length;    /* extent along the direction */
	double thickness; /* extent across it */
	double char_px;   /* median character height across the direction */
	int chars;        /* components chained */
} text_line;

/* Returns the bounding box, through m, of line l's rectangle grown by
 * along at each end and across at each side (in l's pixels). */
idr_rect affine_line_box(affine m, const text_line *l, double along,
			 double across);

/* The page geometry the text stage used, for the report and for the
 * stages after it. */
typedef struct page_geometry {
	int turn;          /* clockwise quarter turn that set the main text
			    * upright (after its skew was undone) */
	double skew;       /* degrees the main text lines lean clockwise */
	bool sure;         /* the main text's direction stood out (its skew
			    * can be trusted) */
	int blocks;        /* text blocks read at their own angle */
	struct {
		int turn;
		double skew;
		idr_rect region;
	} other[2];        /* the turn, skew and region of blocks 2 and 3
			    * (a card lying askew on a scanned page) */
	int readings;      /* OCR passes over the page or a block */
	const char *languages; /* what the page was read in: "eng" when
			    * every block was read in English alone, else the
			    * configured languages (ocr_languages()) */
	const char *source; /* what decided the turn (static): "lines",
			     * "lines+shape", "shape+lines" (one reading);
			     * "unsure", "disagree", "doubtful reading" (both
			     * ways read); "every turn" (no clear direction);
			     * "osd" (no text lines: tesseract's detector
			     * and the page as stored) */
	double layout_ms, ocr_ms; /* time in geometry and in OCR */
	double pass_ms[OCR_PASS_KINDS]; /* OCR's time by kind of pass */
} page_geometry;

/* Find the identifiers on img (oriented input, any size): find the text
 * lines and their direction, decide which way up from independent
 * signals (both ways when unsure), read each text block once at its own
 * angle and scale, and append what the recognisers find to found, boxes
 * in img's pixels. *geo gets the geometry used; lines (when not NULL)
 * every text line found (text_line), none on an image without text.
 * Returns IDR_OK, IDR_ERR_INTERNAL. */
idr_status text_find(ocr_engine *ocr, const kind_set *kinds, VipsImage *img,
		     GArray *found, page_geometry *geo, GArray *lines,
		     idr_error *err);

/* -------------------------------------------------------------- faces.c */

typedef struct face_detector face_detector;

/* Returns IDR_OK or IDR_ERR_MODEL. */
idr_status faces_new(face_detector **out, idr_error *err);
void faces_free(face_detector *det);

/* What the face stage knows of an image beyond its pixels. */
typedef struct face_context {
	const GArray *lines;  /* text_line: the text lines text_find() found
			       * (image pixels); NULL or few: not a document */
	const GArray *frames; /* idr_rect: the photographs photos_find()
			       * found (image pixels), or NULL */
} face_context;

/* Find faces, ghost portraits and portrait rectangles on img (the
 * oriented image) at the geometry the text stage found: its turn first,
 * levelled when the text leans, and again around each text block turned
 * against the page. Appends findings ("face") with boxes covering the
 * whole head or the whole portrait rectangle: within a frame of ctx,
 * that photograph; never across a text line of ctx beside an estimated
 * head. On an image with too few text lines to be a document, the turn
 * and skew are not trusted and a weak face must be confirmed by a second
 * cascade. ctx may be NULL. Returns IDR_OK or IDR_ERR_INTERNAL/NOMEM. */
idr_status faces_find(face_detector *det, VipsImage *img,
		      const page_geometry *geo, const face_context *ctx,
		      GArray *found, idr_error *err);

/* -------------------------------------------------------------- photo.c */

/* The grey levels of some pixels (photo.c). */
typedef struct tones {
	int range;         /* 2nd to 98th percentile, grey levels */
	double top1;       /* share in the most common of 16 bins over the
			    * range (high: one flat tone) */
	double ends;       /* share in its darkest or lightest fifth (high:
			    * two tones, as text and codes) */
} tones;

/* One region the photo-region detector considered (photo_regions()). */
typedef struct photo_region {
	idr_rect box;      /* in the image's pixels, the picture's edges */
	int pixels;        /* its pixels, text left out */
	double text;       /* the share of its pixels on text lines */
	double core;       /* share of them textured beyond any edge's halo
			    * (low: flat graphics, text, faint prints) */
	tones all, inner;  /* of all its pixels; of its core */
	double cx, cy;     /* the centre of its pixels, image pixels */
	double across;     /* its shorter side, in text heights */
	double text_px;    /* the document's median text height, image px */
	bool kept;         /* a photograph by every test */
	/* On a tilted document: the picture's edges along and across its
	 * text, a turned rectangle (corners as finding.quad's); box is
	 * their bounding box. */
	bool tilted;
	double quad[4][2];
} photo_region;

/* Appends to out (photo_region) every region of img that its document's
 * background encloses and is not text, with the measures that decide
 * whether it is a photograph; lines are the text lines text_find()
 * found (none: not a document, nothing appended). For tests and
 * photos_find(). Returns IDR_OK, IDR_ERR_INTERNAL or IDR_ERR_NOMEM. */
idr_status photo_regions(VipsImage *img, const GArray *lines, GArray *out,
			 idr_error *err);

/* Takes each side of box (a picture found on a working copy scaled by k
 * from img) in to the picture's edge, over at most what the working
 * copy's texture window reaches past it, while the box's outermost row
 * or column is the plain background outside it. For photo_regions() and
 * tests. */
void photo_snap(VipsImage *img, double k, idr_rect *box);

/* Finds the photographs on a document (portrait, ghost portrait, any
 * other picture) from the picture alone, whether or not it shows a
 * face: continuous-tone regions the document's plain background
 * encloses, apart from its text lines (lines, as for photo_regions()).
 * Appends findings ("photo") whose boxes hold each whole picture.
 * Returns IDR_OK, IDR_ERR_INTERNAL or IDR_ERR_NOMEM. */
idr_status photos_find(VipsImage *img, const GArray *lines, GArray *found,
		       idr_error *err);

/* -------------------------------------------------------------- codes.c */

/* Find barcodes and QR codes on img, decoded or not; appends findings
 * ("barcode", "qr", "pdf417", ...) whose boxes include the quiet zone. */
idr_status codes_find(VipsImage *img, GArray *found, idr_error *err);
/* The double codes_find() shows zbar of an image under ZBAR_TWICE_SIDE:
 * in (w x h grey levels) at twice the size into out (2w x 2h), by Keys'
 * cubic at a = -0.75 (codes.c). */
void codes_double(const unsigned char *in, int w, int h, unsigned char *out);

/* --------------------------------------------------------------- mask.c */

/* Mask every box of found on *img (replaced by the masked image). */
idr_status mask_findings(VipsImage **img, const GArray *found,
			 idr_mask_mode mode, idr_error *err);

/* ------------------------------------------------------------ overlay.c */

/* The review picture: img (the oriented input, unmasked) as 8-bit sRGB
 * of the same size, with every box of found outlined in its kind
 * group's colour inside its edge and labelled with kind, country and
 * confidence, and geo's turn and skew in a header. *out is in memory.
 * Returns IDR_OK or IDR_ERR_INTERNAL. */
idr_status overlay_draw(VipsImage *img, const GArray *found,
			const page_geometry *geo, VipsImage **out,
			idr_error *err);

/* --------------------------------------------------------------- seal.c */

typedef struct seal_target {
	char **recipients;   /* NULL-terminated "age1..." strings */
	char *sealed_out;    /* a file path, or NULL */
	char *vault;         /* a directory, or NULL */
} seal_target;

/* Encrypt data to every recipient and store it durably (temporary file,
 * fsync, rename, fsync of the directory) at sealed_out, or in the vault
 * under the hex SHA-256 of the sealed bytes. *path gets where it went
 * (g_malloc'ed). Returns IDR_OK, IDR_ERR_CANTCREATE, IDR_ERR_IO or
 * IDR_ERR_CRYPTO. */
idr_status seal_original(const seal_target *target, const void *data,
			 size_t size, char **path, idr_error *err);

/* Returns true when s is a well-formed age X25519 recipient. */
bool seal_recipient_valid(const char *s);

/* ------------------------------------------------------------- report.c */

/* JSON for one result: version, format, size (height: every page,
 * stacked), pages, page geometry (when given; of the first page),
 * findings, sealed path. g_malloc'ed. */
char *report_json(const char *format, int width, int height, int pages,
		  const GArray *found, const char *sealed_path,
		  const page_geometry *geo);

#endif /* IDR_INTERNAL_H */
