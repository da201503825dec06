/* seal.c — the sealing stage: the untouched original, encrypted in the
 * age v1 format (age.c) to the offline recipients, is on disk for good
 * before the pipeline releases any redacted byte.
 *
 * Offers (internal.h): seal_original() and seal_recipient_valid().
 *
 * Durability: the sealed bytes go to a temporary file created (mode 0600)
 * in the destination directory, are fsync'ed, moved to the final name,
 * and the directory is fsync'ed, so a crash or a kill at any point
 * leaves either no file or a complete one under the final name (a
 * leftover ".idredact-seal-<random>" temporary at worst). rename(2) is
 * atomic within one file system; fsync of the directory makes the new
 * name itself durable (fsync(2), Linux: "calling fsync() on a file
 * descriptor for the directory is also needed").
 *
 * Never replace: the move is renameat2(RENAME_NOREPLACE) (or link and
 * unlink), so an existing file under the final name, perhaps the only
 * copy of an earlier upload's original, is never overwritten; sealing
 * fails with IDR_ERR_CANTCREATE instead.
 *
 * Vault layout (--vault DIR): DIR/ab/<64 hex digits>.age, named by the
 * SHA-256 of the sealed file and fanned out on its first two hex digits,
 * as git does with objects, so no directory grows past a few thousand
 * entries. `sha256sum DIR/ab/abcd….age` reproduces the name. DIR is
 * created (0700) when missing; its parent must exist. DIR and DIR/ab are
 * opened with O_NOFOLLOW and must belong to us and be writable by nobody
 * else; every file operation then goes through their descriptors
 * (mkdirat, openat, renameat2), so no symbolic link placed in the vault
 * can send a sealed original elsewhere.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "age.h"
#include "internal.h"

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

/* Returns IDR_OK when the directory open on fd is ours alone to write
 * in: owned by the effective user and not writable by group or others
 * (who could otherwise swap its entries for links between our checks and
 * our writes). Else IDR_ERR_CANTCREATE naming it. */
static idr_status check_private_dir(int fd, const char *name, idr_error *err)
{
	struct stat sb;

	if (fstat(fd, &sb) < 0)
		return idr_fail(err, IDR_ERR_CANTCREATE, "%s: %s", name,
				g_strerror(errno));
	if (sb.st_uid != geteuid())
		return idr_fail(err, IDR_ERR_CANTCREATE,
				"%s: vault directory belongs to uid %u, not to us",
				name, (unsigned)sb.st_uid);
	if (sb.st_mode & (S_IWGRP | S_IWOTH))
		return idr_fail(err, IDR_ERR_CANTCREATE,
				"%s: vault directory is writable by group or others "
				"(mode %04o)", name, (unsigned)(sb.st_mode & 07777));
	return IDR_OK;
}

/* Returns IDR_OK with *fd open on directory name inside parent_fd (or at
 * the path name when parent_fd is AT_FDCWD), created 0700 when missing
 * (and parent_dir fsync'ed, so the new name survives a crash), never
 * followed when it is a symbolic link, and checked private. */
