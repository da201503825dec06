/* api.c — the public objects: options, engine, result, and idr_init().
 *
 * An idr_options is a plain bag of settings; idr_engine_new() copies it
 * and loads the models once (OCR, orientation, face cascades), so that a
 * worker thread pays for them once and then redacts image after image.
 * The pipeline itself is in pipeline.c.
 */
#include <string.h>

#include "internal.h"
#include "engine.h"

#ifndef IDR_TESSDATA
/* Debian bookworm's tesseract-ocr-* packages install here. */
#define IDR_TESSDATA "/usr/share/tesseract-ocr/5/tessdata"
#endif

/* libvips reports decode trouble both as an error (which we turn into a
 * status) and as a GLib warning on stderr; the library never prints. */
static void drop_log(const gchar *domain, GLogLevelFlags level,
		     const gchar *message, gpointer data)
{
	(void)domain, (void)level, (void)message, (void)data;
}

/* Returns IDR_OK after libvips is started with only trusted loaders. */
IDR_API idr_status idr_init(const char *argv0, idr_error *err)
{
	static gsize done = 0;

	if (g_once_init_enter(&done)) {
		if (VIPS_INIT(argv0 ? argv0 : "idredact"))
			return idr_fail(err, IDR_ERR_INTERNAL,
					"cannot start libvips: %s",
					vips_error_buffer());
		/* Loaders libvips marks untrusted (ImageMagick, PDFium,
		 * OpenSlide, matio, ...) are not fit for upload data. */
		vips_block_untrusted_set(TRUE);
		/* The operation cache would keep earlier uploads' pixels in
		 * memory; we never repeat an operation anyway. */
		vips_cache_set_max(0);
		g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE,
				  drop_log, NULL);
		g_once_init_leave(&done, 1);
	}
	return IDR_OK;
}

/* ---------------------------------------------------------------- options */

IDR_API idr_options *idr_options_new(void)
{
	idr_options *o = g_new0(idr_options, 1);

	o->faces = true;
	o->codes = true;
	o->mask = IDR_MASK_SOLID;
	o->on_miss = IDR_ON_MISS_PASS;
	o->max_pixels = 50000000; /* 50 Mpx: SPEC §3 default */
	o->lang = g_strdup("eng+tha");
	o->recipients = g_ptr_array_new_with_free_func(g_free);
	return o;
}

IDR_API void idr_options_free(idr_options *o)
{
	if (!o)
		return;
	g_free(o->kinds);
	g_free(o->format);
	g_free(o->lang);
	g_free(o->tessdata);
	g_ptr_array_free(o->recipients, TRUE);
	g_free(o->sealed_out);
	g_free(o->vault);
	g_free(o);
}

/* Returns a deep copy of o (batch.c gives each run its own). Kept beside
 * idr_options_free() so a new field is copied where it is freed. */
idr_options *options_copy(const idr_options *o)
{
	idr_options *c = g_memdup2(o, sizeof *o);

	c->kinds = g_strdup(o->kinds);
	c->format = g_strdup(o->format);
	c->lang = g_strdup(o->lang);
	c->tessdata = g_strdup(o->tessdata);
	c->recipients = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < o->recipients->len; i++)
		g_ptr_array_add(c->recipients, g_strdup(o->recipients->pdata[i]));
	c->sealed_out = g_strdup(o->sealed_out);
	c->vault = g_strdup(o->vault);
	return c;
}

IDR_API idr_status idr_options_set_kinds(idr_options *o, const char *list,
					 idr_error *err)
{
	kind_set *set = NULL;
	idr_status st = kind_set_parse(list, &set, err);

	kind_set_free(set);
	if (st)
		return st;
	g_free(o->kinds);
	o->kinds = g_strdup(list);
	return IDR_OK;
}

IDR_API void idr_options_set_faces(idr_options *o, bool on) { o->faces = on; }
IDR_API void idr_options_set_codes(idr_options *o, bool on) { o->codes = on; }
IDR_API void idr_options_set_mask(idr_options *o, idr_mask_mode m) { o->mask = m; }
IDR_API void idr_options_set_on_miss(idr_options *o, idr_on_miss p) { o->on_miss = p; }
IDR_API void idr_options_set_max_pixels(idr_options *o, uint64_t max) { o->max_pixels = max; }

