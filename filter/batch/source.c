/* source.c — entries in, one at a time, in input order (batch.h):
 * an archive read as a stream through libarchive, or a directory tree.
 *
 * Memory: one entry's content at most cap bytes; past the cap the rest is
 * read, hashed and thrown away, so the manifest still has the SHA-256 of
 * the whole entry and the stream stays in step.
 *
 * Archives: tar in its ustar, pax and GNU forms, and zip; gzip, xz, zstd
 * or bzip2 around a tar. Anything else (cpio, 7z, ISO, a bare compressed
 * file) is refused: the batch exists for exports of uploads, and every
 * reader we enable is attack surface.
 *
 * Zip bombs and their tar.gz cousins: every byte taken out of the entries
 * counts against a budget of EXPAND_BASE plus EXPAND_RATIO times the
 * compressed bytes read so far. Deflate tops out near 1032:1 (RFC 1951's
 * longest match, 258 bytes, in one 2-bit code at best), zstd and xz go
 * higher; photos and scans are already compressed and expand about 1:1,
 * so a run past 100:1 is a bomb, not an export of ID scans. Past the
 * budget the whole batch stops with IDR_ERR_DATA.
 *
 * Directories: walked depth first, each directory's names in byte order
 * (readdir's order differs between file systems; ours must not), every
 * component opened with O_NOFOLLOW relative to its parent, so a symlink
 * is reported as one and never followed, and a tree changed under our
 * feet cannot lead us out of it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>

#include "internal.h"
#include "batch/batch.h"

#define EXPAND_BASE ((uint64_t)256 << 20)
#define EXPAND_RATIO 100
#define READ_BLOCK ((size_t)64 << 10)

/* One directory being walked: its fd and its names, sorted. */
typedef struct walk_dir {
	int fd;
	char *path;      /* relative to the root, "" for the root */
	GPtrArray *names;
	guint next;
} walk_dir;

struct batch_source {
	/* archive input */
	struct archive *ar;
	int fd;                 /* the archive's fd, or -1 */
	bool own_fd;
	uint64_t size;          /* input size when a regular file, else 0 */
	uint64_t expanded;      /* bytes taken out of entries so far */
	int format, filter;     /* of the first entry */
	bool format_known;
	/* directory input */
	GPtrArray *stack;       /* walk_dir *, the root first */
	uint64_t total;         /* entries under the root */
	uint64_t walked_bytes;
	uint64_t cap;
};

void batch_entry_clear(batch_entry *e)
{
	g_free(e->name);
	g_free(e->data);
	memset(e, 0, sizeof *e);
}

/* ---------------------------------------------------------- archives */

/* Returns IDR_OK after reading the entry's content into e (at most cap
 * bytes kept, all of it hashed); IDR_ERR_DATA for a truncated or corrupt
 * entry or a bomb. */
static idr_status read_archive_data(batch_source *src, batch_entry *e,
				    idr_error *err)
{
	crypto_hash_sha256_state sha;
	unsigned char digest[crypto_hash_sha256_BYTES];
	unsigned char *block = g_malloc(READ_BLOCK);
	size_t cap = src->cap, kept = 0, alloc = 0;
	idr_status st = IDR_OK;

	crypto_hash_sha256_init(&sha);
	for (;;) {
		la_ssize_t n = archive_read_data(src->ar, block, READ_BLOCK);
		if (n == 0)
			break;
		if (n < 0) {
			st = idr_fail(err, IDR_ERR_DATA, "%s: %s", e->name,
				      archive_error_string(src->ar) ?
				      archive_error_string(src->ar) : "cannot read");
			goto out;
		}
		crypto_hash_sha256_update(&sha, block, (size_t)n);
		e->stored_size += (uint64_t)n;
		src->expanded += (uint64_t)n;
		uint64_t raw = (uint64_t)MAX(archive_filter_bytes(src->ar, -1), 0);
		if (src->expanded > EXPAND_BASE + EXPAND_RATIO * raw) {
			st = idr_fail(err, IDR_ERR_DATA,
				      "%s: the archive expands over %d times its size "
				      "(%" G_GUINT64_FORMAT " bytes from %" G_GUINT64_FORMAT
				      "): a zip bomb?", e->name, EXPAND_RATIO,
				      src->expanded, raw);
			goto out;
		}
		if (e->over_cap)
			continue;
		if (kept + (size_t)n > cap) {
			/* Over the cap: keep hashing, hold nothing. */
			e->over_cap = true;
			IDR_FREE(e->data);
			kept = 0;
			continue;
		}
		if (kept + (size_t)n > alloc) {
			alloc = MIN(cap, MAX(alloc * 2, kept + (size_t)n));
			e->data = g_realloc(e->data, alloc);
		}
		memcpy(e->data + kept, block, (size_t)n);
		kept += (size_t)n;
	}
	crypto_hash_sha256_final(&sha, digest);
	sodium_bin2hex(e->sha256, sizeof e->sha256, digest, sizeof digest);
	e->size = kept;
out:
	g_free(block);
	return st;
}

