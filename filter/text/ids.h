/* ids.h — what the recognisers of filter/text/ share among themselves
 * (kinds.c, shapes.c, lines.c, mrz.c, mrz_person.c, fields.c, layouts.c,
 * ids.c); nothing here leaves the text stage. The stage's interface to
 * the rest of the library is in internal.h.
 */
#ifndef IDR_TEXT_IDS_H
#define IDR_TEXT_IDS_H

#include "internal.h"

/* -------------------------------------------------------------- kinds.c */

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

/* The table, id_kinds_n rows. */
extern const id_kind id_kinds[];
extern const size_t id_kinds_n;
/* Returns true when kind names an identifier of the table. */
bool kind_is_identifier(const char *kind);
/* Room for per-row state in line_ctx; kinds.c asserts the table fits. */
#define ID_KINDS_MAX 32

/* Shared by every national ID kind: a label that says "this is an ID". */
extern const char *const generic_labels[];

/* ICAO 9303 check of a field followed by its check digit: 1 or 0. */
int mrz_check(const char *v);
/* Returns the country of an IMSI's mobile country code, or NULL. */
const char *mcc_country(const char *v);
/* The IMSI row's plausibility test (a known country code). */
int imsi_plausible(const char *v);

/* ------------------------------------------------------------- shapes.c */

typedef struct token {
	char cls;        /* 'd', 'L', '[' or '=' (a literal) */
	char literal;    /* for '=' */
	const char *set; /* for '[': the characters after the bracket */
	int min, max;
} token;

/* Stands for a character OCR dropped or garbled beyond reading (see
 * slip_match()): any token takes it, as a confusion. */
#define SLIP 0xFFFD

/* Returns the confusions used when s[0..n) matches one alternative of
 * shape, out (n + 1 bytes) getting the normalised text; -1 on no match. */
int shape_match(const char *shape, const gunichar *s, int n, char *out);
/* Returns the shape text after the token at p, which is parsed into t. */
const char *token_parse(const char *p, token *t);
/* Returns the ASCII character c stands for at token t, or 0 when it cannot
 * stand there; *confused is set when an OCR confusion was assumed. */
char token_accept(const token *t, gunichar c, bool *confused);
/* Returns the digit c may stand for ('0'..'9'), or 0; *confused is set
 * when c is not a digit but a letter or symbol OCR reads for one. */
char digit_for(gunichar c, bool *confused);
/* Returns true for the characters a group is made of by themselves. */
bool is_alnum_cell(gunichar c);
/* Returns true for the lookalikes that are also separators ('|', '!'). */
bool lookalike_is_weak(gunichar c);
/* Returns true when s[0..n) holds a symbol OCR makes of a letter or digit
 * ('$', '§', '|' ...). */
bool has_symbol_lookalike(const gunichar *s, int n);
/* Returns true when shape asks for a letter somewhere. */
bool shape_has_letter(const char *shape);
/* Returns true when every alternative of shape starts (end 0) or ends
 * (end 1) with a token that takes letters only. */
bool shape_edge_letter(const char *shape, int end);

/* -------------------------------------------------------------- lines.c */

/* One character of a line as read. */
typedef struct cell {
	gunichar ch; /* ASCII digits for Thai/full-width ones; ' ' word gap,
		      * '\n' a gap too wide to belong to one number */
	int sym;     /* index into page->symbols, -1 for a gap */
	bool garbled; /* a symbol glued to a letter or digit that OCR made
		       * of one (see mark_garbled()): read as SLIP */
	bool doubted; /* OCR gave its word under DOUBTED_CONF (the word's
		       * confidence: tesseract gave "Bb" 12 and each of its
		       * symbols 94) */
} cell;

/* A word's confidence (0..100) under which OCR was unsure of it; the
 * same bound as ocr.c's DOUBTFUL_LINE_CONF for a line's words. */
#define DOUBTED_CONF 50.0f

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
	const char *country;
	int g0, g1;
	int check;
	double conf, score;
} candidate;

/* Everything known about the line being read. */
typedef struct line_ctx {
	const ocr_page *page;
	int line;       /* its index in page->lines */
	const kind_set *kinds;
	GArray *cells;  /* cell */
	GArray *groups; /* group */
	char *text;     /* the line, casefolded, spaces removed */
	char *above;    /* the lines a label of this one may sit on (see
			 * near_text()), the same way */
	bool *taken;    /* per group: already part of a finding */
	int *owner;     /* per group: index in found of that finding, or -1 */
	int context[ID_KINDS_MAX]; /* in_context() of row k */
	int country[ID_KINDS_MAX]; /* country_context() of row k */
	bool specific;  /* a label naming one kind is near */
} line_ctx;

/* Sets up lc for line i of page (countries: page_countries()); undone by
 * line_close(). */
void line_open(line_ctx *lc, const ocr_page *page, int i,
	       const kind_set *kinds, const char *countries);
void line_close(line_ctx *lc);

/* Appends to cands every reading of a span of whole groups as a kind. */
void span_candidates(const line_ctx *lc, GArray *cands);
/* Appends the best non-overlapping candidates of the line to found. */
void keep_best(const line_ctx *lc, GArray *cands, GArray *found);
/* Masks digit runs no candidate took (see lines.c). */
void keep_leftovers(const line_ctx *lc, GArray *found);
/* Grows findings over the untaken digit groups of their runs. */
void keep_touching(const line_ctx *lc, GArray *found);
/* Grows findings over a word of symbols alone beside them. */
void keep_symbols(const line_ctx *lc, GArray *found);
/* Masks the short words after an identifier's label on its line. */
void keep_labelled_rest(const line_ctx *lc, GArray *found);
/* Grows the findings made on the line (found[from] on) over the short rest
 * of a word they cover in part. */
