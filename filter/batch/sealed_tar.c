/* sealed_tar.c — the originals of a batch as one age file holding a tar
 * (batch.h): `age -d -i key.txt orig.age | tar -x` gives them back under
 * the names the manifest lists.
 *
 * libarchive writes the tar (pax restricted, the same form as our tar
 * outputs) into a callback instead of a file; the callback fills a 64 KiB
 * plaintext buffer and hands each full one to the streaming age sealer
 * (age.h), which writes it as one STREAM chunk. A chunk is sealed only
 * when the byte after it arrives, because the last chunk carries the
 * final flag (age-encryption.org/v1, "Payload") and must not be empty
 * unless it is the only one. Memory: one chunk of plaintext and one of
 * ciphertext whatever the number of originals; libarchive's own blocking
 * is off (bytes per block 0), so nothing else waits in between.
 *
 * Durability as in seal.c: a temporary file (0600) beside the final name,
 * fsync, rename, fsync of the directory. The batch commits this file
 * before it commits OUT, so an OUT never exists without its originals.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>

#include "age.h"
#include "internal.h"
#include "batch/batch.h"

struct sealed_tar {
	struct archive *ar;
	age_sealer sealer;
	bool started;           /* sealer holds a key (wipe it) */
	int fd;
	char *tmp, *final;
	unsigned char *plain;   /* AGE_CHUNK bytes, sodium_malloc'ed */
	size_t fill;            /* bytes in plain */
	unsigned char *sealed;  /* AGE_CHUNK + AGE_TAG bytes */
	bool failed;            /* a write failed; errno_saved says why */
	int errno_saved;
};

/* Returns 0 after sealing and writing the buffered chunk; -1 on error. */
static int flush_chunk(sealed_tar *st, bool last)
{
	age_sealer_chunk(&st->sealer, st->plain, st->fill, last, st->sealed);
	if (age_write_full(st->fd, st->sealed, st->fill + AGE_TAG) < 0) {
		st->failed = true;
		st->errno_saved = errno;
		return -1;
	}
	sodium_memzero(st->plain, st->fill);
	st->fill = 0;
	return 0;
}

/* libarchive's write callback: returns len, or -1 on a write error. */
static la_ssize_t tar_bytes(struct archive *ar, void *user, const void *buf,
			    size_t len)
{
	sealed_tar *st = user;
	const unsigned char *p = buf;
	size_t left = len;

	(void)ar;
	while (left > 0) {
		/* A full buffer goes out only now that more follows it. */
		if (st->fill == AGE_CHUNK && flush_chunk(st, false) < 0)
			return -1;
		size_t n = MIN(left, AGE_CHUNK - st->fill);
		memcpy(st->plain + st->fill, p, n);
		st->fill += n;
		p += n;
		left -= n;
	}
	return (la_ssize_t)len;
}

idr_status sealed_tar_open(const char *path, char *const *recipients,
			   sealed_tar **out, idr_error *err)
{
	sealed_tar *st = g_new0(sealed_tar, 1);
	unsigned char *header = NULL;
	size_t header_len = 0, n = 0;
	char *dir = g_path_get_dirname(path);
	idr_status rc;

	*out = NULL;
	st->fd = -1;
	st->final = g_strdup(path);
	while (recipients && recipients[n])
		n++;
	if (sodium_init() < 0 ||
	    !(st->plain = sodium_malloc(AGE_CHUNK))) {
		rc = idr_fail(err, IDR_ERR_NOMEM, "out of memory");
		goto out;
	}
	st->sealed = g_malloc(AGE_CHUNK + AGE_TAG);
	st->tmp = g_build_filename(dir, ".idredact-seal-XXXXXX", NULL);
	if ((st->fd = mkostemp(st->tmp, O_CLOEXEC)) < 0) {
		IDR_FREE(st->tmp);
		rc = idr_fail(err, IDR_ERR_CANTCREATE, "%s: %s", path, g_strerror(errno));
		goto out;
	}
	if ((rc = age_sealer_start(&st->sealer, (const char *const *)recipients,
				   n, &header, &header_len, err)))
		goto out;
	st->started = true;
	if (age_write_full(st->fd, header, header_len) < 0) {
		rc = idr_fail(err, IDR_ERR_IO, "%s: %s", path, g_strerror(errno));
		goto out;
	}
	st->ar = archive_write_new();
	if (!st->ar || archive_write_set_format_pax_restricted(st->ar) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(st->ar, 0) != ARCHIVE_OK ||
	    archive_write_open2(st->ar, st, NULL, tar_bytes, NULL, NULL) != ARCHIVE_OK) {
		rc = idr_fail(err, IDR_ERR_INTERNAL, "cannot start the tar of originals");
		goto out;
	}
	*out = st;
	st = NULL;
out:
	g_free(header);
	g_free(dir);
	sealed_tar_abort(st);
	return rc;
}