/* Returns the entry type of a libarchive entry. */
static entry_type type_of(struct archive_entry *ae)
{
	if (archive_entry_hardlink(ae))
		return ENTRY_HARDLINK;
	switch (archive_entry_filetype(ae)) {
	case AE_IFREG: return ENTRY_FILE;
	case AE_IFDIR: return ENTRY_DIR;
	case AE_IFLNK: return ENTRY_SYMLINK;
	default: return ENTRY_SPECIAL;
	}
}

static idr_status next_archive_entry(batch_source *src, batch_entry *e,
				     bool *done, idr_error *err)
{
	struct archive_entry *ae;
	int r = archive_read_next_header(src->ar, &ae);

	if (r == ARCHIVE_EOF) {
		*done = true;
		return IDR_OK;
	}
	/* ARCHIVE_WARN: e.g. a name not in the locale's charset; the entry
	 * itself is whole. */
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
		return idr_fail(err, IDR_ERR_DATA, "%s",
				archive_error_string(src->ar) ?
				archive_error_string(src->ar) :
				"not a tar or zip archive, or truncated");
	if (!src->format_known) {
		src->format = archive_format(src->ar);
		src->filter = archive_filter_code(src->ar, 0);
		src->format_known = true;
	}
	const char *name = archive_entry_pathname(ae);
	e->name = g_strdup(name ? name : "");
	e->type = type_of(ae);
	e->mtime = archive_entry_mtime_is_set(ae) ? archive_entry_mtime(ae) : 0;
	/* A hard link's tar header may carry a size; its data, if any,
	 * belongs to the link target, and we do not follow links. */
	if (e->type == ENTRY_FILE)
		return read_archive_data(src, e, err);
	return IDR_OK;
}

static idr_status open_archive(batch_source *src, const char *in,
			       idr_error *err)
{
	struct stat sb;

	if (strcmp(in, "-") == 0) {
		src->fd = STDIN_FILENO;
	} else if ((src->fd = open(in, O_RDONLY | O_CLOEXEC)) < 0) {
		return idr_fail(err, IDR_ERR_NOINPUT, "%s", g_strerror(errno));
	} else {
		src->own_fd = true;
	}
	if (fstat(src->fd, &sb) == 0 && S_ISREG(sb.st_mode))
		src->size = (uint64_t)sb.st_size;
	src->ar = archive_read_new();
	if (!src->ar)
		return idr_fail(err, IDR_ERR_NOMEM, "out of memory");
	archive_read_support_format_tar(src->ar);
	archive_read_support_format_gnutar(src->ar);
	archive_read_support_format_zip(src->ar);
	archive_read_support_filter_gzip(src->ar);
	archive_read_support_filter_xz(src->ar);
	archive_read_support_filter_zstd(src->ar);
	archive_read_support_filter_bzip2(src->ar);
	if (archive_read_open_fd(src->ar, src->fd, READ_BLOCK) != ARCHIVE_OK)
		return idr_fail(err, IDR_ERR_DATA, "%s",
				archive_error_string(src->ar) ?
				archive_error_string(src->ar) :
				"not a tar or zip archive");
	return IDR_OK;
}