static idr_status open_vault_dir(int parent_fd, const char *parent_dir,
				 const char *name, const char *shown, int *fd,
				 idr_error *err)
{
	*fd = -1;
	if (mkdirat(parent_fd, name, 0700) == 0) {
		int rc = parent_fd == AT_FDCWD ? fsync_dir(parent_dir)
					       : fsync(parent_fd);
		if (rc < 0)
			return idr_fail(err, IDR_ERR_IO, "fsync of %s: %s",
					parent_dir, g_strerror(errno));
	} else if (errno != EEXIST) {
		return idr_fail(err, IDR_ERR_CANTCREATE, "%s: %s", shown,
				g_strerror(errno));
	}
	*fd = openat(parent_fd, name,
		     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0) {
		/* O_NOFOLLOW|O_DIRECTORY on a link: ELOOP or ENOTDIR. */
		struct stat sb;
		int e = errno;
		bool link = fstatat(parent_fd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISLNK(sb.st_mode);
		return idr_fail(err, IDR_ERR_CANTCREATE, "%s: %s", shown,
				link ? "is a symbolic link, not a directory"
				     : g_strerror(e));
	}
	idr_status st = check_private_dir(*fd, shown, err);
	if (st) {
		close(*fd);
		*fd = -1;
	}
	return st;
}

/* Returns an fd on a new 0600 file ".idredact-seal-<random>" in dir_fd,
 * its name in name; or -1 with errno set. */
static int create_temp(int dir_fd, char name[static 40])
{
	for (int attempt = 0; attempt < 100; attempt++) {
		unsigned char r[8];
		char hex[2 * sizeof r + 1];

		randombytes_buf(r, sizeof r);
		sodium_bin2hex(hex, sizeof hex, r, sizeof r);
		snprintf(name, 40, ".idredact-seal-%s", hex);
		int fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL |
				O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

/* Returns 0 after moving from (in from_fd) to to (in to_fd) when no file
 * is called to yet; -1 with errno EEXIST when one is. renameat2's
 * RENAME_NOREPLACE does it in one step; on a file system without it,
 * link(2) (which never replaces either) and unlink. */
static int move_noreplace(int from_fd, const char *from, int to_fd,
			  const char *to)
{
	if (renameat2(from_fd, from, to_fd, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (linkat(from_fd, from, to_fd, to, 0) < 0)
		return -1;
	unlinkat(from_fd, from, 0);
	return 0;
}

/* Returns IDR_OK with *path set, or IDR_ERR_USAGE (no recipient or no
 * single destination), IDR_ERR_CRYPTO, IDR_ERR_CANTCREATE, IDR_ERR_IO. */
idr_status seal_original(const seal_target *target, const void *data,
			 size_t size, char **path, idr_error *err)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	char tmp[40] = "", *dir = NULL, *final = NULL, *final_name = NULL;
	idr_status st = IDR_OK;
	int fd = -1, dir_fd = -1, final_fd = -1;

	if (!target || !target->recipients || !target->recipients[0])
		return idr_fail(err, IDR_ERR_USAGE, "no recipient to seal the original to");
	if (!target->sealed_out == !target->vault)
		return idr_fail(err, IDR_ERR_USAGE,
				"the sealed original needs exactly one destination (a file or a vault)");
	/* Everything below works relative to directory descriptors, so a
	 * name swapped for a link after a check cannot redirect a write. */
	if (target->vault) {
		dir = g_strdup(target->vault);
		char *parent = g_path_get_dirname(dir);
		st = open_vault_dir(AT_FDCWD, parent, dir, dir, &dir_fd, err);
		g_free(parent);
		if (st)
			goto out;
	} else {
		dir = g_path_get_dirname(target->sealed_out);
		final_name = g_path_get_basename(target->sealed_out);
		dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dir_fd < 0) {
			st = idr_fail(err, IDR_ERR_CANTCREATE, "%s: %s", dir,
				      g_strerror(errno));
			goto out;
		}
		/* Never replace a sealed original: the one already there may
		 * be the only copy of an earlier upload. Checked again,
		 * atomically, by the final move. */
		if (faccessat(dir_fd, final_name, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
			st = idr_fail(err, IDR_ERR_CANTCREATE,
				      "%s: file exists; refusing to replace a sealed original",
				      target->sealed_out);
			goto out;
		}
	}
	fd = create_temp(dir_fd, tmp);
	if (fd < 0) {
		st = idr_fail(err, IDR_ERR_CANTCREATE, "%s: %s", dir, g_strerror(errno));
		tmp[0] = '\0';
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
		char *shown = g_build_filename(dir, fan, NULL);
		st = open_vault_dir(dir_fd, dir, fan, shown, &final_fd, err);
		g_free(shown);
		if (st)
			goto out;
		final_name = g_strconcat(hex, ".age", NULL);
		final = g_build_filename(dir, fan, final_name, NULL);
	} else {
		final_fd = dup(dir_fd);
		final = g_strdup(target->sealed_out);
		if (final_fd < 0) {
			st = idr_fail(err, IDR_ERR_INTERNAL, "dup: %s", g_strerror(errno));
			goto out;
		}
	}
	if (move_noreplace(dir_fd, tmp, final_fd, final_name) < 0) {
		st = idr_fail(err, IDR_ERR_CANTCREATE, "%s: %s", final,
			      errno == EEXIST ? "file exists; refusing to replace a sealed original"
					      : g_strerror(errno));
		goto out;
	}
	tmp[0] = '\0'; /* moved: nothing left to unlink */
	/* The complete file now stands under its final name; what remains
	 * is making that name durable. If this fails the file stays (it is
	 * whole), but the caller must not release output. */
	if (fsync(final_fd) < 0) {
		st = idr_fail(err, IDR_ERR_IO, "fsync of the directory of %s: %s",
			      final, g_strerror(errno));
		goto out;
	}
	*path = final;
	final = NULL;
out:
	if (fd >= 0)
		close(fd);
	if (tmp[0])
		unlinkat(dir_fd, tmp, 0);
	if (dir_fd >= 0)
		close(dir_fd);
	if (final_fd >= 0)
		close(final_fd);
	g_free(dir);
	g_free(final);
	g_free(final_name);
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