idr_status sealed_tar_add(sealed_tar *st, const char *name, time_t mtime,
			  const void *data, size_t size, idr_error *err)
{
	struct archive_entry *ae = archive_entry_new();
	idr_status rc = IDR_OK;

	archive_entry_set_pathname_utf8(ae, name);
	if (!archive_entry_pathname(ae))
		archive_entry_set_pathname(ae, name);
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0600);
	archive_entry_set_size(ae, (la_int64_t)size);
	archive_entry_set_mtime(ae, mtime, 0);
	if (archive_write_header(st->ar, ae) != ARCHIVE_OK ||
	    (size > 0 && archive_write_data(st->ar, data, size) != (la_ssize_t)size) ||
	    archive_write_finish_entry(st->ar) != ARCHIVE_OK)
		rc = idr_fail(err, IDR_ERR_IO, "sealing %s into %s: %s", name,
			      st->final, st->failed ? g_strerror(st->errno_saved) :
			      archive_error_string(st->ar));
	archive_entry_free(ae);
	return rc;
}

idr_status sealed_tar_commit(sealed_tar *st, idr_error *err)
{
	char *dir = g_path_get_dirname(st->final);
	idr_status rc = IDR_OK;

	if (archive_write_close(st->ar) != ARCHIVE_OK || st->failed ||
	    flush_chunk(st, true) < 0) {
		rc = idr_fail(err, IDR_ERR_IO, "ending %s: %s", st->final,
			      g_strerror(st->failed ? st->errno_saved : EIO));
		goto out;
	}
	/* Never over an existing file: it may be the sealed originals of
	 * an earlier run (security review, issue 18, item 3).
	 * RENAME_NOREPLACE, or link(2) (which never replaces) and unlink on
	 * a file system without it. */
	if (fsync(st->fd) < 0 ||
	    (renameat2(AT_FDCWD, st->tmp, AT_FDCWD, st->final, RENAME_NOREPLACE) < 0 &&
	     ((errno != EINVAL && errno != ENOSYS) || link(st->tmp, st->final) < 0 ||
	      unlink(st->tmp) < 0))) {
		rc = idr_fail(err, errno == EIO ? IDR_ERR_IO : IDR_ERR_CANTCREATE,
			      "%s: %s", st->final, errno == EEXIST
			      ? "file exists; refusing to replace sealed originals"
			      : g_strerror(errno));
		goto out;
	}
	IDR_FREE(st->tmp);
	/* The file is whole under its name; the name must survive too. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) < 0)
		rc = idr_fail(err, IDR_ERR_IO, "fsync of %s: %s", dir, g_strerror(errno));
	if (dfd >= 0)
		close(dfd);
out:
	g_free(dir);
	return rc;
}

void sealed_tar_abort(sealed_tar *st)
{
	if (!st)
		return;
	if (st->ar) {
		/* Closed already on commit; otherwise no trailer is wanted. */
		archive_write_fail(st->ar);
		archive_write_free(st->ar);
	}
	if (st->started)
		age_sealer_wipe(&st->sealer);
	if (st->fd >= 0)
		close(st->fd);
	if (st->tmp)
		unlink(st->tmp);
	if (st->plain)
		sodium_free(st->plain);
	g_free(st->sealed);
	g_free(st->tmp);
	g_free(st->final);
	g_free(st);
}