/* ------------------------------------------------------- directories */

static int compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir_free(gpointer p)
{
	walk_dir *d = p;

	if (d->fd >= 0)
		close(d->fd);
	g_free(d->path);
	if (d->names)
		g_ptr_array_free(d->names, TRUE);
	g_free(d);
}

/* Returns the directory at fd (taken over) with its names sorted, or
 * NULL with errno set. */
static walk_dir *walk_dir_open(int fd, const char *path)
{
	walk_dir *d = g_new0(walk_dir, 1);
	int dup_fd = dup(fd);
	DIR *dir = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	struct dirent *de;

	d->fd = fd;
	d->path = g_strdup(path);
	d->names = g_ptr_array_new_with_free_func(g_free);
	if (!dir) {
		int e = errno;
		if (dup_fd >= 0)
			close(dup_fd);
		walk_dir_free(d);
		errno = e;
		return NULL;
	}
	/* A dup'ed fd shares its offset: start from the top whoever read
	 * this directory before. */
	rewinddir(dir);
	while ((de = readdir(dir)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			g_ptr_array_add(d->names, g_strdup(de->d_name));
	closedir(dir);
	g_ptr_array_sort(d->names, compare_names);
	return d;
}

/* Returns the number of entries under directory fd (not following
 * links), for the progress line. */
static uint64_t count_entries(int fd)
{
	walk_dir *d = walk_dir_open(dup(fd), "");
	uint64_t n = 0;

	if (!d)
		return 0;
	for (guint i = 0; i < d->names->len; i++) {
		const char *name = d->names->pdata[i];
		int sub = openat(d->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		n++;
		if (sub >= 0) {
			n += count_entries(sub);
			close(sub);
		}
	}
	walk_dir_free(d);
	return n;
}

/* Returns IDR_OK after reading the regular file fd into e. */
static idr_status read_file_data(batch_source *src, int fd, batch_entry *e,
				 idr_error *err)
{
	crypto_hash_sha256_state sha;
	unsigned char digest[crypto_hash_sha256_BYTES];
	unsigned char *block = g_malloc(READ_BLOCK);
	size_t kept = 0, alloc = 0;
	idr_status st = IDR_OK;

	crypto_hash_sha256_init(&sha);
	for (;;) {
		ssize_t n = read(fd, block, READ_BLOCK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			st = idr_fail(err, IDR_ERR_IO, "%s: %s", e->name,
				      g_strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		crypto_hash_sha256_update(&sha, block, (size_t)n);
		e->stored_size += (uint64_t)n;
		src->walked_bytes += (uint64_t)n;
		if (e->over_cap)
			continue;
		if (kept + (size_t)n > src->cap) {
			e->over_cap = true;
			IDR_FREE(e->data);
			continue;
		}
		if (kept + (size_t)n > alloc) {
			alloc = MIN(src->cap, MAX(alloc * 2, kept + (size_t)n));
			e->data = g_realloc(e->data, alloc);
		}
		memcpy(e->data + kept, block, (size_t)n);
		kept += (size_t)n;
	}
	crypto_hash_sha256_final(&sha, digest);
	sodium_bin2hex(e->sha256, sizeof e->sha256, digest, sizeof digest);
	e->size = e->over_cap ? 0 : kept;
out:
	g_free(block);
	return st;
}

static idr_status next_dir_entry(batch_source *src, batch_entry *e,
				 bool *done, idr_error *err)
{
	walk_dir *d;
	struct stat sb;
	const char *name;
	int fd;

	/* Pop finished directories. */
	while (src->stack->len > 0) {
		d = src->stack->pdata[src->stack->len - 1];
		if (d->next < d->names->len)
			break;
		g_ptr_array_remove_index(src->stack, src->stack->len - 1);
	}
	if (src->stack->len == 0) {
		*done = true;
		return IDR_OK;
	}
	d = src->stack->pdata[src->stack->len - 1];
	name = d->names->pdata[d->next++];
	e->name = *d->path ? g_strconcat(d->path, "/", name, NULL) : g_strdup(name);
	if (fstatat(d->fd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return idr_fail(err, IDR_ERR_IO, "%s: %s", e->name, g_strerror(errno));
	e->mtime = sb.st_mtime;
	if (S_ISLNK(sb.st_mode)) {
		e->type = ENTRY_SYMLINK;
		return IDR_OK;
	}
	if (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
		e->type = ENTRY_SPECIAL;
		return IDR_OK;
	}
	/* O_NOFOLLOW: the name may have become a link since fstatat. */
	fd = openat(d->fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
		    (S_ISDIR(sb.st_mode) ? O_DIRECTORY : O_NONBLOCK));
	if (fd < 0)
		return idr_fail(err, IDR_ERR_IO, "%s: %s", e->name, g_strerror(errno));
	if (fstat(fd, &sb) < 0 || (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))) {
		close(fd);
		return idr_fail(err, IDR_ERR_IO, "%s: changed while read", e->name);
	}
	if (S_ISDIR(sb.st_mode)) {
		walk_dir *sub = walk_dir_open(fd, e->name);
		e->type = ENTRY_DIR;
		if (!sub)
			return idr_fail(err, IDR_ERR_IO, "%s: %s", e->name,
					g_strerror(errno));
		g_ptr_array_add(src->stack, sub);
		return IDR_OK;
	}
	e->type = ENTRY_FILE;
	idr_status st = read_file_data(src, fd, e, err);
	close(fd);
	return st;
}

/* ------------------------------------------------------------ public */

idr_status source_open(const char *in, uint64_t cap, batch_source **out,
		       idr_error *err)
{
	batch_source *src = g_new0(batch_source, 1);
	struct stat sb;
	idr_status st = IDR_OK;

	*out = NULL;
	src->fd = -1;
	src->cap = cap;
	if (sodium_init() < 0) {
		st = idr_fail(err, IDR_ERR_INTERNAL, "libsodium did not start");
		goto out;
	}
	if (strcmp(in, "-") != 0 && stat(in, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		int fd = open(in, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		walk_dir *root;
		if (fd < 0 || !(root = walk_dir_open(fd, ""))) {
			st = idr_fail(err, IDR_ERR_NOINPUT, "%s", g_strerror(errno));
			goto out;
		}
		src->stack = g_ptr_array_new_with_free_func(walk_dir_free);
		g_ptr_array_add(src->stack, root);
		src->total = count_entries(root->fd);
	} else if ((st = open_archive(src, in, err))) {
		goto out;
	}
	*out = src;
	src = NULL;
out:
	source_close(src);
	return st;
}

idr_status source_next(batch_source *src, batch_entry *e, bool *done,
		       idr_error *err)
{
	memset(e, 0, sizeof *e);
	*done = false;
	return src->stack ? next_dir_entry(src, e, done, err)
			  : next_archive_entry(src, e, done, err);
}

uint64_t source_total_entries(const batch_source *src)
{
	return src->total;
}

void source_position(const batch_source *src, uint64_t *read, uint64_t *size)
{
	if (src->ar) {
		*read = (uint64_t)MAX(archive_filter_bytes(src->ar, -1), 0);
		*size = src->size;
	} else {
		*read = src->walked_bytes;
		*size = 0;
	}
}

bool source_archive_format(const batch_source *src, int *format, int *filter)
{
	if (!src->ar)
		return false;
	*format = src->format_known ? src->format : ARCHIVE_FORMAT_TAR_PAX_RESTRICTED;
	*filter = src->format_known ? src->filter : ARCHIVE_FILTER_NONE;
	return true;
}

void source_close(batch_source *src)
{
	if (!src)
		return;
	if (src->ar)
		archive_read_free(src->ar);
	if (src->own_fd)
		close(src->fd);
	if (src->stack)
		g_ptr_array_free(src->stack, TRUE);
	g_free(src);
}
