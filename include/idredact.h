/* idredact.h — the public C API of idredact.
 *
 * idredact takes an image of an identity document, finds every identifier
 * (national ID numbers, MRZ lines, telecom identifiers, phone numbers),
 * barcode, QR code and face on it, masks them, strips all metadata, and
 * seals the untouched original to offline X25519 keys in the age format
 * before any redacted byte is released.
 *
 * Conventions, everywhere in this header:
 *  - Functions return an idr_status; IDR_OK (0) is success. When an
 *    idr_error pointer is given it is filled with the status and a one-line
 *    reason (no trailing newline, never a plaintext identifier).
 *  - Strings and buffers returned through out-parameters belong to the
 *    caller and are released with idr_free() unless said otherwise.
 *  - Thread safety: an idr_options is read-only once handed to
 *    idr_engine_new(). An idr_engine holds one OCR engine and must be used
 *    by one thread at a time; make one engine per worker thread. Results are
 *    independent objects. Nothing in the library keeps global mutable state
 *    apart from libvips' own one-time initialisation (idr_init()).
 *  - The library never prints and never exits.
 *  - Speed: run the process with OMP_THREAD_LIMIT=1 in its environment.
 *    Debian's tesseract spreads each page over OpenMP threads in a way
 *    only that variable can cap, and libgomp reads it once at start-up;
 *    on card-sized pages OCR is several times faster without the threads
 *    (measured in filter/text/ocr.c). The idredact program sets it itself.
 */
#ifndef IDREDACT_H
#define IDREDACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IDR_VERSION_MAJOR 0
#define IDR_VERSION_MINOR 1
#define IDR_VERSION_PATCH 0
#define IDR_VERSION_STRING "0.1.0"

#if defined(__GNUC__)
#define IDR_API __attribute__((visibility("default")))
#else
#define IDR_API
#endif

/* One error enum; it only grows. New codes are always added last. */
typedef enum idr_status {
	IDR_OK = 0,
	IDR_ERR_USAGE,      /* a bad argument or option value */
	IDR_ERR_DATA,       /* input is not a decodable image or archive */
	IDR_ERR_LIMIT,      /* input exceeds a limit (--max-pixels, sizes) */
	IDR_ERR_NOINPUT,    /* an input file is missing or unreadable */
	IDR_ERR_MODEL,      /* an OCR or face model is missing or corrupt */
	IDR_ERR_INTERNAL,   /* a bug or an unexpected library failure */
	IDR_ERR_CANTCREATE, /* an output file could not be created */
	IDR_ERR_IO,         /* a read, write or fsync failed */
	IDR_ERR_NOMEM,      /* out of memory */
	IDR_ERR_CRYPTO,     /* a key is malformed, or decryption failed */
	IDR_ERR_NO_ID,      /* --on-miss reject and no identifier was found */
	IDR_ERR_TIMEOUT,    /* the per-image time budget (--timeout) ran out */
	IDR_ERR_CANCELLED,  /* idr_batch_cancel() stopped the run */
} idr_status;

typedef struct idr_error {
	idr_status status;
	char message[256];
} idr_error;

/* The message for a status ("input is not a decodable image", ...).
 * Returns a static string; thread-safe. */
IDR_API const char *idr_strerror(idr_status status);

/* The library's version, e.g. "0.1.0". Returns a static string. */
IDR_API const char *idr_version(void);

/* Start libvips and lock its untrusted loaders away. Call once, before
 * threads are started; later calls do nothing. Returns IDR_OK or
 * IDR_ERR_INTERNAL. */
IDR_API idr_status idr_init(const char *argv0, idr_error *err);

/* Release memory the library handed out. NULL is ignored. */
IDR_API void idr_free(void *p);

/* ---------------------------------------------------------------- options */

typedef struct idr_options idr_options;

typedef enum idr_mask_mode {
	IDR_MASK_SOLID = 0, /* fill with black */
	IDR_MASK_PIXELATE,  /* blocks as large as the text height or larger */
} idr_mask_mode;

typedef enum idr_on_miss {
	IDR_ON_MISS_PASS = 0, /* no identifier found: output anyway */
	IDR_ON_MISS_REJECT,   /* no identifier found: IDR_ERR_NO_ID, no output */
} idr_on_miss;

/* Defaults: all kinds, faces and codes on, solid mask, same format out,
 * 50 Mpx limit, lang "eng+tha", tessdata found through models/, no
 * sealing. Returns NULL when out of memory. */