IDR_API idr_status idr_options_set_timeout(idr_options *o, double seconds,
					   idr_error *err)
{
	/* !(x >= 0) also catches NaN. A year is more than any image needs. */
	if (!(seconds >= 0) || seconds > 365 * 86400.0)
		return idr_fail(err, IDR_ERR_USAGE,
				"a timeout is 0 or a positive number of seconds");
	o->timeout = seconds;
	return IDR_OK;
}

/* Returns the static name of an output format ("jpg" is "jpeg", "tif"
 * "tiff"), or NULL for one we do not write. */
static const char *format_name(const char *fmt)
{
	static const char *const known[] = { "jpeg", "png", "webp", "tiff" };

	if (strcmp(fmt, "jpg") == 0)
		fmt = "jpeg";
	if (strcmp(fmt, "tif") == 0)
		fmt = "tiff";
	for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
		if (strcmp(fmt, known[i]) == 0)
			return known[i];
	return NULL;
}

IDR_API idr_status idr_options_set_format(idr_options *o, const char *fmt,
					  idr_error *err)
{
	if (!fmt) {
		IDR_FREE(o->format);
		return IDR_OK;
	}
	if (!format_name(fmt))
		return idr_fail(err, IDR_ERR_USAGE,
				"unknown format '%s' (jpeg, png, webp, tiff)", fmt);
	g_free(o->format);
	o->format = g_strdup(format_name(fmt));
	return IDR_OK;
}

IDR_API idr_status idr_options_set_overlay(idr_options *o, const char *fmt,
					   idr_error *err)
{
	if (fmt && !format_name(fmt))
		return idr_fail(err, IDR_ERR_USAGE,
				"unknown overlay format '%s' (png, jpeg, webp, tiff)",
				fmt);
	o->overlay = fmt ? format_name(fmt) : NULL;
	return IDR_OK;
}

IDR_API idr_status idr_options_set_lang(idr_options *o, const char *lang,
					idr_error *err)
{
	/* Tesseract language codes: lower-case letters, '_' and '+'. */
	if (!lang || !*lang || strspn(lang, "abcdefghijklmnopqrstuvwxyz_+") != strlen(lang))
		return idr_fail(err, IDR_ERR_USAGE, "bad language list '%s'",
				lang ? lang : "");
	g_free(o->lang);
	o->lang = g_strdup(lang);
	return IDR_OK;
}

IDR_API idr_status idr_options_set_tessdata(idr_options *o, const char *dir,
					    idr_error *err)
{
	(void)err;
	g_free(o->tessdata);
	o->tessdata = g_strdup(dir);
	return IDR_OK;
}

IDR_API idr_status idr_options_add_recipient(idr_options *o,
					     const char *recipient,
					     idr_error *err)
{
	if (!recipient || !seal_recipient_valid(recipient))
		return idr_fail(err, IDR_ERR_USAGE,
				"not an age X25519 recipient (age1...): '%.20s'; "
				"'idredact keygen' or age-keygen makes one",
				recipient ? recipient : "");
	g_ptr_array_add(o->recipients, g_strdup(recipient));
	return IDR_OK;
}

IDR_API idr_status idr_options_set_sealed_out(idr_options *o, const char *path,
					      idr_error *err)
{
	if (path && o->vault)
		return idr_fail(err, IDR_ERR_USAGE,
				"--sealed-out and --vault exclude each other");
	g_free(o->sealed_out);
	o->sealed_out = g_strdup(path);
	return IDR_OK;
}

IDR_API idr_status idr_options_set_vault(idr_options *o, const char *dir,
					 idr_error *err)
{
	if (dir && o->sealed_out)
		return idr_fail(err, IDR_ERR_USAGE,
				"--sealed-out and --vault exclude each other");
	g_free(o->vault);
	o->vault = g_strdup(dir);
	return IDR_OK;
}

IDR_API const char *idr_kind_names(void)
{
	return kind_names();
}

/* ----------------------------------------------------------------- engine */