void keep_whole_words(const line_ctx *lc, GArray *found, guint from);
/* Grows findings over an edge digit past a garbled glyph. */
void keep_past_garble(const line_ctx *lc, GArray *found);
/* Grows a Thai ID finding over its lone last digit OCR misread. */
void keep_lost_tail(const line_ctx *lc, GArray *found);
/* Masks eight digits in a word or two (an identifier with one lost). */
void keep_short_runs(const line_ctx *lc, GArray *found);
/* Masks digits whose end OCR read glyph by glyph in another script. */
void keep_foreign_ends(const line_ctx *lc, GArray *found);
/* Masks the glyphs before a bracketed check character, read as anything. */
void keep_bracketed_checks(const line_ctx *lc, GArray *found);
/* Grows a finding of a Thai ID's last twelve digits over its lost first. */
void keep_lost_head(const line_ctx *lc, GArray *found);

/* Sorts v[0..n-1] (n > 0) and returns its median, v[n / 2]. */
int median_in_place(int *v, int n);
/* Returns the median height of the symbols of line (its box's height
 * when it has none). */
int line_char_height(const ocr_page *page, const ocr_line *line);
/* Returns the padded box of the cells first..last (inclusive) of the line. */
idr_rect cells_box(const line_ctx *lc, int first, int last);
/* Returns the characters of groups g0..g1 (no separators) in a new array,
 * *n their count. */
gunichar *span_chars(const line_ctx *lc, int g0, int g1, int *n);
/* Marks groups g0..g1 as read, without a finding (a kind --kinds left
 * out). */
void leave_groups(const line_ctx *lc, int g0, int g1);
/* Appends a finding covering groups g0..g1 of the line. */
void add_finding(const line_ctx *lc, GArray *found, const char *kind,
		 const char *country, int g0, int g1, double conf, int check);
/* Returns s casefolded and normalised (NFKD) with white space removed. */
char *squash(const char *s);
/* Returns label squashed (see squash()), computed once for the
 * process; never free it. */
const char *label_squashed(const char *label);
/* Returns true when one of labels occurs in text (squashed). */
bool has_label(const char *text, const char *const *labels);
/* Returns the countries named anywhere on page, as a string of two-letter
 * codes ("SGTH"), "" when none (g_free it). */
char *page_countries(const ocr_page *page);
/* Returns 1 when countries (page_countries()) names the country of kind,
 * -1 when it names only other countries, 0 when it names none or kind is
 * not national. */
int country_context(const id_kind *kind, const char *countries);

/* ---------------------------------------------------------------- mrz.c */

/* How a line lies beside an MRZ line already found: not, as wide as it,
 * or narrower but starting where it starts (the zone's left edge). */
enum { MRZ_BESIDE_NOT, MRZ_BESIDE_SAME_WIDTH, MRZ_BESIDE_LEFT_ALIGNED };

/* Returns true when the line was an MRZ line (masked whole, its box in
 * *box, the document number it carries added to docs); beside_mrz is one
 * of the MRZ_BESIDE_ values. */
bool mrz_find(const line_ctx *lc, int beside_mrz, GPtrArray *docs,
	      GArray *found, idr_rect *box);
/* Returns the length of the line's MRZ reading, written into t (48
 * bytes): A-Z 0-9 <, any other character taken for a <. */
int mrz_text(const line_ctx *lc, char *t);
/* Returns true when two line boxes lie one over the other as the lines of
 * one MRZ do. */
bool mrz_adjacent(idr_rect a, idr_rect b);
/* Appends one "mrz" finding over each zone of two or more adjacent MRZ
 * lines. */
void mrz_zones(const ocr_page *page, const bool *is_mrz,
	       const idr_rect *box, GArray *found);
/* Masks the visual zone's copies of the document numbers (personal =
 * false) or personal numbers (true) the MRZ carries. */
void docno_find(const line_ctx *lc, const GPtrArray *docs, bool personal,
		GArray *found);

/* --------------------------------------------------------- mrz_person.c */

/* Masks, on every line that is not an MRZ line (is_mrz), the holder's
 * names and birth date the page's MRZ lines carry, as "name" and "dob". */
void mrz_person_find(const ocr_page *page, const bool *is_mrz,
		     const kind_set *kinds, const char *countries,
		     GArray *found);

/* ------------------------------------------------------------- fields.c */

/* Returns true when the line carries a caption of the field table. */
bool has_field_label(const line_ctx *lc);
/* Returns true when word (squashed, see squash()) is a caption of the
 * field table, whole. */
bool is_field_caption(const char *word);
/* Masks the values of the labelled personal fields of page (name, dob,
 * address, as kinds allows), the MRZ lines (is_mrz) left out; countries
 * as page_countries(). */
void fields_find(const ocr_page *page, const kind_set *kinds,
		 const char *countries, const bool *is_mrz, GArray *found);

/* ------------------------------------------------------------ layouts.c */

/* Masks the unlabelled name, birth-date and address lines of the
 * document types the page is recognised as, found anchoring them on the
 * identifiers already in it (countries: page_countries()). */
void layouts_find(const ocr_page *page, const kind_set *kinds,
		  const char *countries, GArray *found);

#endif /* IDR_TEXT_IDS_H */