IDR_API idr_options *idr_options_new(void);
IDR_API void idr_options_free(idr_options *opts);

/* A comma-separated list of kind names or groups (see idr_kind_names());
 * "all" selects everything. Returns IDR_ERR_USAGE for an unknown name. */
IDR_API idr_status idr_options_set_kinds(idr_options *opts, const char *list,
					  idr_error *err);
IDR_API void idr_options_set_faces(idr_options *opts, bool on);
IDR_API void idr_options_set_codes(idr_options *opts, bool on);
IDR_API void idr_options_set_mask(idr_options *opts, idr_mask_mode mode);
IDR_API void idr_options_set_on_miss(idr_options *opts, idr_on_miss policy);
/* Output format: "jpeg", "png", "webp", "tiff", or NULL for the input's. */
IDR_API idr_status idr_options_set_format(idr_options *opts, const char *fmt,
					  idr_error *err);
IDR_API void idr_options_set_max_pixels(idr_options *opts, uint64_t max);
/* A time budget for each idr_redact() call, in seconds; 0 (the default)
 * is none. When it runs out the call fails with IDR_ERR_TIMEOUT and
 * nothing produced. The budget is checked between stages and pages, and
 * OCR stops at it; a stage without a stopping point (face and code
 * detection, the decoder) finishes before the check, so a call can
 * overrun by one such stage. The idredact program adds a hard limit.
 * Returns IDR_ERR_USAGE for a negative or non-finite value. */
IDR_API idr_status idr_options_set_timeout(idr_options *opts, double seconds,
					   idr_error *err);
/* Tesseract language list, e.g. "eng+tha+kor+vie". */
IDR_API idr_status idr_options_set_lang(idr_options *opts, const char *lang,
					idr_error *err);
/* Directory holding *.traineddata; NULL asks models/ (the default). */
IDR_API idr_status idr_options_set_tessdata(idr_options *opts, const char *dir,
					    idr_error *err);
/* Seal the original to this age recipient ("age1..."); repeatable. */
IDR_API idr_status idr_options_add_recipient(idr_options *opts,
					     const char *recipient,
					     idr_error *err);
/* Where the sealed original goes: one file, or a content-addressed vault
 * directory. Sealing needs at least one recipient and one destination. */
IDR_API idr_status idr_options_set_sealed_out(idr_options *opts,
					      const char *path, idr_error *err);
IDR_API idr_status idr_options_set_vault(idr_options *opts, const char *dir,
					 idr_error *err);
/* Also draw the review overlay (idr_result_overlay()), encoded as fmt:
 * "png", "jpeg", "webp" or "tiff"; NULL (the default) draws none.
 * The overlay is the input, oriented as the output and the same size,
 * NOT redacted: every finding is outlined in a colour per kind group
 * and labelled with kind, country and confidence (never the value),
 * and a header gives the turn and skew the text was read at. It shows
 * everything the output hides, so it is meant for a reviewer who may
 * see originals, and must be stored like an original. Engines in
 * several threads may each draw overlays (libvips renders labels
 * thread-safely). Returns IDR_ERR_USAGE for an unknown format. */
IDR_API idr_status idr_options_set_overlay(idr_options *opts, const char *fmt,
					   idr_error *err);

/* The comma-separated list of every kind name and group that
 * idr_options_set_kinds() accepts. Returns a static string. */
IDR_API const char *idr_kind_names(void);

/* ----------------------------------------------------------------- engine */

typedef struct idr_engine idr_engine;

/* Load models (OCR, orientation, face cascades) once. The engine copies
 * what it needs from opts. Returns IDR_ERR_MODEL when a model is missing. */
IDR_API idr_status idr_engine_new(const idr_options *opts, idr_engine **out,
				  idr_error *err);
IDR_API void idr_engine_free(idr_engine *engine);

/* ----------------------------------------------------------------- result */

typedef struct idr_result idr_result;

/* One finding. Never holds the plaintext identifier. */
typedef struct idr_finding {
	const char *kind;    /* "th_id", "sg_nric", "mrz", "qr", "face", ... */
	const char *country; /* ISO 3166-1 alpha-2, or "" */
	int x, y, width, height; /* masked box, output image pixels */
	double confidence;   /* 0..1 */
	int checksum;        /* 1 passed, 0 failed, -1 kind has none */
	bool decoded;        /* codes: zbar decoded the symbol */
	char tail[3];        /* at most the last 2 characters, or "" */
} idr_finding;