IDR_API idr_status idr_engine_new(const idr_options *o, idr_engine **out,
				  idr_error *err)
{
	idr_engine *e = g_new0(idr_engine, 1);
	idr_status st;

	*out = NULL;
	if ((st = idr_init(NULL, err)))
		goto out;
	e->faces_on = o->faces;
	e->pictures = PICTURES_FACES | PICTURES_PHOTOS;
	e->codes_on = o->codes;
	e->mask = o->mask;
	e->on_miss = o->on_miss;
	e->max_pixels = o->max_pixels;
	e->timeout_us = (gint64)(o->timeout * G_USEC_PER_SEC);
	e->format = g_strdup(o->format);
	e->overlay = o->overlay;
	if (o->recipients->len > 0 && !o->sealed_out && !o->vault) {
		st = idr_fail(err, IDR_ERR_USAGE,
			      "a recipient needs --sealed-out or --vault");
		goto out;
	}
	if ((o->sealed_out || o->vault) && o->recipients->len == 0) {
		st = idr_fail(err, IDR_ERR_USAGE,
			      "sealing needs at least one recipient (-r or -R)");
		goto out;
	}
	if (o->recipients->len > 0) {
		e->seal.recipients = g_new0(char *, o->recipients->len + 1);
		for (guint i = 0; i < o->recipients->len; i++)
			e->seal.recipients[i] = g_strdup(o->recipients->pdata[i]);
		e->seal.sealed_out = g_strdup(o->sealed_out);
		e->seal.vault = g_strdup(o->vault);
		e->sealing = true;
	}
	if ((st = kind_set_parse(o->kinds, &e->kinds, err)))
		goto out;
	/* With only codes asked for (--kinds codes --no-faces), no OCR
	 * model is loaded or needed. */
	e->text_on = kind_set_wants_text(e->kinds) || e->faces_on;
	if (e->text_on &&
	    (st = ocr_engine_new(o->tessdata ? o->tessdata : IDR_TESSDATA,
				 o->lang, &e->ocr, err)))
		goto out;
	if (e->faces_on && (st = faces_new(&e->faces, err)))
		goto out;
	*out = e;
	e = NULL;
out:
	idr_engine_free(e);
	return st;
}

IDR_API void idr_engine_free(idr_engine *e)
{
	if (!e)
		return;
	ocr_engine_free(e->ocr);
	faces_free(e->faces);
	kind_set_free(e->kinds);
	g_strfreev(e->seal.recipients);
	g_free(e->seal.sealed_out);
	g_free(e->seal.vault);
	g_free(e->format);
	g_free(e);
}

/* ----------------------------------------------------------------- result */

IDR_API const void *idr_result_image(const idr_result *r, size_t *size)
{
	if (size)
		*size = r->size;
	return r->image;
}

IDR_API const char *idr_result_format(const idr_result *r) { return r->format; }

IDR_API const void *idr_result_overlay(const idr_result *r, size_t *size)
{
	if (size)
		*size = r->overlay ? r->overlay_size : 0;
	return r->overlay;
}
IDR_API size_t idr_result_count(const idr_result *r) { return r->found->len; }
IDR_API const char *idr_result_sealed_path(const idr_result *r) { return r->sealed_path; }

IDR_API idr_status idr_result_finding(const idr_result *r, size_t i,
				      idr_finding *out)
{
	if (i >= r->found->len)
		return IDR_ERR_USAGE;
	const finding *f = &g_array_index(r->found, finding, i);
	*out = (idr_finding){ .kind = f->kind, .country = f->country,
			      .x = f->box.x, .y = f->box.y,
			      .width = f->box.w, .height = f->box.h,
			      .confidence = f->confidence,
			      .checksum = f->checksum, .decoded = f->decoded };
	g_strlcpy(out->tail, f->tail, sizeof out->tail);
	return IDR_OK;
}

IDR_API char *idr_result_report_json(const idr_result *r)
{
	return report_json(r->format, r->width, r->height, r->pages, r->found,
			   r->sealed_path, &r->geo);
}

IDR_API size_t idr_result_timings(const idr_result *r, const char **names,
				  double *ms, size_t cap)
{
	for (size_t i = 0; i < r->stages && i < cap; i++) {
		names[i] = r->stage_name[i];
		ms[i] = r->stage_ms[i];
	}
	return r->stages;
}

IDR_API void idr_result_free(idr_result *r)
{
	if (!r)
		return;
	g_free(r->image);
	/* The overlay is the input in the clear: its memory is wiped before
	 * it goes back, like the program wipes the input it read. */
	if (r->overlay)
		explicit_bzero(r->overlay, r->overlay_size);
	g_free(r->overlay);
	if (r->found)
		g_array_free(r->found, TRUE);
	g_free(r->sealed_path);
	g_free(r);
}
