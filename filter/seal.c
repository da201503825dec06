/* seal.c — the sealing stage: the untouched original, encrypted in the
 * age v1 format (age.c) to the offline recipients, is on disk for good
 * before the pipeline releases any redacted byte.
 *
 * Offers (internal.h): seal_original() and seal_recipient_valid().
 *
 * Durability: the sealed bytes go to a temporary file created (mode 0600)
 * in the destination directory, are fsync'ed, renamed over the final
 * name, and the directory is fsync'ed, so a crash or a kill at any point
 * leaves either no file or a complete one under the final name (a
 * leftover ".idredact-seal-XXXXXX" temporary at worst). POSIX rename(2)
 * is atomic within one file system; fsync of the directory makes the new
 * name itself durable (fsync(2), Linux: "calling fsync() on a file
 * descriptor for the directory is also needed").
 *
 * Vault layout (--vault DIR): DIR/ab/<64 hex digits>.age, named by the
 * SHA-256 of the sealed file and fanned out on its first two hex digits,
 * as git does with objects, so no directory grows past a few thousand
 * entries. `sha256sum DIR/ab/abcd….age` reproduces the name. DIR is
 * created (0700) when missing; its parent must exist.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "age.h"
#include "internal.h"

/* Returns 0, or -1 with errno set, after fsync'ing directory dir. */
static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc, e;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* Returns IDR_OK after every sealed byte of data went to fd and into
 * *hash; IDR_ERR_CRYPTO for a bad recipient, IDR_ERR_IO for a write. */
static idr_status write_sealed(const seal_target *target, const void *data,
			       size_t size, int fd,
			       unsigned char hash[crypto_hash_sha256_BYTES],
			       idr_error *err)
{
	const unsigned char *p = data;
	unsigned char *header = NULL, *sealed = NULL;
	size_t header_len = 0, n = 0, off = 0;
	crypto_hash_sha256_state sha;
	age_sealer s;
	idr_status st;

	while (target->recipients && target->recipients[n])
		n++;
	st = age_sealer_start(&s, (const char *const *)target->recipients, n,
			      &header, &header_len, err);
	if (st != IDR_OK)
		return st;
	sealed = g_malloc(AGE_CHUNK + AGE_TAG);
	crypto_hash_sha256_init(&sha);
	if (age_write_full(fd, header, header_len) < 0)
		goto write_failed;
	crypto_hash_sha256_update(&sha, header, header_len);
	/* An empty original still gets one (empty) final chunk. */
	do {
		size_t len = MIN(AGE_CHUNK, size - off);
		bool last = off + len == size;

		age_sealer_chunk(&s, p + off, len, last, sealed);
		if (age_write_full(fd, sealed, len + AGE_TAG) < 0)
			goto write_failed;
		crypto_hash_sha256_update(&sha, sealed, len + AGE_TAG);
		off += len;
	} while (!s.done);
	crypto_hash_sha256_final(&sha, hash);
	goto out;
write_failed:
	st = idr_fail(err, IDR_ERR_IO, "writing the sealed original: %s",
		      g_strerror(errno));
out:
	age_sealer_wipe(&s);
	g_free(sealed);
	g_free(header);
	return st;
}

/* Returns IDR_OK with *path set, or IDR_ERR_USAGE (no recipient or no
 * single destination), IDR_ERR_CRYPTO, IDR_ERR_CANTCREATE, IDR_ERR_IO. */
idr_status seal_original(const seal_target *target, const void *data,
			 size_t size, char **path, idr_error *err)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	char *dir = NULL, *tmp = NULL, *final = NULL, *final_dir = NULL;
	idr_status st = IDR_OK;
	int fd = -1;

	if (!target || !target->recipients || !target->recipients[0])
		return idr_fail(err, IDR_ERR_USAGE, "no recipient to seal the original to");
	if (!target->sealed_out == !target->vault)
		return idr_fail(err, IDR_ERR_USAGE,
				"the sealed original needs exactly one destination (a file or a vault)");
	if (target->vault) {
		dir = g_strdup(target->vault);
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			st = idr_fail(err, IDR_ERR_CANTCREATE, "%s: %s", dir,
				      g_strerror(errno));
			goto out;
		}
	} else {
		dir = g_path_get_dirname(target->sealed_out);
	}
	tmp = g_build_filename(dir, ".idredact-seal-XXXXXX", NULL);
	/* mkostemp creates the file 0600: sealed or not, it is ours only. */
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		st = idr_fail(err, IDR_ERR_CANTCREATE, "%s: %s", dir, g_strerror(errno));
		IDR_FREE(tmp);
		goto out;
	}
	st = write_sealed(target, data, size, fd, hash, err);
	if (st != IDR_OK)
		goto out;
	if (fsync(fd) < 0) {
		st = idr_fail(err, IDR_ERR_IO, "fsync of the sealed original: %s",
			      g_strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		st = idr_fail(err, IDR_ERR_IO, "closing the sealed original: %s",
			      g_strerror(errno));
		goto out;
	}
	fd = -1;
	if (target->vault) {
		sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
		char fan[3] = { hex[0], hex[1], '\0' };
		final_dir = g_build_filename(dir, fan, NULL);
		if (mkdir(final_dir, 0700) == 0) {
			/* The new fan-out directory must survive a crash too. */
			if (fsync_dir(dir) < 0) {
				st = idr_fail(err, IDR_ERR_IO, "fsync of %s: %s", dir,
					      g_strerror(errno));
				goto out;
			}
		} else if (errno != EEXIST) {
			st = idr_fail(err, IDR_ERR_CANTCREATE, "%s: %s", final_dir,
				      g_strerror(errno));
			goto out;
		}
		char *name = g_strconcat(hex, ".age", NULL);
		final = g_build_filename(final_dir, name, NULL);
		g_free(name);
	} else {
		final = g_strdup(target->sealed_out);
		final_dir = g_strdup(dir);
	}
	if (rename(tmp, final) < 0) {
		st = idr_fail(err, IDR_ERR_CANTCREATE, "%s: %s", final,
			      g_strerror(errno));
		goto out;
	}
	IDR_FREE(tmp); /* renamed: nothing left to unlink */
	/* The complete file now stands under its final name; what remains
	 * is making that name durable. If this fails the file stays (it is
	 * whole), but the caller must not release output. */
	if (fsync_dir(final_dir) < 0) {
		st = idr_fail(err, IDR_ERR_IO, "fsync of %s: %s", final_dir,
			      g_strerror(errno));
		goto out;
	}
	*path = final;
	final = NULL;
out:
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	g_free(tmp);
	g_free(dir);
	g_free(final);
	g_free(final_dir);
	return st;
}

/* Returns true for a well-formed "age1..." recipient whose point is
 * usable (not of low order, which would make every seal fail). */
bool seal_recipient_valid(const char *s)
{
	unsigned char point[AGE_KEY], scalar[AGE_KEY], shared[AGE_KEY];
	bool ok;

	if (!s || sodium_init() < 0 || !age_parse_recipient(s, point))
		return false;
	randombytes_buf(scalar, sizeof scalar);
	ok = crypto_scalarmult(shared, scalar, point) == 0;
	sodium_memzero(scalar, sizeof scalar);
	sodium_memzero(shared, sizeof shared);
	return ok;
}