/* Redact one image held in memory. name is used in messages only. On
 * success *out holds the redacted, metadata-free image and the findings;
 * on any failure *out is NULL and nothing was sealed or produced. When
 * sealing is configured the sealed original is durably on disk before this
 * returns IDR_OK. */
IDR_API idr_status idr_redact(idr_engine *engine, const void *data,
			      size_t size, idr_result **out, idr_error *err);

/* The redacted image bytes; owned by the result. */
IDR_API const void *idr_result_image(const idr_result *res, size_t *size);
/* The output format name ("jpeg", ...); owned by the result. */
IDR_API const char *idr_result_format(const idr_result *res);
/* The review overlay asked for with idr_options_set_overlay(), in its
 * format and with no metadata, or NULL (*size 0) when none was asked
 * for. Owned by the result; idr_result_free() wipes it before freeing.
 * It is the UNREDACTED input: store it like an original, never where
 * redacted outputs go. */
IDR_API const void *idr_result_overlay(const idr_result *res, size_t *size);
IDR_API size_t idr_result_count(const idr_result *res);
/* The i-th finding; its strings are owned by the result. */
IDR_API idr_status idr_result_finding(const idr_result *res, size_t i,
				      idr_finding *out);
/* Path of the sealed original (file or vault entry), or NULL. */
IDR_API const char *idr_result_sealed_path(const idr_result *res);
/* The JSON report; free with idr_free(). NULL when out of memory. */
IDR_API char *idr_result_report_json(const idr_result *res);
/* Wall time of each pipeline stage that ran, in order: up to cap stage
 * names (static strings: "decode", "text", "text.layout" (the part of
 * "text" spent finding lines before OCR), "faces", "codes", "overlay",
 * "mask", "seal", "encode") into names and milliseconds into ms. Returns
 * how many the result holds. */
IDR_API size_t idr_result_timings(const idr_result *res, const char **names,
				  double *ms, size_t cap);
IDR_API void idr_result_free(idr_result *res);

/* ------------------------------------------------------------------ batch */

/* A whole archive or directory tree of images, redacted as a stream: the
 * entries come out in input order with the same names (made safe: see
 * idr_batch_run), memory stays bounded whatever the input's size, and
 * every entry gets one line in the manifest (JSON Lines). Each worker
 * thread owns one idr_engine for the whole run.
 * Threads: idr_batch_run() starts its workers and one writer thread and
 * joins them before it returns; one idr_batch runs one batch at a time
 * (separate idr_batch objects may run at once). */
typedef struct idr_batch idr_batch;

typedef enum idr_non_images {
	IDR_NON_IMAGES_DROP = 0, /* left out of OUT (sealed when sealing) */
	IDR_NON_IMAGES_PASS,     /* copied to OUT unchanged */
} idr_non_images;

typedef enum idr_on_error {
	IDR_ON_ERROR_SKIP = 0,         /* a failed entry is left out */
	IDR_ON_ERROR_KEEP_SEALED_ONLY, /* left out, its original sealed */
	IDR_ON_ERROR_STOP,             /* the first failed entry stops all */
} idr_on_error;

/* Counts of a finished run; also what the progress callback sees. */
typedef struct idr_batch_progress {
	uint64_t entries_done;  /* entries with their manifest line out */
	uint64_t entries_total; /* known in advance (a directory), else 0 */
	uint64_t redacted, passed, dropped, failed; /* outcomes so far */
	uint64_t bytes_read;    /* of the input as stored */
	uint64_t bytes_total;   /* the input file's size, 0 when unknown */
} idr_batch_progress;

/* Called after each entry, from the thread that writes the output; it
 * must return quickly and must not call back into the batch. */
typedef void (*idr_batch_progress_fn)(const idr_batch_progress *progress,
				      void *user);

/* A batch with opts' settings (kinds, faces, mask, format, limits,
 * recipients, and --sealed-out FILE as one age file of a tar of the
 * originals, or --vault DIR with one file per original). opts is copied.
 * Defaults: as many jobs as cores, non-images dropped, failed entries
 * skipped, 64 MiB per entry, no manifest, no progress. Returns IDR_OK,
 * IDR_ERR_USAGE (recipients without a destination, or the reverse). */
IDR_API idr_status idr_batch_new(const idr_options *opts, idr_batch **out,
				 idr_error *err);
