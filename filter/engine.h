/* engine.h — the insides of the public handles, shared by api.c (which
 * builds and frees them) and pipeline.c (which uses them). */
#ifndef IDR_ENGINE_H
#define IDR_ENGINE_H

#include "internal.h"

struct idr_options {
	char *kinds;            /* comma list for kind_set_parse, NULL = all */
	bool faces, codes;
	idr_mask_mode mask;
	idr_on_miss on_miss;
	char *format;           /* NULL: same as the input */
	uint64_t max_pixels;
	double timeout;         /* seconds a call may take, 0: no limit */
	char *lang;             /* tesseract languages */
	char *tessdata;         /* NULL: the Debian location */
	GPtrArray *recipients;  /* char *, "age1..." */
	char *sealed_out;
	char *vault;
	const char *overlay;    /* overlay format (static), NULL: none */
};

/* The two independent ways a portrait is found (pictures below). */
enum {
	PICTURES_FACES = 1,  /* the face cascades (faces.c) */
	PICTURES_PHOTOS = 2, /* the photo-region detector (photo.c) */
};

struct idr_engine {
	bool faces_on, codes_on, sealing;
	/* Which of the two portrait finders run with faces_on: both, unless
	 * a test switches one off to show the other alone finds every
	 * portrait (tests/check_photo.c). Internal; no option sets it. */
	unsigned pictures;
	idr_mask_mode mask;
	idr_on_miss on_miss;
	uint64_t max_pixels;
	gint64 timeout_us;      /* 0: no limit */
	gint64 deadline;        /* monotonic us, of the call running; 0: none */
	char *format;
	kind_set *kinds;
	ocr_engine *ocr;        /* NULL when the text is not read (text_on) */
	/* The text is read when a kind found in it is on, or faces are
	 * (they read the page's geometry and lines from it). */
	bool text_on;
	face_detector *faces;   /* NULL with faces off */
	seal_target seal;
	const char *overlay;    /* overlay format (static), NULL: none */
};

/* A deep copy of an idr_options (api.c). */
idr_options *options_copy(const idr_options *o);

struct idr_result {
	void *image;            /* encoded output, g_malloc'ed */
	size_t size;
	const char *format;     /* static */
	int width, height;      /* height: every page, stacked */
	int pages;              /* of height / pages rows each */
	GArray *found;          /* finding */
	char *sealed_path;      /* NULL when not sealed */
	page_geometry geo;      /* what the text stage used */
	/* Wall time of each stage that ran, in order (pipeline.c). */
	const char *stage_name[24];
	double stage_ms[24];
	size_t stages;
	/* The review overlay, encoded (g_malloc'ed; wiped when freed: it
	 * shows the unredacted input), NULL when none was asked for. */
	void *overlay;
	size_t overlay_size;
};

#endif
