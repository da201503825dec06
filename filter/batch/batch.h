/* batch.h — the pieces of idr_batch (include/idredact.h), shared by the
 * files of filter/batch/. Not exported from the library.
 *
 *   batch.c       the public idr_batch_* functions: one reader (the
 *                 caller's thread), N workers each owning an idr_engine,
 *                 one writer that puts entries out in input order
 *   source.c      entries in: an archive through libarchive, or a
 *                 directory tree walked in name order
 *   sink.c        entries out: an archive through libarchive, or a
 *                 directory tree, under a temporary name until the end
 *   names.c       safe entry names: no absolute path, no "..", no
 *                 duplicate (renamed), image or not by content and name
 *   manifest.c    one JSON line per entry (json-glib)
 *   sealed_tar.c  the originals as a tar inside one age file
 *
 * Why in the library and not in the program: a C backend that receives
 * archives of uploads wants the same batch with the same guarantees
 * (order, bounded memory, originals sealed first, hostile names), and the
 * fuzz targets drive it without a process per input. The program
 * (filter/cli_batch.c) only parses options and prints progress.
 */
#ifndef IDR_BATCH_H
#define IDR_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <glib.h>

#include "idredact.h"

/* What an entry is, as far as the batch cares. */
typedef enum entry_type {
	ENTRY_FILE,
	ENTRY_DIR,
	ENTRY_SYMLINK,
	ENTRY_HARDLINK,
	ENTRY_SPECIAL,  /* device, FIFO, socket */
} entry_type;

/* One input entry as the source read it. */
typedef struct batch_entry {
	char *name;           /* as stored in the input (g_malloc'ed) */
	entry_type type;
	time_t mtime;         /* 0 when the input had none */
	unsigned char *data;  /* the whole content, or NULL (not a file, or
			       * over the byte cap) */
	size_t size;          /* bytes in data */
	uint64_t stored_size; /* bytes the entry really held (hashed) */
	bool over_cap;        /* content longer than the byte cap */
	char sha256[65];      /* hex SHA-256 of the whole content, or "" */
} batch_entry;

void batch_entry_clear(batch_entry *e);

/* ----------------------------------------------------------- source.c */

typedef struct batch_source batch_source;

/* Open in ("-" is standard input) as a directory tree or an archive
 * (tar, pax, zip; gzip, xz, zstd or bzip2 compressed). cap bounds the
 * bytes held per entry. Returns IDR_OK, IDR_ERR_NOINPUT or IDR_ERR_DATA. */
idr_status source_open(const char *in, uint64_t cap, batch_source **out,
		       idr_error *err);

/* Fill e with the next entry. Returns IDR_OK with *done false, IDR_OK
 * with *done true at the end, or IDR_ERR_DATA (truncated, corrupt, over
 * the expansion limit), IDR_ERR_IO. */
idr_status source_next(batch_source *src, batch_entry *e, bool *done,
		       idr_error *err);

/* Entries in the input when known in advance (a directory), else 0. */
uint64_t source_total_entries(const batch_source *src);
/* Bytes of the input consumed so far and its size (0 when unknown). */
void source_position(const batch_source *src, uint64_t *read, uint64_t *size);

/* The archive format the input used (libarchive codes), for an output
 * on standard output; false for a directory. */
bool source_archive_format(const batch_source *src, int *format,
			   int *filter);

void source_close(batch_source *src);

/* ------------------------------------------------------------- sink.c */

typedef struct batch_sink batch_sink;

/* Start writing out: "-" (standard output, in the format of the input,
 * or a tar when the input is a directory), a file whose name says its
 * archive format (.tar, .pax, .tar.gz, .tgz, .tar.xz, .txz, .tar.zst,
 * .tzst, .tar.bz2, .zip), or else a directory that must not exist or be
 * empty. Files and directories are written under a temporary name
 * beside out. Returns IDR_OK, IDR_ERR_USAGE or IDR_ERR_CANTCREATE. */
idr_status sink_open(const char *out, const batch_source *src,
		     batch_sink **sink, idr_error *err);

/* Write one entry (a file with data, or a directory) named name.
 * Returns IDR_OK; IDR_ERR_CANTCREATE when a directory output cannot hold
 * that name (the entry alone fails); IDR_ERR_IO when the output broke. */
idr_status sink_write(batch_sink *sink, const char *name, entry_type type,
		      time_t mtime, const void *data, size_t size,
		      idr_error *err);

/* Finish: end the archive, fsync, rename into place. Returns IDR_OK,
 * IDR_ERR_IO or IDR_ERR_CANTCREATE. */
idr_status sink_commit(batch_sink *sink, idr_error *err);

/* Remove what was written (temporary name) and free. NULL is ignored. */
void sink_abort(batch_sink *sink);

/* ------------------------------------------------------------ names.c */

/* Returns a g_malloc'ed relative name without empty or ".." components
 * (".." becomes "__"), without leading '/', never empty;
 * *changed tells whether it differs from name (ignoring a trailing '/'). */
char *names_safe(const char *name, bool *changed);

/* The output names used so far, to rename duplicates. */
typedef struct name_set name_set;
name_set *name_set_new(void);
void name_set_free(name_set *set);
/* Returns name, or when taken "stem~2.ext", "stem~3.ext", ... (the
 * first free one); marks the result taken. g_malloc'ed. */
char *name_set_claim(name_set *set, const char *name);

/* True when the entry is to be treated as an image: its first bytes are
 * those of a format libvips reads (JPEG, PNG, GIF, WebP, TIFF, HEIF), or
 * its name ends in an image extension (a ".jpg" that is not a JPEG is a
 * failed image, never a passed non-image). */
bool names_is_image(const char *name, const unsigned char *data, size_t size);

/* --------------------------------------------------------- manifest.c */

/* What happened to one entry; one JSON line of the manifest. */
typedef struct manifest_line {
	const char *name;       /* as in the input */
	const char *out_name;   /* as written (or would have been); NULL: same */
	entry_type type;
	uint64_t size;          /* stored_size */
	const char *sha256;     /* "" when not a file */
	const char *outcome;    /* "redacted", "passed", "dropped", "failed" */
	const char *reason;     /* why dropped or failed, or NULL */
	idr_result *result;     /* findings, or NULL */
	const char *sealed_file;   /* vault entry or the --sealed-out file */
	const char *sealed_member; /* name inside the --sealed-out tar */
} manifest_line;

/* Returns the line as a g_malloc'ed string ending in "\n". */
char *manifest_format(const manifest_line *line);

/* ------------------------------------------------------- sealed_tar.c */

typedef struct sealed_tar sealed_tar;

/* Start one age file at path (under a temporary name beside it, mode
 * 0600) holding a tar of originals, sealed to recipients. Returns
 * IDR_OK, IDR_ERR_CANTCREATE or IDR_ERR_CRYPTO. */
idr_status sealed_tar_open(const char *path, char *const *recipients,
			   sealed_tar **out, idr_error *err);

/* Add one original as a tar member. Returns IDR_OK or IDR_ERR_IO. */
idr_status sealed_tar_add(sealed_tar *st, const char *name, time_t mtime,
			  const void *data, size_t size, idr_error *err);

/* End the tar and the age payload, fsync, rename into place, fsync the
 * directory. Returns IDR_OK, IDR_ERR_IO or IDR_ERR_CANTCREATE. */
idr_status sealed_tar_commit(sealed_tar *st, idr_error *err);

/* Remove the temporary file and free. NULL is ignored. */
void sealed_tar_abort(sealed_tar *st);

#endif /* IDR_BATCH_H */