IDR_API void idr_batch_free(idr_batch *batch);
/* Worker threads, each with its own engine; 0 means one per core. */
IDR_API void idr_batch_set_jobs(idr_batch *batch, unsigned jobs);
IDR_API void idr_batch_set_non_images(idr_batch *batch, idr_non_images mode);
IDR_API void idr_batch_set_on_error(idr_batch *batch, idr_on_error policy);
/* An entry longer than this fails ("over the entry size limit") and is
 * never held in memory, so it is not sealed either; it is still read
 * through and hashed for the manifest. */
IDR_API void idr_batch_set_max_entry_bytes(idr_batch *batch, uint64_t max);
/* Write the manifest to fd (not closed by the batch); -1 for none. */
IDR_API void idr_batch_set_manifest_fd(idr_batch *batch, int fd);
IDR_API void idr_batch_set_progress(idr_batch *batch,
				    idr_batch_progress_fn fn, void *user);

/* One entry put out: its name as given in the input, its outcome
 * ("redacted", "passed", "dropped", "failed"), its result (NULL unless it
 * was redacted: findings and stage timings, valid during the call only)
 * and the milliseconds its worker spent redacting it. */
typedef struct idr_batch_entry {
	const char *name;
	const char *outcome;
	const idr_result *result;
	double redact_ms;
} idr_batch_entry;

/* Called once per entry, in input order, from the thread that writes the
 * output (after the progress callback's rules: quick, no calls back into
 * the batch). For a program's -v and --timings. */
typedef void (*idr_batch_entry_fn)(const idr_batch_entry *entry, void *user);
IDR_API void idr_batch_set_entry_fn(idr_batch *batch, idr_batch_entry_fn fn,
				    void *user);

/* Asks a running idr_batch_run() to stop: no entry is started after it,
 * the entries being redacted are finished, and the run then fails with
 * IDR_ERR_CANCELLED, leaving no out, no --sealed-out file and no
 * temporaries (vault files already made stay). Only sets a flag, so it
 * may be called from a signal handler or another thread. */
IDR_API void idr_batch_cancel(idr_batch *batch);

/* Redact every entry of in into out.
 * in: a directory (walked in name order, links not followed), an archive
 * file (tar, pax, zip; plain, gzip, xz, zstd or bzip2), or "-" for an
 * archive on standard input.
 * out: "-" (standard output, the input's archive format; a tar for a
 * directory), a file whose name ends in .tar, .pax, .tar.gz, .tgz,
 * .tar.xz, .txz, .tar.zst, .tzst, .tar.bz2 or .zip, or else a directory
 * (which must not exist, or be empty). A file or directory out is
 * written under a temporary name and renamed when complete, after the
 * sealed originals are durable.
 * Entry names are made safe (no leading '/', no ".." — it becomes "__"),
 * duplicates renamed "stem~2.ext"; links, devices and FIFOs are dropped;
 * each of these is recorded in the manifest. Output bytes depend only on
 * the input and the options.
 * Returns IDR_OK when every entry was handled — check *summary->failed
 * (may be NULL) for entries that failed on their own. Any other status
 * means the run stopped (a truncated or hostile archive, a write error,
 * a missing model, IDR_ON_ERROR_STOP) and out, the --sealed-out file and
 * their temporaries are not there; vault files already made stay. */
IDR_API idr_status idr_batch_run(idr_batch *batch, const char *in,
				 const char *out, idr_batch_progress *summary,
				 idr_error *err);

/* ---------------------------------------------------------------- sealing */

/* A fresh X25519 identity in age's text form: *identity gets
 * "AGE-SECRET-KEY-1...", *recipient "age1...". Free *identity with
 * idr_free_secret(), *recipient with idr_free(). */
IDR_API idr_status idr_keygen(char **identity, char **recipient,
			      idr_error *err);

/* Wipe and free a secret string returned by the library. */
IDR_API void idr_free_secret(char *secret);

/* Encrypt everything read from in_fd to out_fd in the age v1 format for
 * the given recipients. Streams; memory does not grow with the input. */
IDR_API idr_status idr_seal_fd(const char *const *recipients, size_t n,
			       int in_fd, int out_fd, idr_error *err);

/* Decrypt an age v1 file from in_fd to out_fd with an identity file's
 * text (one or more AGE-SECRET-KEY-1 lines, # comments allowed). Nothing
 * that fails authentication is written: chunks are released only after
 * they verify, and an error is returned at the first bad one. */
IDR_API idr_status idr_open_fd(const char *identity_text, int in_fd,
			       int out_fd, idr_error *err);

#ifdef __cplusplus
}
#endif
#endif /* IDREDACT_H */
